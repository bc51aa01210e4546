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
    extend type Query {
        "The change feed of the request's tenant after a position (oldest first, at most 1,000)"
        syncFeed(after: Int!, take: Int): SyncFeedPage!
    }
`;
