import { groupRows, sqlRowsForIds } from '@entrepreneur-os/pim-plugin';
import { ID, RequestContext, TransactionalConnection } from '@vendure/core';

/** An asset as a snapshot refers to it. */
export interface AssetRow {
    id: ID;
    name: string;
    mimeType: string;
    source: string;
    updatedAt: Date | string;
}

export interface NameRow {
    languageCode: string;
    name: string;
}

/** What a product snapshot is built from: one product with its relations, as plain rows. */
export interface CatalogProductRow {
    id: ID;
    enabled: boolean;
    deletedAt: Date | string | null;
    featuredAsset: AssetRow | null;
    translations: Array<NameRow & { slug: string; description: string }>;
    /** In position order. */
    assets: AssetRow[];
    facetValues: Array<{ code: string; facetCode: string; translations: NameRow[] }>;
    optionGroups: Array<{ code: string; translations: NameRow[]; options: Array<{ code: string; translations: NameRow[] }> }>;
    /** Live variants in the channel, by id. */
    variants: CatalogVariantRow[];
}

export interface CatalogVariantRow {
    id: ID;
    sku: string;
    enabled: boolean;
    taxCategoryName: string;
    optionCodes: string[];
    translations: NameRow[];
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
    const rows = <T extends object>(sql: string, ids: ID[], parameters = {}) =>
        sqlRowsForIds<T>(connection, ctx, sql, ids.map(String), parameters);
    const products = await rows<{ id: ID; enabled: boolean | number; deletedAt: Date | string | null; featuredAssetId: ID | null }>(
        `SELECT p."id", p."enabled", p."deletedAt", p."featuredAssetId" FROM "product" p
         JOIN "product_channels_channel" pc ON pc."productId" = p."id" AND pc."channelId" = :channelId
         WHERE p."id" IN (:...ids)`,
        productIds,
        { channelId },
    );
    if (!products.length) return [];
    /** Names by language of the rows of a translation table, by the id of what they name. */
    const namesOf = async (table: string, ids: ID[]) =>
        groupRows(
            await rows<NameRow & { baseId: ID }>(
                `SELECT "baseId", "languageCode", "name" FROM "${table}" WHERE "baseId" IN (:...ids)`,
                ids,
            ),
            'baseId',
        );
    const liveIds = products.filter(p => !p.deletedAt).map(p => p.id);

