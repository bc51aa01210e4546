import { assertDatabaseReachable, assertRedisReachable, parseDatabaseUrl } from '@entrepreneur-os/platform';
import { startTemporaryPostgres, TemporaryPostgres } from '@entrepreneur-os/platform/dist/embedded-postgres.js';
import { MACHINE_POSTGRES_URL, testRedisUrl, testWithServices } from '@entrepreneur-os/testing';

/**
 * Global set-up of the e2e project: the PostgreSQL every suite creates its databases on.
 * - TEST_PG_URL set: that server.
 * - TEST_WITH_SERVICES=1 (CI): the machine's PostgreSQL and Redis.
 * - otherwise: an embedded PostgreSQL for this run (a scratch cluster in a temp folder, stopped
 *   and removed afterwards — also when vitest is killed).
 * An unreachable service fails the whole run with one line saying which and how to fix it.
 */
export default async function startTestServices(): Promise<(() => Promise<void>) | undefined> {
    let embedded: TemporaryPostgres | undefined;
    if (!process.env.TEST_PG_URL && testWithServices()) process.env.TEST_PG_URL = MACHINE_POSTGRES_URL;
    if (!process.env.TEST_PG_URL) {
        embedded = await startTemporaryPostgres('scratch', 'eos-test-postgres');
        // Test files and the server processes they spawn inherit it.
        process.env.TEST_PG_URL = embedded.server.url('postgres');
    }
    const db = parseDatabaseUrl(process.env.TEST_PG_URL, 'TEST_PG_URL')!;
    await assertDatabaseReachable(db, 'TEST_PG_URL');
    const redisUrl = testRedisUrl();
    if (redisUrl) await assertRedisReachable(redisUrl);
    return embedded && (() => embedded.dispose());
}
