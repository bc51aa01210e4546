import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { DatabaseSettings, redactUrl, ServerSettings } from './settings';
import { describeStartupFailure, StartupError } from './startup-error';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Checks everything a server needs before Vendure touches it, so that a wrong setting stops
 * start-up with one clear line instead of a half-initialised database and a stack trace.
 */
export async function preflight(settings: ServerSettings, opts: { checkPort: boolean }): Promise<void> {
    assertNoSqliteData(settings.dataDir);
    if (opts.checkPort) await assertPortFree(settings.port, `${settings.app.toUpperCase()}_PORT`);
    await assertDatabaseReachable(settings.database, `${settings.app.toUpperCase()}_DATABASE_URL`);
    if (settings.redisUrl) await assertRedisReachable(settings.redisUrl);
}

export async function assertPortFree(port: number, variable: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', (err: NodeJS.ErrnoException) =>
            reject(
                err.code === 'EADDRINUSE'
                    ? new StartupError(`Port ${port} is already in use`, `stop the process using it or set ${variable} to a free port`)
                    : err,
            ),
        );
        server.listen(port, () => server.close(() => resolve()));
    });
}

/**
 * Versions before the embedded PostgreSQL kept their data in SQLite files in the data folder. They
 * are not converted: starting on them would seed an empty PostgreSQL beside data that looks lost.
 */
export function assertNoSqliteData(dataDir: string): void {
    const files = ['master.sqlite', 'ecommerce.sqlite'].filter(f => fs.existsSync(path.join(dataDir, f)));
    if (!files.length) return;
    throw new StartupError(
        `The data folder ${dataDir} holds the SQLite database of an earlier version (${files.join(', ')}); this version keeps its data in PostgreSQL and does not convert it`,
        `move the folder away (mv ${dataDir} ${dataDir}-sqlite) or set DATA_DIR to a new folder, then start again with fresh demo data`,
    );
}

export async function assertDatabaseReachable(db: DatabaseSettings, variable: string): Promise<void> {
    const { Client } = await import('pg');
    const client = new Client({
        host: db.host,
        port: db.port,
        user: db.username,
        password: db.password,
        database: db.database,
        ssl: db.ssl ? { rejectUnauthorized: false } : undefined,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    const where = `postgres://${db.username}@${db.host}:${db.port}/${db.database}`;
    try {
        await client.connect();
        await client.query('select 1');
    } catch (err) {
        const code = (err as { code?: string }).code;
        const hint =
            code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
                ? `start PostgreSQL or fix the host/port in ${variable}`
                : code === '3D000'
                  ? `create it (createdb ${db.database}) or fix the name in ${variable}`
                  : `check ${variable}`;
        throw new StartupError(`Cannot connect to PostgreSQL at ${where}: ${describeStartupFailure(err)}`, hint);
    } finally {
        await client.end().catch(() => undefined);
    }
}

export async function assertRedisReachable(redisUrl: string): Promise<void> {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl, {
        lazyConnect: true,
        connectTimeout: CONNECT_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
    });
    let connectionError: unknown;
    redis.on('error', err => (connectionError ??= err));
    try {
        await redis.connect();
        await redis.ping();
    } catch (err) {
        // ioredis reports "Connection is closed"; the socket error says why.
        throw new StartupError(
            `Cannot connect to Redis at ${redactUrl(redisUrl)}: ${describeStartupFailure(connectionError ?? err)}`,
            'start Redis or fix REDIS_URL (unset it to use the SQL job queue)',
        );
    } finally {
        redis.disconnect();
    }
}
