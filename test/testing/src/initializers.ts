import fs from 'node:fs';
import path from 'node:path';

import { registerInitializer, TestDbInitializer } from '@vendure/testing';
import { Client } from 'pg';
import type { BetterSqlite3ConnectionOptions } from 'typeorm/driver/better-sqlite3/BetterSqlite3ConnectionOptions';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

import { testPostgresUrl } from './services';

/**
 * better-sqlite3 for @vendure/testing (which ships sqljs, postgres and mysql initializers): a fresh
 * database file per test environment, populated on every run so no test depends on a stale cache.
 */
export class BetterSqliteInitializer implements TestDbInitializer<BetterSqlite3ConnectionOptions> {
    init(_testFileName: string, options: BetterSqlite3ConnectionOptions): Promise<BetterSqlite3ConnectionOptions> {
        fs.mkdirSync(path.dirname(options.database), { recursive: true });
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${options.database}${suffix}`, { force: true });
        return Promise.resolve({ ...options, synchronize: true });
    }

    async populate(populateFn: () => Promise<void>): Promise<void> {
        await populateFn();
    }

    destroy(): void {
        // the file goes with the environment's data folder
    }
}

/**
 * PostgreSQL for @vendure/testing: (re)creates the database named in the connection options.
 * Unlike the stock initializer it does not derive the name from the calling file, so several
 * environments of one test file get their own databases. Unreachable PostgreSQL fails the test.
 */
export class PostgresTestInitializer implements TestDbInitializer<PostgresConnectionOptions> {
    async init(_testFileName: string, options: PostgresConnectionOptions): Promise<PostgresConnectionOptions> {
        const database = String(options.database);
        await dropDatabase(database);
        await withAdminClient(client => client.query(`CREATE DATABASE "${database}"`));
        return { ...options, synchronize: true };
    }

    async populate(populateFn: () => Promise<void>): Promise<void> {
        await populateFn();
    }

    destroy(): void {
        // dropped by the test environment's destroy()
    }
}

export async function dropDatabase(database: string): Promise<void> {
    await withAdminClient(client => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const url = testPostgresUrl();
    const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    try {
        await client.connect();
    } catch (err) {
        throw new Error(
            `E2E_DB=postgres but PostgreSQL at ${url.host} is unreachable (${(err as Error).message}): start it or set TEST_PG_URL`,
        );
    }
    try {
        return await fn(client);
    } finally {
        await client.end();
    }
}

registerInitializer('better-sqlite3', new BetterSqliteInitializer());
registerInitializer('postgres', new PostgresTestInitializer());
