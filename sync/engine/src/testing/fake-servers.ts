import {
    ApplyMovementsResult,
    ApplyProductsInput,
    ApplyProductsResult,
    ApplySummariesResult,
    decideOutcomes,
    FeedEntry,
    FeedPage,
    InboxPositions,
    ItemOutcome,
    MovementPage,
    OrderSummary,
    OrderSummaryPage,
    PositionedMovement,
    ProductSnapshot,
    RefusalCode,
    refusal,
    replicatedView,
    replicatedViewHash,
    SnapshotAbsence,
    SnapshotResult,
    snapshotContentHash,
    SyncStatusReport,
} from '@entrepreneur-os/sync-contract';

import type { EcommerceApi, MasterApi, ProductIdPage, ReplicatedProductPage, TenantInfo, TenantSyncStatus } from '../clients';
import { SyncError, SyncErrorKind } from '../errors';

/**
 * In-memory stand-ins for master and an ecommerce server, implementing the engine's client
 * interfaces with the documented semantics (checkpoints recorded with apply, version gating,
 * idempotency keys). For unit tests of the engine and its drivers — not a replacement for the real
 * servers (the e2e suite runs those).
 */

/** Errors to throw from an operation, one per call, before it behaves again. */
class Faults {
    private readonly queued = new Map<string, Array<SyncError | ((args: unknown[]) => SyncError | undefined)>>();

    /** The next `times` calls of `operation` fail with `kind`. */
    add(operation: string, kind: SyncErrorKind, times = 1, message = `${operation} failed (${kind})`): void {
        const list = this.queued.get(operation) ?? [];
        for (let i = 0; i < times; i++) list.push(new SyncError(message, { kind, operation }));
        this.queued.set(operation, list);
    }

    /** Every call of `operation` asks `fn`, which returns an error to throw or undefined. */
    always(operation: string, fn: (args: unknown[]) => SyncError | undefined): void {
        this.queued.set(operation, [fn]);
    }

    clear(operation?: string): void {
        if (operation) this.queued.delete(operation);
        else this.queued.clear();
    }

    check(operation: string, args: unknown[]): void {
        const list = this.queued.get(operation);
        if (!list?.length) return;
        const head = list[0];
        if (typeof head === 'function') {
            const error = head(args);
            if (error) throw error;
            return;
        }
        list.shift();
        throw head;
    }
}

export function fakeSnapshot(
    tenantCode: string,
    masterProductId: string,
    version: number,
    name = `Product ${masterProductId}`,
): ProductSnapshot {
    return {
        schemaVersion: 1,
        tenantCode,
        masterProductId,
        version,
        enabled: true,
        translations: [{ languageCode: 'en', name, slug: `product-${masterProductId}`, description: '' }],
        facetValues: [],
        optionGroups: [],
        assets: [],
        featuredAssetHash: null,
        variants: [
            {
                masterVariantId: `${masterProductId}01`,
                sku: `SKU-${masterProductId}`,
                enabled: true,
                price: 1000,
                currencyCode: 'EUR',
                taxCategoryCode: 'standard',
                optionCodes: [],
                translations: [{ languageCode: 'en', name }],
                assets: [],
                featuredAssetHash: null,
            },
        ],
    };
}

export class FakeMaster implements MasterApi {
    readonly faults = new Faults();
    readonly calls: Array<{ operation: string; args: unknown[] }> = [];
    feed: FeedEntry[] = [];
    /** The tenant's products: name (changes the content), or why there is no snapshot. */
    products = new Map<string, { name: string; absent?: SnapshotAbsence }>();
    movements: PositionedMovement[] = [];
    inbox: Record<'stock-to-master' | 'orders', number> = { 'stock-to-master': 0, orders: 0 };
    appliedMovements: PositionedMovement[] = [];
    orderSummaries = new Map<string, OrderSummary>();
    reports: SyncStatusReport[] = [];
    subscribers: Array<{ url: string; secret: string; tenantCodes: string[] | null }> = [];
    tenantList: TenantInfo[] = [];

    constructor(readonly tenantCode = 'alpine') {}

    /** Records a change of a product in the feed (and its new name). */
    change(
        masterProductId: string,
        change: { name?: string; absent?: SnapshotAbsence } = {},
        occurredAt = new Date().toISOString(),
    ): FeedEntry {
        const previous = this.products.get(masterProductId);
        this.products.set(masterProductId, { name: change.name ?? previous?.name ?? `Product ${masterProductId}`, absent: change.absent });
        const entry: FeedEntry = { position: this.lastPosition() + 1, kind: 'PRODUCT', masterProductId, occurredAt };
        this.feed.push(entry);
        return entry;
    }

