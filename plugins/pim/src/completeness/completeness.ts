/**
 * Completeness of a product for one tenant: what its shop needs before the product may be synced
 * there. Pure: the facts are loaded elsewhere.
 */
export interface CompletenessRequirements {
    /** Languages that need a name (and a description when required): the tenant's. */
    languages: string[];
    requireDescription: boolean;
    minAssets: number;
    /** Codes of facets of which the product (or every variant) needs a value. */
    requiredFacetCodes: string[];
}

export interface ProductCompletenessFacts {
    productId: string;
    /** languageCode → text */
    names: Record<string, string>;
    descriptions: Record<string, string>;
    assetCount: number;
    /** Facet codes of the product's own facet values. */
    facetCodes: string[];
    variants: Array<{ id: string; sku: string; facetCodes: string[]; /** in the tenant currency; null = none */ price: number | null }>;
}

export interface Completeness {
    productId: string;
    /** 0–100: the share of checks passed. */
    score: number;
    complete: boolean;
    /** One line per failed check, naming what is missing. */
    missing: string[];
}

export function evaluateCompleteness(facts: ProductCompletenessFacts, requirements: CompletenessRequirements): Completeness {
    const checks: Array<[boolean, string]> = [];
    for (const language of requirements.languages) {
        checks.push([!!facts.names[language]?.trim(), `name (${language})`]);
        if (requirements.requireDescription)
            checks.push([!!stripHtml(facts.descriptions[language] ?? '').trim(), `description (${language})`]);
    }
    if (requirements.minAssets > 0) {
        checks.push([
            facts.assetCount >= requirements.minAssets,
            `${requirements.minAssets} image${requirements.minAssets > 1 ? 's' : ''} (has ${facts.assetCount})`,
        ]);
    }
    checks.push([facts.variants.length > 0, 'at least one variant']);
    const noSku = facts.variants.filter(v => !v.sku?.trim());
    checks.push([noSku.length === 0, `SKU on ${noSku.length} variant(s)`]);
    const noPrice = facts.variants.filter(v => v.price == null || v.price <= 0);
    checks.push([noPrice.length === 0, `price on ${noPrice.length} variant(s): ${noPrice.map(v => v.sku || v.id).join(', ')}`]);
    for (const facet of requirements.requiredFacetCodes) {
        const has =
            facts.facetCodes.includes(facet) || (facts.variants.length > 0 && facts.variants.every(v => v.facetCodes.includes(facet)));
        checks.push([has, `a value of facet "${facet}"`]);
    }
    const missing = checks.filter(([ok]) => !ok).map(([, what]) => what);
    const score = checks.length ? Math.floor(((checks.length - missing.length) / checks.length) * 100) : 100;
    return { productId: facts.productId, score, complete: missing.length === 0, missing };
}

function stripHtml(text: string): string {
    return text.replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ');
}
