import type { DeadLetter, SyncStream } from '@entrepreneur-os/sync-contract';

import type { EcommerceApi, MasterApi } from './clients';
import type { SyncError } from './errors';
import type { RetryOptions } from './retry';

/** What every engine function needs for one tenant: both sides, where master's assets are, tuning. */
export interface SyncContext {
    master: MasterApi;
    /** The tenant's ecommerce server. */
    ecommerce: EcommerceApi;
    /** Where master serves asset files (`ApplyProductsInput.assetBaseUrl`), e.g. `http://localhost:3000/assets`. */
    assetBaseUrl: string;
    options?: SyncOptions;
    /** Called after every page and apply batch (progress bars, logs). */
    onProgress?: (progress: SyncProgress) => void;
    /** Stops a run between calls; what was applied stays applied. */
    signal?: AbortSignal;
    /** For tests: the clock. @default () => new Date() */
    now?: () => Date;
}

export interface SyncOptions {
    /** Feed entries / movements / summaries read per page (at most 1000). @default 1000 */
    pageSize?: number;
    /** Product ids per `productSnapshots` call (at most 100). @default 100 */
    snapshotBatchSize?: number;
    /** `productSnapshots` calls in flight at once. @default 4 */
    concurrency?: number;
    /** Products (snapshots + removals) per `applyProductSnapshots` call. @default 100 */
    applyBatchSize?: number;
    /** Movements or order summaries per apply call. @default 500 */
    movementBatchSize?: number;
    /** Pages per run at most, so one busy stream cannot hold a worker forever. @default Infinity */
    maxPages?: number;
    /** Retries of retryable errors, per call. */
    retry?: RetryOptions;
}

export const DEFAULT_SYNC_OPTIONS = {
    pageSize: 1000,
    snapshotBatchSize: 100,
    concurrency: 4,
    applyBatchSize: 100,
    movementBatchSize: 500,
    maxPages: Infinity,
} as const;

export interface SyncProgress {
    tenantCode: string;
    stream: SyncStream;
    /** The receiver's checkpoint so far. */
    appliedPosition: number;
    /** The sender's newest position as last read. */
    sourcePosition: number;
    itemsApplied: number;
    pages: number;
}

/** A dead letter with what is needed to try it again (`retryDeadLetters`). */
export interface DeadLetterEntry extends DeadLetter {
    /**
     * catalog: `{ masterProductId, version }` (the product is snapshotted afresh on retry);
     * stock streams: the movement; orders: the order summary.
     */
    item: unknown;
}

/** What one run of a stream did. A run never throws for sync failures: they are in `error`. */
export interface StreamRunResult {
    tenantCode: string;
    stream: SyncStream;
    /** True when the run reached the end of the feed (or `maxPages`) without an error. */
    ok: boolean;
    /** The receiver's checkpoint when the run started and when it ended. */
    startPosition: number;
    appliedPosition: number;
    /** The sender's newest position as last read (the start position if it could not be read). */
    sourcePosition: number;
    lagPositions: number;
    /** Age of the oldest change not applied yet; 0 when caught up. */
    lagSeconds: number;
    /** Products created/changed/removed, movements or summaries applied. */
    itemsApplied: number;
    /** catalog: of `itemsApplied`, the products removed from the shop. */
    itemsRemoved: number;
    /** Replays the receiver already held (stale versions, duplicate keys). */
    itemsSkipped: number;
    /** ecommerce stock only: movements waiting for their variant. */
    itemsPending: number;
    pages: number;
    applyCalls: number;
    /** The stream's dead letters after the run: those given in, minus the ones applied since, plus new ones. */
    deadLetters: DeadLetterEntry[];
    /** How many of `deadLetters` this run added. */
    newDeadLetters: number;
    error: SyncError | null;
    startedAt: string;
    durationMs: number;
}

/** Which side keeps a stream's checkpoint (its inbox) and which side sends it. */
export const STREAM_SIDES = {
    catalog: { sender: 'master', receiver: 'ecommerce' },
    'stock-to-ecommerce': { sender: 'master', receiver: 'ecommerce' },
    'stock-to-master': { sender: 'ecommerce', receiver: 'master' },
    orders: { sender: 'ecommerce', receiver: 'master' },
} as const satisfies Record<SyncStream, { sender: string; receiver: string }>;

/** A dead letter as master stores it: without the payload. */
export function toContractDeadLetter({ stream, itemKey, error, attempts, firstFailedAt, lastFailedAt }: DeadLetterEntry): DeadLetter {
    return { stream, itemKey, error, attempts, firstFailedAt, lastFailedAt };
}
