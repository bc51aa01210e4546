/**
 * The services the e2e suites run on. Every suite runs on PostgreSQL: the server named by
 * TEST_PG_URL, which the e2e global set-up (test/test-services.ts) sets when it is unset — to an
 * embedded PostgreSQL it starts for the run, or with TEST_WITH_SERVICES=1 to the machine's
 * PostgreSQL. With TEST_WITH_SERVICES=1 the servers also use Redis (BullMQ job queue, Redis
 * cache), as in production; without it, the SQL job queue of the embedded mode. In that mode an
 * unreachable PostgreSQL or Redis fails the run: it is never skipped.
 */
export function testWithServices(): boolean {
    return /^(1|true|yes)$/i.test(process.env.TEST_WITH_SERVICES ?? '');
}

/** The machine's PostgreSQL, used with TEST_WITH_SERVICES=1 when TEST_PG_URL is unset. */
export const MACHINE_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The PostgreSQL server where the tests create and drop their databases. */
export function testPostgresUrl(): URL {
    const raw = process.env.TEST_PG_URL;
    if (!raw) {
        throw new Error('TEST_PG_URL is not set: run the e2e tests through vitest (its global set-up starts a PostgreSQL)');
    }
    return new URL(raw);
}

/** Redis for the service-backed runs (TEST_WITH_SERVICES=1); undefined otherwise. */
export function testRedisUrl(): string | undefined {
    if (!testWithServices()) return undefined;
    return process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/0';
}
