import { Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { ID, Product, RequestContext, TransactionalConnection } from '@vendure/core';

import { groupRows, sqlRowsForIds } from '@entrepreneur-os/platform';
import { Completeness, CompletenessRequirements, evaluateCompleteness, ProductCompletenessFacts } from '../completeness';

export interface ProductCompleteness extends Completeness {
    productName: string;
}

const BATCH = 200;

/** Completeness of the tenant's products under the tenant's requirements (its settings). */
@Injectable()
export class CompletenessService {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
    ) {}

    async forProducts(ctx: RequestContext, productIds: ID[]): Promise<ProductCompleteness[]> {
        const requirements = await this.requirements(ctx);
        const result: ProductCompleteness[] = [];
        for (let i = 0; i < productIds.length; i += BATCH) {
            const products = await this.load(ctx, productIds.slice(i, i + BATCH));
            result.push(...products.map(p => ({ ...evaluateCompleteness(p, requirements), productName: nameOf(p, ctx) })));
        }
        return result;
    }

    /** The tenant's incomplete products with what each is missing, lowest score first. */
    async incomplete(ctx: RequestContext, skip = 0, take = 50): Promise<{ items: ProductCompleteness[]; totalItems: number }> {
        const ids = (
            await this.connection
                .getRepository(ctx, Product)
                .createQueryBuilder('product')
                .select('product.id')
                .where('product.deletedAt IS NULL')
                .getMany()
        ).map(p => p.id);
        const incomplete = (await this.forProducts(ctx, ids))
            .filter(c => !c.complete)
            .sort((a, b) => a.score - b.score || Number(a.productId) - Number(b.productId));
        return { items: incomplete.slice(skip, skip + take), totalItems: incomplete.length };
    }

    async requirements(ctx: RequestContext): Promise<CompletenessRequirements> {
        const { tenant } = await this.tenantContext.require(ctx);
        const settings = tenant?.settings.completeness;
        const languages = ctx.channel.availableLanguageCodes?.length
            ? ctx.channel.availableLanguageCodes
            : [ctx.channel.defaultLanguageCode];
        return {
            languages: [...new Set(languages.map(String))],
            requireDescription: settings?.requireDescription ?? true,
            minAssets: settings?.minAssets ?? 1,
            requiredFacetCodes: settings?.requiredFacetCodes ?? [],
        };
    }

    /** The facts of each live product among `ids`, in a fixed number of queries. */
    private async load(ctx: RequestContext, ids: ID[]): Promise<ProductCompletenessFacts[]> {
        const rows = <T extends object>(sql: string, list: ID[]) => sqlRowsForIds<T>(this.connection, ctx, sql, list.map(String));
        const products = await rows<{ id: ID }>(
            'SELECT "id" FROM "product" WHERE "deletedAt" IS NULL AND "id" IN (:...ids) ORDER BY "id"',
            ids,
        );
        const productIds = products.map(p => p.id);
        if (!productIds.length) return [];
        // One after the other: in a transaction they share one connection, which runs one query at a time.
        const translations = await rows<{ baseId: ID; languageCode: string; name: string; description: string }>(
            'SELECT "baseId", "languageCode", "name", "description" FROM "product_translation" WHERE "baseId" IN (:...ids)',
            productIds,
        );
        const assetCounts = await rows<{ productId: ID; count: number | string }>(
            'SELECT "productId", COUNT(*) AS "count" FROM "product_asset" WHERE "productId" IN (:...ids) GROUP BY "productId"',
            productIds,
        );
        const facetCodes = await rows<{ productId: ID; code: string }>(
            `SELECT j."productId", f."code" FROM "product_facet_values_facet_value" j
             JOIN "facet_value" fv ON fv."id" = j."facetValueId" JOIN "facet" f ON f."id" = fv."facetId"
             WHERE j."productId" IN (:...ids)`,
            productIds,
        );
        const variants = await rows<{ id: ID; productId: ID; sku: string }>(
            'SELECT "id", "productId", "sku" FROM "product_variant" WHERE "deletedAt" IS NULL AND "productId" IN (:...ids) ORDER BY "id"',
            productIds,
        );
        const variantIds = variants.map(v => v.id);
        const variantFacetCodes = await rows<{ productVariantId: ID; code: string }>(
            `SELECT j."productVariantId", f."code" FROM "product_variant_facet_values_facet_value" j
             JOIN "facet_value" fv ON fv."id" = j."facetValueId" JOIN "facet" f ON f."id" = fv."facetId"
             WHERE j."productVariantId" IN (:...ids)`,
            variantIds,
        );
        const prices = await sqlRowsForIds<{ variantId: ID; price: number | string }>(
            this.connection,
            ctx,
            `SELECT "variantId", "price" FROM "product_variant_price"
             WHERE "channelId" = :channelId AND "currencyCode" = :currencyCode AND "variantId" IN (:...ids)`,
            variantIds.map(String),
            { channelId: ctx.channelId, currencyCode: ctx.channel.defaultCurrencyCode },
        );
        const translationsOf = groupRows(translations, 'baseId');
        const assetCountOf = new Map(assetCounts.map(a => [String(a.productId), Number(a.count)]));
        const facetCodesOf = groupRows(facetCodes, 'productId');
        const variantsOf = groupRows(variants, 'productId');
        const variantFacetCodesOf = groupRows(variantFacetCodes, 'productVariantId');
        const priceOf = new Map(prices.map(p => [String(p.variantId), Number(p.price)]));
        return products.map(p => {
            const texts = translationsOf.get(String(p.id)) ?? [];
            return {
                productId: String(p.id),
                names: Object.fromEntries(texts.map(t => [t.languageCode, t.name])),
                descriptions: Object.fromEntries(texts.map(t => [t.languageCode, t.description])),
                assetCount: assetCountOf.get(String(p.id)) ?? 0,
                facetCodes: (facetCodesOf.get(String(p.id)) ?? []).map(f => f.code),
                variants: (variantsOf.get(String(p.id)) ?? []).map(v => ({
                    id: String(v.id),
                    sku: v.sku,
                    facetCodes: (variantFacetCodesOf.get(String(v.id)) ?? []).map(f => f.code),
                    price: priceOf.get(String(v.id)) ?? null,
                })),
            };
        });
    }
}

function nameOf(product: ProductCompletenessFacts, ctx: RequestContext): string {
    return product.names[ctx.languageCode] ?? Object.values(product.names)[0] ?? '';
}
