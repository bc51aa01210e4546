// The embedded PostgreSQL of `npm start`: one cluster in DATA_DIR/postgres with a database per
// server, its superuser's password generated into DATA_DIR/secrets. Used for every app whose
// `<APP>_DATABASE_URL` is unset; with both set, nothing is embedded.
import fs from 'node:fs';
import path from 'node:path';

import {
    DEFAULT_EMBEDDED_POSTGRES_PORT,
    EMBEDDED_POOL_SIZE,
    EMBEDDED_POSTGRES_USER,
    EmbeddedPostgres,
    runningPostmaster,
} from '@entrepreneur-os/platform/dist/embedded-postgres.js';
import { assertNoSqliteData } from '@entrepreneur-os/platform/dist/preflight.js';
import { StartupError } from '@entrepreneur-os/platform/dist/startup-error.js';

import { APPS } from '../build.mjs';

export const databaseName = app => `eos_${app}`;

/** Where a data folder keeps its cluster and the superuser's password. */
export function embeddedPaths(dataDir) {
    return {
        clusterDir: path.join(dataDir, 'postgres'),
        passwordFile: path.join(dataDir, 'secrets', 'postgres-password'),
    };
}

export function embeddedPort(env = process.env) {
    const raw = env.EMBEDDED_PG_PORT;
    if (!raw) return DEFAULT_EMBEDDED_POSTGRES_PORT;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new StartupError(`EMBEDDED_PG_PORT must be a port number between 1 and 65535 (got "${raw}")`);
    }
    return port;
}

/**
 * Starts the embedded PostgreSQL for the apps without a database URL and returns the environment
 * their processes need. Refuses a data folder of the SQLite era and a second launcher on the same
 * data folder.
 */
export async function startEmbeddedDatabase({ dataDir, log }) {
    assertNoSqliteData(dataDir);
    const embeddedApps = APPS.filter(app => !process.env[`${app.toUpperCase()}_DATABASE_URL`]);
    const releaseLock = lockDataDir(dataDir);
    if (!embeddedApps.length) return { env: {}, description: undefined, stop: async () => releaseLock() };

    const database = new EmbeddedPostgres({ ...embeddedPaths(dataDir), port: embeddedPort(), profile: 'laptop', log });
    const started = Date.now();
    try {
        await database.start();
    } catch (err) {
        releaseLock();
        throw err;
    }
    // Should the launcher be killed with -9, the database stops too.
    database.stopWhenProcessDies(process.pid);
    const env = { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE || String(EMBEDDED_POOL_SIZE) };
    for (const app of embeddedApps) {
        await database.ensureDatabase(databaseName(app));
        env[`${app.toUpperCase()}_DATABASE_URL`] = database.url(databaseName(app));
    }
    log(`embedded PostgreSQL ready on 127.0.0.1:${database.port} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return {
        env,
        description: [
            `embedded PostgreSQL on 127.0.0.1:${database.port} (${embeddedApps.map(databaseName).join(', ')}), data in ${database.options.clusterDir}`,
            `psql "$(npm run -s db -- url ${embeddedApps[0]})"`,
        ],
        async stop() {
            await database.stop();
            releaseLock();
        },
    };
}

/** One launcher per data folder: a second one would stop the first one's database. */
function lockDataDir(dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    const lockFile = path.join(dataDir, 'launcher.pid');
    const holder = Number(fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : NaN);
    if (holder && holder !== process.pid && isLauncher(holder)) {
        throw new StartupError(
            `Another npm start (pid ${holder}) is running on the data folder ${dataDir}`,
            'stop it first, or set DATA_DIR (and the ports) for a second stack',
        );
    }
    fs.writeFileSync(lockFile, String(process.pid));
    return () => fs.rmSync(lockFile, { force: true });
}

function isLauncher(pid) {
    try {
        process.kill(pid, 0);
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start.mjs');
    } catch (err) {
        // No /proc (macOS): a live pid counts as a launcher.
        return err.code === 'ENOENT' && process.platform !== 'linux';
    }
}

/** The URL of an app's embedded database, for `npm run db -- url <app>`. */
export function embeddedDatabaseUrl(dataDir, app) {
    const { clusterDir, passwordFile } = embeddedPaths(dataDir);
    if (!fs.existsSync(passwordFile)) {
        throw new StartupError(`There is no embedded PostgreSQL in ${dataDir}`, 'run npm start first');
    }
    const url = new URL(`postgres://127.0.0.1:${runningPostmaster(clusterDir)?.port || embeddedPort()}/${databaseName(app)}`);
    url.username = EMBEDDED_POSTGRES_USER;
    url.password = fs.readFileSync(passwordFile, 'utf8').trim();
    return url.toString();
}
