export { CsvImportError, CsvRow, CsvTable, HeaderSpec, MAX_DATA_ROWS, readCsvTable } from './csv';
export * from './csv-import.entity';
export * from './csv-import.service';
export { CSV_IMPORT_QUEUE } from './csv-import-runner';
export type { CsvImportJobData } from './csv-import-runner';
export * from './import-permissions';
export * from './pim-import.plugin';
export { ProductGroup, productHeader, ProductLookups, ProductValidation, validateProducts } from './product-csv';
export {
    SUPPLIER_PRICE_HEADER,
    SupplierPriceLookups,
    supplierPriceNames,
    SupplierPriceRecord,
    SupplierPriceValidation,
    validateSupplierPrices,
} from './supplier-price-csv';
