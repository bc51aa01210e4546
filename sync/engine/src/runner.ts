import { isReceiverRefusal, ItemOutcome, REFUSAL_CODES, SYNC_LIMITS, SyncStream } from '@entrepreneur-os/sync-contract';

import { SyncError, toSyncError } from './errors';
import { retry } from './retry';
import { StreamSpec, streamSpec } from './streams';
import { DEFAULT_SYNC_OPTIONS, DeadLetterEntry, StreamRunResult, SyncContext } from './types';
import { chunk, secondsSince } from './util';

/** Extra input of a run: the stream's dead letters so far (kept by the caller between runs). */
export interface StreamRunState {
    deadLetters?: DeadLetterEntry[];
}

/**
 * Runs one stream of a tenant from the receiver's checkpoint until it is caught up:
 *
 * 1. read the checkpoint (`syncInbox` of the receiving side);
 * 2. read the sender's feed after it, a page (≤ 1000) at a time;
 * 3. catalog only: deduplicate the page's product ids, fetch their snapshots (≤ 100 per call,
 *    `concurrency` calls at once); absent products become removals at their newest page position;
 * 4. apply the page in batches, in feed order; only the **last** batch carries `feedPosition`, so the
 *    checkpoint moves only when the whole page is applied (a crash mid-page re-applies the page:
 *    apply is idempotent and version-gated);
 * 5. the receiver answers per item (the contract's outcomes.ts): items refused for the **data's**
 *    fault become dead letters while the rest is applied and the checkpoint advances past them; an
 *    item refused for the **receiver's** fault means nothing of the call was written — the run stops
 *    with that code and message and the checkpoint stays, so the items arrive once it is fixed;
 * 6. retryable errors (and transient receiver refusals such as BUSY) are retried with backoff
 *    (`options.retry`); when retries run out, or on an auth error or a call refused as a whole, the
 *    run stops where it is and reports the error — the checkpoint stays.
 *
 * Never throws for sync failures: look at `result.ok` / `result.error`.
 */
export async function syncTenant(
    ctx: SyncContext,
    tenantCode: string,
    stream: SyncStream,
    state: StreamRunState = {},
): Promise<StreamRunResult> {
    const now = ctx.now ?? (() => new Date());
    const startedAt = now();
    const t0 = Date.now();
    const options = { ...DEFAULT_SYNC_OPTIONS, ...ctx.options };
    const pageSize = Math.max(1, Math.min(SYNC_LIMITS.feedPage, options.pageSize));
    const call = callWithRetry(ctx);
    const deadLetters = new Map((state.deadLetters ?? []).map(d => [d.itemKey, d]));
    const result: StreamRunResult = {
        tenantCode,
        stream,
        ok: false,
        startPosition: 0,
        appliedPosition: 0,
        sourcePosition: 0,
        lagPositions: 0,
        lagSeconds: 0,
        itemsApplied: 0,
        itemsRemoved: 0,
        itemsSkipped: 0,
        itemsPending: 0,
        pages: 0,
        applyCalls: 0,
        deadLetters: [],
        newDeadLetters: 0,
        error: null,
        startedAt: startedAt.toISOString(),
        durationMs: 0,
    };
    let oldestPendingAt: string | null | undefined;
    let spec: StreamSpec<unknown, unknown> | undefined;
    try {
        spec = streamSpec(ctx, tenantCode, stream, call);
        const position = await call(() => spec!.readPosition());
        result.startPosition = result.appliedPosition = result.sourcePosition = position;
        while (result.pages < options.maxPages) {
            throwIfAborted(ctx);
            const after = result.appliedPosition;
            const page = await call(() => spec!.readPage(after, Math.min(pageSize, spec!.maxPageSize)));
            result.pages++;
            result.sourcePosition = Math.max(result.sourcePosition, page.lastPosition);
            if (!page.items.length) {
                oldestPendingAt = null;
                break;
            }
            checkOrder(spec, page.items, after);
            oldestPendingAt = spec.occurredAtOf(page.items[0]);
            const last = spec.positionOf(page.items[page.items.length - 1]);
            const units = await spec.prepare(page.items);
            const applier = new OutcomeApplier(spec, call, now, result);
            await applier.applyAll(units, last);
            // The page is in: its checkpoint is recorded, so its dead letters and successes count now.
            result.appliedPosition = last;
            for (const key of applier.appliedKeys) deadLetters.delete(key);
            result.newDeadLetters += mergeDeadLetters(deadLetters, applier.deadLetters);
            oldestPendingAt = null;
            ctx.onProgress?.({
                tenantCode,
                stream,
                appliedPosition: result.appliedPosition,
                sourcePosition: result.sourcePosition,
                itemsApplied: result.itemsApplied,
                pages: result.pages,
            });
            if (last >= result.sourcePosition) break;
        }
        result.ok = true;
    } catch (err) {
        result.error = toSyncError(err);
    }
    result.lagPositions = Math.max(0, result.sourcePosition - result.appliedPosition);
    if (result.lagPositions === 0) result.lagSeconds = 0;
    else if (oldestPendingAt) result.lagSeconds = secondsSince(oldestPendingAt, now());
    else if (spec) result.lagSeconds = await peekLagSeconds(spec, result.appliedPosition, now);
    result.deadLetters = [...deadLetters.values()];
    result.durationMs = Date.now() - t0;
    return result;
}

