/**
 * Supplier price lists: the columns, and every check a row must pass before it may be written.
 * Pure: the catalog data the checks need (the tenant's suppliers, the variants the file names, their
 * preferred prices) is loaded beforehand in a few batched queries and passed in as lookups.
 */
import { isoDay, parseAmount, parseFlag, parseIsoDate, parseWhole } from './cells';
import { cellReader, CsvImportError, CsvTable, HeaderSpec } from './csv';

export const SUPPLIER_PRICE_HEADER: HeaderSpec = {
    required: ['supplier_code', 'sku', 'cost_price', 'currency'],
    optional: ['min_order_qty', 'valid_from', 'valid_to', 'preferred'],
};

type Id = string | number;

export interface SupplierRef {
    id: Id;
    code: string;
    currencyCode: string;
}

/** A preferred price already stored for one of the variants the file names. */
export interface StoredPreferredPrice {
    supplierId: Id;
    supplierCode: string;
    productVariantId: Id;
    validFrom: Date | null;
    validTo: Date | null;
}

export interface SupplierPriceLookups {
    /** The tenant's suppliers named in the file, by code. */
    suppliers: ReadonlyMap<string, SupplierRef>;
    /** Variant ids of the tenant's channel by SKU (more than one: the SKU is ambiguous there). */
    variants: ReadonlyMap<string, readonly Id[]>;
    /** Stored preferred prices of those variants. */
    preferredPrices: readonly StoredPreferredPrice[];
}

/** A row that passed every check: what the import writes. Money in minor units. */
export interface SupplierPriceRecord {
    row: number;
    supplierId: Id;
    supplierCode: string;
    productVariantId: Id;
    sku: string;
    costPrice: number;
    currencyCode: string;
    minOrderQuantity: number;
    validFrom: Date | null;
    validTo: Date | null;
    preferred: boolean;
}

export interface SupplierPriceValidation {
    records: SupplierPriceRecord[];
    errors: CsvImportError[];
}

/** The supplier codes and SKUs a table names: what to look up before validating it. */
export function supplierPriceNames(table: CsvTable): { supplierCodes: string[]; skus: string[] } {
    const cell = cellReader(table.columns);
    const supplierCodes = new Set<string>();
    const skus = new Set<string>();
    for (const row of table.rows) {
        const code = cell(row, 'supplier_code');
        const sku = cell(row, 'sku');
        if (code) supplierCodes.add(code);
        if (sku) skus.add(sku);
    }
    return { supplierCodes: [...supplierCodes], skus: [...skus] };
}

/** The key an import upserts by: one price per supplier, variant and start date. */
export function upsertKey(p: { supplierId: Id; productVariantId: Id; validFrom: Date | null }): string {
    return `${String(p.supplierId)}|${String(p.productVariantId)}|${p.validFrom ? p.validFrom.getTime() : ''}`;
}

type Period = { validFrom: Date | null; validTo: Date | null };

/** Periods are half-open [from, to); an empty end is open-ended. */
export function periodsOverlap(a: Period, b: Period): boolean {
    const aStart = a.validFrom?.getTime() ?? -Infinity;
    const aEnd = a.validTo?.getTime() ?? Infinity;
    const bStart = b.validFrom?.getTime() ?? -Infinity;
    const bEnd = b.validTo?.getTime() ?? Infinity;
    return aStart < bEnd && bStart < aEnd;
}

function describePeriod(p: Period): string {
    if (!p.validFrom && !p.validTo) return 'without end dates';
    if (!p.validTo) return `from ${isoDay(p.validFrom)}`;
    if (!p.validFrom) return `until ${isoDay(p.validTo)}`;
    return `${isoDay(p.validFrom)} to ${isoDay(p.validTo)}`;
}

/**
 * Every check of a supplier price list. Cell checks first (each bad cell is one error); then, among
 * the rows that passed them, the checks across rows: a supplier/SKU/valid_from key twice in the file,
 * and more than one preferred price of a variant for overlapping periods — in the file or against
 * the stored preferred prices (a stored price the file overwrites, same key, no longer counts).
 * The records are exactly the rows an import of "only the valid rows" writes, and writing them all
 * leaves at most one preferred price per variant at any time.
 */
