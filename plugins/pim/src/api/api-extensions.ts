import gql from 'graphql-tag';

export const pimAdminApiExtensions = gql`
    type Supplier implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        code: String!
        name: String!
        contactName: String
        emailAddress: String
        phoneNumber: String
        currencyCode: CurrencyCode!
        leadTimeDays: Int!
        "ACTIVE or INACTIVE"
        status: String!
        notes: String!
    }
    type SupplierList implements PaginatedList {
        items: [Supplier!]!
        totalItems: Int!
    }
    input SupplierListOptions
    input CreateSupplierInput {
        code: String!
        name: String!
        contactName: String
        emailAddress: String
        phoneNumber: String
        currencyCode: CurrencyCode!
        leadTimeDays: Int!
        status: String
        notes: String
    }
    input UpdateSupplierInput {
        id: ID!
        code: String
        name: String
        contactName: String
        emailAddress: String
        phoneNumber: String
        currencyCode: CurrencyCode
        leadTimeDays: Int
        status: String
        notes: String
    }

    type SupplierPrice implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        supplier: Supplier!
        supplierId: ID!
        productVariantId: ID!
        "Minor units of the supplier's currency"
        costPrice: Money!
        currencyCode: CurrencyCode!
        minOrderQuantity: Int!
        validFrom: DateTime
        validTo: DateTime
        preferred: Boolean!
    }
    type SupplierPriceList implements PaginatedList {
        items: [SupplierPrice!]!
        totalItems: Int!
    }
    input SupplierPriceListOptions
    input CreateSupplierPriceInput {
        supplierId: ID!
        productVariantId: ID!
        costPrice: Money!
        currencyCode: CurrencyCode!
        minOrderQuantity: Int
        validFrom: DateTime
        validTo: DateTime
        preferred: Boolean
    }
    input UpdateSupplierPriceInput {
        id: ID!
        costPrice: Money
        currencyCode: CurrencyCode
        minOrderQuantity: Int
        validFrom: DateTime
        validTo: DateTime
        preferred: Boolean
    }

    type PurchaseOrder implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        code: String!
        supplier: Supplier!
        "DRAFT, SUBMITTED, PARTIALLY_RECEIVED, RECEIVED or CANCELLED"
        state: String!
        currencyCode: CurrencyCode!
        notes: String!
        lines: [PurchaseOrderLine!]!
        history: [PurchaseOrderEvent!]!
        total: Money!
    }
    type PurchaseOrderLine {
        id: ID!
        productVariantId: ID!
        sku: String!
        productVariantName: String!
        quantity: Int!
        unitCost: Money!
        receivedQuantity: Int!
    }
    type PurchaseOrderEvent {
        id: ID!
        createdAt: DateTime!
        fromState: String
        toState: String!
        actor: String!
        note: String!
    }
    type PurchaseOrderList implements PaginatedList {
        items: [PurchaseOrder!]!
        totalItems: Int!
    }
    input PurchaseOrderListOptions
    input PurchaseOrderLineInput {
        productVariantId: ID!
        quantity: Int!
        unitCost: Money!
    }
    input CreatePurchaseOrderInput {
        supplierId: ID!
        lines: [PurchaseOrderLineInput!]!
        notes: String
    }
    input ReceiptLineInput {
        lineId: ID!
        quantity: Int!
    }

    type StockMovementRecord implements Node {
        id: ID!
        createdAt: DateTime!
        idempotencyKey: String!
        "master or ecommerce"
        origin: String!
        "PURCHASE_RECEIPT, SALE, CANCELLATION, RETURN or ADJUSTMENT"
        reason: String!
        productVariantId: ID!
        sku: String!
        delta: Int!
        sourceRef: String!
        occurredAt: DateTime!
    }
    type StockMovementRecordList implements PaginatedList {
        items: [StockMovementRecord!]!
        totalItems: Int!
    }
    input StockMovementRecordListOptions

    type PricingRule implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        name: String!
        "ALL, COLLECTION, FACET_VALUE, PRODUCT or VARIANT"
        scopeType: String!
        "The collection, facet value, product or variant id; null for ALL"
        scopeId: String
        "MARKUP_ON_COST (value in %), MULTIPLIER_ON_PRICE (factor) or FIXED_OFFSET (minor units)"
        method: String!
        value: Float!
        "NONE, END_99, END_95 or WHOLE"
        rounding: String!
        minMarginPercent: Float
        priority: Int!
        validFrom: DateTime
        validTo: DateTime
        enabled: Boolean!
    }
    type PricingRuleList implements PaginatedList {
        items: [PricingRule!]!
        totalItems: Int!
    }
    input PricingRuleListOptions
    input CreatePricingRuleInput {
        name: String!
        scopeType: String!
        scopeId: String
        method: String!
        value: Float!
        rounding: String
        minMarginPercent: Float
        priority: Int
        validFrom: DateTime
        validTo: DateTime
        enabled: Boolean
    }
    input UpdatePricingRuleInput {
        id: ID!
        name: String
        scopeType: String
        scopeId: String
        method: String
        value: Float
        rounding: String
        minMarginPercent: Float
        priority: Int
        validFrom: DateTime
        validTo: DateTime
        enabled: Boolean
    }
    type TenantPricePreview {
        productVariantId: ID!
        sku: String!
        currencyCode: CurrencyCode!
        masterPrice: Money!
        price: Money!
        "The rule that produced the price; null when the master price applies"
        ruleId: ID
        ruleName: String
        "MASTER_PRICE or RULE"
        basis: String!
        marginGuardApplied: Boolean!
        explanation: String!
        warnings: [String!]!
    }
    input TenantPricePreviewOptions {
        "Only these variants; all of the tenant's catalog when omitted"
        productVariantIds: [ID!]
        skip: Int
        take: Int
        "Prices as of this moment (default: now)"
        at: DateTime
    }

    type ProductCompleteness {
        productId: ID!
        productName: String!
        "0–100"
        score: Int!
        complete: Boolean!
        missing: [String!]!
    }
    type ProductCompletenessList {
        items: [ProductCompleteness!]!
        totalItems: Int!
    }
    extend type Product {
        "Completeness for the tenant of the request's channel; null outside a tenant"
        tenantCompleteness: ProductCompleteness
    }

    extend type Query {
        pricingRules(options: PricingRuleListOptions): PricingRuleList!
        pricingRule(id: ID!): PricingRule
        "The tenant's price of each variant, and which rule produced it"
        previewTenantPrices(options: TenantPricePreviewOptions): [TenantPricePreview!]!
        productCompleteness(productIds: [ID!]!): [ProductCompleteness!]!
        "The tenant's products that are not complete, lowest score first, with what each misses"
        incompleteProducts(skip: Int, take: Int): ProductCompletenessList!
        suppliers(options: SupplierListOptions): SupplierList!
        supplier(id: ID!): Supplier
        supplierPrices(options: SupplierPriceListOptions): SupplierPriceList!
        "The supplier prices of one variant, the preferred first"
        variantSupplierPrices(productVariantId: ID!): [SupplierPrice!]!
        purchaseOrders(options: PurchaseOrderListOptions): PurchaseOrderList!
        purchaseOrder(id: ID!): PurchaseOrder
        stockMovements(options: StockMovementRecordListOptions): StockMovementRecordList!
    }

    extend type Mutation {
        createPricingRule(input: CreatePricingRuleInput!): PricingRule!
        updatePricingRule(input: UpdatePricingRuleInput!): PricingRule!
        deletePricingRule(id: ID!): DeletionResponse!
        createSupplier(input: CreateSupplierInput!): Supplier!
        updateSupplier(input: UpdateSupplierInput!): Supplier!
        deleteSupplier(id: ID!): DeletionResponse!
        createSupplierPrice(input: CreateSupplierPriceInput!): SupplierPrice!
        updateSupplierPrice(input: UpdateSupplierPriceInput!): SupplierPrice!
        deleteSupplierPrice(id: ID!): DeletionResponse!
        createPurchaseOrder(input: CreatePurchaseOrderInput!): PurchaseOrder!
        "Replaces the lines of a DRAFT"
        setPurchaseOrderLines(id: ID!, lines: [PurchaseOrderLineInput!]!): PurchaseOrder!
        submitPurchaseOrder(id: ID!): PurchaseOrder!
        cancelPurchaseOrder(id: ID!, reason: String): PurchaseOrder!
        "Books what arrived; receiptKey makes a repeated call a no-op. Creates PURCHASE_RECEIPT stock movements."
        receivePurchaseOrder(id: ID!, lines: [ReceiptLineInput!]!, receiptKey: String!): PurchaseOrder!
    }
`;
