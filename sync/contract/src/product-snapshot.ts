import { contentHash } from './canonical';

/**
 * Everything a tenant's shop needs to show and sell one product, as master builds it for that tenant
 * (prices already through the tenant's pricing rules). The shop applies it as one upsert keyed by
 * `masterProductId`, and only when `version` is newer than what it holds.
 */
export interface ProductSnapshot {
    schemaVersion: 1;
    tenantCode: string;
    masterProductId: string;
    /** The feed position the snapshot was built at: grows with every change of the product. */
    version: number;
    enabled: boolean;
    translations: Translation<{ slug: string; description: string }>[];
    facetValues: Array<{ facetCode: string; code: string; translations: Translation[]; facetTranslations?: Translation[] }>;
    optionGroups: Array<{ code: string; translations: Translation[]; options: Array<{ code: string; translations: Translation[] }> }>;
    assets: AssetRef[];
    featuredAssetHash: string | null;
    variants: VariantSnapshot[];
}

export interface VariantSnapshot {
    masterVariantId: string;
    sku: string;
    enabled: boolean;
    /** Minor units of `currencyCode`: the tenant's price. */
    price: number;
    currencyCode: string;
    taxCategoryCode: string;
    /** Codes of its options, one per option group of the product. */
    optionCodes: string[];
    translations: Translation[];
    assets: AssetRef[];
    featuredAssetHash: string | null;
}

export type Translation<Extra = object> = { languageCode: string; name: string } & Extra;

/** An asset by content: the shop stores each file once, whatever product or tenant refers to it. */
export interface AssetRef {
    /** SHA-256 of the file's bytes (hex). */
    contentHash: string;
    fileName: string;
    mimeType: string;
    /** Master's asset identifier: the file is served at `<master>/assets/<sourceUrl>`. */
    sourceUrl: string;
}

/** The hash `verify` compares: the snapshot's content without its version (a rebuilt, unchanged product hashes the same). */
export function snapshotContentHash(snapshot: ProductSnapshot): string {
    return contentHash({ ...snapshot, version: undefined });
}

const HASH = /^[0-9a-f]{64}$/;

/** Problems with a snapshot, each naming its path; empty when it can be applied. */
export function validateProductSnapshot(snapshot: unknown): string[] {
    const problems: string[] = [];
    if (!snapshot || typeof snapshot !== 'object') return ['snapshot: an object'];
    const s = snapshot as Partial<ProductSnapshot>;
    if (s.schemaVersion !== 1) problems.push('schemaVersion: 1');
    if (!s.tenantCode) problems.push('tenantCode: required');
    if (!s.masterProductId) problems.push('masterProductId: required');
    if (!Number.isSafeInteger(s.version) || (s.version ?? 0) < 1) problems.push('version: a whole number ≥ 1');
    if (typeof s.enabled !== 'boolean') problems.push('enabled: true or false');
    if (!Array.isArray(s.translations) || !s.translations.length) problems.push('translations: at least one');
    else
        s.translations.forEach(
            (t, i) => (!t.languageCode || !t.name || !t.slug) && problems.push(`translations[${i}]: languageCode, name and slug`),
        );
    for (const [i, a] of (s.assets ?? []).entries())
        if (!HASH.test(a.contentHash)) problems.push(`assets[${i}].contentHash: a SHA-256 hex digest`);
    // A featured asset is one the snapshot carries a reference to: the shop can only fetch files it is given.
    const productAssets = new Set((Array.isArray(s.assets) ? s.assets : []).map(a => a.contentHash));
    if (s.featuredAssetHash != null && !productAssets.has(s.featuredAssetHash))
        problems.push('featuredAssetHash: one of the product’s assets, or null');
    if (!Array.isArray(s.variants) || !s.variants.length) problems.push('variants: at least one');
    else {
        // The master variant id is the key; SKUs may repeat (Vendure allows it, the sample catalog does it).
        const ids = new Set<string>();
        const optionCodes = new Set((Array.isArray(s.optionGroups) ? s.optionGroups : []).flatMap(g => (g.options ?? []).map(o => o.code)));
        for (const [i, v] of s.variants.entries()) {
            if (!v.masterVariantId) problems.push(`variants[${i}].masterVariantId: required`);
            else if (ids.has(v.masterVariantId)) problems.push(`variants[${i}].masterVariantId: ${v.masterVariantId} appears twice`);
            else ids.add(v.masterVariantId);
            if (!v.sku) problems.push(`variants[${i}].sku: required`);
            if (!Number.isSafeInteger(v.price) || v.price < 0) problems.push(`variants[${i}].price: whole minor units ≥ 0`);
            if (!/^[A-Z]{3}$/.test(v.currencyCode ?? '')) problems.push(`variants[${i}].currencyCode: an ISO code`);
            const variantAssets = new Set([...productAssets, ...(Array.isArray(v.assets) ? v.assets : []).map(a => a.contentHash)]);
            if (v.featuredAssetHash != null && !variantAssets.has(v.featuredAssetHash))
                problems.push(`variants[${i}].featuredAssetHash: one of the variant’s or the product’s assets, or null`);
            for (const code of Array.isArray(v.optionCodes) ? v.optionCodes : [])
                if (!optionCodes.has(code)) problems.push(`variants[${i}].optionCodes: ${code} is in none of the product's option groups`);
        }
    }
    return problems;
}
