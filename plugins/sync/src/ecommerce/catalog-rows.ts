import { ProductSnapshot, Translation, VariantSnapshot } from '@entrepreneur-os/sync-contract';
import { LanguageCode } from '@vendure/common/lib/generated-types';
import { ID } from '@vendure/core';

/**
 * How a snapshot's replicated fields land in the shop's columns — the one mapping both writers use
 * (the bulk creator for products the shop has never held, the product writer for the ones it has).
 * A new replicated field is added here, read back in replicated-views.ts, and the field-coverage
 * test (e2e/apply.e2e-spec.ts) fails until both are done.
 */
export const catalogRows = {
    /** The product's own row. `enabled` is master's switch: the update path only writes it when master's changes. */
    product: (s: ProductSnapshot, asset: AssetLookup) => ({ enabled: s.enabled, featuredAssetId: asset(s.featuredAssetHash) }),
    productTranslation: (t: ProductSnapshot['translations'][number]) => ({
        languageCode: t.languageCode as LanguageCode,
        name: t.name,
        slug: t.slug,
        description: t.description,
    }),
    variant: (v: VariantSnapshot, taxCategoryId: ID, asset: AssetLookup) => ({
        sku: v.sku,
        enabled: v.enabled,
        taxCategoryId,
        featuredAssetId: asset(v.featuredAssetHash),
    }),
    /** Variants, option groups, options, facets and facet values: a name per language. */
    name: (t: Translation) => ({ languageCode: t.languageCode as LanguageCode, name: t.name }),
    /** The tenant channel's price in the snapshot's currency. */
    price: (v: VariantSnapshot, channelId: ID) => ({ price: v.price, currencyCode: v.currencyCode, channelId }),
    /** A gallery in the snapshot's order. */
    gallery: (hashes: string[], asset: AssetLookup) => hashes.map((hash, position) => ({ assetId: asset(hash), position })),
};

/** The shop's asset id of a content hash (the files were stored before the apply transaction). */
export type AssetLookup = (hash: string | null) => ID | null;

export function assetLookup(assetIds: Map<string, ID>): AssetLookup {
    return hash => (hash ? (assetIds.get(hash) ?? null) : null);
}
