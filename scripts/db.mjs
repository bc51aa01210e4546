#!/usr/bin/env node
// The embedded PostgreSQL of `npm start`:
//   npm run db -- url <master|ecommerce>   its connection URL: psql "$(npm run -s db -- url master)"
//   npm run db -- status                   whether it runs, where, and how big its data is
import fs from 'node:fs';
import path from 'node:path';

import { runningPostmaster } from '@entrepreneur-os/platform/dist/embedded-postgres.js';

import { APPS, ROOT } from './build.mjs';
import { embeddedDatabaseUrl, embeddedPaths } from './lib/embedded-database.mjs';

const [command, app] = process.argv.slice(2);
const dataDir = path.resolve(ROOT, process.env.DATA_DIR || '.data');

function folderSize(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, d) => {
        const p = path.join(dir, d.name);
        return sum + (d.isDirectory() ? folderSize(p) : d.isFile() ? fs.statSync(p).size : 0);
    }, 0);
}

try {
    if (command === 'url' && APPS.includes(app)) {
        console.log(embeddedDatabaseUrl(dataDir, app));
    } else if (command === 'status') {
        const { clusterDir } = embeddedPaths(dataDir);
        if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
            console.log(`no embedded PostgreSQL in ${dataDir} yet: npm start creates it`);
        } else {
            const running = runningPostmaster(clusterDir);
            const size = `${(folderSize(clusterDir) / 1024 / 1024).toFixed(0)} MB`;
            console.log(
                running
                    ? `running (pid ${running.pid}) on 127.0.0.1:${running.port}, data ${clusterDir} (${size})`
                    : `stopped, data ${clusterDir} (${size}): npm start starts it`,
            );
        }
    } else {
        console.error('usage: npm run db -- url <master|ecommerce> | status');
        process.exit(2);
    }
} catch (err) {
    console.error(`[db] ${err.toLine?.() ?? err.message}`);
    process.exit(1);
}
