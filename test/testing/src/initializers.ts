import { registerInitializer, TestDbInitializer } from '@vendure/testing';
import { Client } from 'pg';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

import { testPostgresUrl } from './services';

/**
 * PostgreSQL for @vendure/testing: (re)creates the database named in the connection options.
 * Unlike the stock initializer it does not derive the name from the calling file, so several
 * environments of one test file get their own databases. Unreachable PostgreSQL fails the test.
 */
export class PostgresTestInitializer implements TestDbInitializer<PostgresConnectionOptions> {
    async init(_testFileName: string, options: PostgresConnectionOptions): Promise<PostgresConnectionOptions> {
        const database = String(options.database);
        await createDatabase(database);
        return { ...options, synchronize: true };
    }

    async populate(populateFn: () => Promise<void>): Promise<void> {
        await populateFn();
    }

    destroy(): void {
        // dropped by the test environment's destroy()
    }
}

/** An empty database of that name on the test server (dropped first if it exists). */
export async function createDatabase(database: string): Promise<void> {
    await dropDatabase(database);
    await withAdminClient(client => client.query(`CREATE DATABASE "${database}"`));
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
        throw new Error(`PostgreSQL at ${url.host} is unreachable (${(err as Error).message}): start it or set TEST_PG_URL`);
    }
    try {
        return await fn(client);
    } finally {
        await client.end();
    }
}

registerInitializer('postgres', new PostgresTestInitializer());
