import { replicatedView, replicatedViewHash, snapshotContentHash } from '@entrepreneur-os/sync-contract';

import type { ReplicatedProduct } from './clients';
import { SyncError, toSyncError } from './errors';
import { ApplyCounters, OutcomeApplier, callWithRetry } from './runner';
import { CatalogUnit, catalogSpec } from './streams';
import { DEFAULT_SYNC_OPTIONS, DeadLetterEntry, SyncContext } from './types';
import { chunk, mapLimit } from './util';

/** Progress of a whole-catalog operation: products done of total. */
export interface CatalogProgress {
    tenantCode: string;
    phase: 'full' | 'verify' | 'repair';
    done: number;
    total: number;
}

export interface CatalogOptions {
    onProgress?: (progress: CatalogProgress) => void;
    /** Ids per `syncCatalogProductIds` / `replicatedProducts` call. @default 500 */
    idPageSize?: number;
}

export interface FullSyncSummary {
    tenantCode: string;
    /** Products in master's catalog for the tenant. */
    total: number;
    /** Created or changed in the shop. */
    applied: number;
    /** Removed from the shop (no snapshot: incomplete, deleted, not in the catalog). */
    removed: number;
    /** The shop already held that version. */
    unchanged: number;
    deadLetters: DeadLetterEntry[];
    /** Set when the run stopped early (it can simply be run again). */
    error: SyncError | null;
    durationMs: number;
    productsPerSecond: number;
}

/**
 * Snapshots and applies a tenant's whole catalog (`syncCatalogProductIds`), version-gated
 * (`force: false`): what the shop already holds is left alone. No checkpoint moves — the catalog
 * stream goes on from where it was. Products without a snapshot are removed at master's current
 * feed position.
 */
export async function fullSync(ctx: SyncContext, tenantCode: string, options: CatalogOptions = {}): Promise<FullSyncSummary> {
    const t0 = Date.now();
    const call = callWithRetry(ctx);
    const counters: ApplyCounters = { itemsApplied: 0, itemsSkipped: 0, itemsPending: 0, itemsRemoved: 0, applyCalls: 0 };
    const summary: FullSyncSummary = {
        tenantCode,
        total: 0,
        applied: 0,
        removed: 0,
        unchanged: 0,
        deadLetters: [],
        error: null,
        durationMs: 0,
        productsPerSecond: 0,
    };
    const spec = catalogSpec(ctx, tenantCode, call);
    const applier = new OutcomeApplier<CatalogUnit>(spec, call, ctx.now ?? (() => new Date()), counters);
    const { concurrency, snapshotBatchSize } = { ...DEFAULT_SYNC_OPTIONS, ...ctx.options };
    const take = options.idPageSize ?? 500;
    try {
        const version = await currentFeedPosition(ctx, tenantCode, call);
        const allIds: string[] = [];
        for (let skip = 0; ; skip += take) {
            const page = await call(() => ctx.master.syncCatalogProductIds(tenantCode, skip, take));
            summary.total = page.totalItems;
            allIds.push(...page.items.map(String));
            if (!page.items.length || skip + take >= page.totalItems) break;
        }
        // Slices big enough to keep `concurrency` snapshot calls busy, in a pipeline: master builds
        // the next slice's snapshots while the shop applies this one.
        const slices = chunk(allIds, Math.min(100, snapshotBatchSize) * concurrency);
        const prepare = (ids: string[]) => {
            const units = spec.fromPayloads(ids.map(masterProductId => ({ masterProductId, version })));
            units.catch(() => undefined); // awaited below; a failure must not surface as unhandled meanwhile
            return units;
        };
        let next = slices.length ? prepare(slices[0]) : undefined;
        let done = 0;
        for (const [i, ids] of slices.entries()) {
            const units = await next!;
            next = i + 1 < slices.length ? prepare(slices[i + 1]) : undefined;
            await applier.applyAll(units, null);
            done += ids.length;
            options.onProgress?.({ tenantCode, phase: 'full', done, total: Math.max(summary.total, done) });
        }
    } catch (err) {
        summary.error = toSyncError(err);
    }
    summary.removed = counters.itemsRemoved ?? 0;
    summary.applied = counters.itemsApplied - summary.removed;
    summary.unchanged = counters.itemsSkipped;
    summary.deadLetters = applier.deadLetters;
    summary.durationMs = Date.now() - t0;
    summary.productsPerSecond = summary.durationMs
        ? round1(((summary.applied + summary.removed + summary.unchanged) * 1000) / summary.durationMs)
        : 0;
    return summary;
}

