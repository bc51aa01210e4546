#!/usr/bin/env node
// Benchmark: what MultiTenantPlugin costs the ecommerce Shop API.
//
// Starts the ecommerce server twice on the embedded PostgreSQL, each with its own database and temp folder, with the same seed and
// catalog: "with" is the app as shipped, "without" the same app minus MultiTenantPlugin. Then it
// measures the product list and the search under the same closed-loop load. Each round gives each
// variant BENCH_SECONDS per operation, cut into slices taken in turns (with, without, without, with,
// …): whatever else the machine does in the meantime hits both variants alike. The server's CPU time
// per request is shown too (Linux): it is the figure least disturbed by a busy machine.
// Every request carries the default channel's token, as a storefront does (that is what the plugin's
// disabled-tenant check looks at).
//
// Goal: throughput with/without ≥ 0.95 and p95 latency with/without ≤ 1.1. A missed goal is printed
// as "below goal" and still exits 0; any error response or empty result exits 1.
//
// Run: npm run bench (builds first), or node test/bench/tenant-overhead.mjs once dist/ is built.
// Env:
//   BENCH_SECONDS=8           measuring time per round, operation and variant
//   BENCH_SLICE_SECONDS=1     length of one turn of a variant within a round
//   BENCH_ROUNDS=3            rounds
//   BENCH_WARMUP_SECONDS=3    unmeasured load per operation and variant before the first round
//   BENCH_CONCURRENCY=8       requests in flight
//   BENCH_CATALOG_COPIES=9    renamed copies of Vendure's sample catalog on top of the demo catalog
//                             (64 products + 54 per copy; 9 → 550 products, 914 variants)
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

import { formatDuration, freePort, graphql, log, Resources, ROOT, runLoad, summarize, table, waitForHealthy } from './lib/harness.mjs';

const SECONDS = envNumber('BENCH_SECONDS', 8);
const SLICE_SECONDS = envNumber('BENCH_SLICE_SECONDS', 1);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 3, 0);
const CONCURRENCY = envNumber('BENCH_CONCURRENCY', 8);
const CATALOG_COPIES = envNumber('BENCH_CATALOG_COPIES', 9, 0);
const GOAL = { throughput: 0.95, p95: 1.1 };

const VARIANTS = ['with', 'without'];
const SEARCH_TERMS = ['camera', 'shoe', 'chair', 'plant', 'cable'];
const OPERATIONS = [
    {
        name: 'products',
        query: `query { products(options: { take: 20 }) { items { id name slug variants { id name priceWithTax } } totalItems } }`,
        variables: () => ({}),
        items: data => data?.products?.items,
    },
    {
        name: 'search',
        query: `query ($term: String!) {
            search(input: { term: $term, take: 20, groupByProduct: true }) {
                items { productName priceWithTax { ... on PriceRange { min max } ... on SinglePrice { value } } }
                totalItems
            }
        }`,
        variables: i => ({ term: SEARCH_TERMS[i % SEARCH_TERMS.length] }),
        items: data => data?.search?.items,
    },
];

const startedAt = Date.now();
const resources = new Resources();

async function main() {
    log(
        `tenant-overhead: ecommerce Shop API with vs without MultiTenantPlugin — ${ROUNDS} rounds × ${SECONDS}s per operation and ` +
            `variant, ${CONCURRENCY} in flight (Node ${process.version}, ${os.cpus().length} CPUs)`,
    );
    const servers = await startServers();
    await probe(servers);

    log(`warm-up: ${WARMUP_SECONDS}s per operation and variant`);
    for (const op of OPERATIONS) for (const variant of VARIANTS) await measure(servers[variant], op, WARMUP_SECONDS);

    // runs[op][variant][round] = the slices of that round
    const runs = Object.fromEntries(OPERATIONS.map(op => [op.name, { with: [], without: [] }]));
    const slices = Math.max(1, Math.round(SECONDS / SLICE_SECONDS));
    log(`measuring: ${ROUNDS} rounds; per operation and variant ${slices} slices of ${(SECONDS / slices).toFixed(1)}s in turns`);
    for (let round = 1; round <= ROUNDS; round++) {
        for (const op of OPERATIONS) {
            const slicesOf = { with: [], without: [] };
            for (let slice = 0; slice < slices; slice++) {
                // with, without | without, with | … and the next round starts the other way round.
                const order = (round + slice) % 2 ? VARIANTS : [...VARIANTS].reverse();
                for (const variant of order) slicesOf[variant].push(await measure(servers[variant], op, SECONDS / slices));
            }
            for (const variant of VARIANTS) runs[op.name][variant].push(slicesOf[variant]);
            const s = { with: summarize(slicesOf.with), without: summarize(slicesOf.without) };
            const describe = v => `${v} ${s[v].perSecond.toFixed(1)} req/s, p95 ${s[v].p95.toFixed(1)} ms${cpu(s[v], ' ms CPU/req')}`;
            log(
                `round ${round}/${ROUNDS} ${op.name.padEnd(8)}  ${describe('with')}  |  ${describe('without')}  |  ` +
                    `with/without ${(s.with.perSecond / s.without.perSecond).toFixed(2)}× throughput`,
            );
        }
    }
    report(runs);
}

