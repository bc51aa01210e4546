import { ApplyProductsInput } from '@entrepreneur-os/sync-contract';
import { describe, expect, it } from 'vitest';

import { SyncError } from './errors';
import { retryDeadLetters, syncTenant } from './runner';
import { FakeEcommerce, FakeMaster, fakeMovement, fakeOrderSummary } from './testing/fake-servers';
import { SyncContext, SyncOptions } from './types';

const T = 'alpine';

function setup(options: SyncOptions = {}) {
    const master = new FakeMaster(T);
    const ecommerce = new FakeEcommerce();
    const sleeps: number[] = [];
    const ctx: SyncContext = {
        master,
        ecommerce,
        assetBaseUrl: 'http://master/assets',
        options: {
            ...options,
            retry: {
                attempts: 3,
                baseMs: 100,
                maxMs: 1000,
                random: () => 0.5,
                sleep: ms => (sleeps.push(ms), Promise.resolve()),
                ...options.retry,
            },
        },
    };
    return { master, ecommerce, ctx, sleeps };
}

const applyInputs = (ecommerce: FakeEcommerce) => ecommerce.callsOf('applyProductSnapshots').map(a => a[0] as ApplyProductsInput);

describe('syncTenant — catalog', () => {
    it('reads the feed after the shop checkpoint in pages and applies every product in feed order', async () => {
        const { master, ecommerce, ctx } = setup({ pageSize: 10, applyBatchSize: 4 });
        for (let i = 1; i <= 25; i++) master.change(String(i));
        const result = await syncTenant(ctx, T, 'catalog');

        expect(result).toMatchObject({
            ok: true,
            startPosition: 0,
            appliedPosition: 25,
            sourcePosition: 25,
            lagPositions: 0,
            lagSeconds: 0,
        });
        expect(result.itemsApplied).toBe(25);
        expect(result.pages).toBe(3);
        expect(master.callsOf('syncFeed').map(a => a[1])).toEqual([0, 10, 20]);
        expect(master.callsOf('syncFeed').every(a => (a[2] as number) <= 1000)).toBe(true);
        const applied = applyInputs(ecommerce).flatMap(i => i.snapshots.map(s => Number(s.masterProductId)));
        expect(applied).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
        expect(ecommerce.inbox.catalog).toBe(25);
        expect(ecommerce.replicas.size).toBe(25);
    });

    it('starts from the shop checkpoint and stops when caught up', async () => {
        const { master, ecommerce, ctx } = setup();
        for (let i = 1; i <= 5; i++) master.change(String(i));
        ecommerce.inbox.catalog = 3;
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: true, startPosition: 3, appliedPosition: 5, itemsApplied: 2 });
        expect([...ecommerce.replicas.keys()]).toEqual(['4', '5']);

        const again = await syncTenant(ctx, T, 'catalog');
        expect(again).toMatchObject({ ok: true, startPosition: 5, appliedPosition: 5, itemsApplied: 0, applyCalls: 0, pages: 1 });
    });

    it('records the checkpoint only with the last apply batch of each page', async () => {
        const { master, ecommerce, ctx } = setup({ pageSize: 10, applyBatchSize: 3 });
        for (let i = 1; i <= 20; i++) master.change(String(i));
        await syncTenant(ctx, T, 'catalog');
        const positions = applyInputs(ecommerce).map(i => i.feedPosition ?? null);
        // Page 1: 10 products in batches of 3, 3, 3, 1; page 2 the same.
        expect(positions).toEqual([null, null, null, 10, null, null, null, 20]);
        expect(applyInputs(ecommerce).every(i => i.assetBaseUrl === 'http://master/assets' && i.tenantCode === T && !i.force)).toBe(true);
    });

    it('deduplicates product ids of a page in order and snapshots them in batches of at most 100', async () => {
        const { master, ctx } = setup({ snapshotBatchSize: 500, concurrency: 2 });
        for (const id of ['7', '3', '7', '9', '3', '7']) master.change(id);
        for (let i = 100; i < 350; i++) master.change(String(i));
        await syncTenant(ctx, T, 'catalog');
        const requested = master.callsOf('productSnapshots').map(a => a[1] as string[]);
        expect(requested.every(ids => ids.length <= 100)).toBe(true);
        const all = requested.flat();
        expect(all.slice(0, 3)).toEqual(['7', '3', '9']);
        expect(new Set(all).size).toBe(all.length);
        expect(all.length).toBe(253);
    });

    it('turns absent products into removals at the newest feed position of the product in the page', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        master.change('2');
        master.change('3');
        await syncTenant(ctx, T, 'catalog');
        expect(ecommerce.replicas.size).toBe(3);

        master.change('1', { absent: 'DELETED' }); // 4
        master.change('2', { absent: 'INCOMPLETE' }); // 5
        master.change('1', { absent: 'DELETED' }); // 6
        master.change('3', { absent: 'NOT_IN_CATALOG' }); // 7
        const result = await syncTenant(ctx, T, 'catalog');
        const last = applyInputs(ecommerce).at(-1)!;
        expect(last.snapshots).toEqual([]);
        expect(last.removals).toEqual([
            { masterProductId: '1', version: 6, reason: 'DELETED' },
            { masterProductId: '2', version: 5, reason: 'INCOMPLETE' },
            { masterProductId: '3', version: 7, reason: 'NOT_IN_CATALOG' },
        ]);
        expect(result).toMatchObject({ ok: true, itemsApplied: 3, itemsRemoved: 3, appliedPosition: 7 });
        expect(ecommerce.replicas.size).toBe(0);
    });

    it('re-applies a page after a failure mid-page: the checkpoint did not move, replays are stale', async () => {
        const { master, ecommerce, ctx, sleeps } = setup({ pageSize: 10, applyBatchSize: 4 });
        for (let i = 1; i <= 10; i++) master.change(String(i));
        let calls = 0;
        ecommerce.faults.always('applyProductSnapshots', () =>
            ++calls >= 2 ? new SyncError('ecommerce down', { kind: 'retryable', operation: 'applyProductSnapshots' }) : undefined,
        );
        const failed = await syncTenant(ctx, T, 'catalog');
        expect(failed.ok).toBe(false);
        expect(failed.error).toMatchObject({ kind: 'retryable', message: 'ecommerce down' });
        expect(failed).toMatchObject({ appliedPosition: 0, sourcePosition: 10, lagPositions: 10, itemsApplied: 4 });
        expect(ecommerce.inbox.catalog).toBe(0);
        expect(sleeps).toEqual([75, 150]); // 3 attempts: two waits, doubling (jitter fixed at 0.5)

        ecommerce.faults.clear();
        const resumed = await syncTenant(ctx, T, 'catalog');
        expect(resumed).toMatchObject({ ok: true, appliedPosition: 10, itemsApplied: 6, itemsSkipped: 4 });
        expect(ecommerce.replicas.size).toBe(10);
    });

    it('reports the age of the oldest unapplied change as lag in seconds when a run fails', async () => {
        const { master, ecommerce, ctx } = setup();
        const now = new Date('2026-01-01T12:00:00Z');
        ctx.now = () => now;
        master.change('1', {}, '2026-01-01T11:59:00Z');
        master.change('2', {}, '2026-01-01T11:59:30Z');
        ecommerce.faults.add('applyProductSnapshots', 'retryable', 10);
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: false, lagPositions: 2, lagSeconds: 60 });
    });

    it('dead-letters the products refused for bad data, applies the rest in the same calls and still advances', async () => {
        const { master, ecommerce, ctx } = setup({ applyBatchSize: 16 });
        for (let i = 1; i <= 16; i++) master.change(String(i));
        ecommerce.poisonProducts.add('5');
        ecommerce.poisonProducts.add('12');
        const result = await syncTenant(ctx, T, 'catalog');

        expect(result.ok).toBe(true);
        expect(result.appliedPosition).toBe(16);
        expect(ecommerce.inbox.catalog).toBe(16);
        expect(ecommerce.replicas.size).toBe(14);
        expect(result.newDeadLetters).toBe(2);
        expect(result.deadLetters.map(d => d.itemKey)).toEqual(['5', '12']);
        expect(result.deadLetters[0]).toMatchObject({ stream: 'catalog', attempts: 1, item: { masterProductId: '5', version: 5 } });
        expect(result.deadLetters[0].error).toMatch(/^INVALID_ITEM: .*refused/);
        // The receiver answers per item: one call for the batch, nothing retried.
        expect(result.applyCalls).toBe(1);
        expect(ecommerce.callsOf('applyProductSnapshots').length).toBe(1);
    });

    it('records the checkpoint in the same call when the product carrying it is refused for bad data', async () => {
        const { master, ecommerce, ctx } = setup({ applyBatchSize: 2 });
        for (let i = 1; i <= 4; i++) master.change(String(i));
        ecommerce.poisonProducts.add('4');
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: true, appliedPosition: 4, newDeadLetters: 1, applyCalls: 2 });
        const last = applyInputs(ecommerce).at(-1)!;
        expect(last.feedPosition).toBe(4);
        expect(last.snapshots.map(s => s.masterProductId)).toEqual(['3', '4']);
        expect(ecommerce.inbox.catalog).toBe(4);
    });

    it('does not dead-letter anything when the call is refused as a whole (no item is to blame)', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        master.change('2');
        ecommerce.faults.always(
            'applyProductSnapshots',
            () => new SyncError('tenant unknown', { kind: 'poison', code: 'USER_INPUT_ERROR' }),
        );
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: false, appliedPosition: 0, newDeadLetters: 0, deadLetters: [] });
        expect(result.error?.kind).toBe('poison');
        expect(ecommerce.inbox.catalog).toBe(0);
    });

    it('a product refused for a receiver reason stays pending: the checkpoint stays, the reason is reported, and it arrives once the shop is fixed', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        ecommerce.receiverRefusal = 'NO_TAX_CATEGORY';
        const refused = await syncTenant(ctx, T, 'catalog');
        expect(refused).toMatchObject({ ok: false, appliedPosition: 0, newDeadLetters: 0, deadLetters: [] });
        expect(refused.error).toMatchObject({ kind: 'receiver', code: 'NO_TAX_CATEGORY' });
        expect(refused.error?.message).toMatch(/1 of 1 item\(s\) refused by the receiver, nothing written: NO_TAX_CATEGORY/);
        expect(ecommerce.inbox.catalog).toBe(0);
        // Not retried within the run: the shop's set-up will not change in the next seconds.
        expect(ecommerce.callsOf('applyProductSnapshots').length).toBe(1);

        ecommerce.receiverRefusal = null;
        const fixed = await syncTenant(ctx, T, 'catalog');
        expect(fixed).toMatchObject({ ok: true, appliedPosition: 1, itemsApplied: 1, deadLetters: [] });
        expect(ecommerce.replicas.has('1')).toBe(true);
    });

    it('retries a transient receiver refusal (BUSY) with backoff within the run', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        ecommerce.receiverRefusal = 'BUSY';
        let calls = 0;
        ecommerce.faults.always('applyProductSnapshots', () => {
            if (++calls === 2) ecommerce.receiverRefusal = null;
            return undefined;
        });
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: true, appliedPosition: 1, itemsApplied: 1 });
        expect(ecommerce.callsOf('applyProductSnapshots').length).toBe(2);
    });

    it('drops a dead letter once its product is applied, and counts attempts of one failing again', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        master.change('2');
        ecommerce.poisonProducts.add('1');
        ecommerce.poisonProducts.add('2');
        const first = await syncTenant(ctx, T, 'catalog');
        expect(first.deadLetters.map(d => d.itemKey)).toEqual(['1', '2']);

        ecommerce.poisonProducts.delete('1');
        master.change('1', { name: 'fixed' });
        master.change('2', { name: 'still bad' });
        const second = await syncTenant(ctx, T, 'catalog', { deadLetters: first.deadLetters });
        expect(second.deadLetters.map(d => [d.itemKey, d.attempts])).toEqual([['2', 2]]);
        expect(second.newDeadLetters).toBe(0);
        expect(second.deadLetters[0].firstFailedAt).toBe(first.deadLetters[1].firstFailedAt);
    });

    it('retryDeadLetters snapshots dead products afresh and keeps only those still failing', async () => {
        const { master, ecommerce, ctx } = setup();
        master.change('1');
        master.change('2');
        ecommerce.poisonProducts.add('1');
        ecommerce.poisonProducts.add('2');
        const { deadLetters } = await syncTenant(ctx, T, 'catalog');
        ecommerce.poisonProducts.delete('2');
        const retried = await retryDeadLetters(ctx, T, 'catalog', deadLetters);
        expect(retried.applied).toBe(1);
        expect(retried.deadLetters.map(d => [d.itemKey, d.attempts])).toEqual([['1', 2]]);
        expect(ecommerce.replicas.has('2')).toBe(true);
        expect(applyInputs(ecommerce).at(-1)!.feedPosition ?? null).toBeNull();
    });

    it('retries retryable errors with exponential backoff and succeeds', async () => {
        const { master, ecommerce, ctx, sleeps } = setup({ retry: { attempts: 5, baseMs: 100, maxMs: 250 } });
        master.change('1');
        master.faults.add('syncFeed', 'retryable', 4);
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result.ok).toBe(true);
        expect(ecommerce.replicas.size).toBe(1);
        // base 100, doubling, capped at 250; jitter between half and all of it (0.5 → 3/4).
        expect(sleeps).toEqual([75, 150, 188, 188]);
    });

    it('gives up after the last attempt and reports the error without moving the checkpoint', async () => {
        const { master, ecommerce, ctx, sleeps } = setup();
        master.change('1');
        master.faults.add('productSnapshots', 'retryable', 3, 'master answered HTTP 503');
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: false, appliedPosition: 0, lagPositions: 1 });
        expect(result.error).toMatchObject({ kind: 'retryable', message: 'master answered HTTP 503' });
        expect(master.callsOf('productSnapshots')).toHaveLength(3);
        expect(sleeps).toHaveLength(2);
        expect(ecommerce.inbox.catalog).toBe(0);
    });

    it('does not retry auth errors', async () => {
        const { master, ecommerce, ctx, sleeps } = setup();
        master.change('1');
        ecommerce.faults.add('applyProductSnapshots', 'auth', 1, 'ecommerce server refused the API key');
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result.ok).toBe(false);
        expect(result.error?.kind).toBe('auth');
        expect(ecommerce.callsOf('applyProductSnapshots')).toHaveLength(1);
        expect(sleeps).toEqual([]);
        expect(result.deadLetters).toEqual([]);
    });

    it('refuses a feed that goes backwards instead of skipping data', async () => {
        const { master, ctx } = setup();
        master.change('1');
        master.change('2');
        master.feed.reverse();
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result.ok).toBe(false);
        expect(result.error?.message).toMatch(/out of order/);
    });

    it('reports progress after each page', async () => {
        const { master, ctx } = setup({ pageSize: 2 });
        for (let i = 1; i <= 5; i++) master.change(String(i));
        const seen: number[] = [];
        ctx.onProgress = p => seen.push(p.appliedPosition);
        await syncTenant(ctx, T, 'catalog');
        expect(seen).toEqual([2, 4, 5]);
    });

    it('stops after maxPages and reports the remaining lag', async () => {
        const { master, ctx } = setup({ pageSize: 2, maxPages: 1 });
        for (let i = 1; i <= 5; i++) master.change(String(i));
        const result = await syncTenant(ctx, T, 'catalog');
        expect(result).toMatchObject({ ok: true, appliedPosition: 2, sourcePosition: 5, lagPositions: 3 });
    });
});

