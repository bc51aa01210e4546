import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import {
    adminToken,
    AppProcessEnv,
    createProvisioningApiKey,
    freePort,
    graphql,
    prepareAppProcessEnv,
    spawnNode,
    SpawnedProcess,
    waitFor,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A proxy in front of ecommerce that can hold requests forever: it pins the provisioning run in
 * its ecommerce step, where the test kills the worker with -9.
 */
function holdingProxy(target: string) {
    let holding = true;
    const held: http.ServerResponse[] = [];
    const server = http.createServer((req, res) => {
        if (holding) {
            held.push(res);
            return;
        }
        const chunks: Buffer[] = [];
        req.on('data', c => chunks.push(c as Buffer));
        req.on('end', () => {
            void fetch(`${target}${req.url}`, {
                method: req.method,
                headers: req.headers as Record<string, string>,
                body: chunks.length ? Buffer.concat(chunks) : undefined,
            })
                .then(async upstream => {
                    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
                    res.end(Buffer.from(await upstream.arrayBuffer()));
                })
                .catch(() => res.destroy());
        });
    });
    return {
        server,
        heldCount: () => held.length,
        release() {
            holding = false;
            held.forEach(r => r.destroy());
        },
    };
}

describe(`provisioning survives kill -9 of the worker`, () => {
    let masterProc: AppProcessEnv;
    let ecommerceProc: AppProcessEnv;
    const processes: SpawnedProcess[] = [];
    let proxy: ReturnType<typeof holdingProxy>;
    let proxyUrl: string;

    beforeAll(async () => {
        masterProc = await prepareAppProcessEnv('master', 'crash_tenant');
        ecommerceProc = await prepareAppProcessEnv('ecommerce', 'crash_tenant');
        processes.push(spawnNode('master/dist/index.js', masterProc.env), spawnNode('ecommerce/dist/index.js', ecommerceProc.env));
        for (const base of [masterProc.baseUrl, ecommerceProc.baseUrl]) {
            await waitFor(`${base} healthy`, async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok, {
                timeoutMs: 180_000,
            });
        }
        const key = await createProvisioningApiKey(
            ecommerceProc.baseUrl,
            await adminToken(ecommerceProc.baseUrl, 'superadmin', 'superadmin'),
        );
        fs.mkdirSync(path.join(masterProc.dataDir, 'secrets'), { recursive: true });
        fs.writeFileSync(path.join(masterProc.dataDir, 'secrets', 'ecommerce-api-key'), key);
        proxy = holdingProxy(ecommerceProc.baseUrl);
        const port = await freePort();
        proxy.server.listen(port);
        proxyUrl = `http://127.0.0.1:${port}`;
    }, 300_000);

    afterAll(async () => {
        proxy?.release();
        proxy?.server.close();
        for (const p of processes) await p.stop();
        await masterProc?.cleanup();
        await ecommerceProc?.cleanup();
    });

    it('a run killed in its ecommerce step resumes when a worker starts again, and completes without duplicates', async () => {
        const token = await adminToken(masterProc.baseUrl, 'superadmin', 'superadmin');
        const api = (query: string, variables = {}) => graphql(`${masterProc.baseUrl}/admin-api`, query, variables, token);
        let worker = spawnNode('master/dist/index-worker.js', masterProc.env);
        processes.push(worker);

        const { createTenant } = await api(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
            i: {
                code: 'kappa',
                name: 'Kappa',
                defaultLanguageCode: 'fr',
                currencyCode: 'CHF',
                ecommerceUrl: proxyUrl,
                ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
            },
        });
        await waitFor('the run to hang in its ecommerce step', () => proxy.heldCount() > 0, { timeoutMs: 60_000 }).catch(async err => {
            const state = await api(`query($id: ID!) { tenant(id: $id) { status lastError events { step outcome message } } }`, {
                id: createTenant.id,
            });
            throw new Error(`${(err as Error).message}; tenant: ${JSON.stringify(state)}; worker: ${worker.output().slice(-1500)}`);
        });
        await worker.kill9();
        const midway = await api(`query($id: ID!) { tenant(id: $id) { status events { step outcome } } }`, { id: createTenant.id });
        expect(midway.tenant.status).toBe('PROVISIONING');
        expect(midway.tenant.events.map((e: any) => e.step)).toContain('master-roles');

        proxy.release();
        worker = spawnNode('master/dist/index-worker.js', masterProc.env);
        processes.push(worker);
        const done = await waitFor(
            'the resumed run to finish',
            async () => {
                const { tenant } = await api(`query($id: ID!) { tenant(id: $id) { status lastError events { step outcome } } }`, {
                    id: createTenant.id,
                });
                return ['READY', 'FAILED'].includes(tenant.status) && tenant;
            },
            { timeoutMs: 120_000, intervalMs: 500 },
        );
        expect(done.lastError).toBeNull();
        expect(done.status).toBe('READY');
        expect(done.events.filter((e: any) => e.step === 'master-channel').map((e: any) => e.outcome)).toEqual(['SUCCEEDED', 'SKIPPED']);

        const masterChannels = await api('{ channels { items { code } } }');
        expect(masterChannels.channels.items.filter((c: any) => c.code === 'kappa')).toHaveLength(1);
        const ecommerceToken = await adminToken(ecommerceProc.baseUrl, 'superadmin', 'superadmin');
        const shop = await graphql(
            `${ecommerceProc.baseUrl}/admin-api`,
            '{ channels { items { code } } roles { items { code } } }',
            {},
            ecommerceToken,
        );
        expect(shop.channels.items.filter((c: any) => c.code === 'kappa')).toHaveLength(1);
        expect(shop.roles.items.filter((r: any) => r.code === 'kappa-shop-staff')).toHaveLength(1);
    });
});
