import { contentHash } from './canonical';
import { ProductSnapshot, Translation } from './product-snapshot';

/**
 * What a shop keeps of a product snapshot and can read back from its own tables: names and texts,
 * master's switches, facets, options, variants with their price, and assets by content hash. Master
 * derives it from a snapshot (`replicatedView`), the shop builds it from what it holds; `verify`
 * compares the two hashes, so a shop whose tables differ from master's snapshot shows up as drift
 * even when it once recorded the right snapshot hash.
 */
export interface ReplicatedView {
    masterProductId: string;
    enabled: boolean;
    translations: Array<Translation<{ slug: string; description: string }>>;
    facetValues: Array<{ facetCode: string; code: string; translations: Translation[] }>;
    optionGroups: Array<{ code: string; translations: Translation[]; options: Array<{ code: string; translations: Translation[] }> }>;
    /** Content hashes in position order. */
    assetHashes: string[];
    featuredAssetHash: string | null;
    variants: Array<{
        masterVariantId: string;
        sku: string;
        enabled: boolean;
        price: number;
        currencyCode: string;
        optionCodes: string[];
        translations: Translation[];
        assetHashes: string[];
        featuredAssetHash: string | null;
    }>;
}

/** The part of a snapshot a shop keeps. */
export function replicatedView(snapshot: ProductSnapshot): ReplicatedView {
    return {
        masterProductId: snapshot.masterProductId,
        enabled: snapshot.enabled,
        translations: snapshot.translations.map(t => ({
            languageCode: t.languageCode,
            name: t.name,
            slug: t.slug,
            description: t.description,
        })),
        facetValues: snapshot.facetValues.map(fv => ({ facetCode: fv.facetCode, code: fv.code, translations: names(fv.translations) })),
        optionGroups: snapshot.optionGroups.map(g => ({
            code: g.code,
            translations: names(g.translations),
            options: g.options.map(o => ({ code: o.code, translations: names(o.translations) })),
        })),
        assetHashes: snapshot.assets.map(a => a.contentHash),
        featuredAssetHash: snapshot.featuredAssetHash,
        variants: snapshot.variants.map(v => ({
            masterVariantId: v.masterVariantId,
            sku: v.sku,
            enabled: v.enabled,
            price: v.price,
            currencyCode: v.currencyCode,
            optionCodes: v.optionCodes,
            translations: names(v.translations),
            assetHashes: v.assets.map(a => a.contentHash),
            featuredAssetHash: v.featuredAssetHash,
        })),
    };
}

/**
 * SHA-256 of a view, independent of the order its lists were read in (except asset order, which is
 * the product's gallery order).
 */
export function replicatedViewHash(view: ReplicatedView): string {
    const byLanguage = <T extends Translation>(list: T[]) => [...list].sort((a, b) => compare(a.languageCode, b.languageCode));
    const namesOf = (list: Translation[]) => byLanguage(names(list));
    return contentHash({
        ...view,
        translations: byLanguage(view.translations),
        facetValues: view.facetValues
            .map(fv => ({ ...fv, translations: namesOf(fv.translations) }))
            .sort((a, b) => compare(`${a.facetCode}:${a.code}`, `${b.facetCode}:${b.code}`)),
        optionGroups: view.optionGroups
            .map(g => ({
                ...g,
                translations: namesOf(g.translations),
                options: g.options.map(o => ({ ...o, translations: namesOf(o.translations) })).sort((a, b) => compare(a.code, b.code)),
            }))
            .sort((a, b) => compare(a.code, b.code)),
        variants: view.variants
            .map(v => ({ ...v, optionCodes: [...v.optionCodes].sort(compare), translations: namesOf(v.translations) }))
            .sort((a, b) => compare(a.masterVariantId, b.masterVariantId)),
    });
}

function names(list: Translation[]): Translation[] {
    return list.map(t => ({ languageCode: t.languageCode, name: t.name }));
}

/** Code-point order: the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
