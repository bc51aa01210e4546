import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { CompletenessService, PricingRuleService } from '@entrepreneur-os/pim-plugin';
import { AssetRef, ProductSnapshot, Translation } from '@entrepreneur-os/sync-contract';
import { Asset, ConfigService, ID, Product, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { In } from 'typeorm';

import { SyncFeedEntry } from '../entities/sync-feed-entry.entity';

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

const MAX_PRODUCTS = 100;

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
        if (productIds.length > MAX_PRODUCTS) throw new UserInputError(`masterProductIds: at most ${MAX_PRODUCTS} per call`);
        const { code } = await this.tenantContext.require(ctx);
        const products = await this.connection.getRepository(ctx, Product).find({
            where: { id: In(productIds), channels: { id: ctx.channelId } },
            withDeleted: true,
            // One query per relation: a single join of them all multiplies into thousands of rows per product.
            relationLoadStrategy: 'query',
            relations: {
                translations: true,
                featuredAsset: true,
                assets: { asset: true },
                facetValues: { facet: true, translations: true },
                optionGroups: { translations: true, options: { translations: true } },
                variants: {
                    translations: true,
                    options: true,
                    taxCategory: true,
                    featuredAsset: true,
                    assets: { asset: true },
                    channels: true,
                },
            },
        });
        const live = products.filter(p => !p.deletedAt);
        const completeness = new Map(
            (
                await this.completeness.forProducts(
                    ctx,
                    live.map(p => p.id),
                )
            ).map(c => [c.productId, c]),
        );
        const variantIds = live.flatMap(p =>
            p.variants.filter(v => !v.deletedAt && v.channels.some(c => c.id === ctx.channelId)).map(v => v.id),
        );
        const prices = new Map((await this.pricing.preview(ctx, { productVariantIds: variantIds })).map(p => [p.productVariantId, p]));
        const versions = await this.versions(ctx, code, productIds);
        const results: SnapshotResult[] = [];
        for (const id of productIds) {
            const product = products.find(p => String(p.id) === String(id));
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
        product: Product,
        prices: Map<string, { price: number; currencyCode: string }>,
        version: number,
    ): Promise<ProductSnapshot> {
        const names = (translations: Array<{ languageCode: string; name: string }>): Translation[] =>
            translations
                .map(t => ({ languageCode: t.languageCode, name: t.name }))
                .sort((a, b) => a.languageCode.localeCompare(b.languageCode));
        const variants = product.variants
            .filter(v => !v.deletedAt && v.channels.some(c => c.id === ctx.channelId))
            .sort((a, b) => Number(a.id) - Number(b.id));
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
                .sort(byCode(fv => `${fv.facet.code}:${fv.code}`))
                .map(fv => ({ facetCode: fv.facet.code, code: fv.code, translations: names(fv.translations) })),
            optionGroups: [...product.optionGroups].sort(byCode(g => g.code)).map(g => ({
                code: g.code,
                translations: names(g.translations),
                options: [...g.options].sort(byCode(o => o.code)).map(o => ({ code: o.code, translations: names(o.translations) })),
            })),
            assets: await this.assetRefs(product.assets.sort((a, b) => a.position - b.position).map(a => a.asset)),
            featuredAssetHash: product.featuredAsset ? (await this.assetRefs([product.featuredAsset]))[0].contentHash : null,
            variants: await Promise.all(
                variants.map(async v => ({
                    masterVariantId: String(v.id),
                    sku: v.sku,
                    enabled: v.enabled,
                    price: prices.get(String(v.id))?.price ?? 0,
                    currencyCode: prices.get(String(v.id))?.currencyCode ?? ctx.channel.defaultCurrencyCode,
                    taxCategoryCode: v.taxCategory?.name ?? '',
                    optionCodes: v.options.map(o => o.code).sort(),
                    translations: names(v.translations),
                    assets: await this.assetRefs(v.assets.sort((a, b) => a.position - b.position).map(a => a.asset)),
                    featuredAssetHash: v.featuredAsset ? (await this.assetRefs([v.featuredAsset]))[0].contentHash : null,
                })),
            ),
        };
    }

    private async assetRefs(assets: Asset[]): Promise<AssetRef[]> {
        const storage = this.configService.assetOptions.assetStorageStrategy;
        return Promise.all(
            assets.map(async asset => {
                const key = `${String(asset.id)}:${new Date(asset.updatedAt).getTime()}`;
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