    lastPosition(): number {
        return this.feed.at(-1)?.position ?? 0;
    }

    /** The newest position of a product in the feed: the version of its snapshot. */
    versionOf(masterProductId: string): number {
        return this.feed.filter(e => e.masterProductId === masterProductId).at(-1)?.position ?? 0;
    }

    snapshotOf(masterProductId: string): ProductSnapshot | null {
        const product = this.products.get(masterProductId);
        if (!product || product.absent) return null;
        return fakeSnapshot(this.tenantCode, masterProductId, this.versionOf(masterProductId), product.name);
    }

    private enter(operation: string, args: unknown[]): void {
        this.calls.push({ operation, args });
        this.faults.check(operation, args);
    }

    callsOf(operation: string): unknown[][] {
        return this.calls.filter(c => c.operation === operation).map(c => c.args);
    }

    syncFeed(tenantCode: string, after: number, take = 100): Promise<FeedPage> {
        this.enter('syncFeed', [tenantCode, after, take]);
        const entries = this.feed.filter(e => e.position > after).slice(0, Math.min(take, 1000));
        return Promise.resolve({ entries: structuredClone(entries), lastPosition: this.lastPosition() });
    }

    productSnapshots(tenantCode: string, masterProductIds: string[]): Promise<SnapshotResult[]> {
        this.enter('productSnapshots', [tenantCode, masterProductIds]);
        if (masterProductIds.length > 100) throw new SyncError('at most 100 ids', { kind: 'poison', code: 'USER_INPUT_ERROR' });
        return Promise.resolve(
            masterProductIds.map(id => {
                const product = this.products.get(id);
                const snapshot = this.snapshotOf(id);
                return { masterProductId: id, snapshot, reason: snapshot ? null : (product?.absent ?? 'DELETED'), missing: [] };
            }),
        );
    }

    syncCatalogProductIds(tenantCode: string, skip = 0, take = 100): Promise<ProductIdPage> {
        this.enter('syncCatalogProductIds', [tenantCode, skip, take]);
        const ids = [...this.products.entries()]
            .filter(([, p]) => p.absent !== 'DELETED' && p.absent !== 'NOT_IN_CATALOG')
            .map(([id]) => id);
        return Promise.resolve({ items: ids.slice(skip, skip + take), totalItems: ids.length });
    }

    masterStockMovements(tenantCode: string, after: number, take = 100): Promise<MovementPage> {
        this.enter('masterStockMovements', [tenantCode, after, take]);
        return Promise.resolve({
            movements: structuredClone(this.movements.filter(m => m.position > after).slice(0, take)),
            lastPosition: this.movements.at(-1)?.position ?? 0,
        });
    }

    syncInbox(tenantCode: string): Promise<InboxPositions> {
        this.enter('syncInbox', [tenantCode]);
        return Promise.resolve({
            tenantCode,
            positions: (['stock-to-master', 'orders'] as const).map(stream => ({ stream, position: this.inbox[stream], updatedAt: null })),
        });
    }

    applyShopStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult> {
        this.enter('applyShopStockMovements', [tenantCode, movements, feedPosition]);
        const outcomes: ItemOutcome[] = [];
        let applied = 0;
        let duplicates = 0;
        for (const m of movements) {
            if (this.appliedMovements.some(a => a.idempotencyKey === m.idempotencyKey)) {
                duplicates++;
                outcomes.push({ key: m.idempotencyKey, status: 'SKIPPED' });
            } else {
                this.appliedMovements.push(m);
                applied++;
                outcomes.push({ key: m.idempotencyKey, status: 'APPLIED' });
            }
        }
        if (feedPosition != null) this.inbox['stock-to-master'] = Math.max(this.inbox['stock-to-master'], feedPosition);
        return Promise.resolve({ applied, duplicates, pending: 0, position: this.inbox['stock-to-master'], outcomes, committed: true });
    }

