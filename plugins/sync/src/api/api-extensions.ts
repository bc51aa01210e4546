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
    extend type Query {
        "Full snapshots of a tenant's products (at most 100 per call). tenantCode: required in the default channel, optional (and must match) in a tenant's"
        productSnapshots(tenantCode: String, masterProductIds: [ID!]!): [ProductSnapshotResult!]!
        "A tenant's change feed after a position (oldest first, at most 1,000)"
        syncFeed(tenantCode: String, after: Int!, take: Int): SyncFeedPage!
    }
`;
