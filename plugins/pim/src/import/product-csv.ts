/**
 * Products in Vendure's CSV import format (the format of its `Importer`): the header, and the checks
 * that Vendure's own parser does not make — it turns a bad price into NaN, silently picks the first
 * tax category for an unknown one, drops variant rows that come before any product, and fails in
 * the middle of an import on a missing asset. Pure: catalog data comes in as lookups.
 *
 * One product is a row with a name followed by the rows of its further variants (no name). A product
 * is imported with all its variants or not at all: one bad row keeps its whole product out.
 */
import path from 'node:path';

import { LanguageCode } from '@vendure/common/lib/generated-types';
import { normalizeString } from '@vendure/common/lib/normalize-string';

import { parseAmount, parseFlag, parseWhole } from './cells';
import { cellReader, CsvImportError, CsvRow, CsvTable, HeaderSpec } from './csv';
import { byPosition } from './supplier-price-csv';

/** Vendure's columns, in the order of its sample file. */
const REQUIRED = [
    'name',
    'slug',
    'description',
    'assets',
    'facets',
    'optionGroups',
    'optionValues',
    'sku',
    'price',
    'taxCategory',
] as const;
const OPTIONAL = ['stockOnHand', 'trackInventory', 'variantAssets', 'variantFacets'] as const;
/** Vendure requires these two as well, though they may be empty. */
const REQUIRED_TOO = ['variantAssets', 'variantFacets'] as const;
const TRANSLATABLE = ['name', 'slug', 'description', 'facets', 'optionGroups', 'optionValues', 'variantFacets'];
const LANGUAGES = new Map(Object.values(LanguageCode).map(code => [code.toLowerCase(), code as string]));

export interface ProductFormatOptions {
    /** Language of the untranslated columns: the channel's default language. */
    mainLanguage: string;
    /** Names of the Product and ProductVariant custom fields (columns `product:<name>`, `variant:<name>`). */
    productCustomFields?: readonly string[];
    variantCustomFields?: readonly string[];
}

/** The header of a product file: Vendure's columns, their translations (`name:de`) and custom fields. */
export function productHeader(options: ProductFormatOptions): HeaderSpec {
    const custom = {
        product: new Map((options.productCustomFields ?? []).map(n => [n.toLowerCase(), n])),
        variant: new Map((options.variantCustomFields ?? []).map(n => [n.toLowerCase(), n])),
    };
    const translatable = new Map(TRANSLATABLE.map(c => [c.toLowerCase(), c]));
    return {
        required: [...REQUIRED, ...REQUIRED_TOO],
        optional: OPTIONAL.filter(c => !(REQUIRED_TOO as readonly string[]).includes(c)),
        accept: name => {
            const parts = name.split(':').map(p => p.trim());
            if (parts.length === 2) {
                const base = translatable.get(parts[0].toLowerCase());
                const language = LANGUAGES.get(parts[1].toLowerCase());
                if (base && language) return `${base}:${language}`;
            }
            const owner = parts[0].toLowerCase();
            if ((owner === 'product' || owner === 'variant') && (parts.length === 2 || parts.length === 3)) {
                const field = custom[owner].get(parts[1].toLowerCase());
                const language = parts[2] === undefined ? '' : LANGUAGES.get(parts[2].toLowerCase());
                if (field && language !== undefined) return `${owner}:${field}${language ? `:${language}` : ''}`;
            }
            return undefined;
        },
        presentAs: (required, columns) => TRANSLATABLE.includes(required) && columns.some(c => c.startsWith(`${required}:`)),
    };
}

/** Problems of a header that passed {@link productHeader}, which need the channel's language. */
export function productHeaderProblems(columns: readonly string[], mainLanguage: string): CsvImportError[] {
    const translatedNames = columns.filter(c => c.startsWith('name:'));
    if (!columns.includes('name') && translatedNames.length && !translatedNames.includes(`name:${mainLanguage}`)) {
        return [
            {
                row: 1,
                column: translatedNames[0],
                message: `the file names products in ${translatedNames.map(c => c.slice(5)).join(', ')} but not in ${mainLanguage}, this catalog's default language: add a name:${mainLanguage} column`,
            },
        ];
    }
    return [];
}

export interface ProductLookups {
    /** Tax category names, in the order Vendure's importer searches them (TaxCategoryService.findAll). */
    taxCategories: readonly string[];
    /** SKUs of the variants already in the tenant's channel, among those the file names. */
    existingSkus: ReadonlySet<string>;
    /** Product slugs already used in the tenant's channel, among those the file names. */
    existingSlugs: ReadonlySet<string>;
    /** Whether a (safe, relative) asset file name exists in the import assets folder. */
    assetExists: (name: string) => boolean;
}

export type ProductGroupState = 'valid' | 'invalid' | 'imported';

