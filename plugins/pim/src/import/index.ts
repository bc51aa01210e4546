export * from './csv';
export * from './csv-import.entity';
export * from './csv-import.service';
export { CSV_IMPORT_QUEUE } from './csv-import-runner';
export type { CsvImportJobData } from './csv-import-runner';
export * from './import-permissions';
export * from './pim-import.plugin';
export * from './product-csv';
export * from './supplier-price-csv';
