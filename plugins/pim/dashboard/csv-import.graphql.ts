import { graphql } from '@/gql';

// The CSV import page (csv-import.tsx). Like every PIM query, these answer only inside a tenant's channel.

/** Checks a file: sent as a multipart upload by the Dashboard's api client (a File among the variables). */
export const importCsvDryRunDocument = graphql(`
    mutation PimImportCsvDryRun($kind: CsvImportKind!, $file: Upload!) {
        importCsvDryRun(kind: $kind, file: $file) {
            importId
            kind
            fileName
            totalRows
            validRows
            errorCount
            errors {
                row
                column
                message
            }
            truncatedErrors
        }
    }
`);

export const csvImportDocument = graphql(`
    query PimCsvImport($id: ID!) {
        csvImport(id: $id) {
            id
            createdAt
            kind
            state
            fileName
            createdBy
            totalRows
            validRows
            errorCount
            errors {
                row
                column
                message
            }
            truncatedErrors
            onlyValidRows
            processed
            total
            summary
            failureReason
            jobId
            startedAt
            finishedAt
        }
    }
`);

export const applyCsvImportDocument = graphql(`
    mutation PimApplyCsvImport($importId: ID!, $onlyValidRows: Boolean!) {
        applyCsvImport(importId: $importId, onlyValidRows: $onlyValidRows) {
            id
            state
        }
    }
`);

export const csvImportListDocument = graphql(`
    query PimCsvImportList($options: CsvImportListOptions) {
        csvImports(options: $options) {
            items {
                id
                createdAt
                kind
                state
                fileName
                createdBy
                totalRows
                validRows
                errorCount
                processed
                total
            }
            totalItems
        }
    }
`);

/** See TenantGate: the cheapest query guarded like the page. */
export const csvImportProbeDocument = graphql(`
    query PimCsvImportProbe {
        csvImports(options: { take: 1 }) {
            totalItems
        }
    }
`);
