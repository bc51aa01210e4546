import { describe, expect, it } from 'vitest';

import { CompletenessRequirements, evaluateCompleteness, ProductCompletenessFacts } from './completeness';

const requirements: CompletenessRequirements = {
    languages: ['en', 'de'],
    requireDescription: true,
    minAssets: 1,
    requiredFacetCodes: ['brand'],
};

const complete: ProductCompletenessFacts = {
    productId: '1',
    names: { en: 'Boots', de: 'Stiefel' },
    descriptions: { en: '<p>Warm</p>', de: '<p>Warm</p>' },
    assetCount: 2,
    facetCodes: ['brand', 'color'],
    variants: [{ id: '11', sku: 'B-1', facetCodes: [], price: 9900 }],
};

describe('evaluateCompleteness', () => {
    it('a product meeting every requirement scores 100 and is complete', () => {
        expect(evaluateCompleteness(complete, requirements)).toEqual({ productId: '1', score: 100, complete: true, missing: [] });
    });

    it('names every missing piece: translation, description, images, SKU, price, facet', () => {
        const result = evaluateCompleteness(
            {
                ...complete,
                names: { en: 'Boots' },
                descriptions: { en: '<p></p>', de: 'Warm' },
                assetCount: 0,
                facetCodes: ['color'],
                variants: [
                    { id: '11', sku: '', facetCodes: [], price: 9900 },
                    { id: '12', sku: 'B-2', facetCodes: [], price: null },
                ],
            },
            requirements,
        );
        expect(result.missing).toEqual([
            'description (en)',
            'name (de)',
            '1 image (has 0)',
            'SKU on 1 variant(s)',
            'price on 1 variant(s): B-2',
            'a value of facet "brand"',
        ]);
        expect(result.complete).toBe(false);
        expect(result.score).toBe(Math.floor((3 / 9) * 100));
    });

    it('a facet on every variant counts as on the product; on only some it does not', () => {
        const variants = [
            { id: '11', sku: 'A', facetCodes: ['brand'], price: 1 },
            { id: '12', sku: 'B', facetCodes: [], price: 1 },
        ];
        expect(evaluateCompleteness({ ...complete, facetCodes: [], variants }, requirements).missing).toEqual(['a value of facet "brand"']);
        variants[1].facetCodes.push('brand');
        expect(evaluateCompleteness({ ...complete, facetCodes: [], variants }, requirements).complete).toBe(true);
    });

    it('relaxed requirements check less', () => {
        const relaxed = { languages: ['en'], requireDescription: false, minAssets: 0, requiredFacetCodes: [] };
        expect(evaluateCompleteness({ ...complete, descriptions: {}, assetCount: 0 }, relaxed).complete).toBe(true);
    });

    it('a product without variants cannot be complete', () => {
        expect(evaluateCompleteness({ ...complete, variants: [] }, requirements).missing).toContain('at least one variant');
    });
});