/** Both variants, seeded in parallel (each in its own process and folder). */
async function startServers() {
    log(
        `starting both servers: each seeds the demo catalog plus ${CATALOG_COPIES} copies of the sample products and builds its search index`,
    );
    const entries = await Promise.all(
        VARIANTS.map(async variant => {
            const port = await freePort();
            const dataDir = resources.tempDir(variant);
            const service = resources.service(variant, path.join(ROOT, 'test/bench/lib/ecommerce-variant.mjs'), ['server'], {
                env: { ...serverEnv(variant, port, dataDir), ...(await resources.database('ecommerce', `bench_tenant_${variant}`)) },
                onDeath: reason => void fail(reason),
            });
            const healthy = await waitForHealthy(`http://127.0.0.1:${port}/health`, {
                timeoutMs: 5 * 60_000,
                isAlive: () => !service.exited,
            });
            if (!healthy) await fail(`the "${variant}" server did not start: see its output above`);
            return [variant, { variant, url: `http://127.0.0.1:${port}/shop-api`, pid: service.child.pid }];
        }),
    );
    log(`servers ready in ${formatDuration(Date.now() - startedAt)}`);
    return Object.fromEntries(entries);
}

function serverEnv(variant, port, dataDir) {
    // A DATABASE_URL, REDIS_URL, … of the caller's shell must not leak in: the run's embedded PostgreSQL only.
    const cleared = Object.keys(process.env).filter(key => /^(ECOMMERCE_|REDIS_|TENANT_HOSTS|CORS_ORIGINS|SMTP_URL)/.test(key));
    return {
        ...Object.fromEntries(cleared.map(key => [key, undefined])),
        NODE_ENV: 'development',
        DATA_DIR: dataDir,
        ECOMMERCE_PORT: String(port),
        SEED_DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        // Random throw-away credentials: nobody logs in, and the default-credentials warnings stay quiet.
        SUPERADMIN_PASSWORD: crypto.randomBytes(16).toString('hex'),
        COOKIE_SECRET: crypto.randomBytes(32).toString('hex'),
        BENCH_VARIANT: variant,
        BENCH_CATALOG_COPIES: String(CATALOG_COPIES),
    };
}

/** Each query answers with items on both servers, and both hold the same catalog. */
async function probe(servers) {
    let catalogSize;
    for (const server of Object.values(servers)) {
        const { activeChannel } = await graphql(server.url, '{ activeChannel { token } }');
        server.headers = { 'content-type': 'application/json', 'vendure-token': activeChannel.token };
    }
    for (const op of OPERATIONS) {
        const checks = op.name === 'search' ? SEARCH_TERMS.length : 1;
        for (let i = 0; i < checks; i++) {
            const totals = {};
            for (const server of Object.values(servers)) {
                const data = await graphql(server.url, op.query, op.variables(i), server.headers);
                const result = Object.values(data)[0];
                if (!result.items.length) await fail(`${op.name} ${JSON.stringify(op.variables(i))} is empty on "${server.variant}"`);
                totals[server.variant] = result.totalItems;
                if (op.name === 'products') catalogSize = result.totalItems;
            }
            if (totals.with !== totals.without) {
                await fail(`${op.name} ${JSON.stringify(op.variables(i))}: the servers hold different data (${JSON.stringify(totals)})`);
            }
        }
    }
    log(`both servers hold the same ${catalogSize} products and answer every query with the same non-empty results`);
}

