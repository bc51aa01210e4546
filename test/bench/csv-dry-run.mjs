#!/usr/bin/env node
// Benchmark: the CSV import dry-run of a 10,000-row file. Goal: under 5 s.
//
// Starts a master (server + worker, embedded PostgreSQL, demo seed for its tax categories) with
// PimImportPlugin, creates a tenant with a catalog manager and three suppliers, and gives the tenant
// 200 products through the product import itself (dry-run + apply job). Then it measures:
//   - supplier prices: a 10,000-row price list naming those 200 SKUs 50 times each (3 suppliers, a
//     distinct one-day validity per row, every row preferred: each SKU's 50 periods are checked for
//     overlaps) — a clean file, and the same file with every 10th row in the wrong currency;
//   - products: a 10,000-row product file (5,000 new products × 2 variants, facets, an image).
// Each figure is the wall time of importCsvDryRun as the Dashboard sends it (multipart upload,
// parsing, the batched catalog lookups, every check, storing the file and the result), median of
// BENCH_RUNS runs. For a breakdown, the pure parse + checks of the same files are timed in this
// process with lookups built in memory (no database), and Vendure's ImportParser separately.
//
// A missed goal is printed as "ABOVE GOAL" and still exits 0; a failed request exits 1.
// Run: npm run bench -- csv (builds first), or node test/bench/csv-dry-run.mjs once dist/ is built.
// Env:
//   BENCH_RUNS=3      dry-runs per file
//   BENCH_ROWS=10000  rows per file (a multiple of 10)
/* global FormData -- Node's fetch API (Node ≥ 18) */
import { Blob, Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextEncoder } from 'node:util';

import { formatDuration, freePort, graphql, log, Resources, table, waitForHealthy } from './lib/harness.mjs';

const GOAL_MS = 5_000;
const SELF = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);

/** `node csv-dry-run.mjs server|worker`: master with PimImportPlugin (the benchmark starts both). */
async function serve(role) {
    const { masterApp } = await import('@entrepreneur-os/master');
    const { PimPlugin } = await import('@entrepreneur-os/pim-plugin');
    const { PimImportPlugin } = require('@entrepreneur-os/pim-plugin');
    const { runServer, runWorker } = await import('@entrepreneur-os/platform');
    const app = {
        ...masterApp,
        plugins: settings => {
            const plugins = masterApp.plugins(settings);
            // Whatever of the PIM the master app does not list yet.
            return [...plugins, ...[PimPlugin, PimImportPlugin].filter(p => !plugins.includes(p))];
        },
    };
    await (role === 'server' ? runServer(app) : runWorker(app));
}

export async function run() {
    const runs = envNumber('BENCH_RUNS', 3);
    const rows = envNumber('BENCH_ROWS', 10_000);
    if (rows % 10) {
        console.error(`[bench] BENCH_ROWS must be a multiple of 10 (got ${rows})`);
        process.exit(2);
    }
    const startedAt = Date.now();
    const resources = new Resources();
    let failed = false;
    const fail = async reason => {
        if (failed) return;
        failed = true;
        log(`FAILED: ${reason}`);
        await resources.close();
        process.exit(1);
    };
    try {
        log(
            `csv-dry-run: importCsvDryRun of ${rows.toLocaleString('en-US')}-row files, ${runs} runs each (Node ${process.version}, ${os.cpus().length} CPUs)`,
        );
        const master = await startMaster(resources, fail);
        log(`master ready in ${formatDuration(Date.now() - startedAt)}; setting up a tenant with 200 products`);
        const skus = await setUpTenant(master);

        const priceFile = supplierPriceCsv(skus, rows, false);
        const priceFileWithErrors = supplierPriceCsv(skus, rows, true);
        const productFile = productCsv(rows);
        const files = [
            { name: 'supplier prices, clean', kind: 'SUPPLIER_PRICES', csv: priceFile, valid: rows },
            { name: 'supplier prices, 10% errors', kind: 'SUPPLIER_PRICES', csv: priceFileWithErrors, valid: rows - rows / 10 },
            { name: 'products, clean', kind: 'PRODUCTS', csv: productFile, valid: rows },
        ];

        const results = [];
        for (const file of files) {
            const times = [];
            for (let i = 0; i < runs; i++) {
                const t0 = performance.now();
                const result = await dryRun(master, file.kind, file.csv);
                times.push(performance.now() - t0);
                if (result.totalRows !== rows || result.validRows !== file.valid) {
                    await fail(
                        `${file.name}: expected ${rows} rows, ${file.valid} valid; got ${JSON.stringify({ ...result, errors: result.errors.slice(0, 3) })}`,
                    );
                }
            }
            times.sort((a, b) => a - b);
            results.push({
                ...file,
                median: times[Math.floor(times.length / 2)],
                max: times[times.length - 1],
                bytes: Buffer.byteLength(file.csv),
            });
            log(`${file.name}: ${times.map(t => `${Math.round(t)} ms`).join(', ')}`);
        }
        const pure = await pureTimings(skus, files, runs);
        report(results, pure, rows);
        log(`csv-dry-run done in ${formatDuration(Date.now() - startedAt)}`);
    } catch (err) {
        await fail(err.stack ?? String(err));
    } finally {
        await resources.close();
    }
}