/** One product of the file: its rows (the first names it) and what the checks found. */
export interface ProductGroup {
    firstRow: number;
    name: string;
    rows: CsvRow[];
    skus: string[];
    /** valid: to import; invalid: has errors; imported: every SKU already exists (an earlier run of this import). */
    state: ProductGroupState;
}

export interface ProductValidation {
    groups: ProductGroup[];
    errors: CsvImportError[];
    /** Rows of the valid products. */
    validRows: number;
}

export interface ValidateProductOptions {
    mainLanguage: string;
    /**
     * What a product whose SKUs all exist already is. `error` for a dry-run; `imported` when an import
     * runs again (after a retry, the products its earlier run created are skipped, not duplicated).
     */
    existing: 'error' | 'imported';
}

/** The SKUs, slugs and asset names a product table names: what to look up before validating it. */
export function productNames(table: CsvTable, mainLanguage: string): { skus: string[]; slugs: string[]; assets: string[] } {
    const read = mainReader(table.columns, mainLanguage);
    const skus = new Set<string>();
    const slugs = new Set<string>();
    const assets = new Set<string>();
    for (const row of table.rows) {
        const sku = read(row, 'sku');
        if (sku) skus.add(sku);
        const name = read(row, 'name');
        if (name) slugs.add(productSlug(read(row, 'slug'), name));
        for (const asset of [...list(read(row, 'assets')), ...list(read(row, 'variantAssets'))]) assets.add(asset);
    }
    return { skus: [...skus], slugs: [...slugs], assets: [...assets] };
}

/** The slug Vendure's importer stores: the given one or one made from the name, normalised. */
export function productSlug(slug: string, name: string): string {
    return normalizeString(slug || normalizeString(name, '-'), '-');
}

/** Why an asset name cannot be imported, or undefined when it is a plain file name. */
export function assetNameProblem(name: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(name) && !/^[a-z]:[\\/]/i.test(name)) {
        return `"${name}": assets are not downloaded from URLs; put the file in the import assets folder and write its file name`;
    }
    if (path.posix.isAbsolute(name) || path.win32.isAbsolute(name) || name.split(/[\\/]/).includes('..')) {
        return `"${name}" points outside the import assets folder: write a file name inside it`;
    }
    return undefined;
}

/**
 * Every check of a product file. Errors name row and column; a product with any error is left out
 * (`state: 'invalid'`), so `groups` with state `valid` are exactly what an import of the valid rows creates.
 */
