import type { ProductSnapshot } from '../product-snapshot';

const hash = (n: number) => n.toString(16).padStart(64, '0');

/** A small valid snapshot for tests: one option group, two variants, a gallery of two assets. */
export const testSnapshot: ProductSnapshot = {
    schemaVersion: 1,
    tenantCode: 'alpine',
    masterProductId: '7',
    version: 12,
    enabled: true,
    translations: [{ languageCode: 'de', name: 'Stiefel', slug: 'stiefel', description: '' }],
    facetValues: [],
    optionGroups: [
        {
            code: 'size',
            translations: [{ languageCode: 'de', name: 'Größe' }],
            options: [
                { code: 'size-40', translations: [{ languageCode: 'de', name: '40' }] },
                { code: 'size-42', translations: [{ languageCode: 'de', name: '42' }] },
            ],
        },
    ],
    assets: [
        { contentHash: hash(1), fileName: 'front.jpg', mimeType: 'image/jpeg', sourceUrl: 'source/front.jpg' },
        { contentHash: hash(2), fileName: 'side.jpg', mimeType: 'image/jpeg', sourceUrl: 'source/side.jpg' },
    ],
    featuredAssetHash: hash(1),
    variants: [
        {
            masterVariantId: '21',
            sku: 'B-40',
            enabled: true,
            price: 1995,
            currencyCode: 'EUR',
            taxCategoryCode: 'standard',
            optionCodes: ['size-40'],
            translations: [{ languageCode: 'de', name: 'Stiefel 40' }],
            assets: [],
            featuredAssetHash: null,
        },
        {
            masterVariantId: '22',
            sku: 'B-42',
            enabled: true,
            price: 1995,
            currencyCode: 'EUR',
            taxCategoryCode: 'standard',
            optionCodes: ['size-42'],
            translations: [{ languageCode: 'de', name: 'Stiefel 42' }],
            assets: [],
            featuredAssetHash: null,
        },
    ],
};
