import {
    DataSource,
    EntitySubscriberInterface,
    InsertEvent,
    ObjectLiteral,
    QueryRunner,
    TransactionCommitEvent,
    TransactionRollbackEvent,
} from 'typeorm';

/**
 * Feeds read by position (master's catalog feed and stock movements, the shop's stock movements and
 * order feed) must never let a reader pass an entry that commits later. Two transactions can
 * commit out of id order: a reader that saw id 11 could move its checkpoint past id 10, still
 * uncommitted, and never read it.
 *
 * The rule: a transaction inserting into a feed table holds a shared advisory lock
 * on that feed until it ends (writers never wait for each other); a reader takes the lock
 * exclusively for a moment — that waits for the writers in flight to end — and reads the highest
 * id then (the settled position). Ids given out after that are higher, so every entry up to the
 * settled position is committed or gone for good, and readers stop there.
 */
export const FEED_TABLES = {
    eos_sync_feed: 'eos-feed:catalog',
    eos_stock_movement: 'eos-feed:master-stock',
    stock_movement: 'eos-feed:shop-stock',
    eos_shop_order_feed: 'eos-feed:orders',
} as const;

export type FeedTable = keyof typeof FEED_TABLES;

/** How long a reader waits for writers in flight before it reports nothing new (they may be a long import). */
const SETTLE_TIMEOUT_MS = 2000;
/** Tries without queueing first: a queued exclusive request makes new writers queue behind it. */
const TRY_LOCK_MS = 250;

/** Takes the shared feed lock in each transaction that inserts into a feed table. */
export class FeedWriteLockSubscriber implements EntitySubscriberInterface {
    private readonly held = new WeakMap<QueryRunner, Set<string>>();

    async beforeInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
        const key = FEED_TABLES[event.metadata.tableName as FeedTable];
        const runner = event.queryRunner;
        if (!key || !runner?.isTransactionActive) return;
        const held = this.held.get(runner) ?? new Set<string>();
        if (held.has(key)) return;
        await runner.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [key]);
        held.add(key);
        this.held.set(runner, held);
    }

    // A query runner is reused for later transactions: the locks ended with this one. A released
    // savepoint keeps them (the transaction goes on); one rolled back to has let go of what it took.
    afterTransactionCommit(event: TransactionCommitEvent): void {
        if (!event.queryRunner.isTransactionActive) this.held.delete(event.queryRunner);
    }
    afterTransactionRollback(event: TransactionRollbackEvent): void {
        this.held.delete(event.queryRunner);
    }
}

/** Registers the subscriber once on the live data source. */
export function registerFeedWriteLock(dataSource: DataSource): void {
    if (!dataSource.subscribers.some(s => s instanceof FeedWriteLockSubscriber)) dataSource.subscribers.push(new FeedWriteLockSubscriber());
}

/**
 * The highest id of `table` up to which every entry has been committed (or rolled back): readers
 * read no further. When writers are still in flight after SETTLE_TIMEOUT_MS, returns null: nothing
 * is settled yet, the caller reports no new entries.
 */
export async function settledFeedPosition(dataSource: DataSource, table: FeedTable): Promise<number | null> {
    const maxId = `SELECT MAX("id") AS "max" FROM "${table}"`;
    const key = FEED_TABLES[table];
    return dataSource.transaction(async manager => {
        const started = Date.now();
        for (;;) {
            const [{ locked }] = await manager.query<Array<{ locked: boolean }>>(
                'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS "locked"',
                [key],
            );
            if (locked) break;
            if (Date.now() - started >= TRY_LOCK_MS) {
                await manager.query(`SET LOCAL lock_timeout = ${SETTLE_TIMEOUT_MS - TRY_LOCK_MS}`);
                try {
                    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
                    break;
                } catch {
                    return null;
                }
            }
            await new Promise(resolve => setTimeout(resolve, 10));
        }
        const [row] = await manager.query<Array<{ max: number | string | null }>>(maxId);
        return Number(row?.max ?? 0);
    });
}
