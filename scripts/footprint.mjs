#!/usr/bin/env node
// Idle memory of every process of `npm start`, as proportional set size (PSS: a page shared by n
// processes counts 1/n to each, so the database's shared buffers and Node's shared libraries are
// not counted several times) next to the resident set size (RSS) that `top` shows.
//   npm run footprint                 starts a fresh stack in a temp folder (first start: seeds,
//                                     provisions, syncs), restarts it, waits until the restarted
//                                     stack has settled, prints the table and stops it
//   npm run footprint -- --attach     measures the stack running on DATA_DIR (default .data)
// Linux only (reads /proc).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '@entrepreneur-os/platform/dist/free-port.js';

import { ROOT } from './build.mjs';

/**
 * The embedded SQLite stack this one replaced (commit 4d8354a), measured by this script the same
 * way on 2026-12-07: restarted, settled, PSS. It cannot run any more, so its figure is kept here.
 */
const SQLITE_STACK_PSS_MB = 837;
const ALLOWED_GROWTH_MB = 150;
const SETTLE_SAMPLE_MS = 5_000;
/** Idle means after start-up work: the sidecar's first runs, the workers' first polls. */
const SETTLE_MIN_MS = 30_000;
const SETTLE_MAX_MS = 180_000;

const attach = process.argv.includes('--attach');

function readKb(pid, file, field) {
    try {
        const match = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
        return match ? Number(match[1]) : 0;
    } catch {
        return 0; // it has exited
    }
}

function processes() {
    return fs
        .readdirSync('/proc')
        .filter(d => /^\d+$/.test(d))
        .map(pid => {
            try {
                const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
                const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
                const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
                return { pid: Number(pid), ppid, cmdline };
            } catch {
                return undefined;
            }
        })
        .filter(Boolean);
}