async function startMaster(resources, fail) {
    const port = await freePort();
    const dataDir = resources.tempDir('csv');
    // A DATABASE_URL, REDIS_URL, … of the caller's shell must not leak in: the run's embedded PostgreSQL only.
    const cleared = Object.keys(process.env).filter(key => /^(MASTER_|REDIS_|TENANT_HOSTS|CORS_ORIGINS|SMTP_URL)/.test(key));
    const superadminPassword = crypto.randomBytes(16).toString('hex');
    const env = {
        ...Object.fromEntries(cleared.map(key => [key, undefined])),
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        MASTER_PORT: String(port),
        // The demo seed brings the tax categories and zones the product import needs.
        SEED_DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        SUPERADMIN_PASSWORD: superadminPassword,
        COOKIE_SECRET: crypto.randomBytes(32).toString('hex'),
        ...(await resources.database('master', 'bench_csv_master')),
    };
    const server = resources.service('master', SELF, ['server'], { env, onDeath: reason => void fail(reason) });
    if (!(await waitForHealthy(`http://127.0.0.1:${port}/health`, { timeoutMs: 5 * 60_000, isAlive: () => !server.exited }))) {
        await fail('the master did not start: see its output above');
    }
    const worker = resources.service('master-worker', SELF, ['worker'], { env, onDeath: reason => void fail(reason) });
    if (!(await waitForHealthy(`http://127.0.0.1:${port + 100}/health`, { timeoutMs: 5 * 60_000, isAlive: () => !worker.exited }))) {
        await fail('the master worker did not start: see its output above');
    }
    const url = `http://127.0.0.1:${port}/admin-api`;
    return { url, superadmin: await login(url, 'superadmin', superadminPassword) };
}

async function login(url, username, password) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            query: 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } ... on ErrorResult { message } } }',
            variables: { u: username, p: password },
        }),
    });
    const token = res.headers.get('vendure-auth-token');
    if (!token) throw new Error(`login as ${username} failed: ${JSON.stringify(await res.json())}`);
    return token;
}

