import gql from 'graphql-tag';

export const masterSyncApiExtensions = gql`
    type SyncFeedEntry {
        "Grows with every entry; read on from the last one you processed"
        position: Int!
        "PRODUCT: build a fresh snapshot of the product (it may have been deleted)"
        kind: String!
        masterProductId: ID!
        occurredAt: DateTime!
    }
    type SyncFeedPage {
        entries: [SyncFeedEntry!]!
        "The tenant's newest position: lag = lastPosition − your position"
        lastPosition: Int!
    }
    type ProductSnapshotResult {
        masterProductId: ID!
        "The ProductSnapshot of the sync contract (JSON); null when the shop must not show the product"
        snapshot: JSON
        "NOT_IN_CATALOG, DELETED or INCOMPLETE when there is no snapshot"
        reason: String
        "What an INCOMPLETE product misses"
        missing: [String!]!
    }
    type SyncProductIdPage {
        "Master product ids of the tenant's catalog (not deleted, complete or not), by id"
        items: [ID!]!
        totalItems: Int!
    }
    "A tenant's stream as its sidecar last reported it (updatedAt null: never reported), with master's own position"
    type TenantSyncStatus {
        tenantCode: String!
        "catalog, stock-to-ecommerce, stock-to-master or orders"
        stream: String!
        sourcePosition: Int!
        appliedPosition: Int!
        lagSeconds: Float!
        lastSuccessAt: DateTime
        lastError: String
        "DeadLetter[] of the sync contract"
        deadLetters: JSON!
        updatedAt: DateTime
        "Master's newest position of what it sends (catalog, stock-to-ecommerce) or has applied (stock-to-master, orders)"
        masterPosition: Int!
    }
    type OrderSummaryLine {
        masterVariantId: ID!
        sku: String!
        productName: String!
        quantity: Int!
        unitPriceWithTax: Money!
        linePriceWithTax: Money!
    }
    "An order of the tenant's shop as the sync brought it to master"
    type OrderSummary implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        tenantCode: String!
        orderCode: String!
        state: String!
        currencyCode: String!
        subTotalWithTax: Money!
        shippingWithTax: Money!
        totalWithTax: Money!
        totalQuantity: Int!
        customerEmail: String
        placedAt: DateTime
        "When the shop last changed the order"
        orderUpdatedAt: DateTime!
        "The shop's order feed position of this summary"
        version: Int!
        lines: [OrderSummaryLine!]!
    }
    type OrderSummaryList implements PaginatedList {
        items: [OrderSummary!]!
        totalItems: Int!
    }
    input OrderSummaryListOptions

    extend type Query {
        "The ids of a tenant's catalog, for a full sync or verify (take: 1–5,000, default 500)"
        syncCatalogProductIds(tenantCode: String, skip: Int, take: Int): SyncProductIdPage!
        "MovementPage (sync contract): the tenant's stock movements made in master, after a position (take: 1–1,000, default 100)"
        masterStockMovements(tenantCode: String, after: Int!, take: Int): JSON!
        "InboxPositions (sync contract): what master has applied of the tenant's stock-to-master and orders streams"
        syncInbox(tenantCode: String!): JSON!
        "Every tenant's streams on the default channel; the own tenant's in a tenant channel"
        syncStatus: [TenantSyncStatus!]!
        "The orders of the request's tenant's shop (tenant channel)"
        orderSummaries(options: OrderSummaryListOptions): OrderSummaryList!
        "Full snapshots of a tenant's products (at most 100 per call). tenantCode: required in the default channel, optional (and must match) in a tenant's"
        productSnapshots(tenantCode: String, masterProductIds: [ID!]!): [ProductSnapshotResult!]!
        "A tenant's change feed after a position (oldest first, at most 1,000)"
        syncFeed(tenantCode: String, after: Int!, take: Int): SyncFeedPage!
    }
    extend type Mutation {
        "Applies the shop's StockMovements once each (by idempotency key) and records feedPosition as the stock-to-master checkpoint, in one transaction → ApplyMovementsResult"
        applyShopStockMovements(tenantCode: String!, movements: [JSON!]!, feedPosition: Int): JSON!
        "Stores OrderSummaries (newest version wins) and records feedPosition as the orders checkpoint, in one transaction → { applied, stale, position }"
        applyOrderSummaries(tenantCode: String!, summaries: [JSON!]!, feedPosition: Int): JSON!
        "A sidecar's SyncStatusReport after a run of a stream"
        reportSyncStatus(report: JSON!): Boolean!
        "Where to push (upsert by url); tenantCodes null: every tenant"
        registerSyncSubscriber(url: String!, secret: String!, tenantCodes: [String!]): Boolean!
        "Clears the tenant's dead letters and pushes a retry to its subscribers"
        retrySync(tenantCode: String!): Boolean!
    }
`;
