import type {
    ApplyMovementsResult,
    ApplyProductsInput,
    ApplyProductsResult,
    ApplySummariesResult,
    DeadLetter,
    FeedPage,
    InboxPositions,
    MovementPage,
    OrderSummary,
    OrderSummaryPage,
    PositionedMovement,
    SnapshotResult,
    SyncStatusReport,
    SyncStream,
} from '@entrepreneur-os/sync-contract';

import { GraphQLClient, GraphQLClientOptions } from './graphql-client';

/** `syncCatalogProductIds`: the master product ids of a tenant's catalog, a page at a time. */
export interface ProductIdPage {
    items: string[];
    totalItems: number;
}

/** One product as the shop holds it (`replicatedProducts`). */
export interface ReplicatedProduct {
    masterProductId: string;
    version: number;
    /** `snapshotContentHash` of the snapshot the shop applied. */
    contentHash: string;
    /** `replicatedViewHash` of what the shop's tables hold now; null when its product row is gone. */
    viewHash: string | null;
}

export interface ReplicatedProductPage {
    items: ReplicatedProduct[];
    totalItems: number;
}

/** A stream's status as master keeps it from the sidecars' reports (`syncStatus`). */
export interface TenantSyncStatus {
    tenantCode: string;
    stream: SyncStream;
    sourcePosition: number;
    appliedPosition: number;
    lagSeconds: number;
    lastSuccessAt: string | null;
    lastError: string | null;
    deadLetters: DeadLetter[];
    updatedAt: string | null;
    /** Master's newest position of what it sends (catalog, stock-to-ecommerce) or has applied (stock-to-master, orders). */
    masterPosition: number;
}

/** A tenant as master's `tenants` query lists it (the fields the sync needs). */
export interface TenantInfo {
    code: string;
    /** PENDING, PROVISIONING, READY, FAILED or DISABLED: only READY tenants are synced. */
    status: string;
    ecommerceUrl: string;
    /** `env:NAME` or `file:relative/path` inside DATA_DIR: where the ecommerce API key is. */
    ecommerceCredentialsRef: string;
}

/** Master's sync operations (sync/README.md). Implemented by {@link MasterClient}; tests use fakes. */
export interface MasterApi {
    syncFeed(tenantCode: string, after: number, take?: number): Promise<FeedPage>;
    /** At most 100 ids per call. */
    productSnapshots(tenantCode: string, masterProductIds: string[]): Promise<SnapshotResult[]>;
    syncCatalogProductIds(tenantCode: string, skip?: number, take?: number): Promise<ProductIdPage>;
    masterStockMovements(tenantCode: string, after: number, take?: number): Promise<MovementPage>;
    /** Master's checkpoints: `stock-to-master` and `orders`. */
    syncInbox(tenantCode: string): Promise<InboxPositions>;
    applyShopStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult>;
    applyOrderSummaries(tenantCode: string, summaries: OrderSummary[], feedPosition?: number | null): Promise<ApplySummariesResult>;
    reportSyncStatus(report: SyncStatusReport): Promise<boolean>;
    registerSyncSubscriber(url: string, secret: string, tenantCodes: string[] | null): Promise<boolean>;
    syncStatus(): Promise<TenantSyncStatus[]>;
    retrySync(tenantCode: string): Promise<boolean>;
    /** Every tenant (paged through). */
    tenants(): Promise<TenantInfo[]>;
}

/** A tenant shop's sync operations on an ecommerce server. Implemented by {@link EcommerceClient}. */
export interface EcommerceApi {
    applyProductSnapshots(input: ApplyProductsInput): Promise<ApplyProductsResult>;
    applyMasterStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult>;
    shopStockMovements(tenantCode: string, after: number, take?: number): Promise<MovementPage>;
    orderStatusFeed(tenantCode: string, after: number, take?: number): Promise<OrderSummaryPage>;
    /** The shop's checkpoints: `catalog` and `stock-to-ecommerce`. */
    syncInbox(tenantCode: string): Promise<InboxPositions>;
    replicatedProducts(tenantCode: string, skip?: number, take?: number): Promise<ReplicatedProductPage>;
}

