import { describe, expect, it } from 'vitest';

import { CsvTable, readCsvTable } from './csv';
import {
    StoredPreferredPrice,
    SUPPLIER_PRICE_HEADER,
    SupplierPriceLookups,
    supplierPriceNames,
    validateSupplierPrices,
} from './supplier-price-csv';

const HEADER = 'supplier_code,sku,cost_price,currency,min_order_qty,valid_from,valid_to,preferred';

function table(lines: string[], header = HEADER): CsvTable {
    const result = readCsvTable(new TextEncoder().encode([header, ...lines].join('\n') + '\n'), SUPPLIER_PRICE_HEADER);
    if (!result.ok) throw new Error(JSON.stringify(result.fileErrors));
    return result.table;
}

function lookups(preferredPrices: StoredPreferredPrice[] = []): SupplierPriceLookups {
    return {
        suppliers: new Map([
            ['alpen', { id: 1, code: 'alpen', currencyCode: 'EUR' }],
            ['pacific', { id: 2, code: 'pacific', currencyCode: 'USD' }],
        ]),
        variants: new Map<string, Array<string | number>>([
            ['SKU-1', [11]],
            ['SKU-2', [12]],
            ['DUP', [13, 14]],
        ]),
        preferredPrices,
    };
}

const errorsOf = (lines: string[], preferred: StoredPreferredPrice[] = []) =>
    validateSupplierPrices(table(lines), lookups(preferred)).errors;

describe('supplier price list: header', () => {
    it('needs supplier_code, sku, cost_price and currency; the other columns may be left out', () => {
        expect(table(['alpen,SKU-1,1.00,EUR'], 'supplier_code,sku,cost_price,currency').columns).toHaveLength(4);
        const missing = readCsvTable(new TextEncoder().encode('supplier_code,sku,price\n'), SUPPLIER_PRICE_HEADER);
        expect(!missing.ok && missing.fileErrors.map(e => e.message)).toEqual([
            `unknown column "price"; expected header: ${HEADER}`,
            `missing columns "cost_price", "currency"; expected header: ${HEADER}`,
        ]);
    });
});

describe('supplier price list: rows', () => {
    it('turns a valid row into a record with ids, minor units and dates', () => {
        const result = validateSupplierPrices(table(['alpen,SKU-1,12.50,eur,6,2025-01-01,2025-07-01,yes']), lookups());
        expect(result.errors).toEqual([]);
        expect(result.records).toEqual([
            {
                row: 2,
                supplierId: 1,
                supplierCode: 'alpen',
                productVariantId: 11,
                sku: 'SKU-1',
                costPrice: 1250,
                currencyCode: 'EUR',
                minOrderQuantity: 6,
                validFrom: new Date('2025-01-01T00:00:00Z'),
                validTo: new Date('2025-07-01T00:00:00Z'),
                preferred: true,
            },
        ]);
    });

    it('fills defaults for empty optional cells', () => {
        const [record] = validateSupplierPrices(table(['alpen,SKU-1,0,EUR,,,,']), lookups()).records;
        expect(record).toMatchObject({ costPrice: 0, minOrderQuantity: 1, validFrom: null, validTo: null, preferred: false });
    });

    it('names row and column of each bad cell, several per row', () => {
        expect(errorsOf(['nobody,NOPE,-1,EURO,0,2025-13-01,soon,perhaps'])).toEqual([
            { row: 2, column: 'supplier_code', message: 'no supplier with code "nobody" in this tenant' },
            { row: 2, column: 'sku', message: `no variant with SKU "NOPE" in this tenant's catalog` },
            { row: 2, column: 'cost_price', message: '-1 is negative: amounts must be 0 or more' },
            { row: 2, column: 'currency', message: '"EURO" is not a three-letter currency code such as EUR' },
            { row: 2, column: 'min_order_qty', message: '0 is less than 1 (a whole number, at least 1)' },
            { row: 2, column: 'valid_from', message: '2025-13-01 is not a day of the calendar' },
            { row: 2, column: 'valid_to', message: '"soon" is not a date written as YYYY-MM-DD (e.g. 2025-01-31)' },
            { row: 2, column: 'preferred', message: '"perhaps" is not one of true/false, yes/no, 1/0' },
        ]);
    });

    it('requires supplier, sku, cost and currency', () => {
        expect(errorsOf([',,,,,,,']).length).toBe(0); // a blank row is skipped
        expect(errorsOf([' ,SKU-1,,,1,,,']).map(e => `${e.column}: ${e.message}`)).toEqual([
            'supplier_code: required',
            'cost_price: required',
            'currency: required',
        ]);
    });

    it('refuses a currency other than the supplier’s', () => {
        expect(errorsOf(['pacific,SKU-1,3.00,EUR,,,,'])).toEqual([
            { row: 2, column: 'currency', message: 'EUR does not match the currency of supplier pacific (USD)' },
        ]);
    });

    it('refuses more than two decimals, decimal commas, fractional and negative quantities', () => {
        expect(
            errorsOf(['alpen,SKU-1,1.234,EUR,,,,', 'alpen,SKU-2,"1,50",EUR,2.5,,,', 'alpen,SKU-2,1,EUR,-3,2026-01-01,,']).map(e => [
                e.row,
                e.column,
                e.message,
            ]),
        ).toEqual([
            [2, 'cost_price', '1.234 has more than 2 decimals'],
            [3, 'cost_price', '1,50: use a dot as the decimal separator (1.50)'],
            [3, 'min_order_qty', '2.5 is not a whole number (a whole number, at least 1)'],
            [4, 'min_order_qty', '-3 is negative: it must be 1 or more (a whole number, at least 1)'],
        ]);
    });

    it('needs valid_to after valid_from', () => {
        expect(errorsOf(['alpen,SKU-1,1,EUR,1,2025-05-01,2025-05-01,'])).toEqual([
            { row: 2, column: 'valid_to', message: '2025-05-01 must be after valid_from (2025-05-01)' },
        ]);
    });

    it('refuses a SKU that names several variants of the catalog', () => {
        expect(errorsOf(['alpen,DUP,1,EUR,,,,'])[0].message).toMatch(/names 2 variants in this catalog/);
    });

    it('refuses the same supplier, SKU and valid_from twice in the file', () => {
        expect(
            errorsOf(['alpen,SKU-1,1,EUR,1,2025-01-01,,', 'alpen,SKU-1,2,EUR,1,2025-01-01,,', 'alpen,SKU-1,2,EUR,1,2025-02-01,,']),
        ).toEqual([
            { row: 3, column: 'valid_from', message: 'same supplier_code, sku and valid_from as row 2: each price is imported once' },
        ]);
    });
});