export interface DriftedProduct {
    masterProductId: string;
    masterVersion: number;
    shopVersion: number;
    /**
     * `snapshot`: the shop applied another snapshot (hashes: `snapshotContentHash`); `tables`: it
     * applied this one, but its tables hold something else now (hashes: `replicatedViewHash`).
     */
    what: 'snapshot' | 'tables';
    masterHash: string;
    shopHash: string;
}

export interface VerifyReport {
    tenantCode: string;
    /** Products compared (master's catalog ∪ the shop's replicas). */
    checked: number;
    /** In master's catalog with a snapshot, not in the shop. */
    missing: string[];
    /** In the shop, but master has no snapshot for it (not in the catalog, deleted, incomplete). */
    extra: Array<{ masterProductId: string; shopVersion: number }>;
    /** In both, with different content (`snapshotContentHash` ≠ the shop's `contentHash`). */
    differing: DriftedProduct[];
    inSync: boolean;
    durationMs: number;
}

/**
 * Compares a tenant's catalog on both sides by content hash: master's snapshots
 * (`snapshotContentHash`) against the snapshot the shop applied, and what they show
 * (`replicatedViewHash`) against what the shop's tables hold now (`replicatedProducts`). Reads
 * only. Throws a SyncError when a side cannot be read (after retries).
 */
export async function verify(ctx: SyncContext, tenantCode: string, options: CatalogOptions = {}): Promise<VerifyReport> {
    const t0 = Date.now();
    const call = callWithRetry(ctx);
    const take = options.idPageSize ?? 500;
    const { concurrency, snapshotBatchSize } = { ...DEFAULT_SYNC_OPTIONS, ...ctx.options };

    const shop = new Map<string, ReplicatedProduct>();
    for (let skip = 0; ; skip += take) {
        const page = await call(() => ctx.ecommerce.replicatedProducts(tenantCode, skip, take));
        for (const p of page.items) shop.set(String(p.masterProductId), p);
        if (!page.items.length || skip + take >= page.totalItems) break;
    }
    const masterIds: string[] = [];
    for (let skip = 0; ; skip += take) {
        const page = await call(() => ctx.master.syncCatalogProductIds(tenantCode, skip, take));
        masterIds.push(...page.items.map(String));
        if (!page.items.length || skip + take >= page.totalItems) break;
    }

    const report: VerifyReport = { tenantCode, checked: 0, missing: [], extra: [], differing: [], inSync: true, durationMs: 0 };
    const seen = new Set<string>();
    let done = 0;
    const batches = chunk([...new Set(masterIds)], Math.min(100, snapshotBatchSize));
    await mapLimit(batches, concurrency, async ids => {
        const results = await call(() => ctx.master.productSnapshots(tenantCode, ids));
        for (const r of results) {
            const id = String(r.masterProductId);
            seen.add(id);
            const held = shop.get(id);
            if (!r.snapshot) {
                if (held) report.extra.push({ masterProductId: id, shopVersion: held.version });
                continue;
            }
            const masterHash = snapshotContentHash(r.snapshot);
            const masterView = replicatedViewHash(replicatedView(r.snapshot));
            const drift = { masterProductId: id, masterVersion: r.snapshot.version };
            if (!held) report.missing.push(id);
            else if (held.contentHash !== masterHash) {
                report.differing.push({ ...drift, shopVersion: held.version, what: 'snapshot', masterHash, shopHash: held.contentHash });
            } else if (held.viewHash !== masterView) {
                report.differing.push({
                    ...drift,
                    shopVersion: held.version,
                    what: 'tables',
                    masterHash: masterView,
                    shopHash: held.viewHash ?? '',
                });
            }
        }
        done += ids.length;
        options.onProgress?.({ tenantCode, phase: 'verify', done, total: masterIds.length });
    });
    for (const [id, held] of shop) if (!seen.has(id)) report.extra.push({ masterProductId: id, shopVersion: held.version });

    const byId = (a: { masterProductId: string }, b: { masterProductId: string }) => compareIds(a.masterProductId, b.masterProductId);
    report.missing.sort(compareIds);
    report.extra.sort(byId);
    report.differing.sort(byId);
    report.checked = new Set([...seen, ...shop.keys()]).size;
    report.inSync = !report.missing.length && !report.extra.length && !report.differing.length;
    report.durationMs = Date.now() - t0;
    return report;
}