    const translations = await rows<{ baseId: ID; languageCode: string; name: string; slug: string; description: string }>(
        'SELECT "baseId", "languageCode", "name", "slug", "description" FROM "product_translation" WHERE "baseId" IN (:...ids)',
        liveIds,
    );
    const productAssets = await rows<{ productId: ID; assetId: ID; position: number }>(
        'SELECT "productId", "assetId", "position" FROM "product_asset" WHERE "productId" IN (:...ids) ORDER BY "position"',
        liveIds,
    );
    const facetValues = await rows<{ productId: ID; id: ID; code: string; facetCode: string }>(
        `SELECT j."productId", fv."id", fv."code", f."code" AS "facetCode" FROM "product_facet_values_facet_value" j
         JOIN "facet_value" fv ON fv."id" = j."facetValueId" JOIN "facet" f ON f."id" = fv."facetId"
         WHERE j."productId" IN (:...ids)`,
        liveIds,
    );
    const facetValueNamesOf = await namesOf('facet_value_translation', [...new Set(facetValues.map(fv => String(fv.id)))]);
    const groups = await rows<{ productId: ID; id: ID; code: string }>(
        `SELECT j."productId", g."id", g."code" FROM "product_option_groups_product_option_group" j
         JOIN "product_option_group" g ON g."id" = j."productOptionGroupId"
         WHERE j."productId" IN (:...ids)`,
        liveIds,
    );
    const groupIds = [...new Set(groups.map(g => String(g.id)))];
    const groupNamesOf = await namesOf('product_option_group_translation', groupIds);
    const options = await rows<{ groupId: ID; id: ID; code: string }>(
        'SELECT "groupId", "id", "code" FROM "product_option" WHERE "groupId" IN (:...ids)',
        groupIds,
    );
    const optionNamesOf = await namesOf(
        'product_option_translation',
        options.map(o => o.id),
    );
    const variants = await rows<{
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
    const variantNamesOf = await namesOf('product_variant_translation', variantIds);
    const variantOptions = await rows<{ productVariantId: ID; code: string }>(
        `SELECT j."productVariantId", o."code" FROM "product_variant_options_product_option" j
         JOIN "product_option" o ON o."id" = j."productOptionId" WHERE j."productVariantId" IN (:...ids)`,
        variantIds,
    );
    const variantAssets = await rows<{ productVariantId: ID; assetId: ID; position: number }>(
        'SELECT "productVariantId", "assetId", "position" FROM "product_variant_asset" WHERE "productVariantId" IN (:...ids) ORDER BY "position"',
        variantIds,
    );
    const assetIds = new Set<string>();
    for (const r of [...products, ...variants]) if (r.featuredAssetId != null) assetIds.add(String(r.featuredAssetId));
    for (const r of [...productAssets, ...variantAssets]) assetIds.add(String(r.assetId));
    const assets = await rows<Omit<AssetRow, 'name'>>(
        'SELECT "id", "mimeType", "source", "updatedAt" FROM "asset" WHERE "id" IN (:...ids)',
        [...assetIds],
    );
    // Asset names are translatable: the channel's language, else the first by language code.
    const assetNamesOf = await namesOf('asset_translation', [...assetIds]);
    const assetName = (id: ID) => {
        const found = [...(assetNamesOf.get(String(id)) ?? [])].sort((a, b) => a.languageCode.localeCompare(b.languageCode));
        return (found.find(n => n.languageCode === String(ctx.channel.defaultLanguageCode)) ?? found[0])?.name ?? '';
    };

    const assetOf = new Map(assets.map(a => [String(a.id), { ...a, name: assetName(a.id) }]));
    const asset = (id: ID | null) => (id == null ? null : (assetOf.get(String(id)) ?? null));
    const names = (list: NameRow[] | undefined): NameRow[] => (list ?? []).map(n => ({ languageCode: n.languageCode, name: n.name }));
    const translationsOf = groupRows(translations, 'baseId');
    const productAssetsOf = groupRows(productAssets, 'productId');
    const facetValuesOf = groupRows(facetValues, 'productId');
    const groupsOf = groupRows(groups, 'productId');
    const optionsOf = groupRows(options, 'groupId');
    const variantsOf = groupRows(variants, 'productId');
    const variantOptionsOf = groupRows(variantOptions, 'productVariantId');
    const variantAssetsOf = groupRows(variantAssets, 'productVariantId');

    return products.map(p => {
        const id = String(p.id);
        return {
            id: p.id,
            enabled: Boolean(p.enabled),
            deletedAt: p.deletedAt,
            featuredAsset: asset(p.featuredAssetId),
            translations: (translationsOf.get(id) ?? []).map(t => ({
                languageCode: t.languageCode,
                name: t.name,
                slug: t.slug,
                description: t.description,
            })),
            assets: (productAssetsOf.get(id) ?? []).map(a => asset(a.assetId)).filter((a): a is AssetRow => !!a),
            facetValues: (facetValuesOf.get(id) ?? []).map(fv => ({
                code: fv.code,
                facetCode: fv.facetCode,
                translations: names(facetValueNamesOf.get(String(fv.id))),
            })),
            optionGroups: (groupsOf.get(id) ?? []).map(g => ({
                code: g.code,
                translations: names(groupNamesOf.get(String(g.id))),
                options: (optionsOf.get(String(g.id)) ?? []).map(o => ({
                    code: o.code,
                    translations: names(optionNamesOf.get(String(o.id))),
                })),
            })),
            variants: (variantsOf.get(id) ?? []).map(v => ({
                id: v.id,
                sku: v.sku,
                enabled: Boolean(v.enabled),
                taxCategoryName: v.taxCategoryName ?? '',
                optionCodes: (variantOptionsOf.get(String(v.id)) ?? []).map(o => o.code),
                translations: names(variantNamesOf.get(String(v.id))),
                featuredAsset: asset(v.featuredAssetId),
                assets: (variantAssetsOf.get(String(v.id)) ?? []).map(a => asset(a.assetId)).filter((a): a is AssetRow => !!a),
            })),
        };
    });
}
