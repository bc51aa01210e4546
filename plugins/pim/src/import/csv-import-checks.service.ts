import { Injectable } from '@nestjs/common';
import { ConfigService, ImportParser, RequestContext } from '@vendure/core';

import { CsvImportError, CsvTable, readCsvTable, toCsv } from './csv';
import { CsvImportKind } from './csv-import.entity';
import { ImportLookupService } from './import-lookups.service';
import { ProductGroup, productHeader, productHeaderProblems, productNames, validateProducts } from './product-csv';
import { SUPPLIER_PRICE_HEADER, SupplierPriceRecord, supplierPriceNames, validateSupplierPrices } from './supplier-price-csv';

/** The file could not be read (encoding, syntax, header, row cap): nothing in it was checked further. */
export interface FileRefused {
    ok: false;
    fileErrors: CsvImportError[];
}

export interface FileChecked {
    ok: true;
    totalRows: number;
    validRows: number;
    errors: CsvImportError[];
    /** SUPPLIER_PRICES: the rows to write. */
    supplierPrices?: SupplierPriceRecord[];
    /** PRODUCTS: the table and its products with their state. */
    products?: { table: CsvTable; groups: ProductGroup[] };
}

/**
 * Runs every check of one file against the tenant's current data: the dry-run, and again when the
 * import job starts (the catalog may have changed since). `apply` differs in one point: products an
 * earlier run of the same import created are skipped instead of refused as existing.
 */
@Injectable()
export class CsvImportChecks {
    constructor(
        private lookups: ImportLookupService,
        private importParser: ImportParser,
        private configService: ConfigService,
    ) {}

    async check(
        ctx: RequestContext,
        kind: CsvImportKind,
        bytes: Uint8Array,
        mode: 'dry-run' | 'apply',
    ): Promise<FileRefused | FileChecked> {
        return kind === 'SUPPLIER_PRICES' ? this.checkSupplierPrices(ctx, bytes) : this.checkProducts(ctx, bytes, mode);
    }

    /** The language of untranslated product columns: the channel's default language. */
    mainLanguage(ctx: RequestContext): string {
        return ctx.channel.defaultLanguageCode;
    }

    private async checkSupplierPrices(ctx: RequestContext, bytes: Uint8Array): Promise<FileRefused | FileChecked> {
        const read = readCsvTable(bytes, SUPPLIER_PRICE_HEADER);
        if (!read.ok) return read;
        const lookups = await this.lookups.forSupplierPrices(ctx, supplierPriceNames(read.table));
        const { records, errors } = validateSupplierPrices(read.table, lookups);
        return { ok: true, totalRows: read.table.totalRows, validRows: records.length, errors, supplierPrices: records };
    }

    private async checkProducts(ctx: RequestContext, bytes: Uint8Array, mode: 'dry-run' | 'apply'): Promise<FileRefused | FileChecked> {
        const mainLanguage = this.mainLanguage(ctx);
        const { customFields } = this.configService;
        const read = readCsvTable(
            bytes,
            productHeader({
                mainLanguage,
                productCustomFields: customFields.Product.map(f => f.name),
                variantCustomFields: customFields.ProductVariant.map(f => f.name),
            }),
        );
        if (!read.ok) return read;
        const { table } = read;
        const headerProblems = productHeaderProblems(table.columns, mainLanguage);
        if (headerProblems.length) return { ok: false, fileErrors: headerProblems };
        // Vendure's own parser checks what it needs of the header (translations, custom fields).
        const vendure = await this.vendureParse(table, table.rows, mainLanguage);
        if (!vendure.ok) return vendure;
        const names = productNames(table, mainLanguage);
        const lookups = await this.lookups.forProducts(ctx, names);
        const result = validateProducts(table, lookups, { mainLanguage, existing: mode === 'dry-run' ? 'error' : 'imported' });
        return {
            ok: true,
            totalRows: table.totalRows,
            validRows: result.validRows,
            errors: result.errors,
            products: { table, groups: result.groups },
        };
    }

    /**
     * Vendure's ImportParser on the given rows of a table (cells as read, every one quoted), for its
     * header checks and, in the job, the parsed products the Importer takes.
     */
    async vendureParse(table: CsvTable, rows: CsvTable['rows'], mainLanguage: string) {
        try {
            const parsed = await this.importParser.parseProducts(
                toCsv(
                    table.columns,
                    rows.map(r => r.cells),
                ),
                mainLanguage as never,
            );
            const fileErrors: CsvImportError[] = [];
            for (const error of parsed.errors) {
                const line = /^(.*) on line (\d+)$/.exec(error);
                // Row problems it reports are checked (with row and column) by our own rules already.
                if (!line) fileErrors.push({ row: 1, column: null, message: error });
            }
            if (fileErrors.length) return { ok: false as const, fileErrors };
            return { ok: true as const, results: parsed.results };
        } catch (err) {
            return {
                ok: false as const,
                fileErrors: [
                    { row: null, column: null, message: `the file cannot be read as Vendure's product format: ${(err as Error).message}` },
                ],
            };
        }
    }
}
