import '@vendure/core/dist/entity/custom-entity-fields';

declare module '@vendure/core/dist/entity/custom-entity-fields' {
    interface CustomChannelFields {
        /** Set when the channel's tenant is disabled (internal; not in the GraphQL schema). */
        eosDisabled?: boolean;
    }
}
