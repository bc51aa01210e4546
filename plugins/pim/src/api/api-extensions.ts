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

    extend type Query {
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
