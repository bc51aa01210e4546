import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';

let installed = false;

/**
 * In the embedded mode a server and its worker are two processes writing one SQLite file.
 * TypeORM opens transactions with a deferred `BEGIN`, which reads first and upgrades to a write
 * lock later; in WAL mode that upgrade fails at once with "database is locked" when the other
 * process wrote in between, and no busy timeout can help. `BEGIN IMMEDIATE` takes the write lock
 * up front and waits for it (up to the driver's busy timeout), so both processes simply queue.
 */
export function useImmediateSqliteTransactions(): void {
    if (installed) return;
    installed = true;
    const proto = BetterSqlite3QueryRunner.prototype as unknown as { query: (sql: string, ...rest: unknown[]) => Promise<unknown> };
    const query = proto.query;
    proto.query = function (this: unknown, sql: string, ...rest: unknown[]) {
        return query.call(this, sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest);
    };
}