/** A tenant "bench" (USD), its catalog manager, three suppliers and 200 single-variant products. */
async function setUpTenant(master) {
    const auth = token => ({ authorization: `Bearer ${token}` });
    const { createTenant } = await graphql(
        master.url,
        `
            mutation ($i: CreateTenantInput!) {
                createTenant(input: $i) {
                    id
                }
            }
        `,
        {
            i: {
                code: 'bench',
                name: 'Bench',
                defaultLanguageCode: 'en',
                currencyCode: 'USD',
                // No ecommerce server: that step fails, the master channel, roles and admin are there.
                ecommerceUrl: 'http://127.0.0.1:9',
                ecommerceCredentialsRef: 'env:UNUSED_KEY',
                firstAdministrator: { emailAddress: 'cm@bench.test', password: 'bench-password', firstName: 'Bench', lastName: 'CM' },
            },
        },
        auth(master.superadmin),
    );
    for (let i = 0; ; i++) {
        const { tenant } = await graphql(
            master.url,
            `
                query ($id: ID!) {
                    tenant(id: $id) {
                        status
                    }
                }
            `,
            { id: createTenant.id },
            auth(master.superadmin),
        );
        if (tenant.status === 'FAILED' || tenant.status === 'READY') break;
        if (i > 600) throw new Error('the tenant did not settle within 60 s');
        await new Promise(r => setTimeout(r, 100));
    }
    master.token = await login(master.url, 'cm@bench.test', 'bench-password');
    master.headers = { ...auth(master.token), 'vendure-token': 'master-bench' };
    // The worker made the channel; the server's channel cache learns of it within its TTL (30 s).
    // Until it does, the token selects the default channel, where the catalog manager may do nothing.
    for (let i = 0; ; i++) {
        const code = await graphql(master.url, '{ activeChannel { code } }', {}, master.headers).then(
            d => d.activeChannel.code,
            () => undefined,
        );
        if (code === 'bench') break;
        if (i > 600) throw new Error('the server did not see the tenant channel within 60 s');
        await new Promise(r => setTimeout(r, 100));
    }
    for (const code of ['s1', 's2', 's3']) {
        await graphql(
            master.url,
            `
                mutation ($i: CreateSupplierInput!) {
                    createSupplier(input: $i) {
                        id
                    }
                }
            `,
            { i: { code, name: code, currencyCode: 'USD', leadTimeDays: 3 } },
            master.headers,
        );
    }
    const skus = Array.from({ length: 200 }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
    const catalog = [PRODUCT_HEADER, ...skus.map((sku, i) => `Bench product ${i},,,,,,,${sku},${10 + i}.00,standard,5,,,`)].join('\n');
    const checked = await dryRun(master, 'PRODUCTS', catalog);
    if (checked.errorCount) throw new Error(`the catalog file has errors: ${JSON.stringify(checked.errors.slice(0, 3))}`);
    await graphql(
        master.url,
        `
            mutation ($id: ID!) {
                applyCsvImport(importId: $id, onlyValidRows: false) {
                    id
                }
            }
        `,
        { id: checked.importId },
        master.headers,
    );
    for (let i = 0; ; i++) {
        const { csvImport } = await graphql(
            master.url,
            `
                query ($id: ID!) {
                    csvImport(id: $id) {
                        state
                        summary
                        failureReason
                    }
                }
            `,
            { id: checked.importId },
            master.headers,
        );
        if (csvImport.state === 'SUCCEEDED') break;
        if (csvImport.state === 'FAILED') throw new Error(`the catalog import failed: ${csvImport.failureReason}`);
        if (i > 1200) throw new Error('the catalog import did not finish within 2 minutes');
        await new Promise(r => setTimeout(r, 100));
    }
    return skus;
}

const PRICE_HEADER = 'supplier_code,sku,cost_price,currency,min_order_qty,valid_from,valid_to,preferred';
const PRODUCT_HEADER =
    'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets';
const day = n => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10);

/** `rows` prices over the 200 SKUs; each row its own day, so the keys are distinct and no periods overlap. */
function supplierPriceCsv(skus, rows, withErrors) {
    const lines = [PRICE_HEADER];
    for (let i = 0; i < rows; i++) {
        const currency = withErrors && i % 10 === 9 ? 'EUR' : 'USD';
        lines.push(
            `s${(i % 3) + 1},${skus[i % skus.length]},${(i % 5000) + 1}.${String(i % 100).padStart(2, '0')},${currency},${(i % 12) + 1},${day(i)},${day(i + 1)},true`,
        );
    }
    return lines.join('\n') + '\n';
}

/** `rows` rows: products of two variants (size S and M) with facets and an image of the sample catalog. */
function productCsv(rows) {
    const lines = [PRODUCT_HEADER];
    for (let p = 0; p < rows / 2; p++) {
        lines.push(
            `Bench import ${p},,"A product, with a description",derick-david-409858-unsplash.jpg,brand:Bench|material:Oak,size,S,BI-${p}-S,${(p % 900) + 1}.99,standard,10,true,,`,
            `,,,,,,M,BI-${p}-M,${(p % 900) + 2}.49,standard,3,,,`,
        );
    }
    return lines.join('\n') + '\n';
}