describe('supplier price list: one preferred price per variant at a time', () => {
    it('refuses two preferred rows for one SKU with overlapping periods in the file', () => {
        const result = validateSupplierPrices(
            table([
                'alpen,SKU-1,1,EUR,1,2025-01-01,2025-07-01,true',
                'pacific,SKU-1,1,USD,1,2025-06-01,,true',
                'pacific,SKU-2,1,USD,1,,,true',
            ]),
            lookups(),
        );
        expect(result.errors).toEqual([
            {
                row: 3,
                column: 'preferred',
                message:
                    'SKU SKU-1 would have two preferred prices for overlapping periods: this row (from 2025-06-01) and row 2 (supplier alpen, 2025-01-01 to 2025-07-01); a variant has one preferred supplier at a time — set preferred to false on one of them',
            },
        ]);
        expect(result.records.map(r => r.row)).toEqual([2, 4]);
    });

    it('accepts preferred rows that follow each other (valid_to is exclusive)', () => {
        expect(errorsOf(['alpen,SKU-1,1,EUR,1,2025-01-01,2025-07-01,true', 'pacific,SKU-1,1,USD,1,2025-07-01,,true'])).toEqual([]);
    });

    const stored: StoredPreferredPrice = { supplierId: 2, supplierCode: 'pacific', productVariantId: 11, validFrom: null, validTo: null };

    it('refuses a preferred row that clashes with a stored preferred price of another supplier', () => {
        expect(errorsOf(['alpen,SKU-1,1,EUR,1,2025-01-01,,true'], [stored])).toEqual([
            {
                row: 2,
                column: 'preferred',
                message:
                    'SKU SKU-1 would have two preferred prices for overlapping periods: this row (from 2025-01-01) and the stored preferred price of supplier pacific (without end dates); a variant has one preferred supplier at a time — set preferred to false on one of them',
            },
        ]);
        expect(errorsOf(['alpen,SKU-1,1,EUR,1,2025-01-01,,false'], [stored])).toEqual([]);
    });

    it('lets a row replace the stored price it overwrites (same supplier, SKU, valid_from): re-importing a file is fine', () => {
        expect(errorsOf(['pacific,SKU-1,2,USD,1,,,true'], [stored])).toEqual([]);
        // The stored preferred price becomes non-preferred, so another supplier may be preferred.
        expect(errorsOf(['pacific,SKU-1,2,USD,1,,,false', 'alpen,SKU-1,1,EUR,1,2025-01-01,,true'], [stored])).toEqual([]);
    });

    it('keeps a stored preferred price whose overwriting row is refused, and checks the others against it', () => {
        // Row 2 would make pacific's price non-preferred but is refused (bad cost), so alpen's row 3 clashes with it.
        const errors = errorsOf(['pacific,SKU-1,x,USD,1,,,false', 'alpen,SKU-1,1,EUR,1,2025-01-01,,true'], [stored]);
        expect(errors.map(e => [e.row, e.column])).toEqual([
            [2, 'cost_price'],
            [3, 'preferred'],
        ]);
        // Row 3 would overwrite pacific's stored price but clashes with row 2, so it is refused; pacific's
        // price then stays preferred, and row 2 clashes with it: neither is written, the stored data stays consistent.
        const both = errorsOf(['alpen,SKU-1,1,EUR,1,2025-01-01,,true', 'pacific,SKU-1,2,USD,1,,,true'], [stored]);
        expect(both.map(e => [e.row, e.column])).toEqual([
            [2, 'preferred'],
            [3, 'preferred'],
        ]);
    });
});

describe('supplierPriceNames', () => {
    it('collects the distinct supplier codes and SKUs to look up', () => {
        expect(supplierPriceNames(table(['alpen,SKU-1,1,EUR,,,,', 'alpen,SKU-2,1,EUR,,,,', ' pacific ,SKU-1,1,USD,,,,']))).toEqual({
            supplierCodes: ['alpen', 'pacific'],
            skus: ['SKU-1', 'SKU-2'],
        });
    });
});
