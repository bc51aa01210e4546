import { assertDatabaseReachable, assertRedisReachable, parseDatabaseUrl } from '@entrepreneur-os/platform';

import { testPostgresUrl, testRedisUrl } from '@entrepreneur-os/testing';

/**
 * Global set-up of the e2e-postgres project. Before any service-backed suite runs: PostgreSQL and Redis must answer. An unreachable service
 * fails the whole run with one line saying which and how to fix it — it is never skipped.
 */
export default async function checkServices(): Promise<void> {
    const db = parseDatabaseUrl(testPostgresUrl().toString(), 'TEST_PG_URL', '')!;
    await assertDatabaseReachable(db, 'TEST_PG_URL');
    await assertRedisReachable(testRedisUrl());
}
