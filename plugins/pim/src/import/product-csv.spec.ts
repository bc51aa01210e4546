import { describe, expect, it } from 'vitest';

import { CsvTable, readCsvTable } from './csv';
import {
    assetNameProblem,
    productHeader,
    productHeaderProblems,
    ProductLookups,
    productNames,
    taxCategoryProblem,
    validateProducts,
    ValidateProductOptions,
} from './product-csv';

const HEADER =
    'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets';
const header = productHeader({ mainLanguage: 'en', productCustomFields: ['material'], variantCustomFields: ['ean'] });

function read(lines: string[], head = HEADER) {
    return readCsvTable(new TextEncoder().encode([head, ...lines].join('\n') + '\n'), header);
}
function table(lines: string[], head = HEADER): CsvTable {
    const result = read(lines, head);
    if (!result.ok) throw new Error(JSON.stringify(result.fileErrors));
    return result.table;
}

const lookups = (over: Partial<ProductLookups> = {}): ProductLookups => ({
    taxCategories: ['Standard Tax', 'Reduced Tax', 'Zero Tax'],
    existingSkus: new Set(['OLD-1']),
    existingSlugs: new Set(['old-product']),
    assetExists: name => ['desk.jpg', 'photos/desk-2.jpg'].includes(name),
    ...over,
});
const dryRun: ValidateProductOptions = { mainLanguage: 'en', existing: 'error' };

const DESK = 'Desk,desk,An oak desk,desk.jpg,material:Oak|brand:Acme,size,small,DESK-S,199.00,standard,10,true,,';
const DESK_L = ',,,,,,large,DESK-L,249.50,standard,5,,photos/desk-2.jpg,';
const LAMP = 'Lamp,,A lamp,,,,,LAMP,19.99,reduced,,,,';

describe('product file: header', () => {
    it("accepts Vendure's columns, translations and custom fields, any case", () => {
        const result = read([], `${HEADER.replace('name,', 'name:en,name:de,')},product:Material,variant:ean`);
        expect(result.ok && result.table.columns.slice(0, 2)).toEqual(['name:en', 'name:de']);
        expect(result.ok && result.table.columns.slice(-2)).toEqual(['product:material', 'variant:ean']);
    });

    it('names missing and unknown columns with the expected header line', () => {
        const result = read([], 'name,slug,sku,price,colour');
        expect(!result.ok && result.fileErrors.map(e => e.message)).toEqual([
            expect.stringMatching(
                /^unknown column "colour"; expected header: name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,variantAssets,variantFacets,stockOnHand,trackInventory$/,
            ),
            expect.stringMatching(
                /^missing columns "description", "assets", "facets", "optionGroups", "optionValues", "taxCategory", "variantAssets", "variantFacets"/,
            ),
        ]);
        const unknownCustomField = read([], `${HEADER},product:colour`);
        expect(!unknownCustomField.ok && unknownCustomField.fileErrors[0].message).toMatch(/unknown column "product:colour"/);
    });

    it("needs the product name in the catalog's default language when names are translated", () => {
        const columns = ['name:de', 'name:fr', 'sku'];
        expect(productHeaderProblems(columns, 'en')[0].message).toBe(
            "the file names products in de, fr but not in en, this catalog's default language: add a name:en column",
        );
        expect(productHeaderProblems(['name:en', 'name:de'], 'en')).toEqual([]);
    });
});

