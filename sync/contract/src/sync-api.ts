import type { ItemOutcomes } from './outcomes';
import type { ProductSnapshot } from './product-snapshot';
import type { StockMovement } from './stock-movement';

/**
 * The shapes the sync operations of both servers take and return (their GraphQL is listed in
 * sync/README.md). Defined once: the Vendure plugins and the engine both import them.
 */

/** The streams a tenant's sync runs; each has its own checkpoint kept by the receiving side. */
export const SYNC_STREAMS = ['catalog', 'stock-to-ecommerce', 'stock-to-master', 'orders'] as const;
export type SyncStream = (typeof SYNC_STREAMS)[number];

/** One entry of master's catalog feed: "build a fresh snapshot of this product". */
export interface FeedEntry {
    position: number;
    kind: 'PRODUCT';
    masterProductId: string;
    occurredAt: string;
}

export interface FeedPage {
    entries: FeedEntry[];
    /** The stream's newest position: lag = lastPosition − the receiver's position. */
    lastPosition: number;
}

export type SnapshotAbsence = 'NOT_IN_CATALOG' | 'DELETED' | 'INCOMPLETE';

export interface SnapshotResult {
    masterProductId: string;
    snapshot: ProductSnapshot | null;
    reason: SnapshotAbsence | null;
    missing: string[];
}

/** A product the shop must no longer show, at the feed position that said so. */
export interface ProductRemoval {
    masterProductId: string;
    version: number;
    reason: SnapshotAbsence;
}

export interface ApplyProductsInput {
    tenantCode: string;
    /** Where master serves asset files: `<assetBaseUrl>/<AssetRef.sourceUrl>`. */
    assetBaseUrl: string;
    snapshots: ProductSnapshot[];
    removals: ProductRemoval[];
    /** Recorded as the catalog checkpoint in the same transaction; omitted for a batch in the middle of a page. */
    feedPosition?: number | null;
    /** repair: apply even when the shop holds the same or a newer version. */
    force?: boolean | null;
}

/** Per item (snapshots first, then removals, in the order sent): see outcomes.ts. */
export interface ApplyProductsResult extends ItemOutcomes {
    /** Products created or changed. */
    applied: number;
    /** Snapshots whose version the shop already held (a replay): nothing changed. */
    stale: number;
    removed: number;
    /** The catalog checkpoint after the call. */
    position: number;
}

/** A stock movement with its position in the sending side's ordered feed. */
export interface PositionedMovement extends StockMovement {
    position: number;
}

export interface MovementPage {
    movements: PositionedMovement[];
    lastPosition: number;
}

/** Per movement, in the order sent (key: the idempotency key): see outcomes.ts. */
export interface ApplyMovementsResult extends ItemOutcomes {
    applied: number;
    /** Idempotency keys seen before: nothing changed. */
    duplicates: number;
    /** ecommerce only: movements for variants not replicated yet, applied when the variant arrives. */
    pending: number;
    position: number;
}

/** An ecommerce order as master keeps it: state, totals and lines by master variant id. */
export interface OrderSummary {
    tenantCode: string;
    orderCode: string;
    state: string;
    currencyCode: string;
    /** Minor units. */
    subTotalWithTax: number;
    shippingWithTax: number;
    totalWithTax: number;
    totalQuantity: number;
    customerEmail: string | null;
    placedAt: string | null;
    updatedAt: string;
    /** The order feed position it was read at: master keeps the newest. */
    version: number;
    lines: OrderSummaryLine[];
}

export interface OrderSummaryLine {
    masterVariantId: string;
    sku: string;
    productName: string;
    quantity: number;
    unitPriceWithTax: number;
    linePriceWithTax: number;
}

/** What master answers to `applyOrderSummaries`, per summary in the order sent (key: the order code). */
export interface ApplySummariesResult extends ItemOutcomes {
    /** Summaries stored: new orders, or a newer version of one. */
    applied: number;
    /** Summaries whose version master already held or surpassed: nothing changed. */
    stale: number;
    /** The orders checkpoint after the call. */
    position: number;
}

export interface OrderSummaryPage {
    summaries: OrderSummary[];
    lastPosition: number;
}

/** The receiving side's checkpoints for a tenant (0: nothing received yet). */
export interface InboxPositions {
    tenantCode: string;
    /** ecommerce: catalog and master stock applied; master: ecommerce stock and orders applied. */
    positions: Array<{ stream: SyncStream; position: number; updatedAt: string | null }>;
}

/** Something the engine gave up on (poison): kept for operators until a retry succeeds. */
export interface DeadLetter {
    stream: SyncStream;
    /** What failed: a master product id, an idempotency key, an order code. */
    itemKey: string;
    error: string;
    attempts: number;
    firstFailedAt: string;
    lastFailedAt: string;
}

/** What a sidecar reports to master after each run of a stream. */
export interface SyncStatusReport {
    tenantCode: string;
    stream: SyncStream;
    sourcePosition: number;
    appliedPosition: number;
    /** Age of the oldest change not yet applied; 0 when caught up. */
    lagSeconds: number;
    lastSuccessAt: string | null;
    lastError: string | null;
    deadLetters: DeadLetter[];
}

/** The body master posts to a subscriber when a tenant's stream grows. */
export interface PushNotification {
    tenantCode: string;
    stream: SyncStream | 'retry';
    lastPosition: number;
    sentAt: string;
}

/**
 * What every server accepts per call, and what the engine stays within: part of the contract, so
 * both sides read the same numbers (a server's own protective limits are its plugin's options).
 */
export const SYNC_LIMITS = {
    /** Entries of master's catalog feed, or stock movements, per page. */
    feedPage: 1000,
    /** Order summaries per page of the shop's order feed. */
    orderFeedPage: 500,
    /** Product ids per `productSnapshots` call. */
    snapshotsPerCall: 100,
    /** Stock movements or order summaries per apply call. */
    itemsPerApply: 1000,
} as const;
