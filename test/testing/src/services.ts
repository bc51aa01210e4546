/**
 * Which backend the e2e suites run against. `E2E_DB=postgres` switches every suite to PostgreSQL
 * (a database created and dropped per test file) plus Redis (BullMQ job queue and Redis cache).
 * In that mode an unreachable PostgreSQL or Redis fails the run: it is never skipped.
 */
export type TestBackend = 'sqlite' | 'postgres';

export function testBackend(): TestBackend {
    const raw = (process.env.E2E_DB || 'sqlite').toLowerCase();
    if (raw === 'sqlite' || raw === 'better-sqlite3') return 'sqlite';
    if (raw === 'postgres' || raw === 'postgresql') return 'postgres';
    throw new Error(`E2E_DB must be "sqlite" or "postgres" (got "${process.env.E2E_DB}")`);
}

/** The PostgreSQL server the postgres backend uses (TEST_PG_URL, default the local trust-auth server). */
export function testPostgresUrl(): URL {
    return new URL(process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
}

export function testRedisUrl(): string {
    return process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/0';
}
