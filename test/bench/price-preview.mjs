#!/usr/bin/env node
// Benchmark: `previewTenantPrices` for a whole tenant catalog of ~10,000 variants in one call.
//
// Starts master (server + worker) on the embedded PostgreSQL with a generated catalog (BENCH_PRODUCTS products × 3
// variants) and a preferred supplier price for every variant, creates a tenant, assigns it the
// catalog and 20 pricing rules of every scope, then times the preview of all variants in one call.
// Baseline, in the same run: reading the same variants' prices through Vendure's own
// `productVariants` list (pages of 1,000) — what a client would pay just to see master prices.
//
// Goal: the preview of 10,000 variants under 5 s. A missed goal is printed as "below goal" and still
// exits 0; an error or a wrong result (a count that does not match) exits 1.
//
// Run: npm run bench -- price (builds first), or node test/bench/price-preview.mjs once dist/ is built.
// Env: BENCH_PRODUCTS=3334   BENCH_REPEAT=3
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { formatDuration, freePort, graphql, log, Resources, ROOT, table, waitForHealthy } from './lib/harness.mjs';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS || 3334);
const REPEAT = Number(process.env.BENCH_REPEAT || 3);
const GOAL_MS = 5000;
const TENANT = 'bench';

const resources = new Resources();
const startedAt = Date.now();

async function fail(reason) {
    console.error(`[bench] FAILED: ${reason}`);
    await resources.close();
    process.exit(1);
}

