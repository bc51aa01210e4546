import gql from 'graphql-tag';

export const csvImportAdminApiExtensions = gql`
    "What a CSV file holds: a supplier price list, or products in Vendure's product import format."
    enum CsvImportKind {
        SUPPLIER_PRICES
        PRODUCTS
    }

    "DRY_RUN: checked, nothing written. PENDING → RUNNING → SUCCEEDED | FAILED once applied."
    enum CsvImportState {
        DRY_RUN
        PENDING
        RUNNING
        SUCCEEDED
        FAILED
    }

    "One problem of a file. Rows are numbered as a spreadsheet shows them (the header is row 1)."
    type CsvImportError {
        "null: not about one row (the encoding, the row limit)"
        row: Int
        "null: not about one column"
        column: String
        message: String!
    }

    type CsvImportDryRunResult {
        "null when the file itself was refused (encoding, syntax, header, row limit): nothing was kept, nothing can be applied"
        importId: ID
        kind: CsvImportKind!
        fileName: String!
        "Data rows of the file (blank rows are not counted)"
        totalRows: Int!
        "Rows an import writes (for products: the rows of products without errors)"
        validRows: Int!
        errorCount: Int!
        "The first 1,000 errors in row order"
        errors: [CsvImportError!]!
        "True when errorCount is larger than the errors listed"
        truncatedErrors: Boolean!
    }

    type CsvImport implements Node {
        id: ID!
        createdAt: DateTime!
        updatedAt: DateTime!
        kind: CsvImportKind!
        state: CsvImportState!
        fileName: String!
        createdBy: String
        totalRows: Int!
        validRows: Int!
        errorCount: Int!
        errors: [CsvImportError!]!
        truncatedErrors: Boolean!
        "As chosen when applied; null before"
        onlyValidRows: Boolean
        "Rows (supplier prices) or products (products) done so far, of total"
        processed: Int!
        total: Int!
        summary: String
        failureReason: String
        "The job that applies it (Vendure's job list shows its progress too)"
        jobId: String
        startedAt: DateTime
        finishedAt: DateTime
    }

    type CsvImportList implements PaginatedList {
        items: [CsvImport!]!
        totalItems: Int!
    }

    input CsvImportListOptions

    extend type Query {
        "An import of the active tenant, when the administrator may run imports of its kind"
        csvImport(id: ID!): CsvImport
        "Imports of the active tenant of the kinds the administrator may run, newest first unless sorted otherwise"
        csvImports(options: CsvImportListOptions): CsvImportList!
    }

    extend type Mutation {
        """
        Checks an uploaded CSV file (UTF-8, up to 50,000 data rows) against the active tenant's data and
        lists every error with row and column. Nothing is written to the catalog; the file is kept for
        applyCsvImport.
        """
        importCsvDryRun(kind: CsvImportKind!, file: Upload!): CsvImportDryRunResult!
        """
        Starts the import job of a dry-run. With errors, only onlyValidRows: true is accepted (the rows
        without errors are imported). Applying again repeats the import without duplicating anything.
        """
        applyCsvImport(importId: ID!, onlyValidRows: Boolean!): CsvImport!
    }
`;