export function validateProducts(table: CsvTable, lookups: ProductLookups, options: ValidateProductOptions): ProductValidation {
    const read = mainReader(table.columns, options.mainLanguage);
    const cell = cellReader(table.columns);
    const errors: CsvImportError[] = [...table.rowErrors];
    const groups: Array<ProductGroup & { errors: number; slug: string; optionGroupCount: number; options: Map<string, number> }> = [];
    const firstRowOfSku = new Map<string, number>();
    const firstRowOfSlug = new Map<string, number>();
    const sharedOptionGroups = new Map<string, { row: number; values: Set<string> }>();
    const languageColumns = columnsByBase(table.columns);
    const assetChecked = new Map<string, string | undefined>();

    const assetProblem = (name: string): string | undefined => {
        if (!assetChecked.has(name)) {
            const problem =
                assetNameProblem(name) ??
                (lookups.assetExists(name) ? undefined : `asset file "${name}" is not in the import assets folder`);
            assetChecked.set(name, problem);
        }
        return assetChecked.get(name);
    };

    for (const row of table.rows) {
        const problems: CsvImportError[] = [];
        const bad = (column: string, message: string) => problems.push({ row: row.row, column, message });
        const name = read(row, 'name');
        let group = groups[groups.length - 1];

        if (name) {
            const slug = productSlug(read(row, 'slug'), name);
            group = {
                firstRow: row.row,
                name,
                slug,
                rows: [],
                skus: [],
                state: 'valid',
                errors: 0,
                optionGroupCount: 0,
                options: new Map(),
            };
            groups.push(group);
            const slugColumn = languageColumns.get('slug')?.[0] ?? 'slug';
            if (!slug) bad(slugColumn, 'the slug (or the name it is made from) has no letters or digits');
            else if (firstRowOfSlug.has(slug))
                bad(slugColumn, `slug "${slug}" is also the slug of the product on row ${firstRowOfSlug.get(slug)}`);
            else if (lookups.existingSlugs.has(slug) && options.existing === 'error') {
                bad(slugColumn, `slug "${slug}" is already used by a product in this catalog`);
            }
            if (slug) firstRowOfSlug.set(slug, row.row);
            for (const asset of list(read(row, 'assets'))) {
                const problem = assetProblem(asset);
                if (problem) bad('assets', problem);
            }
            checkFacetCells(row, 'facets', languageColumns, cell, bad);
            const optionGroupCounts = countsPerLanguage(row, 'optionGroups', languageColumns, cell);
            if (new Set(optionGroupCounts.map(c => c.count)).size > 1) {
                bad(
                    optionGroupCounts[0].column,
                    `every language column must list the same number of option groups (${describeCounts(optionGroupCounts)})`,
                );
            }
            group.optionGroupCount = optionGroupCounts[0]?.count ?? 0;
            const groupsCell = read(row, 'optionGroups');
            for (const entry of list(groupsCell)) {
                const [groupName, code] = entry.split(':').map(s => s.trim());
                if (!groupName) bad(languageColumns.get('optionGroups')?.[0] ?? 'optionGroups', `option group "${entry}" has no name`);
                if (code !== undefined && !code)
                    bad(languageColumns.get('optionGroups')?.[0] ?? 'optionGroups', `option group "${entry}" has an empty code`);
            }
        } else if (!group) {
            errors.push({
                row: row.row,
                column: languageColumns.get('name')?.[0] ?? 'name',
                message: 'this row has no product name and no product above it: the first row of a product must name it',
            });
            continue;
        }

        // Every row is a variant.
        const sku = read(row, 'sku');
        if (!sku) bad('sku', 'required');
        else if (firstRowOfSku.has(sku)) bad('sku', `SKU "${sku}" is also on row ${firstRowOfSku.get(sku)}`);
        else if (lookups.existingSkus.has(sku) && options.existing === 'error') bad('sku', `SKU "${sku}" already exists in this catalog`);
        if (sku && !firstRowOfSku.has(sku)) firstRowOfSku.set(sku, row.row);

        const price = parseAmount(read(row, 'price'));
        if (price.error !== undefined) bad('price', price.error);

        const tax = read(row, 'taxCategory');
        const taxProblem = taxCategoryProblem(tax, lookups.taxCategories);
        if (taxProblem) bad('taxCategory', taxProblem);

        const stock = parseWhole(read(row, 'stockOnHand'), 0, 0);
        if (stock.error !== undefined) bad('stockOnHand', `${stock.error} (a whole number, 0 or more)`);
        const track = parseFlag(read(row, 'trackInventory'), false);
        if (track.error !== undefined) bad('trackInventory', `${track.error}, or empty to follow the global setting`);

        for (const asset of list(read(row, 'variantAssets'))) {
            const problem = assetProblem(asset);
            if (problem) bad('variantAssets', problem);
        }
        checkFacetCells(row, 'variantFacets', languageColumns, cell, bad);

        const optionCounts = countsPerLanguage(row, 'optionValues', languageColumns, cell);
        const mismatch = optionCounts.find(c => c.count !== group.optionGroupCount);
        if (mismatch) {
            bad(
                mismatch.column,
                `${mismatch.count} option value${mismatch.count === 1 ? '' : 's'} for ${group.optionGroupCount} option group${group.optionGroupCount === 1 ? '' : 's'} of product "${group.name}" (row ${group.firstRow})`,
            );
        } else if (group.optionGroupCount > 0) {
            const values = list(read(row, 'optionValues'));
            const combination = values.join('|').toLowerCase();
            const same = group.options.get(combination);
            if (same !== undefined)
                bad(optionCounts[0].column, `the same options (${values.join(', ')}) as row ${same}: every variant needs its own`);
            else group.options.set(combination, row.row);
            checkSharedOptionValues(row, read, group, sharedOptionGroups, values, optionCounts[0].column, bad);
        }

        group.rows.push(row);
        if (sku) group.skus.push(sku);
        group.errors += problems.length;
        errors.push(...problems);
    }

    for (const group of groups) {
        if (group.rows.length > 1 && group.optionGroupCount === 0) {
            group.errors++;
            errors.push({
                row: group.firstRow,
                column: languageColumns.get('optionGroups')?.[0] ?? 'optionGroups',
                message: `product "${group.name}" has ${group.rows.length} variants but no option groups: variants of one product differ by their options (e.g. size|colour)`,
            });
        }
    }

    let validRows = 0;
    const result: ProductGroup[] = groups.map(({ errors: count, firstRow, name, slug, rows, skus }) => {
        let state: ProductGroupState = count ? 'invalid' : 'valid';
        if (options.existing === 'imported') {
            // A run of an import that ran before: its products are there already.
            const existing = skus.filter(s => lookups.existingSkus.has(s));
            const problem = (column: string, message: string) => {
                state = 'invalid';
                errors.push({ row: firstRow, column, message });
            };
            if (state === 'valid' && skus.length && existing.length === skus.length) state = 'imported';
            else if (state === 'valid' && existing.length) {
                problem(
                    'sku',
                    `SKU${existing.length > 1 ? 's' : ''} ${existing.join(', ')} of product "${name}" already exist in this catalog, the others not: check the product in the Dashboard`,
                );
            } else if (state === 'valid' && lookups.existingSlugs.has(slug)) {
                problem(languageColumns.get('slug')?.[0] ?? 'slug', `slug "${slug}" is already used by a product in this catalog`);
            }
        }
        if (state === 'valid') validRows += rows.length;
        return { firstRow, name, rows, skus, state };
    });
    errors.sort(byPosition(table.columns));
    return { groups: result, errors, validRows };
}

