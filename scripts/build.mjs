#!/usr/bin/env node
// Builds everything `npm start` and the tests need: TypeScript (incremental) and each app's
// React Dashboard (only when its inputs changed, both apps in parallel).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { run } from './lib/processes.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const APPS = ['master', 'ecommerce'];

export async function build({ log = console.log } = {}) {
    const started = Date.now();
    log('[build] compiling TypeScript');
    await run('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, label: 'tsc' });
    const stale = APPS.filter(app => !dashboardUpToDate(app));
    if (stale.length) {
        log(`[build] building the Dashboard for ${stale.join(' and ')} (about a minute; offline)`);
        await Promise.all(stale.map(buildDashboard));
    }
    log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

async function buildDashboard(app) {
    const appDir = path.join(ROOT, app);
    const t = Date.now();
    await run('npx', ['vite', 'build'], { cwd: appDir, label: `dashboard:${app}`, env: { NODE_OPTIONS: '--max-old-space-size=3072' } });
    fs.writeFileSync(hashFile(app), dashboardInputsHash(app));
    console.log(`[build] ${app} Dashboard built in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}

function hashFile(app) {
    return path.join(ROOT, app, 'dist', 'dashboard', '.inputs-hash');
}

function dashboardUpToDate(app) {
    const file = hashFile(app);
    return fs.existsSync(file) && fs.readFileSync(file, 'utf8') === dashboardInputsHash(app);
}

/** Everything the Dashboard build reads from our tree: app sources, plugin sources, locked versions. */
function dashboardInputsHash(app) {
    const hash = createHash('sha256');
    const inputs = [
        path.join(ROOT, app, 'src'),
        path.join(ROOT, app, 'tsconfig.dashboard.json'),
        path.join(ROOT, 'plugins'),
        path.join(ROOT, 'package-lock.json'),
        path.join(ROOT, 'scripts', 'dashboard-vite-config.mjs'),
    ];
    for (const file of inputs.flatMap(listFiles).sort()) {
        hash.update(path.relative(ROOT, file));
        hash.update(fs.readFileSync(file));
    }
    return hash.digest('hex');
}

function listFiles(entry) {
    if (!fs.existsSync(entry)) return [];
    if (fs.statSync(entry).isFile()) return [entry];
    return fs.readdirSync(entry, { withFileTypes: true }).flatMap(d => {
        if (['node_modules', 'dist', 'gql', '.cache'].includes(d.name)) return [];
        return listFiles(path.join(entry, d.name));
    });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    build().catch(err => {
        console.error(`[build] failed: ${err.message}`);
        process.exit(1);
    });
}
