#!/usr/bin/env node
// Benchmark: the sync. Three figures, each against its goal, with the Importer baseline measured in
// the same run:
//  1. full sync of a generated catalog (BENCH_PRODUCTS products × 3 variants) master → a fresh shop,
//     by the sidecar's CLI (`full`), against Vendure's own Importer loading the same catalog into a
//     fresh ecommerce database. Goal: ≥ 2× the Importer and ≥ 200 products/s.
//  2. incremental latency: BENCH_EDITS renames in master, each timed until the ecommerce Shop API
//     shows it, with the sidecar running (push). Goal: p50 ≤ 300 ms, p95 ≤ 1 s.
//  3. stock movements applied per second: BENCH_MOVEMENTS master movements applied by the shop in
//     the engine's batches of 1,000. Goal: ≥ 1,000/s.
// Servers run on one embedded PostgreSQL (a database each), as `npm start` does. A missed goal prints BELOW GOAL and still exits 0; an error
// or a wrong count exits 1.
//
// Run: npm run bench -- sync. Env: BENCH_PRODUCTS=10000 BENCH_EDITS=200 BENCH_MOVEMENTS=10000
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { formatDuration, freePort, graphql, log, percentile, Resources, ROOT, table, waitForHealthy } from './lib/harness.mjs';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS || 10_000);
const EDITS = Number(process.env.BENCH_EDITS || 200);
const MOVEMENTS = Number(process.env.BENCH_MOVEMENTS || 10_000);
const TENANT = 'bench';
const resources = new Resources();
const startedAt = Date.now();

async function fail(reason) {
    console.error(`[bench] FAILED: ${reason}`);
    await resources.close();
    process.exit(1);
}

/** Services this script stops itself: their exit is no failure. */
const stopped = new Set();
const onDeath = reason => {
    if (![...stopped].some(name => reason.startsWith(`${name} exited`))) void fail(reason);
};

