import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { SyncError } from '@entrepreneur-os/sync-engine';
import { FakeEcommerce, FakeMaster, fakeSnapshot } from '@entrepreneur-os/sync-engine/testing';
import { snapshotContentHash } from '@entrepreneur-os/sync-contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { main, VERIFY_DRIFT, VERIFY_IN_SYNC, VERIFY_UNCHECKED } from './cli';

// `verify`'s exit code is what scripts (CI, cron, the chaos e2e test) read as "no drift": a tenant
// it could not compare must never come out as 0.
describe('cli verify', () => {
    let out: string[];
    let master: FakeMaster;
    /** One fake shop per tenant code. */
    let shops: Map<string, FakeEcommerce>;
    let env: NodeJS.ProcessEnv;

    beforeEach(() => {
        out = [];
        vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
        vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
        vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-cli-'));
        fs.mkdirSync(path.join(dataDir, 'secrets'));
        fs.writeFileSync(path.join(dataDir, 'secrets/ecommerce-api-key'), 'shop-key');
        env = { DATA_DIR: dataDir, SYNC_MASTER_API_KEY: 'master-key' };
        master = new FakeMaster('alpine');
        const tenant = (code: string, status = 'READY', ref = 'file:secrets/ecommerce-api-key') => ({
            code,
            status,
            ecommerceUrl: `http://${code}.shop`,
            ecommerceCredentialsRef: ref,
        });
        master.tenantList = [tenant('alpine'), tenant('pacific', 'PROVISIONING'), tenant('keyless', 'READY', 'env:NOT_SET_ANYWHERE')];
        shops = new Map();
        // alpine's shop holds exactly master's two products.
        const alpine = new FakeEcommerce();
        for (const id of ['1', '2']) {
            master.change(id);
            const snapshot = master.snapshotOf(id)!;
            alpine.replicas.set(id, { version: snapshot.version, contentHash: snapshotContentHash(snapshot), snapshot });
        }
        shops.set('alpine', alpine);
    });
    afterEach(() => vi.restoreAllMocks());

    const run = (...args: string[]) =>
        main(['verify', ...args], {
            env,
            master,
            ecommerceFactory: tenant => shops.get(tenant.code) ?? new FakeEcommerce(),
        });

    it('exits 0 for a tenant in sync and 1 for one that drifted', async () => {
        expect(await run('--tenant', 'alpine')).toBe(VERIFY_IN_SYNC);
        expect(out.join('\n')).toContain('alpine: in sync (2 products compared)');
        const stale = fakeSnapshot('alpine', '2', 1, 'Old name');
        shops.get('alpine')!.replicas.set('2', { version: 1, contentHash: snapshotContentHash(stale), snapshot: stale });
        expect(await run('--tenant', 'alpine')).toBe(VERIFY_DRIFT);
        expect(out.join('\n')).toMatch(/alpine: DRIFT in 1 of 2 products/);
    });

    it('exits 2 with a clear line for a tenant code master does not know', async () => {
        expect(await run('--tenant', 'atlantis')).toBe(VERIFY_UNCHECKED);
        expect(out.join('\n')).toContain('[sync] cannot verify: no tenant "atlantis" in master (READY ones: alpine, keyless)');
    });

    it('exits 2 for a tenant that is not READY', async () => {
        expect(await run('--tenant', 'pacific')).toBe(VERIFY_UNCHECKED);
        expect(out.join('\n')).toContain('[sync] cannot verify: tenant "pacific" is PROVISIONING, not READY');
    });

    it('exits 2 for a READY tenant whose shop credentials do not resolve', async () => {
        expect(await run('--tenant', 'keyless')).toBe(VERIFY_UNCHECKED);
        expect(out.join('\n')).toMatch(/\[sync\] keyless: cannot verify: .*NOT_SET_ANYWHERE/);
    });

    it('exits 2 for a tenant whose shop does not answer, and still compares the others', async () => {
        const down = new FakeEcommerce();
        // What the EcommerceClient throws when nothing listens at the tenant's ecommerceUrl.
        const refused = () =>
            new SyncError('replicatedProducts: http://keyless.shop/admin-api unreachable (ECONNREFUSED)', {
                kind: 'retryable',
                server: 'ecommerce',
                operation: 'replicatedProducts',
                url: 'http://keyless.shop/admin-api',
            });
        down.faults.always('replicatedProducts', refused);
        shops.set('keyless', down);
        master.tenantList[2].ecommerceCredentialsRef = 'file:secrets/ecommerce-api-key';
        expect(await run()).toBe(VERIFY_UNCHECKED);
        const text = out.join('\n');
        expect(text).toContain('alpine: in sync (2 products compared)');
        expect(text).toContain(
            '[sync] keyless: cannot verify: the ecommerce server at http://keyless.shop is unreachable (ECONNREFUSED, calling replicatedProducts)',
        );
        expect(text).toContain('[sync] 1 of 2 tenant(s) could not be verified');
    });

    it('exits 2 when master cannot be asked', async () => {
        master.faults.add('tenants', 'auth', 1, 'FORBIDDEN: check SYNC_MASTER_API_KEY');
        expect(await run('--tenant', 'alpine')).toBe(VERIFY_UNCHECKED);
        expect(out.join('\n')).toContain('[sync] cannot verify: FORBIDDEN: check SYNC_MASTER_API_KEY');
    });
});
