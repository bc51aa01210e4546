/** Options of `SyncPlugin.init()` (master); every one has a default (README: "Sync plugin options"). */
export interface MasterSyncOptions {
    /** Pushes to a sidecar: at most one per tenant and stream in this window; the last one carries the newest position. @default 20 */
    pushCoalesceMs: number;
    /** A subscriber that does not answer a push in time is left alone (the sidecar's timer catches up anyway). @default 2000 */
    pushTimeoutMs: number;
    /** Product ids per `syncCatalogProductIds` page (full sync, verify). @default 5000 */
    maxCatalogIdPage: number;
    /** Feed entries per INSERT when one change touches many products (a pricing rule, a facet). @default 100 */
    feedInsertBatch: number;
}

export const DEFAULT_MASTER_SYNC_OPTIONS: MasterSyncOptions = {
    pushCoalesceMs: 20,
    pushTimeoutMs: 2000,
    maxCatalogIdPage: 5000,
    feedInsertBatch: 100,
};

export const MASTER_SYNC_OPTIONS = Symbol('MASTER_SYNC_OPTIONS');

/** The defaults with `options` over them; refuses values that cannot work, naming the option. */
export function resolveMasterSyncOptions(options: Partial<MasterSyncOptions> = {}): MasterSyncOptions {
    const resolved = { ...DEFAULT_MASTER_SYNC_OPTIONS, ...options };
    for (const key of Object.keys(DEFAULT_MASTER_SYNC_OPTIONS) as Array<keyof MasterSyncOptions>)
        if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 1)
            throw new Error(`SyncPlugin.init: ${key} must be a whole number ≥ 1 (got ${String(resolved[key])})`);
    return resolved;
}