    applyOrderSummaries(tenantCode: string, summaries: OrderSummary[], feedPosition?: number | null): Promise<ApplySummariesResult> {
        this.enter('applyOrderSummaries', [tenantCode, summaries, feedPosition]);
        const outcomes: ItemOutcome[] = [];
        let applied = 0;
        let stale = 0;
        for (const s of summaries) {
            const held = this.orderSummaries.get(s.orderCode);
            if (held && held.version >= s.version) {
                stale++;
                outcomes.push({ key: s.orderCode, status: 'SKIPPED' });
            } else {
                this.orderSummaries.set(s.orderCode, s);
                applied++;
                outcomes.push({ key: s.orderCode, status: 'APPLIED' });
            }
        }
        if (feedPosition != null) this.inbox.orders = Math.max(this.inbox.orders, feedPosition);
        return Promise.resolve({ applied, stale, position: this.inbox.orders, outcomes, committed: true });
    }

    reportSyncStatus(report: SyncStatusReport): Promise<boolean> {
        this.enter('reportSyncStatus', [report]);
        this.reports.push(report);
        return Promise.resolve(true);
    }

    registerSyncSubscriber(url: string, secret: string, tenantCodes: string[] | null): Promise<boolean> {
        this.enter('registerSyncSubscriber', [url, secret, tenantCodes]);
        this.subscribers = [...this.subscribers.filter(s => s.url !== url), { url, secret, tenantCodes }];
        return Promise.resolve(true);
    }

    syncStatus(): Promise<TenantSyncStatus[]> {
        this.enter('syncStatus', []);
        const newest = new Map(this.reports.map(r => [`${r.tenantCode}.${r.stream}`, { ...r, updatedAt: null, masterPosition: 0 }]));
        return Promise.resolve([...newest.values()]);
    }

    retrySync(tenantCode: string): Promise<boolean> {
        this.enter('retrySync', [tenantCode]);
        return Promise.resolve(true);
    }

    tenants(): Promise<TenantInfo[]> {
        this.enter('tenants', []);
        return Promise.resolve(structuredClone(this.tenantList));
    }
}

export class FakeEcommerce implements EcommerceApi {
    readonly faults = new Faults();
    readonly calls: Array<{ operation: string; args: unknown[] }> = [];
    inbox: Record<'catalog' | 'stock-to-ecommerce', number> = { catalog: 0, 'stock-to-ecommerce': 0 };
    /** `tablesHash`: what the shop's tables hash to when they no longer hold the snapshot (tampered). */
    replicas = new Map<string, { version: number; contentHash: string; snapshot: ProductSnapshot; tablesHash?: string }>();
    /** Versions of removed products (a removal is version-gated too). */
    tombstones = new Map<string, number>();
    appliedMovements: PositionedMovement[] = [];
    movements: PositionedMovement[] = [];
    orderFeed: OrderSummary[] = [];
    /** Product ids whose snapshot or removal the shop refuses as bad data (INVALID_ITEM). */
    poisonProducts = new Set<string>();
    /** Set: the shop refuses every product for this reason of its own (e.g. NO_TAX_CATEGORY) and writes nothing. */
    receiverRefusal: RefusalCode | null = null;
    poisonMovements = new Set<string>();

    private enter(operation: string, args: unknown[]): void {
        this.calls.push({ operation, args });
        this.faults.check(operation, args);
    }

    callsOf(operation: string): unknown[][] {
        return this.calls.filter(c => c.operation === operation).map(c => c.args);
    }

    applyProductSnapshots(input: ApplyProductsInput): Promise<ApplyProductsResult> {
        this.enter('applyProductSnapshots', [structuredClone(input)]);
        const ids = [...input.snapshots.map(s => s.masterProductId), ...input.removals.map(r => r.masterProductId)];
        const refusals = ids.map(id =>
            this.receiverRefusal
                ? refusal(this.receiverRefusal, `fake shop refuses product ${id}`)
                : this.poisonProducts.has(id)
                  ? refusal('INVALID_ITEM', `snapshots[${id}]: refused`)
                  : null,
        );
        const decided = decideOutcomes(ids, id => id, refusals);
        const result: ApplyProductsResult = { applied: 0, stale: 0, removed: 0, position: this.inbox.catalog, ...decided };
        if (!decided.committed) return Promise.resolve(result);
        for (const [i, s] of input.snapshots.entries()) {
            if (refusals[i]) continue;
            const held = Math.max(this.replicas.get(s.masterProductId)?.version ?? 0, this.tombstones.get(s.masterProductId) ?? 0);
            if (!input.force && held >= s.version) {
                result.stale++;
                decided.outcomes[i].status = 'SKIPPED';
                continue;
            }
            this.replicas.set(s.masterProductId, { version: s.version, contentHash: snapshotContentHash(s), snapshot: s });
            this.tombstones.delete(s.masterProductId);
            result.applied++;
        }
        for (const [j, r] of input.removals.entries()) {
            const i = input.snapshots.length + j;
            if (refusals[i]) continue;
            const held = this.replicas.get(r.masterProductId);
            if (!held) continue;
            if (!input.force && held.version >= r.version) {
                result.stale++;
                decided.outcomes[i].status = 'SKIPPED';
                continue;
            }
            this.replicas.delete(r.masterProductId);
            this.tombstones.set(r.masterProductId, r.version);
            result.removed++;
        }
        if (input.feedPosition != null) this.inbox.catalog = Math.max(this.inbox.catalog, input.feedPosition);
        result.position = this.inbox.catalog;
        return Promise.resolve(result);
    }

    applyMasterStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult> {
        this.enter('applyMasterStockMovements', [tenantCode, movements, feedPosition]);
        const outcomes: ItemOutcome[] = [];
        let applied = 0;
        let duplicates = 0;
        for (const m of movements) {
            const key = m.idempotencyKey;
            if (this.poisonMovements.has(key))
                outcomes.push({ key, status: 'REFUSED', refusal: refusal('INVALID_ITEM', `movements: ${key} refused`) });
            else if (this.appliedMovements.some(a => a.idempotencyKey === key)) {
                duplicates++;
                outcomes.push({ key, status: 'SKIPPED' });
            } else {
                this.appliedMovements.push(m);
                applied++;
                outcomes.push({ key, status: 'APPLIED' });
            }
        }
        if (feedPosition != null) this.inbox['stock-to-ecommerce'] = Math.max(this.inbox['stock-to-ecommerce'], feedPosition);
        return Promise.resolve({ applied, duplicates, pending: 0, position: this.inbox['stock-to-ecommerce'], outcomes, committed: true });
    }

    shopStockMovements(tenantCode: string, after: number, take = 100): Promise<MovementPage> {
        this.enter('shopStockMovements', [tenantCode, after, take]);
        return Promise.resolve({
            movements: structuredClone(this.movements.filter(m => m.position > after).slice(0, take)),
            lastPosition: this.movements.at(-1)?.position ?? 0,
        });
    }

    orderStatusFeed(tenantCode: string, after: number, take = 100): Promise<OrderSummaryPage> {
        this.enter('orderStatusFeed', [tenantCode, after, take]);
        return Promise.resolve({
            summaries: structuredClone(this.orderFeed.filter(s => s.version > after).slice(0, take)),
            lastPosition: this.orderFeed.at(-1)?.version ?? 0,
        });
    }

    syncInbox(tenantCode: string): Promise<InboxPositions> {
        this.enter('syncInbox', [tenantCode]);
        return Promise.resolve({
            tenantCode,
            positions: (['catalog', 'stock-to-ecommerce'] as const).map(stream => ({
                stream,
                position: this.inbox[stream],
                updatedAt: null,
            })),
        });
    }

    replicatedProducts(tenantCode: string, skip = 0, take = 100): Promise<ReplicatedProductPage> {
        this.enter('replicatedProducts', [tenantCode, skip, take]);
        const items = [...this.replicas.entries()].map(([masterProductId, r]) => ({
            masterProductId,
            version: r.version,
            contentHash: r.contentHash,
            viewHash: r.tablesHash ?? replicatedViewHash(replicatedView(r.snapshot)),
        }));
        return Promise.resolve({ items: items.slice(skip, skip + take), totalItems: items.length });
    }
}

/** A stock movement at a position, for fakes. */
export function fakeMovement(
    tenantCode: string,
    origin: 'master' | 'ecommerce',
    position: number,
    occurredAt = new Date().toISOString(),
): PositionedMovement {
    return {
        position,
        idempotencyKey: `${origin}-${position}`,
        tenantCode,
        origin,
        reason: origin === 'master' ? 'PURCHASE_RECEIPT' : 'SALE',
        masterVariantId: '101',
        sku: 'SKU-1',
        delta: origin === 'master' ? 5 : -1,
        sourceRef: `REF-${position}`,
        occurredAt,
    };
}

export function fakeOrderSummary(tenantCode: string, orderCode: string, version: number, state = 'PaymentSettled'): OrderSummary {
    return {
        tenantCode,
        orderCode,
        state,
        currencyCode: 'EUR',
        subTotalWithTax: 1000,
        shippingWithTax: 500,
        totalWithTax: 1500,
        totalQuantity: 1,
        customerEmail: null,
        placedAt: null,
        updatedAt: new Date().toISOString(),
        version,
        lines: [],
    };
}