export type SyncClientOptions = Omit<GraphQLClientOptions, 'server'>;

const TENANT_PAGE = 100;

/**
 * Master's Admin API with an API key (default channel: the role needs ReadSyncFeed, ManageSync and,
 * for tenant discovery, ReadTenants).
 *
 * @example
 * const master = new MasterClient({ baseUrl: 'http://localhost:3000', apiKey, timeoutMs: 15_000 });
 * const page = await master.syncFeed('alpine', 0, 1000);
 */
export class MasterClient implements MasterApi {
    readonly gql: GraphQLClient;

    constructor(options: SyncClientOptions) {
        this.gql = new GraphQLClient({ ...options, server: 'master' });
    }

    syncFeed(tenantCode: string, after: number, take?: number): Promise<FeedPage> {
        return this.gql.request(
            'syncFeed',
            `query SyncFeed($tenantCode: String, $after: Int!, $take: Int) {
                syncFeed(tenantCode: $tenantCode, after: $after, take: $take) { entries { position kind masterProductId occurredAt } lastPosition }
            }`,
            { tenantCode, after, take },
        );
    }

    productSnapshots(tenantCode: string, masterProductIds: string[]): Promise<SnapshotResult[]> {
        return this.gql.request(
            'productSnapshots',
            `query ProductSnapshots($tenantCode: String, $ids: [ID!]!) {
                productSnapshots(tenantCode: $tenantCode, masterProductIds: $ids) { masterProductId snapshot reason missing }
            }`,
            { tenantCode, ids: masterProductIds },
        );
    }

    syncCatalogProductIds(tenantCode: string, skip?: number, take?: number): Promise<ProductIdPage> {
        return this.gql.request(
            'syncCatalogProductIds',
            `query SyncCatalogProductIds($tenantCode: String, $skip: Int, $take: Int) {
                syncCatalogProductIds(tenantCode: $tenantCode, skip: $skip, take: $take) { items totalItems }
            }`,
            { tenantCode, skip, take },
        );
    }

    masterStockMovements(tenantCode: string, after: number, take?: number): Promise<MovementPage> {
        return this.gql.request(
            'masterStockMovements',
            `query MasterStockMovements($tenantCode: String, $after: Int!, $take: Int) {
                masterStockMovements(tenantCode: $tenantCode, after: $after, take: $take)
            }`,
            { tenantCode, after, take },
        );
    }

    syncInbox(tenantCode: string): Promise<InboxPositions> {
        return this.gql.request('syncInbox', `query SyncInbox($tenantCode: String!) { syncInbox(tenantCode: $tenantCode) }`, {
            tenantCode,
        });
    }

    applyShopStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult> {
        return this.gql.request(
            'applyShopStockMovements',
            `mutation ApplyShopStockMovements($tenantCode: String!, $movements: [JSON!]!, $feedPosition: Int) {
                applyShopStockMovements(tenantCode: $tenantCode, movements: $movements, feedPosition: $feedPosition)
            }`,
            { tenantCode, movements, feedPosition: feedPosition ?? null },
        );
    }

    applyOrderSummaries(tenantCode: string, summaries: OrderSummary[], feedPosition?: number | null): Promise<ApplySummariesResult> {
        return this.gql.request(
            'applyOrderSummaries',
            `mutation ApplyOrderSummaries($tenantCode: String!, $summaries: [JSON!]!, $feedPosition: Int) {
                applyOrderSummaries(tenantCode: $tenantCode, summaries: $summaries, feedPosition: $feedPosition)
            }`,
            { tenantCode, summaries, feedPosition: feedPosition ?? null },
        );
    }

    reportSyncStatus(report: SyncStatusReport): Promise<boolean> {
        return this.gql.request('reportSyncStatus', `mutation ReportSyncStatus($report: JSON!) { reportSyncStatus(report: $report) }`, {
            report,
        });
    }

