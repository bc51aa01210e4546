/** Options of `EcommerceSyncPlugin.init()`; every one has a default (README: "Sync plugin options"). */
export interface EcommerceSyncOptions {
    /**
     * The largest body a sync call may send (a batch of snapshots is far above Express's 100 kB).
     * Only read after the request's API key is found to hold SyncTenantShops, and only kept for the
     * sync operations; every other request keeps the server's default limit. @default '50mb'
     */
    syncBodyLimit: string;
    /** Snapshots + removals per `applyProductSnapshots` call. @default 500 */
    maxProductsPerApply: number;
    /** Movements per `applyMasterStockMovements` call. @default 1000 */
    maxMovementsPerCall: number;
    /** Products per `replicatedProducts` page (`verify`). @default 5000 */
    maxReplicaPage: number;
    /** Rows per multi-row INSERT or `IN (…)` list: keeps a statement's bound parameters to a few thousand. @default 200 */
    rowsPerStatement: number;
    /**
     * How long an apply waits for its tenant's sync lock (another apply of the same tenant holds it)
     * before it answers BUSY — a receiver refusal the engine retries with backoff. @default 30000
     */
    lockWaitMs: number;
    /** Timeout of one asset download from master. @default 30000 */
    assetDownloadTimeoutMs: number;
    /** Asset downloads at once per apply. @default 4 */
    parallelAssetDownloads: number;
}

export const DEFAULT_ECOMMERCE_SYNC_OPTIONS: EcommerceSyncOptions = {
    syncBodyLimit: '50mb',
    maxProductsPerApply: 500,
    maxMovementsPerCall: 1000,
    maxReplicaPage: 5000,
    rowsPerStatement: 200,
    lockWaitMs: 30_000,
    assetDownloadTimeoutMs: 30_000,
    parallelAssetDownloads: 4,
};

/** Injection token of the resolved options (Vendure's own plugins do the same). */
export const ECOMMERCE_SYNC_OPTIONS = Symbol('ECOMMERCE_SYNC_OPTIONS');

/** The defaults with `options` over them; refuses values that cannot work, naming the option. */
export function resolveEcommerceSyncOptions(options: Partial<EcommerceSyncOptions> = {}): EcommerceSyncOptions {
    const resolved = { ...DEFAULT_ECOMMERCE_SYNC_OPTIONS, ...options };
    for (const key of Object.keys(DEFAULT_ECOMMERCE_SYNC_OPTIONS) as Array<keyof EcommerceSyncOptions>) {
        const value = resolved[key];
        if (key === 'syncBodyLimit') {
            if (typeof value !== 'string' || !/^\d+(b|kb|mb)$/i.test(value))
                throw new Error(`EcommerceSyncPlugin.init: syncBodyLimit must look like '50mb' (got ${String(value)})`);
        } else if (!Number.isSafeInteger(value) || (value as number) < 1) {
            throw new Error(`EcommerceSyncPlugin.init: ${key} must be a whole number ≥ 1 (got ${String(value)})`);
        }
    }
    return resolved;
}
