import { ApplyProductsInput, snapshotContentHash } from '@entrepreneur-os/sync-contract';
import { describe, expect, it } from 'vitest';

import { fullSync, repair, verify } from './full-sync';
import { syncTenant } from './runner';
import { FakeEcommerce, FakeMaster, fakeSnapshot } from './testing/fake-servers';
import { SyncContext } from './types';

const T = 'alpine';

function setup() {
    const master = new FakeMaster(T);
    const ecommerce = new FakeEcommerce();
    const ctx: SyncContext = { master, ecommerce, assetBaseUrl: 'http://master/assets', options: { retry: { attempts: 1 } } };
    return { master, ecommerce, ctx };
}

describe('fullSync', () => {
    it('applies the whole catalog version-gated, reports progress and a summary, moves no checkpoint', async () => {
        const { master, ecommerce, ctx } = setup();
        for (let i = 1; i <= 120; i++) master.change(String(i));
        // The shop already holds 1..10 at their current version; then product 7 becomes incomplete.
        await syncTenant({ ...ctx, options: { ...ctx.options, pageSize: 10, maxPages: 1 } }, T, 'catalog');
        master.change('7', { absent: 'INCOMPLETE' });
        ecommerce.inbox.catalog = 0;
        const progress: Array<[number, number]> = [];

        const summary = await fullSync(ctx, T, { idPageSize: 50, onProgress: p => progress.push([p.done, p.total]) });

        expect(summary).toMatchObject({ total: 120, applied: 110, removed: 1, unchanged: 9, error: null, deadLetters: [] });
        expect(ecommerce.replicas.size).toBe(119);
        expect(progress.at(-1)).toEqual([120, 120]);
        expect(progress.map(p => p[0])).toEqual([...progress.map(p => p[0])].sort((a, b) => a - b));
        expect(ecommerce.inbox.catalog).toBe(0);
        const inputs = ecommerce.callsOf('applyProductSnapshots').map(a => a[0] as ApplyProductsInput);
        expect(inputs.slice(1).every(i => !i.force && (i.feedPosition ?? null) === null)).toBe(true);
        expect(summary.productsPerSecond).toBeGreaterThanOrEqual(0);
    });

    it('stops with the error when a side cannot be read', async () => {
        const { master, ctx } = setup();
        master.change('1');
        master.faults.add('syncCatalogProductIds', 'auth', 1, 'master refused the API key');
        const summary = await fullSync(ctx, T);
        expect(summary.error).toMatchObject({ kind: 'auth' });
    });
});

describe('verify and repair', () => {
    async function drifted() {
        const s = setup();
        for (let i = 1; i <= 6; i++) s.master.change(String(i));
        await syncTenant(s.ctx, T, 'catalog');
        // missing: 2 disappeared from the shop; differing: 3 changed in the shop behind master's back;
        // extra: 99 is in the shop only, 5 was deleted in master without the shop hearing of it.
        s.ecommerce.replicas.delete('2');
        const tampered = fakeSnapshot(T, '3', 3, 'edited in the shop');
        s.ecommerce.replicas.set('3', { version: 3, contentHash: snapshotContentHash(tampered), snapshot: tampered });
        const stray = fakeSnapshot(T, '99', 1);
        s.ecommerce.replicas.set('99', { version: 1, contentHash: snapshotContentHash(stray), snapshot: stray });
        s.master.products.set('5', { name: 'x', absent: 'DELETED' });
        // tables: 4 holds the right snapshot, but its tables were changed since.
        s.ecommerce.replicas.set('4', { ...s.ecommerce.replicas.get('4')!, tablesHash: 'f'.repeat(64) });
        return s;
    }

    it('lists missing, extra and differing products by content hash', async () => {
        const { ctx } = await drifted();
        const report = await verify(ctx, T);
        expect(report.missing).toEqual(['2']);
        expect(report.differing.map(d => [d.masterProductId, d.what])).toEqual([
            ['3', 'snapshot'],
            ['4', 'tables'],
        ]);
        expect(report.differing[0].masterHash).not.toBe(report.differing[0].shopHash);
        expect(report.differing[1].shopHash).toBe('f'.repeat(64));
        expect(report.extra).toEqual([
            { masterProductId: '5', shopVersion: 5 },
            { masterProductId: '99', shopVersion: 1 },
        ]);
        expect(report.inSync).toBe(false);
        expect(report.checked).toBe(7);
    });

    it('a rebuilt, unchanged product is not drift (the hash leaves out the version)', async () => {
        const { master, ctx } = setup();
        master.change('1');
        await syncTenant(ctx, T, 'catalog');
        master.change('1'); // touched, same content, not synced yet
        expect((await verify(ctx, T)).inSync).toBe(true);
    });

    it('repair applies the drifted products with force, removes extras, and verify is clean after', async () => {
        const { ecommerce, ctx } = await drifted();
        const result = await repair(ctx, T);
        expect(result).toMatchObject({ applied: 3, removed: 2, error: null, deadLetters: [] });
        const inputs = ecommerce.callsOf('applyProductSnapshots').map(a => a[0] as ApplyProductsInput);
        expect(inputs.filter(i => i.force)).not.toHaveLength(0);
        expect(inputs.filter(i => i.force).every(i => (i.feedPosition ?? null) === null)).toBe(true);
        const after = await verify(ctx, T);
        expect(after.inSync).toBe(true);
        expect([...ecommerce.replicas.keys()].sort()).toEqual(['1', '2', '3', '4', '6']);
    });
});