    registerSyncSubscriber(url: string, secret: string, tenantCodes: string[] | null): Promise<boolean> {
        return this.gql.request(
            'registerSyncSubscriber',
            `mutation RegisterSyncSubscriber($url: String!, $secret: String!, $tenantCodes: [String!]) {
                registerSyncSubscriber(url: $url, secret: $secret, tenantCodes: $tenantCodes)
            }`,
            { url, secret, tenantCodes },
        );
    }

    syncStatus(): Promise<TenantSyncStatus[]> {
        return this.gql.request(
            'syncStatus',
            `query SyncStatus {
                syncStatus { tenantCode stream sourcePosition appliedPosition lagSeconds lastSuccessAt lastError deadLetters updatedAt masterPosition }
            }`,
        );
    }

    retrySync(tenantCode: string): Promise<boolean> {
        return this.gql.request('retrySync', `mutation RetrySync($tenantCode: String!) { retrySync(tenantCode: $tenantCode) }`, {
            tenantCode,
        });
    }

    async tenants(): Promise<TenantInfo[]> {
        const all: TenantInfo[] = [];
        for (let skip = 0; ; skip += TENANT_PAGE) {
            const page = await this.gql.request<{ items: TenantInfo[]; totalItems: number }>(
                'tenants',
                `query SyncTenants($options: TenantListOptions) {
                    tenants(options: $options) { items { code status ecommerceUrl ecommerceCredentialsRef } totalItems }
                }`,
                { options: { skip, take: TENANT_PAGE } },
            );
            all.push(...page.items);
            if (!page.items.length || all.length >= page.totalItems) return all;
        }
    }
}

/**
 * A tenant shop's ecommerce server, Admin API with an API key (default channel: the role needs
 * SyncTenantShops).
 */
export class EcommerceClient implements EcommerceApi {
    readonly gql: GraphQLClient;

    constructor(options: SyncClientOptions) {
        this.gql = new GraphQLClient({ ...options, server: 'ecommerce' });
    }

    applyProductSnapshots(input: ApplyProductsInput): Promise<ApplyProductsResult> {
        return this.gql.request(
            'applyProductSnapshots',
            `mutation ApplyProductSnapshots($input: JSON!) { applyProductSnapshots(input: $input) }`,
            { input },
        );
    }

    applyMasterStockMovements(
        tenantCode: string,
        movements: PositionedMovement[],
        feedPosition?: number | null,
    ): Promise<ApplyMovementsResult> {
        return this.gql.request(
            'applyMasterStockMovements',
            `mutation ApplyMasterStockMovements($tenantCode: String!, $movements: [JSON!]!, $feedPosition: Int) {
                applyMasterStockMovements(tenantCode: $tenantCode, movements: $movements, feedPosition: $feedPosition)
            }`,
            { tenantCode, movements, feedPosition: feedPosition ?? null },
        );
    }

    shopStockMovements(tenantCode: string, after: number, take?: number): Promise<MovementPage> {
        return this.gql.request(
            'shopStockMovements',
            `query ShopStockMovements($tenantCode: String!, $after: Int!, $take: Int) {
                shopStockMovements(tenantCode: $tenantCode, after: $after, take: $take)
            }`,
            { tenantCode, after, take },
        );
    }

    orderStatusFeed(tenantCode: string, after: number, take?: number): Promise<OrderSummaryPage> {
        return this.gql.request(
            'orderStatusFeed',
            `query OrderStatusFeed($tenantCode: String!, $after: Int!, $take: Int) {
                orderStatusFeed(tenantCode: $tenantCode, after: $after, take: $take)
            }`,
            { tenantCode, after, take },
        );
    }

    syncInbox(tenantCode: string): Promise<InboxPositions> {
        return this.gql.request('syncInbox', `query SyncInbox($tenantCode: String!) { syncInbox(tenantCode: $tenantCode) }`, {
            tenantCode,
        });
    }

    replicatedProducts(tenantCode: string, skip?: number, take?: number): Promise<ReplicatedProductPage> {
        return this.gql.request(
            'replicatedProducts',
            `query ReplicatedProducts($tenantCode: String!, $skip: Int, $take: Int) {
                replicatedProducts(tenantCode: $tenantCode, skip: $skip, take: $take)
            }`,
            { tenantCode, skip, take },
        );
    }
}