export function validateSupplierPrices(table: CsvTable, lookups: SupplierPriceLookups): SupplierPriceValidation {
    const cell = cellReader(table.columns);
    const errors: CsvImportError[] = [...table.rowErrors];
    const candidates: SupplierPriceRecord[] = [];

    for (const row of table.rows) {
        const problems: CsvImportError[] = [];
        const bad = (column: string, message: string) => problems.push({ row: row.row, column, message });

        const supplierCode = cell(row, 'supplier_code');
        const supplier = supplierCode ? lookups.suppliers.get(supplierCode) : undefined;
        if (!supplierCode) bad('supplier_code', 'required');
        else if (!supplier) bad('supplier_code', `no supplier with code "${supplierCode}" in this tenant`);

        const sku = cell(row, 'sku');
        const variantIds = sku ? lookups.variants.get(sku) : undefined;
        if (!sku) bad('sku', 'required');
        else if (!variantIds?.length) bad('sku', `no variant with SKU "${sku}" in this tenant's catalog`);
        else if (variantIds.length > 1)
            bad('sku', `SKU "${sku}" names ${variantIds.length} variants in this catalog: make it unique first`);

        const cost = parseAmount(cell(row, 'cost_price'));
        if (cost.error !== undefined) bad('cost_price', cost.error);

        const currency = cell(row, 'currency').toUpperCase();
        if (!currency) bad('currency', 'required');
        else if (!/^[A-Z]{3}$/.test(currency))
            bad('currency', `"${cell(row, 'currency')}" is not a three-letter currency code such as EUR`);
        else if (supplier && supplier.currencyCode !== currency) {
            bad('currency', `${currency} does not match the currency of supplier ${supplier.code} (${supplier.currencyCode})`);
        }

        const minQty = parseWhole(cell(row, 'min_order_qty'), 1, 1);
        if (minQty.error !== undefined) bad('min_order_qty', `${minQty.error} (a whole number, at least 1)`);

        const from = parseIsoDate(cell(row, 'valid_from'));
        if (from.error !== undefined) bad('valid_from', from.error);
        const to = parseIsoDate(cell(row, 'valid_to'));
        if (to.error !== undefined) bad('valid_to', to.error);
        if (from.value && to.value && to.value <= from.value) {
            bad('valid_to', `${isoDay(to.value)} must be after valid_from (${isoDay(from.value)})`);
        }

        const preferred = parseFlag(cell(row, 'preferred'), false);
        if (preferred.error !== undefined) bad('preferred', preferred.error);

        if (problems.length || !supplier || variantIds?.length !== 1) {
            errors.push(...problems);
            continue;
        }
        candidates.push({
            row: row.row,
            supplierId: supplier.id,
            supplierCode: supplier.code,
            productVariantId: variantIds[0],
            sku,
            costPrice: cost.value!,
            currencyCode: currency,
            minOrderQuantity: minQty.value!,
            validFrom: from.value ?? null,
            validTo: to.value ?? null,
            preferred: preferred.value!,
        });
    }

    // The same upsert key twice: the later row is refused.
    const firstRowOfKey = new Map<string, number>();
    const unique: SupplierPriceRecord[] = [];
    for (const record of candidates) {
        const key = upsertKey(record);
        const first = firstRowOfKey.get(key);
        if (first !== undefined) {
            errors.push({
                row: record.row,
                column: 'valid_from',
                message: `same supplier_code, sku and valid_from as row ${first}: each price is imported once`,
            });
            continue;
        }
        firstRowOfKey.set(key, record.row);
        unique.push(record);
    }

    // At most one preferred price per variant at any time, once the file is written. A row refused here
    // that would have overwritten a stored preferred price leaves that price in place: check again
    // without it, until no such row is refused (rare; usually one pass).
    const storedKeys = new Set(lookups.preferredPrices.map(upsertKey));
    let pool = unique;
    for (;;) {
        const { accepted, refused } = checkPreferred(pool, lookups.preferredPrices);
        const keptStored = refused.filter(r => storedKeys.has(upsertKey(r.record)));
        if (!keptStored.length) {
            errors.push(...refused.map(r => r.error));
            errors.sort(byPosition(table.columns));
            return { records: accepted, errors };
        }
        errors.push(...keptStored.map(r => r.error));
        const drop = new Set(keptStored.map(r => r.record));
        pool = pool.filter(r => !drop.has(r));
    }
}

function checkPreferred(
    records: readonly SupplierPriceRecord[],
    stored: readonly StoredPreferredPrice[],
): { accepted: SupplierPriceRecord[]; refused: Array<{ record: SupplierPriceRecord; error: CsvImportError }> } {
    const overwritten = new Set(records.map(upsertKey));
    type Taken = Period & { describe: () => string };
    const takenByVariant = new Map<string, Taken[]>();
    for (const price of stored) {
        if (overwritten.has(upsertKey(price))) continue;
        const list = takenByVariant.get(String(price.productVariantId)) ?? [];
        list.push({ ...price, describe: () => `the stored preferred price of supplier ${price.supplierCode} (${describePeriod(price)})` });
        takenByVariant.set(String(price.productVariantId), list);
    }
    const accepted: SupplierPriceRecord[] = [];
    const refused: Array<{ record: SupplierPriceRecord; error: CsvImportError }> = [];
    for (const record of records) {
        if (record.preferred) {
            const taken = takenByVariant.get(String(record.productVariantId)) ?? [];
            const clash = taken.find(t => periodsOverlap(t, record));
            if (clash) {
                refused.push({
                    record,
                    error: {
                        row: record.row,
                        column: 'preferred',
                        message: `SKU ${record.sku} would have two preferred prices for overlapping periods: this row (${describePeriod(record)}) and ${clash.describe()}; a variant has one preferred supplier at a time — set preferred to false on one of them`,
                    },
                });
                continue;
            }
            taken.push({ ...record, describe: () => `row ${record.row} (supplier ${record.supplierCode}, ${describePeriod(record)})` });
            takenByVariant.set(String(record.productVariantId), taken);
        }
        accepted.push(record);
    }
    return { accepted, refused };
}

/** Errors in reading order: by row, then by column as the header has them. */
export function byPosition(columns: readonly string[]) {
    const order = new Map(columns.map((c, i) => [c, i]));
    return (a: CsvImportError, b: CsvImportError) =>
        (a.row ?? 0) - (b.row ?? 0) || (order.get(a.column ?? '') ?? -1) - (order.get(b.column ?? '') ?? -1);
}