async function measure(server, op, seconds) {
    const run = await runLoad({
        seconds,
        serverPid: server.pid,
        concurrency: CONCURRENCY,
        request: i => [
            server.url,
            { method: 'POST', headers: server.headers, body: JSON.stringify({ query: op.query, variables: op.variables(i) }) },
        ],
        check: (status, body) => {
            if (status !== 200) return `HTTP ${status}: ${JSON.stringify(body?.errors ?? body)}`;
            if (body?.errors?.length) return body.errors.map(e => e.message).join('; ');
            if (!op.items(body?.data)?.length) return 'empty result';
        },
    });
    if (run.errors) {
        await fail(
            `${op.name} on "${server.variant}": ${run.errors} failed requests (${run.latencies.length} succeeded); first: ${run.firstError}`,
        );
    }
    return run;
}

function report(runs) {
    const rows = [['operation', 'variant', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'server CPU ms/req', 'errors']];
    const ratioRows = [
        ['with / without', 'throughput', `(goal ≥ ${GOAL.throughput})`, 'p95', `(goal ≤ ${GOAL.p95})`, 'CPU/req', 'throughput per round'],
    ];
    const verdicts = [];
    for (const op of OPERATIONS) {
        const byVariant = runs[op.name];
        const s = { with: summarize(byVariant.with.flat()), without: summarize(byVariant.without.flat()) };
        for (const variant of VARIANTS) {
            const v = s[variant];
            rows.push([op.name, variant, v.requests, v.perSecond.toFixed(1), v.p50.toFixed(1), v.p95.toFixed(1), cpu(v), v.errors]);
        }
        const throughput = s.with.perSecond / s.without.perSecond;
        const p95 = s.with.p95 / s.without.p95;
        const perRound = byVariant.with.map((slices, i) => summarize(slices).perSecond / summarize(byVariant.without[i]).perSecond);
        const ok = { throughput: throughput >= GOAL.throughput, p95: p95 <= GOAL.p95 };
        ratioRows.push([
            op.name,
            `${throughput.toFixed(3)}×`,
            ok.throughput ? 'ok' : 'BELOW GOAL',
            `${p95.toFixed(3)}×`,
            ok.p95 ? 'ok' : 'BELOW GOAL',
            s.with.cpuPerRequest === undefined ? '–' : `${(s.with.cpuPerRequest / s.without.cpuPerRequest).toFixed(3)}×`,
            perRound.map(r => r.toFixed(2)).join(' '),
        ]);
        verdicts.push({ op: op.name, throughput, p95, ok: ok.throughput && ok.p95, spread: Math.max(...perRound) - Math.min(...perRound) });
    }
    console.log(`\n${table(rows, 2)}\n\n${table(ratioRows)}\n`);
    const noisy = verdicts.filter(v => v.spread > 0.1);
    if (noisy.length) {
        log(
            `note: the throughput ratio of ${noisy.map(v => v.op).join(' and ')} varied by more than 0.1 from round to round, so ` +
                'something else was using the CPUs: the server CPU per request is the steadier comparison, or run again on a quiet machine',
        );
    }
    const missed = verdicts.filter(v => !v.ok);
    const figures = verdicts.map(v => `${v.op} ${v.throughput.toFixed(2)}× throughput, ${v.p95.toFixed(2)}× p95`).join('; ');
    log(
        `tenant-overhead done in ${formatDuration(Date.now() - startedAt)}: ${figures} — ` +
            (missed.length ? `BELOW GOAL for ${missed.map(v => v.op).join(', ')}` : 'meets the goal'),
    );
}

/** Server CPU time per request, or a dash where /proc is not available. */
function cpu(summary, suffix = '') {
    if (summary.cpuPerRequest === undefined) return suffix ? '' : '–';
    return suffix ? `, ${summary.cpuPerRequest.toFixed(1)}${suffix}` : summary.cpuPerRequest.toFixed(2);
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

let failed = false;
async function fail(reason) {
    // Once stopping (Ctrl-C), requests to the stopping servers fail: that is no finding.
    if (failed || resources.closing) return;
    failed = true;
    log(`FAILED: ${reason}`);
    await resources.close();
    process.exit(1);
}

main()
    .then(() => resources.close())
    .catch(err => fail(err.stack ?? String(err)));