export interface RepairResult {
    /** The drift found before repairing. */
    report: VerifyReport;
    /** Missing and differing products applied (`force: true`). */
    applied: number;
    /** Extra products removed from the shop. */
    removed: number;
    deadLetters: DeadLetterEntry[];
    error: SyncError | null;
    durationMs: number;
}

/**
 * Fixes drift: applies the missing and differing products afresh with `force: true` (the shop takes
 * them even at an equal or newer version) and removes the extras. `report` defaults to a fresh
 * `verify`. Run `verify` again afterwards to confirm.
 */
export async function repair(
    ctx: SyncContext,
    tenantCode: string,
    options: CatalogOptions & { report?: VerifyReport } = {},
): Promise<RepairResult> {
    const t0 = Date.now();
    const report = options.report ?? (await verify(ctx, tenantCode, options));
    const call = callWithRetry(ctx);
    const counters: ApplyCounters = { itemsApplied: 0, itemsSkipped: 0, itemsPending: 0, itemsRemoved: 0, applyCalls: 0 };
    const spec = catalogSpec(ctx, tenantCode, call);
    const applier = new OutcomeApplier<CatalogUnit>(spec, call, ctx.now ?? (() => new Date()), counters, true);
    const result: RepairResult = { report, applied: 0, removed: 0, deadLetters: [], error: null, durationMs: 0 };
    const drifted = [...report.missing, ...report.differing.map(d => d.masterProductId)];
    const total = drifted.length + report.extra.length;
    try {
        const version = await currentFeedPosition(ctx, tenantCode, call);
        let done = 0;
        for (const ids of chunk(drifted, spec.batchSize)) {
            await applier.applyAll(await spec.fromPayloads(ids.map(masterProductId => ({ masterProductId, version }))), null);
            done += ids.length;
            options.onProgress?.({ tenantCode, phase: 'repair', done, total });
        }
        const removals = report.extra.map(({ masterProductId, shopVersion }): CatalogUnit => ({
            kind: 'removal',
            masterProductId,
            version: Math.max(version, shopVersion),
            removal: { masterProductId, version: Math.max(version, shopVersion), reason: 'NOT_IN_CATALOG' },
        }));
        await applier.applyAll(removals, null);
        options.onProgress?.({ tenantCode, phase: 'repair', done: total, total });
    } catch (err) {
        result.error = toSyncError(err);
    }
    result.removed = counters.itemsRemoved ?? 0;
    result.applied = counters.itemsApplied - result.removed;
    result.deadLetters = applier.deadLetters;
    result.durationMs = Date.now() - t0;
    return result;
}

/** Master's newest catalog feed position for the tenant: the version of removals outside the feed. */
async function currentFeedPosition(ctx: SyncContext, tenantCode: string, call: <R>(fn: () => Promise<R>) => Promise<R>): Promise<number> {
    const page = await call(() => ctx.master.syncFeed(tenantCode, 0, 1));
    return Math.max(1, page.lastPosition);
}

/** Numeric ids in numeric order, others as text. */
function compareIds(a: string, b: string): number {
    const na = Number(a);
    const nb = Number(b);
    return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}

function round1(n: number): number {
    return Math.round(n * 10) / 10;
}