async function main() {
    log(`price-preview: ${PRODUCTS} products × 3 variants, preview in one call, ${REPEAT} repeats`);
    const port = await freePort();
    const dataDir = resources.tempDir('pim');
    const password = crypto.randomBytes(12).toString('hex');
    const env = {
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        MASTER_PORT: String(port),
        ...(await resources.database('master', 'bench_price_master')),
        REDIS_URL: '',
        SEED_DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        SUPERADMIN_PASSWORD: password,
        COOKIE_SECRET: crypto.randomBytes(32).toString('hex'),
        BENCH_PRODUCTS: String(PRODUCTS),
        BENCH_TENANT: TENANT,
    };
    const entry = path.join(ROOT, 'test/bench/lib/master-pim.mjs');
    log('starting master: importing the generated catalog takes a few minutes');
    const server = resources.service('master', entry, ['server'], { env, onDeath: reason => void fail(reason) });
    if (!(await waitForHealthy(`http://127.0.0.1:${port}/health`, { timeoutMs: 20 * 60_000, isAlive: () => !server.exited }))) {
        return fail('master did not start: see its output above');
    }
    resources.service('master-worker', entry, ['worker'], { env, onDeath: reason => void fail(reason) });
    log(`master ready in ${formatDuration(Date.now() - startedAt)}`);

    const url = `http://127.0.0.1:${port}/admin-api`;
    const superadmin = await login(url, 'superadmin', password);
    const as = (token, channel) => (query, variables) =>
        graphql(url, query, variables, { authorization: `Bearer ${token}`, ...(channel ? { 'vendure-token': channel } : {}) });
    const admin = as(superadmin);
    const { createTenant } = await admin(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
        i: {
            code: TENANT,
            name: 'Bench',
            defaultLanguageCode: 'en',
            currencyCode: 'USD',
            // No shop: the tenant ends FAILED at the ecommerce step; its master channel, roles and admin exist.
            ecommerceUrl: 'http://127.0.0.1:9',
            ecommerceCredentialsRef: 'env:UNUSED',
            firstAdministrator: { emailAddress: 'cm@bench.test', password, firstName: 'Bench', lastName: 'CM' },
        },
    });
    await until('the tenant to be provisioned in master', async () => {
        const { tenant } = await admin(`query($id: ID!) { tenant(id: $id) { status } }`, { id: createTenant.id });
        return tenant.status === 'FAILED' || tenant.status === 'READY';
    });
    const cm = as(await login(url, 'cm@bench.test', password), `master-${TENANT}`);
    await until(
        'master to serve the tenant channel',
        async () => (await cm(`{ activeChannel { code } }`).catch(() => undefined))?.activeChannel.code === TENANT,
    );

    const { channels } = await admin(`query($c: String!) { channels(options: { filter: { code: { eq: $c } } }) { items { id } } }`, {
        c: TENANT,
    });
    const productIds = [];
    for (let skip = 0; ; skip += 1000) {
        const { products } = await admin(`query($s: Int!) { products(options: { skip: $s, take: 1000 }) { totalItems items { id } } }`, {
            s: skip,
        });
        productIds.push(...products.items.map(p => p.id));
        if (skip + 1000 >= products.totalItems) break;
    }
    for (let i = 0; i < productIds.length; i += 200) {
        await admin(`mutation($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`, {
            p: productIds.slice(i, i + 200),
            c: channels.items[0].id,
        });
        process.stdout.write(
            `\r[bench] assigning the catalog to the tenant: ${Math.min(i + 200, productIds.length)}/${productIds.length} products`,
        );
    }
    process.stdout.write('\n');

    // 20 rules: one catch-all markup, facet-value and product rules at higher priorities.
    const { facetValues } = await admin(`{ facetValues(options: { take: 20 }) { items { id } } }`);
    const rules = [
        { name: 'All: markup 80 %', scopeType: 'ALL', method: 'MARKUP_ON_COST', value: 80, rounding: 'END_99', minMarginPercent: 30 },
    ];
    facetValues.items.slice(0, 14).forEach((fv, i) =>
        rules.push({
            name: `Facet ${fv.id}`,
            scopeType: 'FACET_VALUE',
            scopeId: fv.id,
            method: 'MULTIPLIER_ON_PRICE',
            value: 1 + i / 100,
            rounding: 'END_95',
            priority: 5,
        }),
    );
    productIds
        .slice(0, 5)
        .forEach(id =>
            rules.push({ name: `Product ${id}`, scopeType: 'PRODUCT', scopeId: id, method: 'FIXED_OFFSET', value: 500, priority: 10 }),
        );
    for (const rule of rules) await cm(`mutation($i: CreatePricingRuleInput!) { createPricingRule(input: $i) { id } }`, { i: rule });
    log(`tenant ${TENANT}: ${productIds.length} products assigned, ${rules.length} pricing rules`);

    // Assigning the catalog queued search-index jobs: measure once the worker has finished them.
    await until(
        'the worker to finish its jobs',
        async () => {
            const { jobs } = await admin(
                `{ jobs(options: { filter: { state: { in: ["PENDING", "RUNNING"] } }, take: 1 }) { totalItems } }`,
            );
            process.stdout.write(`\r[bench] waiting for the worker: ${jobs.totalItems} jobs left   `);
            return jobs.totalItems === 0;
        },
        30 * 60_000,
    );
    process.stdout.write('\n');

    const previewMs = [];
    const baselineMs = [];
    let variantCount;
    for (let r = 1; r <= REPEAT; r++) {
        let t = performance.now();
        const { previewTenantPrices } = await cm(`{ previewTenantPrices { productVariantId price basis ruleId } }`);
        previewMs.push(performance.now() - t);
        const byRule = previewTenantPrices.filter(p => p.basis === 'RULE').length;
        if (!byRule) return fail('no variant was priced by a rule');
        t = performance.now();
        let read = 0;
        for (let skip = 0; ; skip += 1000) {
            const { productVariants } = await cm(
                `query($s: Int!) { productVariants(options: { skip: $s, take: 1000 }) { totalItems items { id price } } }`,
                { s: skip },
            );
            read += productVariants.items.length;
            if (skip + 1000 >= productVariants.totalItems) break;
        }
        baselineMs.push(performance.now() - t);
        if (read !== previewTenantPrices.length)
            return fail(`the preview priced ${previewTenantPrices.length} variants, the tenant has ${read}`);
        variantCount = read;
        log(
            `repeat ${r}/${REPEAT}: preview ${previewMs.at(-1).toFixed(0)} ms (${byRule} priced by a rule), baseline ${baselineMs.at(-1).toFixed(0)} ms`,
        );
    }
    const best = ms => Math.min(...ms);
    const median = ms => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
    console.log('');
    console.log(
        table([
            ['operation', 'variants', 'median ms', 'best ms', 'goal'],
            ['previewTenantPrices (one call)', variantCount, median(previewMs).toFixed(0), best(previewMs).toFixed(0), `< ${GOAL_MS} ms`],
            ['baseline: productVariants pages of 1,000', variantCount, median(baselineMs).toFixed(0), best(baselineMs).toFixed(0), ''],
        ]),
    );
    console.log('');
    log(
        `preview / baseline: ${(median(previewMs) / median(baselineMs)).toFixed(2)}×; goal ${median(previewMs) < GOAL_MS ? 'met' : 'below goal'} ` +
            `(${(median(previewMs) / 1000).toFixed(2)} s for ${variantCount} variants)`,
    );
    await resources.close();
}

async function login(url, username, password) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } } }`,
            variables: { u: username, p: password },
        }),
    });
    const token = res.headers.get('vendure-auth-token');
    if (!token) throw new Error(`login as ${username} failed`);
    return token;
}

async function until(what, check, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise(resolve => setTimeout(resolve, 500));
    }
}

main().catch(err => fail(err.stack ?? String(err)));
