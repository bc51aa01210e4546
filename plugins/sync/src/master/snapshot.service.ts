import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { CompletenessService, PricingRuleService } from '@entrepreneur-os/pim-plugin';
import { AssetRef, ProductSnapshot, SYNC_LIMITS, Translation } from '@entrepreneur-os/sync-contract';
import { ConfigService, ID, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';

import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { AssetRow, CatalogProductRow, loadCatalogRows } from './snapshot-rows';

/** Database order of relations is arbitrary (PostgreSQL): the same content must give the same snapshot. */
function byCode<T>(key: (item: T) => string): (a: T, b: T) => number {
    return (a, b) => key(a).localeCompare(key(b));
}

export interface SnapshotResult {
    masterProductId: string;
    /** null: the shop must not show the product (see `reason`). */
    snapshot: ProductSnapshot | null;
    reason: 'NOT_IN_CATALOG' | 'DELETED' | 'INCOMPLETE' | null;
    /** What the product misses, when INCOMPLETE. */
    missing: string[];
}

/**
 * Full product snapshots for the request's tenant: everything its shop needs to show and sell a
 * product, prices from the PIM's pricing rules, assets by content hash. A product that is not in
 * the tenant's catalog, deleted or incomplete gets no snapshot and the reason.
 */
@Injectable()
export class SnapshotService {
    /** Content hashes of asset files by asset id and last change. */
    private readonly assetHashes = new Map<string, string>();

    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private pricing: PricingRuleService,
        private completeness: CompletenessService,
        private configService: ConfigService,
    ) {}

    async build(ctx: RequestContext, productIds: ID[]): Promise<SnapshotResult[]> {
        if (productIds.length > SYNC_LIMITS.snapshotsPerCall)
            throw new UserInputError(`masterProductIds: at most ${SYNC_LIMITS.snapshotsPerCall} per call`);
        const { code } = await this.tenantContext.require(ctx);
        const products = await loadCatalogRows(this.connection, ctx, productIds, ctx.channelId);
        const live = products.filter(p => !p.deletedAt);
        const completeness = new Map(
            (
                await this.completeness.forProducts(
                    ctx,
                    live.map(p => p.id),
                )
            ).map(c => [c.productId, c]),
        );
        const variantIds = live.flatMap(p => p.variants.map(v => v.id));
        const prices = new Map((await this.pricing.preview(ctx, { productVariantIds: variantIds })).map(p => [p.productVariantId, p]));
        const versions = await this.versions(ctx, code, productIds);
        const productOf = new Map(products.map(p => [String(p.id), p]));
        const results: SnapshotResult[] = [];
        for (const id of productIds) {
            const product = productOf.get(String(id));
            const base = { masterProductId: String(id), snapshot: null, missing: [] as string[] };
            if (!product) results.push({ ...base, reason: 'NOT_IN_CATALOG' });
            else if (product.deletedAt) results.push({ ...base, reason: 'DELETED' });
            else if (!completeness.get(String(id))?.complete)
                results.push({ ...base, reason: 'INCOMPLETE', missing: completeness.get(String(id))?.missing ?? [] });
            else
                results.push({
                    ...base,
                    reason: null,
                    snapshot: await this.snapshotOf(ctx, code, product, prices, versions.get(String(id)) ?? 1),
                });
        }
        return results;
    }

    private async snapshotOf(
        ctx: RequestContext,
        tenantCode: string,
        product: CatalogProductRow,
        prices: Map<string, { price: number; currencyCode: string }>,
        version: number,
    ): Promise<ProductSnapshot> {
        const names = (translations: Array<{ languageCode: string; name: string }>): Translation[] =>
            translations
                .map(t => ({ languageCode: t.languageCode, name: t.name }))
                .sort((a, b) => a.languageCode.localeCompare(b.languageCode));
        const variants = [...product.variants].sort((a, b) => Number(a.id) - Number(b.id));
        return {
            schemaVersion: 1,
            tenantCode,
            masterProductId: String(product.id),
            version,
            enabled: product.enabled,
            translations: product.translations
                .map(t => ({ languageCode: t.languageCode, name: t.name, slug: t.slug, description: t.description }))
                .sort((a, b) => a.languageCode.localeCompare(b.languageCode)),
            facetValues: [...product.facetValues]
                .sort(byCode(fv => `${fv.facetCode}:${fv.code}`))
                .map(fv => ({ facetCode: fv.facetCode, code: fv.code, translations: names(fv.translations) })),
            optionGroups: [...product.optionGroups].sort(byCode(g => g.code)).map(g => ({
                code: g.code,
                translations: names(g.translations),
                options: [...g.options].sort(byCode(o => o.code)).map(o => ({ code: o.code, translations: names(o.translations) })),
            })),
            // The featured asset is part of the gallery the shop receives (the contract: a shop fetches only files it is given).
            assets: await this.assetRefs(withFeatured(product.assets, product.featuredAsset)),
            featuredAssetHash: product.featuredAsset ? (await this.assetRefs([product.featuredAsset]))[0].contentHash : null,
            variants: await Promise.all(
                variants.map(async v => ({
                    masterVariantId: String(v.id),
                    sku: v.sku,
                    enabled: v.enabled,
                    price: prices.get(String(v.id))?.price ?? 0,
                    currencyCode: prices.get(String(v.id))?.currencyCode ?? ctx.channel.defaultCurrencyCode,
                    taxCategoryCode: v.taxCategoryName,
                    optionCodes: [...v.optionCodes].sort(),
                    translations: names(v.translations),
                    assets: await this.assetRefs(
                        product.assets.some(a => String(a.id) === String(v.featuredAsset?.id))
                            ? v.assets
                            : withFeatured(v.assets, v.featuredAsset),
                    ),
                    featuredAssetHash: v.featuredAsset ? (await this.assetRefs([v.featuredAsset]))[0].contentHash : null,
                })),
            ),
        };
    }

    private async assetRefs(assets: AssetRow[]): Promise<AssetRef[]> {
        const storage = this.configService.assetOptions.assetStorageStrategy;
        return Promise.all(
            assets.map(async asset => {
                const changed = asset.updatedAt instanceof Date ? asset.updatedAt.toISOString() : String(asset.updatedAt);
                const key = `${String(asset.id)}:${changed}`;
                let hash = this.assetHashes.get(key);
                if (!hash) {
                    hash = createHash('sha256')
                        .update(await storage.readFileToBuffer(asset.source))
                        .digest('hex');
                    this.assetHashes.set(key, hash);
                }
                return { contentHash: hash, fileName: asset.name, mimeType: asset.mimeType, sourceUrl: asset.source };
            }),
        );
    }

    /** A product's version for a tenant: the position of its newest feed entry. */
    private async versions(ctx: RequestContext, tenantCode: string, productIds: ID[]): Promise<Map<string, number>> {
        const rows = await this.connection
            .getRepository(ctx, SyncFeedEntry)
            .createQueryBuilder('entry')
            .select('entry.masterProductId', 'productId')
            .addSelect('MAX(entry.id)', 'position')
            .where('entry.tenantCode = :tenantCode', { tenantCode })
            .andWhere('entry.masterProductId IN (:...ids)', { ids: productIds.map(String) })
            .groupBy('entry.masterProductId')
            .getRawMany<{ productId: string; position: number | string }>();
        return new Map(rows.map(r => [String(r.productId), Number(r.position)]));
    }
}

/** A gallery with the featured asset at its end when it is not in it already. */
function withFeatured(gallery: AssetRow[], featured: AssetRow | null): AssetRow[] {
    return featured && !gallery.some(a => String(a.id) === String(featured.id)) ? [...gallery, featured] : gallery;
}
