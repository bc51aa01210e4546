import { StockMovementRecord } from '@entrepreneur-os/pim-plugin';
import { SyncStream } from '@entrepreneur-os/sync-contract';
import {
    EntitySubscriberInterface,
    InsertEvent,
    ObjectLiteral,
    QueryRunner,
    RemoveEvent,
    SoftRemoveEvent,
    TransactionCommitEvent,
    TransactionRollbackEvent,
    UpdateEvent,
} from 'typeorm';

import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { affectedProducts } from './feed-fanout';

type Row = ObjectLiteral;
type AnyEvent = InsertEvent<Row> | UpdateEvent<Row> | RemoveEvent<Row> | SoftRemoveEvent<Row>;

/** A tenant's stream that grew in a committed transaction: its subscribers are told. */
export interface StreamGrowth {
    tenantCode: string;
    stream: Extract<SyncStream, 'catalog' | 'stock-to-ecommerce'>;
}

/**
 * The outbox writer: after every insert, update or removal of a product or of what its snapshot
 * is built from (translations, variants, prices, assets, facets and facet values, options and
 * option groups, supplier prices, pricing rules, the tenant's completeness settings and channel
 * languages), it adds a feed entry for each tenant product the change may alter — through the
 * event's own entity manager, that is inside the transaction of the change. One entry per product
 * and tenant per transaction.
 *
 * It also notes which tenants' streams grew (feed entries, master stock movements) and hands them
 * to `onCommitted` once the transaction has committed, never before: a subscriber told to read may
 * read at once.
 */
export class FeedSubscriber implements EntitySubscriberInterface {
    /** Entries already written in a transaction, so that one updateProduct gives one entry per tenant. */
    private readonly written = new WeakMap<QueryRunner, Set<string>>();
    /** Streams grown in a transaction that has not committed yet. */
    private readonly grown = new WeakMap<QueryRunner, Map<string, StreamGrowth>>();

    constructor(
        private readonly onCommitted: (grown: StreamGrowth[]) => void = () => undefined,
        /** Feed entries per INSERT (plugin option `feedInsertBatch`). */
        private readonly insertBatch = 100,
    ) {}

    afterInsert(event: InsertEvent<Row>) {
        return this.record(event, true);
    }
    afterUpdate(event: UpdateEvent<Row>) {
        return this.record(event);
    }
    beforeRemove(event: RemoveEvent<Row>) {
        // Before: afterwards the product's channel assignments are gone.
        return this.record(event);
    }
    afterSoftRemove(event: SoftRemoveEvent<Row>) {
        return this.record(event);
    }

    private async record(event: AnyEvent, inserted = false): Promise<void> {
        const row = (event.entity ?? (event as RemoveEvent<Row>).databaseEntity) as Row | undefined;
        if (!row) return;
        const target = event.metadata.target;
        if (target === SyncFeedEntry) return this.grew(event.queryRunner, { tenantCode: row.tenantCode as string, stream: 'catalog' });
        if (target === StockMovementRecord) {
            if (inserted && row.origin === 'master') {
                this.grew(event.queryRunner, { tenantCode: row.tenantCode as string, stream: 'stock-to-ecommerce' });
            }
            return;
        }
        const before = (event as UpdateEvent<Row>).databaseEntity as Row | undefined;
        const affected = await affectedProducts(event.manager, target, row, before);
        if (!affected.length) return;
        const seen = this.written.get(event.queryRunner) ?? new Set<string>();
        this.written.set(event.queryRunner, seen);
        const fresh = affected.filter(p => !seen.has(`${p.tenantCode}:${p.productId}`));
        fresh.forEach(p => seen.add(`${p.tenantCode}:${p.productId}`));
        for (let i = 0; i < fresh.length; i += this.insertBatch) {
            await event.manager.insert(
                SyncFeedEntry,
                fresh
                    .slice(i, i + this.insertBatch)
                    .map(({ tenantCode, productId }) => ({ tenantCode, kind: 'PRODUCT' as const, masterProductId: productId })),
            );
        }
    }

    private grew(queryRunner: QueryRunner, growth: StreamGrowth): void {
        if (!growth.tenantCode) return;
        if (!queryRunner?.isTransactionActive) {
            // Written outside a transaction: committed already.
            this.onCommitted([growth]);
            return;
        }
        const pending = this.grown.get(queryRunner) ?? new Map<string, StreamGrowth>();
        pending.set(`${growth.tenantCode}:${growth.stream}`, growth);
        this.grown.set(queryRunner, pending);
    }

    // Commit and rollback events come for savepoints too: only the outermost one ends the transaction.
    afterTransactionCommit(event: TransactionCommitEvent) {
        if (event.queryRunner.isTransactionActive) return;
        const pending = this.grown.get(event.queryRunner);
        this.forget(event.queryRunner);
        if (pending?.size) this.onCommitted([...pending.values()]);
    }
    afterTransactionRollback(event: TransactionRollbackEvent) {
        if (event.queryRunner.isTransactionActive) {
            // A savepoint rolled back: its entries are gone, so the same product must be written again.
            this.written.delete(event.queryRunner);
            return;
        }
        this.forget(event.queryRunner);
    }

    private forget(queryRunner: QueryRunner): void {
        this.written.delete(queryRunner);
        this.grown.delete(queryRunner);
    }
}
