#!/usr/bin/env node
// `npm run bench`: every benchmark in turn, each in its own process, then one line per benchmark.
// Benchmarks compare against a baseline measured in the same run and print their figures; they exit
// 1 only when the run itself failed (errors, empty results), not when a goal is missed.
// `npm run bench -- tenant` runs only the benchmarks whose name contains "tenant".
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { formatDuration, log } from './lib/harness.mjs';

const BENCHMARKS = ['tenant-overhead', 'price-preview', 'csv-dry-run', 'sync'];

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const selected = BENCHMARKS.filter(name => !filters.length || filters.some(f => name.includes(f)));
if (!selected.length) {
    console.error(`[bench] no benchmark matches ${filters.join(', ')} (there are: ${BENCHMARKS.join(', ')})`);
    process.exit(2);
}

// A signal is passed on to the running benchmark, which stops its servers and exits; then so do we.
let interrupted = false;
let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        interrupted = true;
        current?.kill(signal);
    });
}

const results = [];
for (const name of selected) {
    const started = Date.now();
    const code = await new Promise(resolve => {
        const child = spawn(process.execPath, [path.join(dir, `${name}.mjs`)], { stdio: 'inherit' });
        current = child;
        child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
    results.push({ name, ok: code === 0, took: formatDuration(Date.now() - started) });
    if (interrupted) break;
}

console.log('');
for (const r of results) log(`${r.ok ? 'completed' : 'FAILED   '}  ${r.name} (${r.took})`);
const failed = results.filter(r => !r.ok).length;
log(
    interrupted
        ? 'interrupted'
        : `${results.length - failed} of ${results.length} benchmarks completed${failed ? '; see the failures above' : ''} (missed goals are marked in each table)`,
);
process.exit(failed || interrupted ? 1 : 0);
