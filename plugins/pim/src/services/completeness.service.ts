import { Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { ID, Product, RequestContext, TransactionalConnection } from '@vendure/core';
import { In, IsNull } from 'typeorm';

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
            result.push(...products.map(p => ({ ...evaluateCompleteness(toFacts(p, ctx), requirements), productName: nameOf(p, ctx) })));
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

    private load(ctx: RequestContext, ids: ID[]): Promise<Product[]> {
        return this.connection.getRepository(ctx, Product).find({
            where: { id: In(ids), deletedAt: IsNull() },
            // One query per relation: joining them all multiplies the rows per product.
            relationLoadStrategy: 'query',
            relations: {
                translations: true,
                assets: true,
                facetValues: { facet: true },
                variants: { facetValues: { facet: true }, productVariantPrices: true },
            },
        });
    }
}

function toFacts(product: Product, ctx: RequestContext): ProductCompletenessFacts {
    const currency = ctx.channel.defaultCurrencyCode;
    return {
        productId: String(product.id),
        names: Object.fromEntries(product.translations.map(t => [t.languageCode, t.name])),
        descriptions: Object.fromEntries(product.translations.map(t => [t.languageCode, t.description])),
        assetCount: product.assets.length,
        facetCodes: product.facetValues.map(fv => fv.facet.code),
        variants: product.variants
            .filter(v => !v.deletedAt)
            .map(v => ({
                id: String(v.id),
                sku: v.sku,
                facetCodes: v.facetValues.map(fv => fv.facet.code),
                price:
                    v.productVariantPrices.find(p => String(p.channelId) === String(ctx.channelId) && p.currencyCode === currency)?.price ??
                    null,
            })),
    };
}

function nameOf(product: Product, ctx: RequestContext): string {
    return (product.translations.find(t => t.languageCode === ctx.languageCode) ?? product.translations[0])?.name ?? '';
}