/** A server of ours with its own data folder and superadmin; resolves with an Admin API caller. */
async function startServer(name, entry, prefix, extraEnv = {}) {
    const port = await freePort();
    const password = crypto.randomBytes(12).toString('hex');
    const dataDir = resources.tempDir(name);
    const env = {
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        [`${prefix}_PORT`]: String(port),
        ...(await resources.database(prefix, `bench_sync_${name}`)),
        REDIS_URL: '',
        SEED_DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        SUPERADMIN_PASSWORD: password,
        COOKIE_SECRET: crypto.randomBytes(32).toString('hex'),
        BENCH_PRODUCTS: String(PRODUCTS),
        BENCH_TENANT: TENANT,
        ...extraEnv,
    };
    const server = resources.service(name, path.join(ROOT, entry), entry.endsWith('master-pim.mjs') ? ['server'] : [], { env, onDeath });
    const baseUrl = `http://127.0.0.1:${port}`;
    if (!(await waitForHealthy(`${baseUrl}/health`, { timeoutMs: 60 * 60_000, isAlive: () => !server.exited })))
        throw new Error(`${name} did not start`);
    const login = await fetch(`${baseUrl}/admin-api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            query: `mutation { login(username: "superadmin", password: "${password}") { ... on CurrentUser { id } } }`,
        }),
    });
    const token = login.headers.get('vendure-auth-token');
    const admin = (query, variables, channel) =>
        graphql(`${baseUrl}/admin-api`, query, variables, {
            authorization: `Bearer ${token}`,
            ...(channel ? { 'vendure-token': channel } : {}),
        });
    return { baseUrl, dataDir, env, admin, server };
}

async function apiKey(server, code, permissions) {
    const { createRole } = await server.admin(`mutation($i: CreateRoleInput!) { createRole(input: $i) { id } }`, {
        i: { code, description: code, permissions },
    });
    const { createApiKey } = await server.admin(
        `mutation($r: ID!) { createApiKey(input: { roleIds: [$r], translations: [{ languageCode: en, name: "bench" }] }) { apiKey } }`,
        { r: createRole.id },
    );
    return createApiKey.apiKey;
}

function cli(args, env) {
    const started = performance.now();
    const res = spawnSync(process.execPath, [path.join(ROOT, 'sync/sidecar/dist/cli.js'), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
    });
    return { ...res, ms: performance.now() - started };
}

async function main() {
    log(`sync: ${PRODUCTS} products × 3 variants, ${EDITS} edits, ${MOVEMENTS} movements`);
    log('starting master: the generated catalog is imported first (minutes; not measured)');
    const master = await startServer('master', 'test/bench/lib/master-pim.mjs', 'MASTER');
    resources.service('master-worker', path.join(ROOT, 'test/bench/lib/master-pim.mjs'), ['worker'], { env: master.env, onDeath });
    log(`master ready in ${formatDuration(Date.now() - startedAt)}`);
    const shop = await startServer('shop', 'ecommerce/dist/index.js', 'ECOMMERCE');
    const shopKey = await apiKey(shop, 'bench-sync', ['ProvisionTenantShop', 'SyncTenantShops']);
    fs.mkdirSync(path.join(master.dataDir, 'secrets'), { recursive: true });
    fs.writeFileSync(path.join(master.dataDir, 'secrets', 'ecommerce-api-key'), shopKey, { mode: 0o600 });
    const masterKey = await apiKey(master, 'bench-sidecar', ['ReadSyncFeed', 'ManageSync', 'ReadTenants']);

    // The tenant: its shop on the fresh ecommerce server; products need a description, no asset.
    const { createTenant } = await master.admin(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
        i: {
            code: TENANT,
            name: 'Bench',
            defaultLanguageCode: 'en',
            currencyCode: 'USD',
            ecommerceUrl: shop.baseUrl,
            ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
            settings: { completeness: { requireDescription: true, minAssets: 0, requiredFacetCodes: [] } },
        },
    });
    for (;;) {
        const { tenant } = await master.admin(`query($id: ID!) { tenant(id: $id) { status lastError } }`, { id: createTenant.id });
        if (tenant.status === 'READY') break;
        if (tenant.status === 'FAILED') return fail(`tenant provisioning failed: ${tenant.lastError}`);
        await new Promise(r => setTimeout(r, 500));
    }
    const { channels } = await master.admin(`{ channels { items { id code } } }`);
    const channelId = channels.items.find(c => c.code === TENANT).id;
    log(`assigning ${PRODUCTS} products to the tenant's catalog`);
    for (let skip = 0; ; skip += 500) {
        const { products } = await master.admin(
            `query($s: Int!) { products(options: { skip: $s, take: 500 }) { totalItems items { id } } }`,
            {
                s: skip,
            },
        );
        if (products.items.length)
            await master.admin(
                `mutation($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`,
                {
                    p: products.items.map(p => p.id),
                    c: channelId,
                },
            );
        if (skip + 500 >= products.totalItems) break;
    }

    // 1. Full sync, then the Importer into another fresh ecommerce database.
    const sidecarEnv = { MASTER_URL: master.baseUrl, SYNC_MASTER_API_KEY: masterKey, DATA_DIR: master.dataDir, SYNC_LOG_FORMAT: 'text' };
    log('full sync (sidecar CLI `full`)');
    const full = cli(['full', '--tenant', TENANT], sidecarEnv);
    if (full.status !== 0) return fail(`full sync failed:\n${full.stdout}\n${full.stderr}`);
    console.log(full.stdout.trim().split('\n').slice(-3).join('\n'));
    const shown = await graphql(
        `${shop.baseUrl}/shop-api?vendure-token=${TENANT}`,
        `
            {
                products(options: { take: 1 }) {
                    totalItems
                }
            }
        `,
    );
    if (shown.products.totalItems !== PRODUCTS) return fail(`the shop shows ${shown.products.totalItems} products, not ${PRODUCTS}`);
    const verify = cli(['verify', '--tenant', TENANT], sidecarEnv);
    if (verify.status !== 0) return fail(`verify found drift after the full sync:\n${verify.stdout}`);
    const syncPerSecond = PRODUCTS / (full.ms / 1000);

    log("Vendure's Importer into a fresh ecommerce database (same catalog)");
    const imported = await startServer('importer', 'test/bench/lib/ecommerce-import.mjs', 'ECOMMERCE');
    const importer = JSON.parse(fs.readFileSync(path.join(imported.dataDir, 'importer-timing.json'), 'utf8'));
    if (importer.products !== PRODUCTS) return fail(`the Importer imported ${importer.products} products, not ${PRODUCTS}`);
    stopped.add('importer');
    await imported.server.stop();
    const importerPerSecond = PRODUCTS / (importer.ms / 1000);

    // 2. Incremental latency with the sidecar running (push).
    const syncPort = await freePort();
    const sidecar = resources.service('sidecar', path.join(ROOT, 'sync/sidecar/dist/index.js'), [], {
        env: { ...sidecarEnv, SYNC_PORT: String(syncPort), SYNC_INTERVAL_MS: '5000' },
        onDeath,
    });
    if (!(await waitForHealthy(`http://127.0.0.1:${syncPort}/health`, { timeoutMs: 120_000, isAlive: () => !sidecar.exited })))
        return fail('the sidecar did not start');
    // Let it catch up with the feed (the full sync applied everything: the replay is version-gated).
    for (;;) {
        const { syncStatus } = await master.admin(`{ syncStatus { tenantCode stream appliedPosition masterPosition } }`);
        const catalog = syncStatus.find(s => s.tenantCode === TENANT && s.stream === 'catalog');
        if (catalog && catalog.appliedPosition >= catalog.masterPosition && catalog.masterPosition > 0) break;
        await new Promise(r => setTimeout(r, 500));
    }
    log(`incremental latency: ${EDITS} renames in master, each until the Shop API shows it`);
    const { products: editable } = await master.admin(`{ products(options: { take: ${EDITS} }) { items { id slug } } }`);
    const latencies = [];
    for (const [i, product] of editable.items.entries()) {
        const name = `Edited ${i} ${Date.now()}`;
        const started = performance.now();
        await master.admin(
            `mutation($id: ID!, $n: String!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: $n }] }) { id } }`,
            {
                id: product.id,
                n: name,
            },
        );
        for (;;) {
            const { product: seen } = await graphql(
                `${shop.baseUrl}/shop-api?vendure-token=${TENANT}`,
                `
                    query ($s: String!) {
                        product(slug: $s) {
                            name
                        }
                    }
                `,
                {
                    s: product.slug,
                },
            );
            if (seen?.name === name) break;
            if (performance.now() - started > 30_000) return fail(`edit ${i} did not reach the shop within 30 s`);
            await new Promise(r => setTimeout(r, 10));
        }
        latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    stopped.add('sidecar');
    await sidecar.stop();

    // 3. Master stock movements applied by the shop, in the engine's batches.
    const { products: someVariants } = await graphql(
        `${shop.baseUrl}/shop-api?vendure-token=${TENANT}`,
        `
            {
                products(options: { take: 100 }) {
                    items {
                        variants {
                            sku
                        }
                    }
                }
            }
        `,
    );
    const skus = someVariants.items.flatMap(p => p.variants.map(v => v.sku));
    const variantIdBySku = new Map();
    for (let skip = 0; variantIdBySku.size < skus.length; skip += 1000) {
        const { productVariants } = await master.admin(
            `query($s: Int!) { productVariants(options: { skip: $s, take: 1000 }) { items { id sku } } }`,
            {
                s: skip,
            },
        );
        if (!productVariants.items.length) break;
        for (const v of productVariants.items) if (skus.includes(v.sku)) variantIdBySku.set(v.sku, v.id);
    }
    const movements = Array.from({ length: MOVEMENTS }, (_, i) => {
        const sku = skus[i % skus.length];
        return {
            idempotencyKey: `bench:${i}`,
            tenantCode: TENANT,
            origin: 'master',
            reason: 'PURCHASE_RECEIPT',
            masterVariantId: variantIdBySku.get(sku),
            sku,
            delta: 1 + (i % 5),
            sourceRef: `PO-BENCH-${Math.floor(i / 100)}`,
            occurredAt: new Date().toISOString(),
        };
    });
    log(`stock movements: ${MOVEMENTS} applied by the shop in batches of 1,000`);
    const applyMovements = batch =>
        graphql(
            `${shop.baseUrl}/admin-api`,
            `
                mutation ($t: String!, $m: [JSON!]!) {
                    applyMasterStockMovements(tenantCode: $t, movements: $m)
                }
            `,
            { t: TENANT, m: batch },
            { 'vendure-api-key': shopKey },
        );
    const movementsStarted = performance.now();
    let applied = 0;
    for (let i = 0; i < movements.length; i += 1000)
        applied += (await applyMovements(movements.slice(i, i + 1000))).applyMasterStockMovements.applied;
    const movementsMs = performance.now() - movementsStarted;
    if (applied !== MOVEMENTS) return fail(`${applied} movements applied, not ${MOVEMENTS}`);
    const replay = await applyMovements(movements.slice(0, 1000));
    if (replay.applyMasterStockMovements.applied !== 0) return fail('a replayed batch of movements was applied again');
    const movementsPerSecond = MOVEMENTS / (movementsMs / 1000);

    const verdict = ok => (ok ? 'met' : 'BELOW GOAL');
    console.log('');
    console.log(
        table([
            ['measure', 'figure', 'goal', ''],
            [
                'full sync (sidecar `full`)',
                `${syncPerSecond.toFixed(0)} products/s (${formatDuration(full.ms)})`,
                '≥ 200 products/s',
                verdict(syncPerSecond >= 200),
            ],
            ["Vendure's Importer, same catalog", `${importerPerSecond.toFixed(0)} products/s (${formatDuration(importer.ms)})`, '', ''],
            [
                'full sync ÷ Importer',
                `${(syncPerSecond / importerPerSecond).toFixed(1)}×`,
                '≥ 2×',
                verdict(syncPerSecond >= 2 * importerPerSecond),
            ],
            [
                `edit → Shop API (${EDITS} edits)`,
                `p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1).toFixed(0)} ms`,
                'p50 ≤ 300 ms, p95 ≤ 1 s',
                verdict(percentile(latencies, 0.5) <= 300 && percentile(latencies, 0.95) <= 1000),
            ],
            [
                'stock movements applied',
                `${movementsPerSecond.toFixed(0)}/s (${formatDuration(movementsMs)})`,
                '≥ 1,000/s',
                verdict(movementsPerSecond >= 1000),
            ],
        ]),
    );
    console.log(`\n[bench] sync done in ${formatDuration(Date.now() - startedAt)}`);
    await resources.close();
}

main().catch(err => fail(err.stack ?? err));