/**
 * Vendure's importer takes the first tax category whose name contains the cell's text (as a regular
 * expression, case-insensitively), and the first category of all when none does. Accept only what
 * it would match unambiguously.
 */
export function taxCategoryProblem(text: string, categories: readonly string[]): string | undefined {
    const available = categories.length ? categories.join(', ') : 'none exist';
    if (!text) return `required (one of: ${available})`;
    if (/[.*+?^${}()|[\]\\]/.test(text)) return `"${text}": write a tax category's name without special characters (one of: ${available})`;
    const matches = categories.filter(c => c.toLowerCase().includes(text.toLowerCase()));
    if (!matches.length) return `no tax category "${text}" (one of: ${available})`;
    if (matches.length > 1 && matches[0].toLowerCase() !== text.toLowerCase()) {
        return `"${text}" matches several tax categories (${matches.join(', ')}): write the full name of one`;
    }
    return undefined;
}

/** `a|b|c` → ['a','b','c'], empty entries dropped, as Vendure's parser reads lists. */
function list(cell: string): string[] {
    return cell
        .split('|')
        .map(s => s.trim())
        .filter(s => s !== '');
}

/** The untranslated column, or its translated columns (`name:de`, …), per base column. */
function columnsByBase(columns: readonly string[]): Map<string, string[]> {
    const byBase = new Map<string, string[]>();
    for (const column of columns) {
        const [base, language] = column.split(':');
        if (!TRANSLATABLE.includes(base)) continue;
        if (language !== undefined && !LANGUAGES.has(language.toLowerCase())) continue;
        byBase.set(base, [...(byBase.get(base) ?? []), column]);
    }
    return byBase;
}

/** Reads a column in the main language: the untranslated column, else `<column>:<mainLanguage>`. */
function mainReader(columns: readonly string[], mainLanguage: string) {
    const cell = cellReader(columns);
    const translated = new Set(columns);
    return (row: CsvRow, column: string): string =>
        !translated.has(column) && translated.has(`${column}:${mainLanguage}`) ? cell(row, `${column}:${mainLanguage}`) : cell(row, column);
}

type Cell = (row: CsvRow, column: string) => string;

/** How many list entries each language column of `base` holds in a row. */
function countsPerLanguage(row: CsvRow, base: string, byBase: Map<string, string[]>, cell: Cell) {
    return (byBase.get(base) ?? []).map(column => ({ column, count: list(cell(row, column)).length }));
}

function describeCounts(counts: Array<{ column: string; count: number }>): string {
    return counts.map(c => `${c.column}: ${c.count}`).join(', ');
}

/** `facet:value` entries with both parts, the same number in every language column. */
function checkFacetCells(
    row: CsvRow,
    base: string,
    byBase: Map<string, string[]>,
    cell: Cell,
    bad: (column: string, message: string) => void,
) {
    const counts = countsPerLanguage(row, base, byBase, cell);
    if (new Set(counts.map(c => c.count)).size > 1) {
        bad(counts[0].column, `every language column must list the same number of facets (${describeCounts(counts)})`);
    }
    for (const column of byBase.get(base) ?? []) {
        for (const entry of list(cell(row, column))) {
            const parts = entry.split(':');
            if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) {
                bad(column, `"${entry}" is not written as facet:value (e.g. brand:Acme)`);
            }
        }
    }
}

/**
 * Option groups with a code (`size:shared-size`) are shared between products; Vendure creates such a
 * group with the values of the first product that uses it and fails on a value outside them.
 */
function checkSharedOptionValues(
    row: CsvRow,
    read: (row: CsvRow, column: string) => string,
    group: ProductGroup,
    shared: Map<string, { row: number; values: Set<string> }>,
    values: string[],
    column: string,
    bad: (column: string, message: string) => void,
) {
    const productRow = group.rows[0] ?? row;
    list(read(productRow, 'optionGroups')).forEach((entry, index) => {
        const code = entry.split(':')[1]?.trim();
        if (!code) return;
        const first = shared.get(code);
        if (!first) {
            shared.set(code, { row: group.firstRow, values: new Set([values[index]]) });
        } else if (first.row === group.firstRow) {
            first.values.add(values[index]);
        } else if (!first.values.has(values[index])) {
            bad(
                column,
                `option value "${values[index]}" is not among the values of the shared option group "${code}" as the product on row ${first.row} defines it (${[...first.values].join(', ')})`,
            );
        }
    });
}