/** What `retryDeadLetters` did. */
export interface DeadLetterRetryResult {
    applied: number;
    /** Still failing (attempts counted up), or all of them again when `error` is set. */
    deadLetters: DeadLetterEntry[];
    error: SyncError | null;
}

/**
 * Tries a stream's dead letters again (after an operator fixed the data, e.g. on master's
 * `retrySync`): catalog products are snapshotted afresh, movements and summaries re-sent. No
 * checkpoint moves; apply stays idempotent and version-gated.
 */
export async function retryDeadLetters(
    ctx: SyncContext,
    tenantCode: string,
    stream: SyncStream,
    letters: DeadLetterEntry[],
): Promise<DeadLetterRetryResult> {
    if (!letters.length) return { applied: 0, deadLetters: [], error: null };
    const now = ctx.now ?? (() => new Date());
    const call = callWithRetry(ctx);
    const counters: ApplyCounters = { itemsApplied: 0, itemsSkipped: 0, itemsPending: 0, applyCalls: 0 };
    try {
        const spec = streamSpec(ctx, tenantCode, stream, call);
        const units = await spec.fromPayloads(letters.map(l => l.item));
        const applier = new OutcomeApplier(spec, call, now, counters);
        await applier.applyAll(units, null);
        const remaining = new Map(letters.map(l => [l.itemKey, l]));
        for (const key of applier.appliedKeys) remaining.delete(key);
        mergeDeadLetters(remaining, applier.deadLetters);
        return { applied: counters.itemsApplied, deadLetters: [...remaining.values()], error: null };
    } catch (err) {
        return { applied: counters.itemsApplied, deadLetters: letters, error: toSyncError(err) };
    }
}

/** What an OutcomeApplier counts up. */
export interface ApplyCounters {
    itemsApplied: number;
    itemsSkipped: number;
    itemsPending: number;
    itemsRemoved?: number;
    applyCalls: number;
}

/**
 * Applies units in batches; only the last call carries the feed position, so the checkpoint moves
 * once the whole page is in. Decides on each item's outcome code: DATA refusals become dead letters,
 * a RECEIVER refusal (nothing written) stops the run with the receiver's code and message — retried
 * at once with backoff when the code is transient (BUSY), else left for the next run.
 */
export class OutcomeApplier<U> {
    readonly appliedKeys: string[] = [];
    readonly deadLetters: DeadLetterEntry[] = [];

    constructor(
        private readonly spec: StreamSpec<unknown, U>,
        private readonly call: <R>(fn: () => Promise<R>) => Promise<R>,
        private readonly now: () => Date,
        private readonly counters: ApplyCounters,
        private readonly force = false,
    ) {}

    async applyAll(units: U[], feedPosition: number | null): Promise<void> {
        const batches = chunk(units, this.spec.batchSize);
        // A page whose items all went (e.g. only replays) still records its checkpoint.
        if (!batches.length && feedPosition !== null) batches.push([]);
        for (const [i, batch] of batches.entries()) await this.applyBatch(batch, i === batches.length - 1 ? feedPosition : null);
    }

