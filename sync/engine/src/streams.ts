import type {
    ApplyMovementsResult,
    FeedEntry,
    ItemOutcome,
    InboxPositions,
    ItemOutcomes,
    OrderSummary,
    PositionedMovement,
    ProductRemoval,
    ProductSnapshot,
    SyncStream,
} from '@entrepreneur-os/sync-contract';

import { SYNC_LIMITS } from '@entrepreneur-os/sync-contract';

import { SyncError } from './errors';
import { DEFAULT_SYNC_OPTIONS, SyncContext } from './types';
import { chunk, mapLimit } from './util';

/** What the receiver said about one apply call. */
export interface ApplyOutcome {
    /** Per unit, in the order of the units given (the spec re-aligns the receiver's order). */
    outcomes: ItemOutcome[];
    /** False: an item was refused for a receiver reason and nothing was written. */
    committed: boolean;
    applied: number;
    skipped: number;
    pending: number;
    /** catalog: products removed (also counted in `applied`). */
    removed?: number;
    /** The checkpoint after the call, when the receiver tells. */
    position?: number;
}

/** One product to apply: a fresh snapshot, or a removal at the feed position that said so. */
export type CatalogUnit =
    | { kind: 'snapshot'; masterProductId: string; version: number; snapshot: ProductSnapshot }
    | { kind: 'removal'; masterProductId: string; version: number; removal: ProductRemoval };

/**
 * How the runner reads and applies one stream: a feed of items `T` read after a position, turned
 * into units `U` the receiver applies (for the catalog, feed entries become snapshots and removals).
 */
export interface StreamSpec<T, U> {
    stream: SyncStream;
    readPosition(): Promise<number>;
    readPage(after: number, take: number): Promise<{ items: T[]; lastPosition: number }>;
    positionOf(item: T): number;
    occurredAtOf(item: T): string;
    prepare(items: T[]): Promise<U[]>;
    keyOf(unit: U): string;
    /** What a dead letter keeps to try the unit again. */
    payloadOf(unit: U): unknown;
    /** Units again from dead-letter payloads (the catalog snapshots them afresh). */
    fromPayloads(payloads: unknown[]): Promise<U[]>;
    apply(units: U[], feedPosition: number | null, force?: boolean): Promise<ApplyOutcome>;
    batchSize: number;
    /** The largest `take` the sender accepts for this feed. */
    maxPageSize: number;
}

export function inboxPosition(inbox: InboxPositions, stream: SyncStream): number {
    return inbox.positions.find(p => p.stream === stream)?.position ?? 0;
}

type Call = <R>(fn: () => Promise<R>) => Promise<R>;

/** The spec of `stream` for a tenant; `call` wraps every remote call (retries). */
export function streamSpec(ctx: SyncContext, tenantCode: string, stream: SyncStream, call: Call): StreamSpec<unknown, unknown> {
    const options = { ...DEFAULT_SYNC_OPTIONS, ...ctx.options };
    const { master, ecommerce } = ctx;
    switch (stream) {
        case 'catalog':
            return catalogSpec(ctx, tenantCode, call);
        case 'stock-to-ecommerce':
            return movementSpec({
                stream,
                readPosition: async () => inboxPosition(await ecommerce.syncInbox(tenantCode), stream),
                readPage: async (after, take) => {
                    const page = await master.masterStockMovements(tenantCode, after, take);
                    return { items: page.movements, lastPosition: page.lastPosition };
                },
                apply: async (movements, feedPosition) =>
                    movementOutcome(await ecommerce.applyMasterStockMovements(tenantCode, movements, feedPosition), movements.length),
                batchSize: options.movementBatchSize,
            });
        case 'stock-to-master':
            return movementSpec({
                stream,
                readPosition: async () => inboxPosition(await master.syncInbox(tenantCode), stream),
                readPage: async (after, take) => {
                    const page = await ecommerce.shopStockMovements(tenantCode, after, take);
                    return { items: page.movements, lastPosition: page.lastPosition };
                },
                apply: async (movements, feedPosition) =>
                    movementOutcome(await master.applyShopStockMovements(tenantCode, movements, feedPosition), movements.length),
                batchSize: options.movementBatchSize,
            });
        case 'orders':
            return {
                stream,
                readPosition: async () => inboxPosition(await master.syncInbox(tenantCode), stream),
                readPage: async (after: number, take: number) => {
                    const page = await ecommerce.orderStatusFeed(tenantCode, after, take);
                    return { items: page.summaries, lastPosition: page.lastPosition };
                },
                positionOf: (s: OrderSummary) => s.version,
                occurredAtOf: (s: OrderSummary) => s.updatedAt,
                prepare: (items: OrderSummary[]) => Promise.resolve(items),
                keyOf: (s: OrderSummary) => s.orderCode,
                payloadOf: (s: OrderSummary) => s,
                fromPayloads: (payloads: unknown[]) => Promise.resolve(payloads as OrderSummary[]),
                apply: async (summaries: OrderSummary[], feedPosition: number | null) => {
                    const r = await master.applyOrderSummaries(tenantCode, summaries, feedPosition);
                    return {
                        ...withOutcomes(r, summaries.length),
                        applied: r.applied,
                        skipped: r.stale ?? 0,
                        pending: 0,
                        position: r.position,
                    };
                },
                batchSize: options.movementBatchSize,
                maxPageSize: SYNC_LIMITS.orderFeedPage,
            } satisfies StreamSpec<OrderSummary, OrderSummary>;
        default:
            throw new SyncError(`unknown stream "${String(stream)}"`, { kind: 'poison' });
    }
}

