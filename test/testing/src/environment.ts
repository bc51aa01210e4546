import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { appVar, buildVendureConfig, loadSettings, RunnableApp, ServerSettings } from '@entrepreneur-os/platform';
import { DefaultLogger, defaultConfig, LogLevel, mergeConfig, NoopLogger, VendureConfig } from '@vendure/core';
import { createTestEnvironment, SimpleGraphQLClient, TestServer } from '@vendure/testing';

import { testInitialData, testProductsCsv } from './fixtures';
import { freePort, queryDatabase } from './helpers';
import { createDatabase, dropDatabase } from './initializers';
import { testPostgresUrl, testRedisUrl } from './services';

export interface AppTestEnvironment {
    server: TestServer;
    adminClient: SimpleGraphQLClient;
    shopClient: SimpleGraphQLClient;
    config: Required<VendureConfig>;
    settings: ServerSettings;
    /** http://localhost:<port> of this server. */
    baseUrl: string;
    /** Connection string of its own database (for tests reading what was really committed). */
    databaseUrl: string;
    /** Boots the server with the test catalog; call in beforeAll. */
    start(options?: { withCatalog?: boolean; customerCount?: number }): Promise<void>;
    /** Stops the server and drops its database / data folder; call in afterAll. */
    destroy(): Promise<void>;
}

/**
 * A real server of one of our apps, built from its real configuration (the same code path as
 * `npm start`), with its own port, PostgreSQL database and data folder — and its own Redis key
 * prefix when the run uses Redis (TEST_WITH_SERVICES).
 */
export async function createAppTestEnvironment(
    app: RunnableApp,
    name: string,
    env: Record<string, string> = {},
): Promise<AppTestEnvironment> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `eos-e2e-${app.name}-`));
    const dbName = `e2e_${app.name}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    const appEnv: Record<string, string> = {
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        [appVar(app.name, 'PORT')]: String(port),
        [appVar(app.name, 'DATABASE_URL')]: databaseUrl(dbName),
        ...redisEnv(dbName),
        ...env,
    };
    const settings = loadSettings(app.name, appEnv);
    const logger = process.env.LOG ? new DefaultLogger({ level: LogLevel.Info }) : new NoopLogger();
    const base = buildVendureConfig(settings, app);
    // Vendure fills in defaults at bootstrap; the test clients read some of them (auth header names) up front.
    const config = mergeConfig(mergeConfig(defaultConfig, base), {
        logger,
        // The postgres initializer creates the database and synchronises the schema.
        dbConnectionOptions: { synchronize: true, database: dbName },
    }) as Required<VendureConfig>;
    const { server, adminClient, shopClient } = createTestEnvironment(config);

    return {
        server,
        adminClient,
        shopClient,
        config,
        settings,
        baseUrl: `http://localhost:${port}`,
        databaseUrl: appEnv[appVar(app.name, 'DATABASE_URL')],
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
            await dropDatabase(dbName);
            if (settings.redisUrl) await deleteRedisKeys(settings.redisUrl, `${settings.redisKeyPrefix}-*`);
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
    const [row] = await queryDatabase<{ n: string }>(env.databaseUrl, 'SELECT count(*) AS n FROM job_record');
    return { redisQueueKeys: 0, redisCacheKeys: 0, sqlJobRecords: Number(row.n) };
}

function databaseUrl(dbName: string): string {
    return new URL(`/${dbName}`, testPostgresUrl()).toString();
}

/** With Redis (TEST_WITH_SERVICES): its URL and a key prefix of the database's name, so parallel test files never share jobs. */
function redisEnv(dbName: string): Record<string, string> {
    const redisUrl = testRedisUrl();
    return redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: dbName } : {};
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
 * Environment variables for running an app as a real process (`node master/dist/index.js`): a
 * fresh data folder, a free port and an empty database (and Redis with TEST_WITH_SERVICES).
 */
export async function prepareAppProcessEnv(app: 'master' | 'ecommerce', name: string): Promise<AppProcessEnv> {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `eos-proc-${app}-`));
    const dbName = `e2e_proc_${app}_${name}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
    await createDatabase(dbName);
    const env: Record<string, string> = {
        DATA_DIR: dataDir,
        [appVar(app, 'PORT')]: String(port),
        LOG_LEVEL: 'warn',
        [appVar(app, 'DATABASE_URL')]: databaseUrl(dbName),
        ...redisEnv(dbName),
    };
    return {
        env,
        dataDir,
        port,
        baseUrl: `http://localhost:${port}`,
        async cleanup() {
            fs.rmSync(dataDir, { recursive: true, force: true });
            await dropDatabase(dbName);
            if (env.REDIS_URL) await deleteRedisKeys(env.REDIS_URL, `${dbName}-*`);
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
    const rows = await queryDatabase<{ data: string | Record<string, unknown> }>(
        env.databaseUrl,
        `SELECT data FROM job_record WHERE "queueName" = '${queueName.replace(/'/g, "''")}'`,
    );
    return rows.map(r => (typeof r.data === 'string' ? (JSON.parse(r.data) as Record<string, unknown>) : r.data));
}
