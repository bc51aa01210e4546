#!/usr/bin/env node
// `npm start`: builds what is needed, starts the embedded PostgreSQL (unless both database URLs are
// set), then runs the whole stack — master server + worker, ecommerce server + worker and the sync
// sidecar — waits until all are healthy and prints where to find them.
// Ctrl-C or SIGTERM stops every child, then the database; if one dies, the others are stopped too
// (no orphans).
import path from 'node:path';

import { APPS, build, ROOT } from './build.mjs';
import { startEmbeddedDatabase } from './lib/embedded-database.mjs';
import { DEMO_TENANTS, ensureDemoTenants } from './lib/demo-tenants.mjs';
import { AdminApi } from './lib/admin-api.mjs';
import { ensureStackKeys } from './lib/stack-keys.mjs';
import { startService, waitForHealthy } from './lib/processes.mjs';

const DEFAULT_PORTS = { master: 3000, ecommerce: 3001, sync: 3002 };
const WORKER_HEALTH_PORT_OFFSET = 100; // keep in step with runWorker() in plugins/platform
const COLORS = { master: 36, ecommerce: 35, sync: 33 };
const DEMO_SYNC_TIMEOUT_MS = 5 * 60_000;

const startedAt = Date.now();
const services = [];
let shuttingDown = false;
/** The embedded PostgreSQL, when this launcher runs one; stopped after every server. */
let database;

async function shutdown(code, reason) {
    if (shuttingDown) return;
    shuttingDown = true;
    if (reason) console.log(`[start] ${reason}`);
    console.log('[start] stopping all processes');
    // Workers first, then servers: nothing is left processing jobs against a stopped server.
    await Promise.all(services.filter(s => s.name.endsWith('worker')).map(s => s.stop()));
    await Promise.all(services.map(s => s.stop()));
    if (database) {
        await database.stop().catch(err => console.error(`[db] stopping the embedded PostgreSQL failed: ${err.message}`));
    }
    console.log('[start] stopped');
    process.exit(code);
}

// A closed terminal or pipe must not kill the launcher before it has stopped its children.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// `npm start` exits on SIGTERM without passing it on; whoever started us is gone: stop too.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && void shutdown(0, 'the parent process exited'), 1000).unref();

function port(app) {
    return Number(process.env[`${app.toUpperCase()}_PORT`] || DEFAULT_PORTS[app]);
}

function launch(app, kind) {
    const name = kind === 'worker' ? `${app}-worker` : app;
    return launchProcess(name, path.join(ROOT, app, 'dist', kind === 'worker' ? 'index-worker.js' : 'index.js'), COLORS[app]);
}

function launchProcess(name, entry, color, env = {}) {
    const service = startService(name, process.execPath, [entry], {
        cwd: ROOT,
        // Should the launcher itself be killed with -9, the servers and workers stop on their own.
        env: { EOS_EXIT_WITH_PARENT: '1', ...database?.env, ...env },
        color,
        onExit: (code, signal) => {
            if (!shuttingDown)
                void shutdown(1, `${name} stopped unexpectedly (${signal ?? `exit code ${code}`}): see its last lines above`);
        },
    });
    services.push(service);
    return service;
}

async function waitAll(entries, what) {
    const results = await Promise.all(
        entries.map(({ service, url }) => waitForHealthy(url, { timeoutMs: 10 * 60_000, isAlive: () => !service.exited })),
    );
    const failed = entries.filter((_, i) => !results[i]);
    if (failed.length) await shutdown(1, `${failed.map(f => f.service.name).join(', ')} did not become healthy (${what})`);
}

async function main() {
    try {
        await build();
    } catch (err) {
        console.error(`[start] build failed: ${err.message}\n[start] fix the error above, then run npm start again`);
        process.exit(1);
    }
    if (shuttingDown) return;
    try {
        database = await startEmbeddedDatabase({ dataDir: dataDir(), log: line => console.log(`[db] ${line}`) });
    } catch (err) {
        console.error(`[start] cannot start: ${err.toLine?.() ?? err.message}`);
        process.exit(1);
    }
    if (shuttingDown) return;
    const servers = APPS.map(app => ({ service: launch(app, 'server'), url: `http://localhost:${port(app)}/health` }));
    await waitAll(servers, 'servers');
    if (shuttingDown) return;
    const workers = APPS.map(app => ({
        service: launch(app, 'worker'),
        url: `http://localhost:${port(app) + WORKER_HEALTH_PORT_OFFSET}/health`,
    }));
    await waitAll(workers, 'workers');
    if (shuttingDown) return;
    const stack = {
        masterUrl: `http://localhost:${port('master')}`,
        ecommerceUrl: process.env.ECOMMERCE_PUBLIC_URL || `http://localhost:${port('ecommerce')}`,
        dataDir: dataDir(),
        superadmin: {
            username: process.env.SUPERADMIN_USERNAME || 'superadmin',
            password: process.env.SUPERADMIN_PASSWORD || 'superadmin',
        },
        log: line => console.log(line),
    };
    try {
        await ensureStackKeys(stack);
    } catch (err) {
        await shutdown(1, `the stack's API keys could not be set up: ${err.message}`);
        return;
    }
    let demoLogins = [];
    if (demoEnabled()) {
        try {
            demoLogins = await ensureDemoTenants(stack);
        } catch (err) {
            await shutdown(1, `demo tenants could not be provisioned: ${err.message}`);
            return;
        }
    }
    if (shuttingDown) return;
    const sidecar = launchProcess('sync', path.join(ROOT, 'sync', 'sidecar', 'dist', 'index.js'), COLORS.sync, {
        MASTER_URL: stack.masterUrl,
        DATA_DIR: stack.dataDir,
        SYNC_PORT: String(port('sync')),
    });
    await waitAll([{ service: sidecar, url: `http://localhost:${port('sync')}/health` }], 'sync sidecar');
    if (shuttingDown) return;
    if (demoEnabled()) await waitForDemoCatalog(stack);
    printBanner(demoLogins);
}

