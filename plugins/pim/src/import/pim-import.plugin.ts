import { PluginCommonModule, Type, VendurePlugin } from '@vendure/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';

import { csvImportAdminApiExtensions } from './api-extensions';
import { CsvImportChecks } from './csv-import-checks.service';
import { CsvImportRunner } from './csv-import-runner';
import { CsvImport } from './csv-import.entity';
import { CsvImportAdminResolver, CsvImportEntityResolver } from './csv-import.resolver';
import { CsvImportService } from './csv-import.service';
import { ImportLookupService } from './import-lookups.service';

/**
 * CSV import for a tenant's catalog managers: supplier price lists and products (Vendure's product
 * import format). Upload → dry-run listing every error with row and column → apply as a job with
 * progress. Needs PimPlugin (suppliers and their prices) and MultiTenantPlugin (the tenant of a request).
 *
 * @example
 * plugins: [MultiTenantPlugin.init({ role: 'master' }), PimPlugin, PimImportPlugin]
 */
@VendurePlugin({
    imports: [PluginCommonModule, MultiTenantPlugin],
    providers: [ImportLookupService, CsvImportChecks, CsvImportRunner, CsvImportService],
    exports: [CsvImportService],
    entities: [CsvImport],
    adminApiExtensions: {
        schema: csvImportAdminApiExtensions,
        resolvers: [CsvImportAdminResolver, CsvImportEntityResolver],
    },
    compatibility: '^3.7.0',
})
export class PimImportPlugin {
    static init(): Type<PimImportPlugin> {
        return PimImportPlugin;
    }
}