function movementSpec(
    spec: Pick<StreamSpec<PositionedMovement, PositionedMovement>, 'stream' | 'readPosition' | 'readPage' | 'apply' | 'batchSize'>,
): StreamSpec<PositionedMovement, PositionedMovement> {
    return {
        ...spec,
        positionOf: m => m.position,
        occurredAtOf: m => m.occurredAt,
        prepare: items => Promise.resolve(items),
        keyOf: m => m.idempotencyKey,
        payloadOf: m => m,
        fromPayloads: payloads => Promise.resolve(payloads as PositionedMovement[]),
        maxPageSize: SYNC_LIMITS.feedPage,
    };
}

/**
 * The catalog: feed entries → product ids (deduplicated, first occurrence order; version = the
 * newest position of the product in the page) → snapshots (batches of ≤ 100, `concurrency` calls at
 * once) → a snapshot to apply or a removal.
 */
export function catalogSpec(ctx: SyncContext, tenantCode: string, call: Call): StreamSpec<FeedEntry, CatalogUnit> {
    const options = { ...DEFAULT_SYNC_OPTIONS, ...ctx.options };
    const snapshotUnits = async (versions: Map<string, number>): Promise<CatalogUnit[]> => {
        const ids = [...versions.keys()];
        const batches = chunk(ids, Math.min(SYNC_LIMITS.snapshotsPerCall, options.snapshotBatchSize));
        const results = (
            await mapLimit(batches, options.concurrency, ids => call(() => ctx.master.productSnapshots(tenantCode, ids)))
        ).flat();
        const byId = new Map(results.map(r => [String(r.masterProductId), r]));
        return ids.map((id): CatalogUnit => {
            const result = byId.get(id);
            if (!result) {
                throw new SyncError(`master's productSnapshots gave no result for product ${id}`, {
                    kind: 'retryable',
                    server: 'master',
                    operation: 'productSnapshots',
                });
            }
            const version = versions.get(id) ?? 0;
            if (result.snapshot)
                return { kind: 'snapshot', masterProductId: id, version: result.snapshot.version, snapshot: result.snapshot };
            return {
                kind: 'removal',
                masterProductId: id,
                version,
                removal: { masterProductId: id, version, reason: result.reason ?? 'DELETED' },
            };
        });
    };
    return {
        stream: 'catalog',
        readPosition: async () => inboxPosition(await ctx.ecommerce.syncInbox(tenantCode), 'catalog'),
        readPage: async (after, take) => {
            const page = await ctx.master.syncFeed(tenantCode, after, take);
            return { items: page.entries, lastPosition: page.lastPosition };
        },
        positionOf: e => e.position,
        occurredAtOf: e => e.occurredAt,
        prepare: entries => {
            const versions = new Map<string, number>();
            for (const e of entries) {
                const id = String(e.masterProductId);
                versions.set(id, Math.max(versions.get(id) ?? 0, e.position));
            }
            return snapshotUnits(versions);
        },
        keyOf: u => u.masterProductId,
        payloadOf: u => ({ masterProductId: u.masterProductId, version: u.version }),
        fromPayloads: payloads => {
            const versions = new Map<string, number>();
            for (const p of payloads as Array<{ masterProductId: string; version: number }>) versions.set(p.masterProductId, p.version);
            return snapshotUnits(versions);
        },
        apply: async (units, feedPosition, force) => {
            const snapshots = units.filter(u => u.kind === 'snapshot');
            const removals = units.filter(u => u.kind === 'removal');
            const r = await ctx.ecommerce.applyProductSnapshots({
                tenantCode,
                assetBaseUrl: ctx.assetBaseUrl,
                snapshots: snapshots.map(u => u.snapshot),
                removals: removals.map(u => u.removal),
                feedPosition,
                ...(force ? { force: true } : {}),
            });
            // The shop answers snapshots first, then removals: back into the units' (feed) order.
            const { outcomes, committed } = withOutcomes(r, units.length);
            const outcomeOf = new Map([...snapshots, ...removals].map((u, i) => [u, outcomes[i]]));
            return {
                outcomes: units.map(u => outcomeOf.get(u)!),
                committed,
                applied: r.applied + r.removed,
                removed: r.removed,
                skipped: r.stale,
                pending: 0,
                position: r.position,
            };
        },
        batchSize: options.applyBatchSize,
        maxPageSize: SYNC_LIMITS.feedPage,
    };
}

/** What a receiver of stock movements said, as the runner reads it. */
function movementOutcome(r: ApplyMovementsResult, sent: number): ApplyOutcome {
    return { ...withOutcomes(r, sent), applied: r.applied, skipped: r.duplicates, pending: r.pending ?? 0, position: r.position };
}

/** The receiver's item outcomes, checked: one per item sent, or the answer is not usable. */
function withOutcomes(result: Partial<ItemOutcomes>, sent: number): ItemOutcomes {
    if (!Array.isArray(result.outcomes) || result.outcomes.length !== sent || typeof result.committed !== 'boolean') {
        throw new SyncError(
            `the receiver answered without an outcome per item (${result.outcomes?.length ?? 'none'} for ${sent}): is it running an older version of the sync plugin?`,
            { kind: 'receiver' },
        );
    }
    return { outcomes: result.outcomes, committed: result.committed };
}
