import { groupRows } from '@entrepreneur-os/platform';
import { ReplicatedView } from '@entrepreneur-os/sync-contract';
import { ID, RequestContext, TransactionalConnection } from '@vendure/core';

import { CatalogTables } from '../shared/catalog-tables';
import { ReplicaProduct } from './entities';

/**
 * The replicated view (sync contract) of each replica, read back from the shop's own tables — not
 * from what the apply recorded — so that `verify` sees what the shop really holds. Master's
 * switches come from the replica rows (the shop's own `enabled` may differ on purpose); the price is
 * the tenant channel's in its currency; assets are named by the content hash they were stored under.
 */
export async function loadReplicatedViews(
    connection: TransactionalConnection,
    ctx: RequestContext,
    tenantCode: string,
    replicas: ReplicaProduct[],
): Promise<Map<string, ReplicatedView>> {
    const held = replicas.filter(r => r.productId != null && !r.removed);
    const views = new Map<string, ReplicatedView>();
    if (!held.length) return views;
    const tables = new CatalogTables(connection, ctx);
    const productIds = held.map(r => r.productId as ID);
    const products = await tables.rows<{ id: ID; featuredAssetId: ID | null }>(
        'SELECT "id", "featuredAssetId" FROM "product" WHERE "id" IN (:...ids)',
        productIds,
    );
    const texts = await tables.productTexts(productIds);
    const facetValues = await tables.facetValues(productIds);
    // The shop's options of a group are those not soft-deleted (the apply retires the ones master dropped).
    const optionGroups = await tables.optionGroups(productIds, { liveOptionsOnly: true });
    const productGalleries = await tables.galleries('product', productIds);

    const replicaVariants = await tables.rows<{
        masterProductId: string;
        masterVariantId: string;
        variantId: ID;
        masterEnabled: boolean | number;
    }>(
        `SELECT "masterProductId", "masterVariantId", "variantId", "masterEnabled" FROM "eos_replica_variant"
         WHERE "tenantCode" = :tenantCode AND "masterProductId" IN (:...ids)`,
        held.map(r => r.masterProductId),
        { tenantCode },
    );
    const variants = await tables.rows<{ id: ID; sku: string; featuredAssetId: ID | null }>(
        'SELECT "id", "sku", "featuredAssetId" FROM "product_variant" WHERE "deletedAt" IS NULL AND "id" IN (:...ids)',
        replicaVariants.map(v => v.variantId),
    );
    const variantIds = variants.map(v => v.id);
    const variantNames = await tables.names('product_variant_translation', variantIds);
    const variantOptionCodes = await tables.variantOptionCodes(variantIds);
    const prices = await tables.rows<{ variantId: ID; price: number | string; currencyCode: string }>(
        `SELECT "variantId", "price", "currencyCode" FROM "product_variant_price"
         WHERE "channelId" = :channelId AND "currencyCode" = :currencyCode AND "variantId" IN (:...ids)`,
        variantIds,
        { channelId: ctx.channelId, currencyCode: ctx.channel.defaultCurrencyCode },
    );
    const variantGalleries = await tables.galleries('variant', variantIds);
    const assetIds = new Set<string>();
    for (const r of [...products, ...variants]) if (r.featuredAssetId != null) assetIds.add(String(r.featuredAssetId));
    for (const gallery of [...productGalleries.values(), ...variantGalleries.values()]) for (const id of gallery) assetIds.add(String(id));
    const hashes = await tables.rows<{ assetId: ID; contentHash: string }>(
        'SELECT "assetId", "contentHash" FROM "eos_replica_asset" WHERE "assetId" IN (:...ids)',
        [...assetIds],
    );

    const hashOf = new Map(hashes.map(h => [String(h.assetId), h.contentHash]));
    // An asset the shop holds under no hash (not from master) shows as such, and so as drift.
    const hash = (id: ID) => hashOf.get(String(id)) ?? `shop asset ${String(id)}`;
    const productOf = new Map(products.map(p => [String(p.id), p]));
    const replicaVariantsOf = groupRows(replicaVariants, 'masterProductId');
    const variantOf = new Map(variants.map(v => [String(v.id), v]));
    const priceOf = new Map(prices.map(p => [String(p.variantId), p]));

    for (const replica of held) {
        const id = String(replica.productId);
        const product = productOf.get(id);
        if (!product) continue;
        views.set(replica.masterProductId, {
            masterProductId: replica.masterProductId,
            enabled: Boolean(replica.masterEnabled),
            translations: texts.get(id) ?? [],
            facetValues: facetValues.get(id) ?? [],
            optionGroups: optionGroups.get(id) ?? [],
            assetHashes: (productGalleries.get(id) ?? []).map(hash),
            featuredAssetHash: product.featuredAssetId != null ? hash(product.featuredAssetId) : null,
            variants: (replicaVariantsOf.get(replica.masterProductId) ?? []).flatMap(rv => {
                const variant = variantOf.get(String(rv.variantId));
                if (!variant) return [];
                const price = priceOf.get(String(variant.id));
                return [
                    {
                        masterVariantId: rv.masterVariantId,
                        sku: variant.sku,
                        enabled: Boolean(rv.masterEnabled),
                        price: price ? Number(price.price) : -1,
                        currencyCode: price?.currencyCode ?? '',
                        optionCodes: variantOptionCodes.get(String(variant.id)) ?? [],
                        translations: variantNames.get(String(variant.id)) ?? [],
                        assetHashes: (variantGalleries.get(String(variant.id)) ?? []).map(hash),
                        featuredAssetHash: variant.featuredAssetId != null ? hash(variant.featuredAssetId) : null,
                    },
                ];
            }),
        });
    }
    return views;
}
