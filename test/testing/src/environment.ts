import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { appVar, buildVendureConfig, loadSettings, RunnableApp, ServerSettings } from '@entrepreneur-os/platform';
import { DefaultLogger, defaultConfig, LogLevel, mergeConfig, NoopLogger, VendureConfig } from '@vendure/core';
import { createTestEnvironment, SimpleGraphQLClient, TestServer } from '@vendure/testing';

import { testInitialData, testProductsCsv } from './fixtures';
import { freePort } from './helpers';
import { dropDatabase, PostgresTestInitializer } from './initializers';
import { testBackend, testPostgresUrl, testRedisUrl } from './services';
import './initializers';

export interface AppTestEnvironment {
    server: TestServer;
    adminClient: SimpleGraphQLClient;
    shopClient: SimpleGraphQLClient;
    config: Required<VendureConfig>;
    settings: ServerSettings;
    /** http://localhost:<port> of this server. */
    baseUrl: string;
    /** Boots the server with the test catalog; call in beforeAll. */
    start(options?: { withCatalog?: boolean; customerCount?: number }): Promise<void>;
    /** Stops the server and drops its database / data folder; call in afterAll. */
    destroy(): Promise<void>;
}

/**
 * A real server of one of our apps, built from its real configuration (the same code path as
 * `npm start`), on the backend chosen by E2E_DB, with its own port, database and data folder.
 */
export async function createAppTestEnvironment(
    app: RunnableApp,
    name: string,
    env: Record<string, string> = {},
): Promise<AppTestEnvironment> {
    const backend = testBackend();
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `eos-e2e-${app.name}-`));
    const dbName = `e2e_${app.name}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    const pgUrl = testPostgresUrl();
    const appEnv: Record<string, string> = {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        [appVar(app.name, 'PORT')]: String(port),
        ...(backend === 'postgres'
            ? {
                  [appVar(app.name, 'DATABASE_URL')]: new URL(`/${dbName}`, pgUrl).toString(),
                  REDIS_URL: testRedisUrl(),
                  // Own BullMQ queues and cache keys, so parallel test files never share jobs.
                  REDIS_KEY_PREFIX: dbName,
              }
            : {}),
        ...env,
    };
    const settings = loadSettings(app.name, appEnv);
    const logger = process.env.LOG ? new DefaultLogger({ level: LogLevel.Info }) : new NoopLogger();
    const base = buildVendureConfig(settings, app);
    // Vendure fills in defaults at bootstrap; the test clients read some of them (auth header names) up front.
    const config = mergeConfig(mergeConfig(defaultConfig, base), {
        logger,
        dbConnectionOptions:
            settings.database.type === 'better-sqlite3'
                ? { synchronize: true, database: path.join(dataDir, `${app.name}.sqlite`) }
                : // The postgres initializer creates the database and synchronises the schema.
                  { synchronize: true, database: dbName },
    }) as Required<VendureConfig>;
    const { server, adminClient, shopClient } = createTestEnvironment(config);

    return {
        server,
        adminClient,
        shopClient,
        config,
        settings,
        baseUrl: `http://localhost:${port}`,
        async start(options = {}) {
            await server.init({
                initialData: testInitialData,
                productsCsvPath: options.withCatalog === false ? undefined : testProductsCsv,
                customerCount: options.customerCount ?? 2,
            });
        },
        async destroy() {
            await server.destroy();
            fs.rmSync(dataDir, { recursive: true, force: true });
            if (backend === 'postgres') {
                await dropDatabase(dbName);
                await deleteRedisKeys(settings.redisUrl!, `${settings.redisKeyPrefix}-*`);
            }
        },
    };
}

/** Where an environment's jobs and cache entries actually went: proves which backend is in use. */
export async function inspectQueueBackend(env: AppTestEnvironment) {
    const { settings } = env;
    if (settings.redisUrl) {
        const { Redis } = await import('ioredis');
        const redis = new Redis(settings.redisUrl);
        try {
            const queueKeys = await redis.keys(`${settings.redisKeyPrefix}-${settings.app}:*`);
            const cacheKeys = await redis.keys(`${settings.redisKeyPrefix}-${settings.app}-cache*`);
            return { redisQueueKeys: queueKeys.length, redisCacheKeys: cacheKeys.length, sqlJobRecords: 0 };
        } finally {
            redis.disconnect();
        }
    }
    const file = env.config.dbConnectionOptions.database as string;
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file, { readonly: true });
    try {
        const row = db.prepare('SELECT count(*) AS n FROM job_record').get() as { n: number };
        return { redisQueueKeys: 0, redisCacheKeys: 0, sqlJobRecords: row.n };
    } finally {
        db.close();
    }
}

async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
    const { Redis } = await import('ioredis');
    const redis = new Redis(redisUrl);
    try {
        const keys = await redis.keys(pattern);
        if (keys.length) await redis.del(...keys);
    } finally {
        redis.disconnect();
    }
}

export interface AppProcessEnv {
    env: Record<string, string>;
    dataDir: string;
    baseUrl: string;
    port: number;
    /** Drops the database, Redis keys and data folder. */
    cleanup(): Promise<void>;
}

/**
 * Environment variables for running an app as a real process (`node master/dist/index.js`) on the
 * backend chosen by E2E_DB: a fresh data folder, a free port and, for postgres, an empty database.
 */
export async function prepareAppProcessEnv(app: 'master' | 'ecommerce', name: string): Promise<AppProcessEnv> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `eos-proc-${app}-`));
    const dbName = `e2e_proc_${app}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    const env: Record<string, string> = { DATA_DIR: dataDir, [appVar(app, 'PORT')]: String(port), LOG_LEVEL: 'warn' };
    if (testBackend() === 'postgres') {
        await new PostgresTestInitializer().init('', { type: 'postgres', database: dbName });
        Object.assign(env, {
            [appVar(app, 'DATABASE_URL')]: new URL(`/${dbName}`, testPostgresUrl()).toString(),
            REDIS_URL: testRedisUrl(),
            REDIS_KEY_PREFIX: dbName,
        });
    }
    return {
        env,
        dataDir,
        port,
        baseUrl: `http://localhost:${port}`,
        async cleanup() {
            fs.rmSync(dataDir, { recursive: true, force: true });
            if (testBackend() === 'postgres') {
                await dropDatabase(dbName);
                await deleteRedisKeys(testRedisUrl(), `${dbName}-*`);
            }
        },
    };
}

/**
 * The data of every job of a queue as stored by the backend (SQL job table or BullMQ hashes in
 * Redis): what a probe inspects for leaked tokens or secrets.
 */
export async function storedJobData(env: AppTestEnvironment, queueName: string): Promise<Array<Record<string, unknown>>> {
    const { settings } = env;
    if (settings.redisUrl) {
        const { Redis } = await import('ioredis');
        const redis = new Redis(settings.redisUrl);
        try {
            const keys = await redis.keys(`${settings.redisKeyPrefix}-${settings.app}:*:[0-9]*`);
            const jobs = await Promise.all(keys.map(k => redis.hmget(k, 'name', 'data').catch(() => [null, null])));
            return jobs.filter(([name]) => name === queueName).map(([, data]) => JSON.parse(data ?? '{}') as Record<string, unknown>);
        } finally {
            redis.disconnect();
        }
    }
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(env.config.dbConnectionOptions.database as string, { readonly: true });
    try {
        const rows = db.prepare('SELECT data FROM job_record WHERE queueName = ?').all(queueName) as Array<{ data: string }>;
        return rows.map(r => JSON.parse(r.data) as Record<string, unknown>);
    } finally {
        db.close();
    }
}