describe('product file: rows', () => {
    it('groups variants under their product and counts the valid rows', () => {
        const result = validateProducts(table([DESK, DESK_L, LAMP]), lookups(), dryRun);
        expect(result.errors).toEqual([]);
        expect(result.validRows).toBe(3);
        expect(result.groups.map(g => [g.firstRow, g.name, g.skus, g.state])).toEqual([
            [2, 'Desk', ['DESK-S', 'DESK-L'], 'valid'],
            [4, 'Lamp', ['LAMP'], 'valid'],
        ]);
    });

    it('refuses negative or malformed prices, bad stock and flags', () => {
        const result = validateProducts(
            table(['Lamp,,,,,,,LAMP,-5,standard,-1,maybe,,', 'Pen,,,,,,,PEN,1.999,standard,2.5,,,', 'Cup,,,,,,,CUP,,standard,,,,']),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.row, e.column, e.message])).toEqual([
            [2, 'price', '-5 is negative: amounts must be 0 or more'],
            [2, 'stockOnHand', '-1 is negative: it must be 0 or more (a whole number, 0 or more)'],
            [2, 'trackInventory', '"maybe" is not one of true/false, yes/no, 1/0, or empty to follow the global setting'],
            [3, 'price', '1.999 has more than 2 decimals'],
            [3, 'stockOnHand', '2.5 is not a whole number (a whole number, 0 or more)'],
            [4, 'price', 'required'],
        ]);
        expect(result.validRows).toBe(0);
    });

    it('refuses duplicate SKUs and slugs in the file, and SKUs or slugs the catalog has', () => {
        const result = validateProducts(
            table([LAMP, 'Lamp two,lamp,,,,,,LAMP,1,standard,,,,', 'Old,old-product,,,,,,OLD-1,1,standard,,,,']),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.row, e.column, e.message])).toEqual([
            [3, 'slug', 'slug "lamp" is also the slug of the product on row 2'],
            [3, 'sku', 'SKU "LAMP" is also on row 2'],
            [4, 'slug', 'slug "old-product" is already used by a product in this catalog'],
            [4, 'sku', 'SKU "OLD-1" already exists in this catalog'],
        ]);
    });

    it('refuses unknown, ambiguous and regex-like tax categories', () => {
        expect(taxCategoryProblem('standard', ['Standard Tax', 'Zero Tax'])).toBeUndefined();
        expect(taxCategoryProblem('luxury', ['Standard Tax'])).toBe('no tax category "luxury" (one of: Standard Tax)');
        expect(taxCategoryProblem('tax', ['Standard Tax', 'Zero Tax'])).toBe(
            '"tax" matches several tax categories (Standard Tax, Zero Tax): write the full name of one',
        );
        expect(taxCategoryProblem('Zero Tax', ['Zero Tax', 'Zero Tax B'])).toBeUndefined();
        expect(taxCategoryProblem('.*', ['Standard Tax'])).toMatch(/without special characters/);
        expect(taxCategoryProblem('', ['Standard Tax'])).toBe('required (one of: Standard Tax)');
    });

    it('refuses missing asset files, URLs and paths leaving the assets folder', () => {
        const result = validateProducts(
            table(['Desk,,,missing.jpg|https://evil.example/x.jpg,,,,D1,1,standard,,,../../etc/passwd,']),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.column, e.message])).toEqual([
            ['assets', 'asset file "missing.jpg" is not in the import assets folder'],
            ['assets', expect.stringMatching(/assets are not downloaded from URLs/)],
            ['variantAssets', expect.stringMatching(/points outside the import assets folder/)],
        ]);
        expect(assetNameProblem('C:\\images\\a.jpg')).toMatch(/outside/);
        expect(assetNameProblem('/etc/hosts')).toMatch(/outside/);
        expect(assetNameProblem('sub/a.jpg')).toBeUndefined();
    });

    it('checks facets are facet:value', () => {
        const result = validateProducts(table(['Desk,,,,brand|:x,,,D1,1,standard,,,,colour:']), lookups(), dryRun);
        expect(result.errors.map(e => [e.column, e.message])).toEqual([
            ['facets', '"brand" is not written as facet:value (e.g. brand:Acme)'],
            ['facets', '":x" is not written as facet:value (e.g. brand:Acme)'],
            ['variantFacets', '"colour:" is not written as facet:value (e.g. brand:Acme)'],
        ]);
    });

    it('checks options: one value per option group, distinct per variant, and groups when there are several variants', () => {
        const result = validateProducts(
            table([
                'Shirt,,,,,size|colour,S|red,SH-1,1,standard,,,,',
                ',,,,,,M,SH-2,1,standard,,,,',
                ',,,,,,S|red,SH-3,1,standard,,,,',
                'Mug,,,,,,,MUG-1,1,standard,,,,',
                ',,,,,,,MUG-2,1,standard,,,,',
            ]),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.row, e.column, e.message])).toEqual([
            [3, 'optionValues', '1 option value for 2 option groups of product "Shirt" (row 2)'],
            [4, 'optionValues', 'the same options (S, red) as row 2: every variant needs its own'],
            [
                5,
                'optionGroups',
                'product "Mug" has 2 variants but no option groups: variants of one product differ by their options (e.g. size|colour)',
            ],
        ]);
        expect(result.groups.map(g => g.state)).toEqual(['invalid', 'invalid']);
    });

    it('checks values of shared option groups (name:code) against the product that defines them', () => {
        const result = validateProducts(
            table([
                'Shirt,,,,,size:shared-size,S,SH-1,1,standard,,,,',
                ',,,,,,M,SH-2,1,standard,,,,',
                'Hoodie,,,,,size:shared-size,XL,HO-1,1,standard,,,,',
            ]),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.row, e.message])).toEqual([
            [
                4,
                'option value "XL" is not among the values of the shared option group "shared-size" as the product on row 2 defines it (S, M)',
            ],
        ]);
    });

    it('refuses variant rows before the first product', () => {
        const result = validateProducts(table([',,,,,,,ORPHAN,1,standard,,,,', LAMP]), lookups(), dryRun);
        expect(result.errors).toEqual([
            {
                row: 2,
                column: 'name',
                message: 'this row has no product name and no product above it: the first row of a product must name it',
            },
        ]);
        expect(result.validRows).toBe(1);
    });

    it('keeps a whole product out when one of its rows is bad', () => {
        const result = validateProducts(table([DESK, DESK_L.replace('249.50', 'x'), LAMP]), lookups(), dryRun);
        expect(result.groups.map(g => g.state)).toEqual(['invalid', 'valid']);
        expect(result.validRows).toBe(1);
        expect(result.errors).toHaveLength(1);
    });

    it('checks every language column: same count of facets and option groups', () => {
        const head = HEADER.replace('name,', 'name:en,name:de,').replace(
            'facets,optionGroups,optionValues',
            'facets:en,facets:de,optionGroups:en,optionGroups:de,optionValues:en,optionValues:de',
        );
        const result = validateProducts(
            table(['Desk,Tisch,desk,,,brand:Acme|material:Oak,marke:Acme,size,größe,S,S,D1,1,standard,,,,'], head),
            lookups(),
            dryRun,
        );
        expect(result.errors.map(e => [e.column, e.message])).toEqual([
            ['facets:en', 'every language column must list the same number of facets (facets:en: 2, facets:de: 1)'],
        ]);
    });

    it('on a re-run, skips products an earlier run created, and refuses partly existing ones', () => {
        const rerun: ValidateProductOptions = { mainLanguage: 'en', existing: 'imported' };
        const existing = lookups({ existingSkus: new Set(['DESK-S', 'DESK-L', 'LAMP']), existingSlugs: new Set(['desk', 'lamp']) });
        // The fourth product repeats LAMP: invalid in the file, so never "imported", though its SKU exists.
        const result = validateProducts(
            table([DESK, DESK_L, LAMP, 'Pen,,,,,,,PEN,1,standard,,,,', 'Lamp copy,,,,,,,LAMP,1,standard,,,,']),
            existing,
            rerun,
        );
        expect(result.groups.map(g => g.state)).toEqual(['imported', 'imported', 'valid', 'invalid']);
        const partly = validateProducts(table([DESK, DESK_L]), lookups({ existingSkus: new Set(['DESK-S']) }), rerun);
        expect(partly.groups[0].state).toBe('invalid');
        expect(partly.errors[0].message).toMatch(/SKU DESK-S of product "Desk" already exist in this catalog, the others not/);
        const slugTaken = validateProducts(table(['Old,old-product,,,,,,NEW-1,1,standard,,,,']), lookups(), rerun);
        expect(slugTaken.errors[0].message).toBe('slug "old-product" is already used by a product in this catalog');
    });
});

describe('productNames', () => {
    it('collects SKUs, the slugs Vendure will store and asset names', () => {
        expect(productNames(table([DESK, DESK_L, LAMP]), 'en')).toEqual({
            skus: ['DESK-S', 'DESK-L', 'LAMP'],
            slugs: ['desk', 'lamp'],
            assets: ['desk.jpg', 'photos/desk-2.jpg'],
        });
    });
});