    private async applyBatch(units: U[], feedPosition: number | null): Promise<void> {
        this.counters.applyCalls++;
        const outcome = await this.call(async () => {
            const answer = await this.spec.apply(units, feedPosition, this.force);
            if (!answer.committed) throw receiverRefusalError(this.spec.stream, answer.outcomes);
            return answer;
        });
        this.counters.itemsApplied += outcome.applied;
        this.counters.itemsSkipped += outcome.skipped;
        this.counters.itemsPending += outcome.pending;
        this.counters.itemsRemoved = (this.counters.itemsRemoved ?? 0) + (outcome.removed ?? 0);
        const at = this.now().toISOString();
        outcome.outcomes.forEach((item, i) => {
            const key = this.spec.keyOf(units[i]);
            if (item.status !== 'REFUSED') return void this.appliedKeys.push(key);
            this.deadLetters.push({
                stream: this.spec.stream,
                itemKey: key,
                error: `${item.refusal?.code ?? 'REFUSED'}: ${item.refusal?.message ?? 'refused'}`,
                attempts: 1,
                firstFailedAt: at,
                lastFailedAt: at,
                item: this.spec.payloadOf(units[i]),
            });
        });
    }
}

/** The error a call with RECEIVER refusals ends the run with: the first refusal's code and message, and how many. */
function receiverRefusalError(stream: string, outcomes: ItemOutcome[]): SyncError {
    const refused = outcomes.filter(isReceiverRefusal);
    const first = refused[0]?.refusal;
    const code = first?.code;
    const transient = code ? 'transient' in REFUSAL_CODES[code] && REFUSAL_CODES[code].transient : false;
    return new SyncError(
        `${refused.length} of ${outcomes.length} item(s) refused by the receiver, nothing written: ${code ?? 'REFUSED'}: ${first?.message ?? 'no reason given'}`,
        { kind: transient ? 'retryable' : 'receiver', code, operation: stream },
    );
}

/** Wraps remote calls: retries retryable errors per `ctx.options.retry`, stops when `ctx.signal` aborts. */
export function callWithRetry(ctx: SyncContext) {
    return <R>(fn: () => Promise<R>): Promise<R> =>
        retry(
            () => {
                throwIfAborted(ctx);
                return fn();
            },
            { ...ctx.options?.retry, signal: ctx.signal },
        );
}

function throwIfAborted(ctx: SyncContext): void {
    if (ctx.signal?.aborted) throw new SyncError('the run was stopped (shutting down)', { kind: 'retryable' });
}

/** Feeds must come oldest first and after the position asked for; anything else would skip data. */
function checkOrder(spec: StreamSpec<unknown, unknown>, items: unknown[], after: number): void {
    let previous = after;
    for (const item of items) {
        const position = spec.positionOf(item);
        if (!Number.isSafeInteger(position) || position <= previous) {
            throw new SyncError(
                `the ${spec.stream} feed is out of order: position ${position} after ${previous} (asked for entries after ${after})`,
                { kind: 'retryable' },
            );
        }
        previous = position;
    }
}

/** Adds `found` to `letters` (a key failing again counts up its attempts); returns how many are new. */
function mergeDeadLetters(letters: Map<string, DeadLetterEntry>, found: DeadLetterEntry[]): number {
    let added = 0;
    for (const letter of found) {
        const earlier = letters.get(letter.itemKey);
        if (earlier) {
            letters.set(letter.itemKey, {
                ...letter,
                attempts: earlier.attempts + 1,
                firstFailedAt: earlier.firstFailedAt,
            });
        } else {
            letters.set(letter.itemKey, letter);
            added++;
        }
    }
    return added;
}

/** Age of the oldest change after `position`: one small read, best effort (0 when it fails). */
async function peekLagSeconds(spec: StreamSpec<unknown, unknown>, position: number, now: () => Date): Promise<number> {
    try {
        const page = await spec.readPage(position, 1);
        return page.items.length ? secondsSince(spec.occurredAtOf(page.items[0]), now()) : 0;
    } catch {
        return 0;
    }
}

/** A stream's positions and lag read live from both sides (what `status` shows), without applying anything. */
export async function measureStream(
    ctx: SyncContext,
    tenantCode: string,
    stream: SyncStream,
): Promise<{ appliedPosition: number; sourcePosition: number; lagPositions: number; lagSeconds: number }> {
    const now = ctx.now ?? (() => new Date());
    const spec = streamSpec(ctx, tenantCode, stream, callWithRetry(ctx));
    const appliedPosition = await spec.readPosition();
    const page = await spec.readPage(appliedPosition, 1);
    const sourcePosition = Math.max(appliedPosition, page.lastPosition);
    return {
        appliedPosition,
        sourcePosition,
        lagPositions: sourcePosition - appliedPosition,
        lagSeconds: page.items.length ? secondsSince(spec.occurredAtOf(page.items[0]), now()) : 0,
    };
}