async function dryRun(master, kind, csv) {
    const form = new FormData();
    form.append(
        'operations',
        JSON.stringify({
            query: 'mutation ($kind: CsvImportKind!, $file: Upload!) { importCsvDryRun(kind: $kind, file: $file) { importId totalRows validRows errorCount errors { row column message } } }',
            variables: { kind, file: null },
        }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.file'] }));
    form.append('0', new Blob([csv], { type: 'text/csv' }), `${kind.toLowerCase()}.csv`);
    const res = await fetch(master.url, { method: 'POST', headers: { ...master.headers, 'apollo-require-preflight': 'true' }, body: form });
    const body = await res.json().catch(() => undefined);
    if (!res.ok || !body?.data || body.errors?.length) {
        throw new Error(`importCsvDryRun: HTTP ${res.status}: ${body?.errors?.map(e => e.message).join('; ') ?? 'no JSON body'}`);
    }
    return body.data.importCsvDryRun;
}

/** Parse + checks of the same files in this process, the catalog lookups built in memory (no database). */
async function pureTimings(skus, files, runs) {
    const csv = require('@entrepreneur-os/pim-plugin/dist/import/csv.js');
    const prices = require('@entrepreneur-os/pim-plugin/dist/import/supplier-price-csv.js');
    const products = require('@entrepreneur-os/pim-plugin/dist/import/product-csv.js');
    const { ImportParser } = await import('@vendure/core');
    const parser = new ImportParser({ customFields: { Product: [], ProductVariant: [] }, defaultLanguageCode: 'en' });
    const priceLookups = {
        suppliers: new Map(['s1', 's2', 's3'].map((code, i) => [code, { id: i + 1, code, currencyCode: 'USD' }])),
        variants: new Map(skus.map((sku, i) => [sku, [i + 1]])),
        preferredPrices: [],
    };
    const productLookups = {
        taxCategories: ['Standard Tax', 'Reduced Tax', 'Zero Tax'],
        existingSkus: new Set(),
        existingSlugs: new Set(),
        assetExists: () => true,
    };
    const median = times => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    const result = {};
    for (const file of files) {
        const bytes = new TextEncoder().encode(file.csv);
        const checks = [];
        const vendureParser = [];
        // One warm-up, then as many timed runs as over HTTP.
        for (let i = 0; i <= runs; i++) {
            const t0 = performance.now();
            if (file.kind === 'SUPPLIER_PRICES') {
                const read = csv.readCsvTable(bytes, prices.SUPPLIER_PRICE_HEADER);
                prices.validateSupplierPrices(read.table, priceLookups);
                if (i) checks.push(performance.now() - t0);
            } else {
                const read = csv.readCsvTable(bytes, products.productHeader({ mainLanguage: 'en' }));
                products.validateProducts(read.table, productLookups, { mainLanguage: 'en', existing: 'error' });
                if (i) checks.push(performance.now() - t0);
                const t1 = performance.now();
                await parser.parseProducts(
                    csv.toCsv(
                        read.table.columns,
                        read.table.rows.map(r => r.cells),
                    ),
                    'en',
                );
                if (i) vendureParser.push(performance.now() - t1);
            }
        }
        result[file.name] = { checks: median(checks), vendureParser: vendureParser.length ? median(vendureParser) : undefined };
    }
    return result;
}

function report(results, pure, rows) {
    const lines = [
        ['file', 'kind', 'size', 'valid rows', 'dry-run median', 'max', `goal < ${GOAL_MS / 1000} s`, 'pure checks', "Vendure's parser"],
    ];
    for (const r of results) {
        const p = pure[r.name] ?? {};
        lines.push([
            r.name,
            r.kind,
            `${(r.bytes / 1024).toFixed(0)} KiB`,
            `${r.valid} / ${rows}`,
            `${Math.round(r.median)} ms`,
            `${Math.round(r.max)} ms`,
            r.max < GOAL_MS ? 'ok' : 'ABOVE GOAL',
            p.checks === undefined ? '–' : `${Math.round(p.checks)} ms`,
            p.vendureParser === undefined ? '–' : `${Math.round(p.vendureParser)} ms`,
        ]);
    }
    console.log(`\n${table(lines, 2)}\n`);
    log(
        'dry-run = wall time of importCsvDryRun over HTTP (upload, parse, batched lookups, checks, storing file + result); ' +
            "pure checks = CSV parse + every rule in this process with in-memory lookups; Vendure's parser = its ImportParser on the same rows",
    );
    const above = results.filter(r => r.max >= GOAL_MS);
    log(
        above.length
            ? `ABOVE GOAL: ${above.map(r => r.name).join(', ')}`
            : `every dry-run of ${rows.toLocaleString('en-US')} rows took under ${GOAL_MS / 1000} s`,
    );
}

function envNumber(name, fallback, min = 1) {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
        console.error(`[bench] ${name} must be a whole number ≥ ${min} (got "${raw}")`);
        process.exit(2);
    }
    return value;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
    const role = process.argv[2];
    if (role === 'server' || role === 'worker') await serve(role);
    else if (role) {
        console.error('usage: node test/bench/csv-dry-run.mjs [server|worker]');
        process.exit(2);
    } else await run();
}
