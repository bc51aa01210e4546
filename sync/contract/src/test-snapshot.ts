import { ProductSnapshot } from './product-snapshot';

/** A small valid snapshot for the contract's own tests. */
export const testSnapshot: ProductSnapshot = {
    schemaVersion: 1,
    tenantCode: 'alpine',
    masterProductId: '7',
    version: 12,
    enabled: true,
    translations: [{ languageCode: 'de', name: 'Stiefel', slug: 'stiefel', description: '' }],
    facetValues: [],
    optionGroups: [],
    assets: [],
    featuredAssetHash: null,
    variants: [
        {
            masterVariantId: '21',
            sku: 'B-1',
            enabled: true,
            price: 1995,
            currencyCode: 'EUR',
            taxCategoryCode: 'standard',
            optionCodes: [],
            translations: [],
            assets: [],
            featuredAssetHash: null,
        },
    ],
};
