import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { signPush, PUSH_SIGNATURE_HEADER } from '@entrepreneur-os/sync-contract';
import { FakeEcommerce, FakeMaster } from '@entrepreneur-os/sync-engine/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { loadConfig } from './config';
import { Sidecar } from './sidecar';

async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = fn();
        if (value) return value;
        if (Date.now() > deadline) throw new Error('waitFor: timed out');
        await new Promise(r => setTimeout(r, 10));
    }
}

describe('Sidecar (in-process scheduling, fake servers)', () => {
    let sidecar: Sidecar | undefined;
    afterEach(async () => {
        await sidecar?.stop();
        sidecar = undefined;
    });

    async function start(env: Record<string, string> = {}) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-sidecar-'));
        fs.mkdirSync(path.join(dataDir, 'secrets'));
        fs.writeFileSync(path.join(dataDir, 'secrets/ecommerce-api-key'), 'shop-key');
        const master = new FakeMaster('alpine');
        master.tenantList = [
            { code: 'alpine', status: 'READY', ecommerceUrl: 'http://shop', ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key' },
            {
                code: 'pacific',
                status: 'PROVISIONING',
                ecommerceUrl: 'http://shop',
                ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
            },
            { code: 'broken', status: 'READY', ecommerceUrl: 'http://shop', ecommerceCredentialsRef: 'env:NOT_SET_ANYWHERE' },
        ];
        const ecommerce = new FakeEcommerce();
        const keys: string[] = [];
        const config = loadConfig({
            DATA_DIR: dataDir,
            SYNC_PORT: '0',
            SYNC_PUBLIC_URL: 'http://sidecar:9',
            SYNC_INTERVAL_MS: '60000',
            ...env,
        });
        const lines: string[] = [];
        sidecar = new Sidecar({
            config,
            master,
            log: (level, msg, fields) => lines.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
            ecommerceFactory: (tenant, apiKey) => (keys.push(`${tenant.code}:${apiKey}`), ecommerce),
        });
        for (let i = 1; i <= 3; i++) master.change(String(i));
        await sidecar.start();
        const secret = fs.readFileSync(path.join(dataDir, 'secrets/sync-push-secret'), 'utf8').trim();
        return { master, ecommerce, secret, keys, lines, base: `http://127.0.0.1:${sidecar.port}` };
    }

    it('registers for pushes, syncs READY tenants, reports to master and serves metrics and health', async () => {
        const { master, ecommerce, secret, keys, base, lines } = await start();
        expect(master.subscribers).toEqual([{ url: 'http://sidecar:9/push', secret, tenantCodes: null }]);
        expect(keys).toEqual(['alpine:shop-key']);

        const report = await waitFor(() => master.reports.find(r => r.tenantCode === 'alpine' && r.stream === 'catalog'));
        expect(report).toMatchObject({ sourcePosition: 3, appliedPosition: 3, lagSeconds: 0, lastError: null, deadLetters: [] });
        expect(report.lastSuccessAt).toBeTruthy();
        expect(ecommerce.replicas.size).toBe(3);
        // The tenant whose credentials do not resolve is reported with the reason, per stream.
        const broken = await waitFor(() => master.reports.find(r => r.tenantCode === 'broken'));
        expect(broken.lastError).toMatch(/NOT_SET_ANYWHERE is not set/);
        expect(lines.some(l => l.includes('NOT_SET_ANYWHERE'))).toBe(true);

        const metrics = await (await fetch(`${base}/metrics`)).text();
        expect(metrics).toContain('eos_sync_items_applied_total{stream="catalog",tenant="alpine"} 3');
        expect(metrics).toContain('eos_sync_errors_total{kind="auth",stream="catalog",tenant="broken"}');
        const health = await fetch(`${base}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ ok: true, scheduler: 'in-process' });
    });

    it('reads feeds SYNC_PAGE_SIZE entries at a time', async () => {
        const { master, ecommerce } = await start({ SYNC_PAGE_SIZE: '2' });
        await waitFor(() => ecommerce.replicas.size === 3);
        const takes = master.callsOf('syncFeed').map(([, , take]) => take);
        expect(takes.length).toBeGreaterThanOrEqual(2);
        expect(new Set(takes)).toEqual(new Set([2]));
    });

    it('runs a stream at once on a signed push; refuses unsigned or badly signed ones with 401', async () => {
        const { master, ecommerce, secret, base } = await start();
        await waitFor(() => ecommerce.replicas.size === 3);
        master.change('4');
        ecommerce.poisonProducts.add('4');

        const body = JSON.stringify({ tenantCode: 'alpine', stream: 'catalog', lastPosition: 4, sentAt: new Date().toISOString() });
        const unsigned = await fetch(`${base}/push`, { method: 'POST', body });
        expect(unsigned.status).toBe(401);
        expect(((await unsigned.json()) as { error: string }).error).toMatch(/missing x-eos-signature/);
        const forged = await fetch(`${base}/push`, { method: 'POST', body, headers: { [PUSH_SIGNATURE_HEADER]: signPush('wrong', body) } });
        expect(forged.status).toBe(401);
        expect(ecommerce.callsOf('applyProductSnapshots').some(a => (a[0] as { feedPosition?: number }).feedPosition === 4)).toBe(false);

        const ok = await fetch(`${base}/push`, { method: 'POST', body, headers: { [PUSH_SIGNATURE_HEADER]: signPush(secret, body) } });
        expect(ok.status).toBe(202);
        const report = await waitFor(() => master.reports.find(r => r.stream === 'catalog' && r.appliedPosition === 4));
        expect(report.deadLetters).toMatchObject([{ stream: 'catalog', itemKey: '4', attempts: 1 }]);
        expect(report.deadLetters[0]).not.toHaveProperty('item');

        // master's retrySync pushes `retry`: dead letters are tried again.
        ecommerce.poisonProducts.clear();
        const retry = JSON.stringify({ tenantCode: 'alpine', stream: 'retry', lastPosition: 4, sentAt: new Date().toISOString() });
        const retried = await fetch(`${base}/push`, {
            method: 'POST',
            body: retry,
            headers: { [PUSH_SIGNATURE_HEADER]: signPush(secret, retry) },
        });
        expect(retried.status).toBe(202);
        await waitFor(() => [...master.reports].reverse().find(r => r.stream === 'catalog')?.deadLetters.length === 0);
        expect(ecommerce.replicas.has('4')).toBe(true);

        const bad = JSON.stringify({ tenantCode: 'alpine', stream: 'nope' });
        const refused = await fetch(`${base}/push`, {
            method: 'POST',
            body: bad,
            headers: { [PUSH_SIGNATURE_HEADER]: signPush(secret, bad) },
        });
        expect(refused.status).toBe(400);
    });
});
