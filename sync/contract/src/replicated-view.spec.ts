import { describe, expect, it } from 'vitest';

import { ProductSnapshot } from './product-snapshot';
import { replicatedView, replicatedViewHash } from './replicated-view';
import { testSnapshot } from './testing';

const snapshot: ProductSnapshot = {
    ...testSnapshot,
    translations: [
        { languageCode: 'de', name: 'Stiefel', slug: 'stiefel', description: 'warm' },
        { languageCode: 'en', name: 'Boots', slug: 'boots', description: 'warm' },
    ],
    facetValues: [
        { facetCode: 'brand', code: 'alp', translations: [{ languageCode: 'en', name: 'Alp' }] },
        { facetCode: 'category', code: 'shoes', translations: [{ languageCode: 'en', name: 'Shoes' }] },
    ],
    optionGroups: [
        {
            code: 'size',
            translations: [{ languageCode: 'en', name: 'Size' }],
            options: [
                { code: 'l', translations: [{ languageCode: 'en', name: 'L' }] },
                { code: 'm', translations: [{ languageCode: 'en', name: 'M' }] },
            ],
        },
    ],
    assets: [
        { contentHash: 'a'.repeat(64), fileName: 'front.jpg', mimeType: 'image/jpeg', sourceUrl: 'source/front.jpg' },
        { contentHash: 'b'.repeat(64), fileName: 'back.jpg', mimeType: 'image/jpeg', sourceUrl: 'source/back.jpg' },
    ],
    featuredAssetHash: 'a'.repeat(64),
    variants: ['21', '22'].map((id, i) => ({
        masterVariantId: id,
        sku: `B-${i}`,
        enabled: true,
        price: 1995,
        currencyCode: 'EUR',
        taxCategoryCode: 'standard',
        optionCodes: [i ? 'l' : 'm'],
        translations: [{ languageCode: 'en', name: `Boots ${i}` }],
        assets: [],
        featuredAssetHash: null,
    })),
};

describe('the replicated view: what a shop keeps of a snapshot', () => {
    const hash = replicatedViewHash(replicatedView(snapshot));

    it('leaves out what only master knows (version, tax category, asset file names and URLs)', () => {
        const other: ProductSnapshot = {
            ...snapshot,
            version: 99,
            assets: snapshot.assets.map(a => ({ ...a, fileName: 'renamed.jpg', sourceUrl: 'elsewhere' })),
            variants: snapshot.variants.map(v => ({ ...v, taxCategoryCode: 'reduced' })),
        };
        expect(replicatedViewHash(replicatedView(other))).toBe(hash);
    });

    it('does not depend on the order the shop reads its rows in — except the gallery order of assets', () => {
        const view = replicatedView(snapshot);
        const shuffled = {
            ...view,
            translations: [...view.translations].reverse(),
            facetValues: [...view.facetValues].reverse(),
            optionGroups: view.optionGroups.map(g => ({ ...g, options: [...g.options].reverse() })),
            variants: [...view.variants].reverse(),
        };
        expect(replicatedViewHash(shuffled)).toBe(hash);
        expect(replicatedViewHash({ ...view, assetHashes: [...view.assetHashes].reverse() })).not.toBe(hash);
    });

    it('changes with anything a customer would see differently', () => {
        const view = replicatedView(snapshot);
        const variant = view.variants[0];
        const changed = [
            { ...view, enabled: false },
            { ...view, translations: view.translations.map(t => ({ ...t, description: 'cold' })) },
            { ...view, facetValues: view.facetValues.slice(1) },
            { ...view, optionGroups: view.optionGroups.map(g => ({ ...g, options: g.options.slice(1) })) },
            { ...view, featuredAssetHash: null },
            { ...view, variants: [{ ...variant, price: 1999 }, view.variants[1]] },
            { ...view, variants: [{ ...variant, sku: 'X' }, view.variants[1]] },
            { ...view, variants: [{ ...variant, optionCodes: ['l'] }, view.variants[1]] },
            { ...view, variants: [variant] },
        ];
        for (const c of changed) expect(replicatedViewHash(c)).not.toBe(hash);
    });
});
