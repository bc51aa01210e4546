import { TransactionalConnection } from '@vendure/core';

let tail: Promise<unknown> = Promise.resolve();

/**
 * Runs the sync's writes one at a time within this process on SQLite; on PostgreSQL at once.
 *
 * Why: TypeORM has one SQLite connection per process, so a transaction started while another is open
 * becomes a savepoint inside it. Two tenants' applies at once then share one transaction: the first
 * "commit" only releases a savepoint, and when the other fails (or their commits interleave: "no such
 * savepoint") both are rolled back — data and checkpoint together, so the sidecar applies them again,
 * but the shop meanwhile lacks what it reported as synced. PostgreSQL gives each transaction its own
 * connection (and the sync takes per-tenant advisory locks there).
 *
 * Wrap only the outermost call of a sync operation (a nested call would wait for itself).
 */
export function oneSyncWriteAtATimeOnSqlite<T>(connection: TransactionalConnection, work: () => Promise<T>): Promise<T> {
    if (connection.rawConnection.options.type !== 'better-sqlite3') return work();
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
}
