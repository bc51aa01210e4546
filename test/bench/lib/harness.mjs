// What every benchmark needs: child processes that are always stopped, temp folders that are always
// removed, closed-loop HTTP load with latency percentiles, and aligned tables.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { EMBEDDED_POOL_SIZE, startTemporaryPostgres } from '@entrepreneur-os/platform/dist/embedded-postgres.js';
import { freePort } from '@entrepreneur-os/platform/dist/free-port.js';

import { startService, waitForHealthy } from '../../../scripts/lib/processes.mjs';

export { freePort, startService, waitForHealthy };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function log(line) {
    console.log(`[bench] ${line}`);
}

/**
 * Child processes and temp folders of one benchmark run. `close()` stops and removes them all; it runs
 * on normal completion, on an error and on Ctrl-C/SIGTERM, so nothing is left behind.
 */
export class Resources {
    services = [];
    dirs = [];
    closing = false;
    closed;
    /** The run's embedded PostgreSQL (the embedded default's own, tuned the same), started on first use. */
    postgres;

    constructor() {
        for (const signal of ['SIGINT', 'SIGTERM']) {
            process.on(signal, () => {
                log(`${signal}: stopping`);
                void this.close().then(() => process.exit(130));
            });
        }
    }

    tempDir(prefix) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `eos-bench-${prefix}-`));
        this.dirs.push(dir);
        return dir;
    }

    /**
     * The environment of an app on a fresh database `name` of the run's embedded PostgreSQL, with
     * the connection pool `npm start` gives its processes.
     */
    async database(app, name) {
        this.postgres ??= startTemporaryPostgres('laptop', 'eos-bench-postgres');
        const { server } = await this.postgres;
        await server.withClient('postgres', async client => {
            await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
            await client.query(`CREATE DATABASE "${name}"`);
        });
        return { [`${app.toUpperCase()}_DATABASE_URL`]: server.url(name), DATABASE_POOL_SIZE: String(EMBEDDED_POOL_SIZE) };
    }

    /** Starts a long-running child; if it dies while the benchmark still needs it, `onDeath` is called. */
    service(name, script, args, { env, onDeath }) {
        const service = startService(name, process.execPath, [script, ...args], {
            cwd: ROOT,
            // Should the benchmark itself be killed with -9, its servers stop on their own.
            env: { EOS_EXIT_WITH_PARENT: '1', VENDURE_DISABLE_TELEMETRY: 'true', ...env },
            onExit: (code, signal) => {
                if (!this.closing) onDeath?.(`${name} exited unexpectedly (${signal ?? `exit code ${code}`})`);
            },
        });
        this.services.push(service);
        return service;
    }

    /** Stops the services and removes the folders; every call waits for the same, single clean-up. */
    close() {
        this.closing = true;
        this.closed ??= (async () => {
            await Promise.all(this.services.map(s => s.stop()));
            if (this.postgres) await (await this.postgres.catch(() => undefined))?.dispose();
            for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
        })();
        return this.closed;
    }
}

/** One GraphQL request; throws when the response is not a 200 without errors. */
export async function graphql(url, query, variables = {}, headers = {}) {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
    });
    const body = await res.json().catch(() => undefined);
    if (!res.ok || !body?.data || body.errors?.length) {
        throw new Error(`HTTP ${res.status}: ${body?.errors?.map(e => e.message).join('; ') ?? 'no JSON body'}`);
    }
    return body.data;
}

let clockTicksPerSecond;

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (Linux); undefined elsewhere.
 * Unlike throughput, the CPU time a server spends per request hardly depends on what else the
 * machine is doing, which makes it the steadier figure on a shared or busy machine.
 */
export function processCpuMs(pid) {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
    } catch {
        return undefined;
    }
}

/**
 * Closed-loop load: `concurrency` lanes each send a request as soon as their previous one answered,
 * until `seconds` have passed. `request(i)` returns fetch arguments; `check(status, body)` returns
 * an error message for a response that does not count as a success (an error, an empty result).
 * Failed requests are counted, not timed. With `serverPid`, the server's CPU time is taken too.
 */
export async function runLoad({ seconds, concurrency, request, check, serverPid }) {
    const cpuBefore = serverPid && processCpuMs(serverPid);
    const latencies = [];
    let errors = 0;
    let firstError;
    let sequence = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const lane = async () => {
        while (performance.now() < deadline) {
            const [url, init] = request(sequence++);
            const t0 = performance.now();
            let problem;
            try {
                const res = await fetch(url, init);
                const body = await res.json().catch(() => undefined);
                problem = check(res.status, body);
            } catch (err) {
                problem = err.cause?.message ?? err.message;
            }
            if (problem) {
                errors++;
                firstError ??= problem;
            } else {
                latencies.push(performance.now() - t0);
            }
        }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = serverPid && processCpuMs(serverPid);
    const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    return { latencies, errors, firstError, seconds: elapsed, cpuMs };
}

/** Requests, throughput and latency percentiles of one or more load runs taken together. */
export function summarize(runs) {
    const latencies = runs.flatMap(r => r.latencies).sort((a, b) => a - b);
    const seconds = runs.reduce((s, r) => s + r.seconds, 0);
    const cpuMs = runs.every(r => r.cpuMs !== undefined) ? runs.reduce((s, r) => s + r.cpuMs, 0) : undefined;
    return {
        requests: latencies.length,
        /** Server CPU time per successful request (ms), when it could be measured. */
        cpuPerRequest: cpuMs === undefined ? undefined : cpuMs / latencies.length,
        errors: runs.reduce((s, r) => s + r.errors, 0),
        perSecond: latencies.length / seconds,
        p50: percentile(latencies, 0.5),
        p95: percentile(latencies, 0.95),
    };
}

export function percentile(sorted, p) {
    if (!sorted.length) return NaN;
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Rows of cells as aligned text: the first `left` columns left-aligned, the others right-aligned. */
export function table(rows, left = 1) {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
    return rows
        .map(r => r.map((cell, i) => (i < left ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  '))
        .join('\n');
}

export function formatDuration(ms) {
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