describe('syncTenant — stock and orders', () => {
    it('stock-to-ecommerce: master movements after the shop checkpoint, checkpoint with the last batch', async () => {
        const { master, ecommerce, ctx } = setup({ pageSize: 5, movementBatchSize: 2 });
        master.movements = Array.from({ length: 7 }, (_, i) => fakeMovement(T, 'master', (i + 1) * 10));
        const result = await syncTenant(ctx, T, 'stock-to-ecommerce');
        expect(result).toMatchObject({ ok: true, appliedPosition: 70, itemsApplied: 7, pages: 2 });
        const positions = ecommerce.callsOf('applyMasterStockMovements').map(a => a[2] ?? null);
        expect(positions).toEqual([null, null, 50, 70]);
        expect(ecommerce.appliedMovements.map(m => m.position)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    });

    it('stock-to-ecommerce: dead-letters a refused movement by its idempotency key', async () => {
        const { master, ecommerce, ctx } = setup();
        master.movements = [1, 2, 3].map(p => fakeMovement(T, 'master', p));
        ecommerce.poisonMovements.add('master-2');
        const result = await syncTenant(ctx, T, 'stock-to-ecommerce');
        expect(result).toMatchObject({ ok: true, appliedPosition: 3, itemsApplied: 2 });
        expect(result.deadLetters).toMatchObject([{ stream: 'stock-to-ecommerce', itemKey: 'master-2', item: { position: 2 } }]);
    });

    it('stock-to-master: shop movements after master checkpoint; a replay counts as skipped', async () => {
        const { master, ecommerce, ctx } = setup();
        ecommerce.movements = [1, 2, 3].map(p => fakeMovement(T, 'ecommerce', p));
        expect(await syncTenant(ctx, T, 'stock-to-master')).toMatchObject({ ok: true, appliedPosition: 3, itemsApplied: 3 });
        expect(master.inbox['stock-to-master']).toBe(3);
        master.inbox['stock-to-master'] = 1; // as if the checkpoint were lost
        expect(await syncTenant(ctx, T, 'stock-to-master')).toMatchObject({ ok: true, itemsApplied: 0, itemsSkipped: 2 });
        expect(master.appliedMovements).toHaveLength(3);
    });

    it('orders: order summaries after master checkpoint, positioned by their version', async () => {
        const { master, ecommerce, ctx } = setup();
        ecommerce.orderFeed = [fakeOrderSummary(T, 'A1', 4), fakeOrderSummary(T, 'B2', 6), fakeOrderSummary(T, 'A1', 9, 'Shipped')];
        const result = await syncTenant(ctx, T, 'orders');
        expect(result).toMatchObject({ ok: true, appliedPosition: 9, sourcePosition: 9 });
        expect(master.orderSummaries.get('A1')?.state).toBe('Shipped');
        expect(master.inbox.orders).toBe(9);
        expect(master.callsOf('applyOrderSummaries').at(-1)![2]).toBe(9);
        // ecommerce's orderStatusFeed takes at most 500 per page.
        expect(ecommerce.callsOf('orderStatusFeed').every(a => (a[2] as number) <= 500)).toBe(true);
    });
});
