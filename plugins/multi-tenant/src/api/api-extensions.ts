import gql from 'graphql-tag';

/** master: tenants, their provisioning log, and the operations on them. */
export const masterAdminApiExtensions = gql`
    type Tenant implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        code: String!
        name: String!
        "PENDING, PROVISIONING, READY, FAILED or DISABLED"
        status: String!
        defaultLanguageCode: LanguageCode!
        currencyCode: CurrencyCode!
        channel: Channel
        ecommerceUrl: String!
        ecommerceChannelToken: String
        "Where the ecommerce API key is found (env:NAME or file:path); never the key"
        ecommerceCredentialsRef: String!
        settings: JSON!
        lastError: String
        events: [TenantEvent!]!
    }

    type TenantEvent implements Node {
        id: ID!
        createdAt: DateTime!
        step: String!
        "STARTED, SUCCEEDED, SKIPPED, FAILED or INFO"
        outcome: String!
        message: String!
    }

    type TenantList implements PaginatedList {
        items: [Tenant!]!
        totalItems: Int!
    }

    input TenantListOptions

    input TenantFirstAdministratorInput {
        emailAddress: String!
        firstName: String!
        lastName: String!
        password: String!
    }

    input CreateTenantInput {
        code: String!
        name: String!
        defaultLanguageCode: LanguageCode!
        currencyCode: CurrencyCode!
        ecommerceUrl: String!
        ecommerceCredentialsRef: String!
        settings: JSON
        "Created now without roles; gets the tenant's catalog-manager role once provisioned"
        firstAdministrator: TenantFirstAdministratorInput
    }

    extend type Query {
        tenants(options: TenantListOptions): TenantList!
        tenant(id: ID!): Tenant
    }

    extend type Mutation {
        "Idempotent by code: the same request again returns the existing tenant"
        createTenant(input: CreateTenantInput!): Tenant!
        retryTenantProvisioning(id: ID!): Tenant!
        "Disables a READY or FAILED tenant in master and its shop: its channels answer 403, its logins are refused; data stays"
        disableTenant(id: ID!): Tenant!
        "Enables a DISABLED tenant again"
        enableTenant(id: ID!): Tenant!
        "Deletes a DISABLED tenant from master — its record, event log, roles, seller and master channel. confirmCode must repeat the tenant's code. Shop data on the ecommerce server (orders, customers) is kept."
        deleteTenant(id: ID!, confirmCode: String!): DeletionResponse!
    }
`;

/** ecommerce: what master's provisioning calls. */
export const ecommerceAdminApiExtensions = gql`
    input TenantShopInput {
        code: String!
        name: String!
        defaultLanguageCode: String!
        currencyCode: String!
    }

    type TenantShop {
        channelId: ID!
        channelToken: String!
        shopStaffRoleCode: String!
    }

    extend type Mutation {
        "Creates or completes a tenant's shop: channel, seller, shop-staff role, shipping, payment, stock location"
        ensureTenantShop(input: TenantShopInput!): TenantShop!
        "Turns a tenant's shop off (403 on its channel, staff logins refused) or on again; data stays"
        setTenantShopEnabled(code: String!, enabled: Boolean!): Boolean!
    }
`;