/** Shows the demo catalog arriving in the demo shops (the sidecar does the work); never fatal. */
async function waitForDemoCatalog({ masterUrl, superadmin }) {
    const deadline = Date.now() + DEMO_SYNC_TIMEOUT_MS;
    let last = '';
    let master;
    while (Date.now() < deadline && !shuttingDown) {
        let syncStatus;
        try {
            master ??= await new AdminApi(masterUrl).login(superadmin.username, superadmin.password);
            ({ syncStatus } = await master.query(`{ syncStatus { tenantCode stream sourcePosition appliedPosition lastError } }`));
        } catch {
            // Master is busy building snapshots: a slow answer is no reason to stop the stack.
            await new Promise(resolve => setTimeout(resolve, 1000));
            continue;
        }
        const catalogs = DEMO_TENANTS.map(t => syncStatus.find(s => s.tenantCode === t.code && s.stream === 'catalog'));
        const line = catalogs
            .map(
                (s, i) =>
                    `${DEMO_TENANTS[i].code} ${s ? `${s.appliedPosition}/${s.sourcePosition}` : 'waiting'}${s?.lastError ? ` (${s.lastError})` : ''}`,
            )
            .join(', ');
        if (line !== last) console.log(`[demo] catalog sync (feed positions applied): ${line}`);
        last = line;
        if (catalogs.every(s => s && s.sourcePosition > 0 && s.appliedPosition >= s.sourcePosition)) return;
        await new Promise(resolve => setTimeout(resolve, 1000));
    }
    if (!shuttingDown) console.log('[demo] the catalog is still syncing: `npm run sync -- status` shows where it stands');
}

function dataDir() {
    return path.resolve(ROOT, process.env.DATA_DIR || '.data');
}

function demoEnabled() {
    const seed = process.env.SEED_DEMO_DATA;
    if (seed) return /^(1|true|yes|on)$/i.test(seed);
    return process.env.NODE_ENV !== 'production';
}

function printBanner(demoLogins) {
    const user = process.env.SUPERADMIN_USERNAME || 'superadmin';
    const password = process.env.SUPERADMIN_PASSWORD ? '(from SUPERADMIN_PASSWORD)' : 'superadmin';
    const lines = [
        '',
        `Entrepreneur-OS commerce is running (${((Date.now() - startedAt) / 1000).toFixed(0)}s)`,
        '',
        ...APPS.flatMap(app => {
            const base = process.env[`${app.toUpperCase()}_PUBLIC_URL`] || `http://localhost:${port(app)}`;
            return [
                `  ${app}`,
                `    Dashboard   ${base}/dashboard`,
                `    Admin UI    ${base}/admin`,
                `    Admin API   ${base}/admin-api`,
                `    Shop API    ${base}/shop-api`,
                `    Mailbox     ${base}/mailbox`,
            ];
        }),
        '',
        '  sync sidecar',
        `    Metrics     http://localhost:${port('sync')}/metrics   (status: npm run sync -- status)`,
        '',
        ...(database?.description ? ['  database', ...database.description.map(l => `    ${l}`), ''] : []),
        `  login: ${user} / ${password}`,
        ...(demoLogins.length ? ['', '  demo tenants (each sees only its own channel):', ...demoLogins] : []),
        ...(process.env.SUPERADMIN_PASSWORD ? [] : ['  WARNING: default credentials — fine on your laptop, never on a reachable server']),
        `  data:  ${dataDir()}`,
        '',
        'Press Ctrl-C to stop.',
        '',
    ];
    console.log(lines.join('\n'));
}

main().catch(err => void shutdown(1, `unexpected error: ${err.stack ?? err}`));
