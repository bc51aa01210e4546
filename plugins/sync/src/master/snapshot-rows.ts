import { groupRows } from '@entrepreneur-os/platform';
import { Translation } from '@entrepreneur-os/sync-contract';
import { ID, RequestContext, TransactionalConnection } from '@vendure/core';

import { CatalogTables, FacetValueRow, OptionGroupRow, ProductText } from '../shared/catalog-tables';

/** An asset as a snapshot refers to it. */
export interface AssetRow {
    id: ID;
    name: string;
    mimeType: string;
    source: string;
    updatedAt: Date | string;
}

/** What a product snapshot is built from: one product with its relations, as plain rows. */
export interface CatalogProductRow {
    id: ID;
    enabled: boolean;
    deletedAt: Date | string | null;
    featuredAsset: AssetRow | null;
    translations: ProductText[];
    /** In position order. */
    assets: AssetRow[];
    facetValues: FacetValueRow[];
    optionGroups: OptionGroupRow[];
    /** Live variants in the channel, by id. */
    variants: CatalogVariantRow[];
}

export interface CatalogVariantRow {
    id: ID;
    sku: string;
    enabled: boolean;
    taxCategoryName: string;
    optionCodes: string[];
    translations: Translation[];
    featuredAsset: AssetRow | null;
    assets: AssetRow[];
}

/**
 * Loads the products among `productIds` that are in the channel (deleted ones included, so the
 * caller can tell "deleted" from "not in the catalog") with everything a snapshot shows, in a
 * fixed number of queries per batch — a full sync reads the whole catalog through here.
 * Option groups and options are read as Vendure keeps them, soft-deleted ones included: a variant
 * may still refer to them.
 */
export async function loadCatalogRows(
    connection: TransactionalConnection,
    ctx: RequestContext,
    productIds: ID[],
    channelId: ID,
): Promise<CatalogProductRow[]> {
    const tables = new CatalogTables(connection, ctx);
    const products = await tables.rows<{ id: ID; enabled: boolean | number; deletedAt: Date | string | null; featuredAssetId: ID | null }>(
        `SELECT p."id", p."enabled", p."deletedAt", p."featuredAssetId" FROM "product" p
         JOIN "product_channels_channel" pc ON pc."productId" = p."id" AND pc."channelId" = :channelId
         WHERE p."id" IN (:...ids)`,
        productIds,
        { channelId },
    );
    if (!products.length) return [];
    const liveIds = products.filter(p => !p.deletedAt).map(p => p.id);
    const texts = await tables.productTexts(liveIds);
    const productGalleries = await tables.galleries('product', liveIds);
    const facetValues = await tables.facetValues(liveIds);
    const optionGroups = await tables.optionGroups(liveIds, { liveOptionsOnly: false });
    const variants = await tables.rows<{
        id: ID;
        productId: ID;
        sku: string;
        enabled: boolean | number;
        featuredAssetId: ID | null;
        taxCategoryName: string | null;
    }>(
        `SELECT v."id", v."productId", v."sku", v."enabled", v."featuredAssetId", tc."name" AS "taxCategoryName"
         FROM "product_variant" v
         JOIN "product_variant_channels_channel" vc ON vc."productVariantId" = v."id" AND vc."channelId" = :channelId
         LEFT JOIN "tax_category" tc ON tc."id" = v."taxCategoryId"
         WHERE v."deletedAt" IS NULL AND v."productId" IN (:...ids) ORDER BY v."id"`,
        liveIds,
        { channelId },
    );
    const variantIds = variants.map(v => v.id);
    const variantNames = await tables.names('product_variant_translation', variantIds);
    const variantOptionCodes = await tables.variantOptionCodes(variantIds);
    const variantGalleries = await tables.galleries('variant', variantIds);

    const assetIds = new Set<string>();
    for (const r of [...products, ...variants]) if (r.featuredAssetId != null) assetIds.add(String(r.featuredAssetId));
    for (const gallery of [...productGalleries.values(), ...variantGalleries.values()]) for (const id of gallery) assetIds.add(String(id));
    const assets = await tables.rows<Omit<AssetRow, 'name'>>(
        'SELECT "id", "mimeType", "source", "updatedAt" FROM "asset" WHERE "id" IN (:...ids)',
        [...assetIds],
    );
    // Asset names are translatable: the channel's language, else the first by language code.
    const assetNames = await tables.names('asset_translation', [...assetIds]);
    const assetName = (id: ID) => {
        const found = [...(assetNames.get(String(id)) ?? [])].sort((a, b) => a.languageCode.localeCompare(b.languageCode));
        return (found.find(n => n.languageCode === String(ctx.channel.defaultLanguageCode)) ?? found[0])?.name ?? '';
    };
    const assetOf = new Map(assets.map(a => [String(a.id), { ...a, name: assetName(a.id) }]));
    const asset = (id: ID | null) => (id == null ? null : (assetOf.get(String(id)) ?? null));
    const gallery = (ids: ID[] | undefined) => (ids ?? []).map(asset).filter((a): a is AssetRow => !!a);
    const variantsOf = groupRows(variants, 'productId');

    return products.map(p => {
        const id = String(p.id);
        return {
            id: p.id,
            enabled: Boolean(p.enabled),
            deletedAt: p.deletedAt,
            featuredAsset: asset(p.featuredAssetId),
            translations: texts.get(id) ?? [],
            assets: gallery(productGalleries.get(id)),
            facetValues: facetValues.get(id) ?? [],
            optionGroups: optionGroups.get(id) ?? [],
            variants: (variantsOf.get(id) ?? []).map(v => ({
                id: v.id,
                sku: v.sku,
                enabled: Boolean(v.enabled),
                taxCategoryName: v.taxCategoryName ?? '',
                optionCodes: variantOptionCodes.get(String(v.id)) ?? [],
                translations: variantNames.get(String(v.id)) ?? [],
                featuredAsset: asset(v.featuredAssetId),
                assets: gallery(variantGalleries.get(String(v.id))),
            })),
        };
    });
}