/** The stack's processes: the launcher's descendants plus the database (a session of its own) and its backends. */
function stackProcesses(launcherPid, clusterDir) {
    const all = processes();
    const members = new Set([launcherPid]);
    const postmasterPid = Number(
        fs.existsSync(path.join(clusterDir, 'postmaster.pid')) &&
            fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    if (postmasterPid) members.add(postmasterPid);
    for (let grew = true; grew;) {
        grew = false;
        for (const p of all) {
            if (!members.has(p.pid) && members.has(p.ppid)) {
                members.add(p.pid);
                grew = true;
            }
        }
    }
    return all.filter(p => members.has(p.pid));
}

function label({ cmdline }) {
    if (cmdline.startsWith('postgres')) return 'postgres';
    if (/bin\/postgres /.test(cmdline)) return 'postgres';
    const rules = [
        [/master\/dist\/index-worker\.js/, 'master worker'],
        [/master\/dist\/index\.js/, 'master server'],
        [/ecommerce\/dist\/index-worker\.js/, 'ecommerce worker'],
        [/ecommerce\/dist\/index\.js/, 'ecommerce server'],
        [/sync\/sidecar\/dist\/index\.js/, 'sync sidecar'],
        [/scripts\/start\.mjs/, 'launcher'],
        [/eos-postgres-guard/, 'database guard (sh)'],
    ];
    return rules.find(([re]) => re.test(cmdline))?.[1] ?? cmdline.split(' ')[0].split('/').pop();
}

function measure(launcherPid, clusterDir) {
    const rows = new Map();
    for (const p of stackProcesses(launcherPid, clusterDir)) {
        const name = label(p);
        const row = rows.get(name) ?? { name, count: 0, pssKb: 0, rssKb: 0 };
        row.count += 1;
        row.pssKb += readKb(p.pid, 'smaps_rollup', 'Pss');
        row.rssKb += readKb(p.pid, 'status', 'VmRSS');
        rows.set(name, row);
    }
    return [...rows.values()].sort((a, b) => b.pssKb - a.pssKb);
}

const mb = kb => (kb / 1024).toFixed(0).padStart(6);
const total = (rows, key) => rows.reduce((sum, r) => sum + r[key], 0);

/** Samples until the total PSS moves by less than 1 % over three samples (startup work has ended). */
async function settled(launcherPid, clusterDir) {
    const started = Date.now();
    const totals = [];
    for (;;) {
        const rows = measure(launcherPid, clusterDir);
        totals.push(total(rows, 'pssKb'));
        const last = totals.slice(-3);
        const steady = last.length === 3 && Math.max(...last) - Math.min(...last) < 0.01 * Math.max(...last);
        if (steady && Date.now() - started >= SETTLE_MIN_MS) return rows;
        if (Date.now() - started > SETTLE_MAX_MS) return rows;
        process.stdout.write(`[footprint] settling: ${mb(totals.at(-1)).trim()} MB PSS\n`);
        await new Promise(r => setTimeout(r, SETTLE_SAMPLE_MS));
    }
}

function print(rows) {
    const lines = [
        '',
        'process                procs   PSS MB   RSS MB',
        ...rows.map(r => `${r.name.padEnd(22)} ${String(r.count).padStart(5)}   ${mb(r.pssKb)}   ${mb(r.rssKb)}`),
        `${'whole stack'.padEnd(22)} ${String(total(rows, 'count')).padStart(5)}   ${mb(total(rows, 'pssKb'))}   ${mb(total(rows, 'rssKb'))}`,
        '',
    ];
    const growth = total(rows, 'pssKb') / 1024 - SQLITE_STACK_PSS_MB;
    lines.push(
        `against the SQLite stack (${SQLITE_STACK_PSS_MB} MB PSS, restarted and settled): ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB PSS ` +
            `(allowed: +${ALLOWED_GROWTH_MB} MB) ${growth <= ALLOWED_GROWTH_MB ? 'within budget' : 'OVER BUDGET'}`,
        'PSS is the fair figure (shared pages split between the processes using them); RSS counts them once per process.',
    );
    console.log(lines.join('\n'));
}

async function main() {
    if (process.platform !== 'linux') throw new Error('reads /proc: Linux only');
    if (attach) {
        const dataDir = path.resolve(ROOT, process.env.DATA_DIR || '.data');
        const lock = path.join(dataDir, 'launcher.pid');
        if (!fs.existsSync(lock)) throw new Error(`no npm start is running on ${dataDir}`);
        print(await settled(Number(fs.readFileSync(lock, 'utf8')), path.join(dataDir, 'postgres')));
        return;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-footprint-'));
    fs.chmodSync(dataDir, 0o755);
    const env = {
        ...process.env,
        DATA_DIR: dataDir,
        MASTER_PORT: String(await freePort()),
        ECOMMERCE_PORT: String(await freePort()),
        SYNC_PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
    };
    const start = () => {
        const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
            cwd: ROOT,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', d => (output += d));
        child.stderr.on('data', d => (output += d));
        const stop = async () => {
            if (child.exitCode !== null) return;
            child.kill('SIGTERM');
            await new Promise(r => child.once('exit', r));
        };
        const up = (async () => {
            while (!/Entrepreneur-OS commerce is running/.test(output)) {
                if (child.exitCode !== null) throw new Error(`npm start exited:\n${output.slice(-3000)}`);
                await new Promise(r => setTimeout(r, 500));
            }
        })();
        return { child, up, stop };
    };
    let stack;
    const cleanup = async () => {
        await stack?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    };
    process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
    try {
        console.log(`[footprint] first start of a fresh stack in ${dataDir} (seeds, provisions, syncs: a few minutes)`);
        stack = start();
        await stack.up;
        await stack.stop();
        console.log('[footprint] restarting it: the idle stack a user has every day');
        stack = start();
        await stack.up;
        console.log('[footprint] the stack is up; waiting until its memory settles');
        print(await settled(stack.child.pid, path.join(dataDir, 'postgres')));
    } finally {
        await cleanup();
    }
}

main().catch(err => {
    console.error(`[footprint] ${err.message}`);
    process.exit(1);
});
