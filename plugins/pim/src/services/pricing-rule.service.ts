import { Injectable } from '@nestjs/common';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import {
    ID,
    ListQueryBuilder,
    ListQueryOptions,
    ProductVariant,
    ProductVariantPrice,
    RequestContext,
    TransactionalConnection,
} from '@vendure/core';
import { In } from 'typeorm';

import { PricingRule } from '../entities/pricing-rule.entity';
import {
    createTenantPricer,
    PriceRounding,
    PricingMethod,
    PricingRuleDefinition,
    PricingScope,
    TenantPrice,
    validatePricingRule,
    VariantPricingFacts,
} from '../pricing';
import { SupplierPriceService } from './supplier-price.service';
import { stripUndefined } from './supplier.service';
import { assertValid } from './validation';

export interface PricingRuleInput {
    name: string;
    scopeType: string;
    scopeId?: string | null;
    method: string;
    value: number;
    rounding?: string;
    minMarginPercent?: number | null;
    priority?: number;
    validFrom?: Date | null;
    validTo?: Date | null;
    enabled?: boolean;
}

export interface TenantPricePreview extends TenantPrice {
    productVariantId: string;
    sku: string;
    masterPrice: number;
    currencyCode: string;
}

const BATCH = 1000;

/**
 * A tenant's pricing rules and the prices they give. The arithmetic is the pure pricing module's;
 * this service only loads the facts (prices, collections, facet values, preferred supplier costs)
 * in batches, so 10,000 variants take a handful of queries.
 */
@Injectable()
export class PricingRuleService {
    readonly repository: TenantScopedRepository<PricingRule>;

    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        listQueryBuilder: ListQueryBuilder,
        private supplierPrices: SupplierPriceService,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, PricingRule, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<PricingRule>) {
        return this.repository.list(ctx, options);
    }

    findOne(ctx: RequestContext, id: ID) {
        return this.repository.findOne(ctx, id);
    }

    async create(ctx: RequestContext, input: PricingRuleInput): Promise<PricingRule> {
        const rule = {
            rounding: 'NONE',
            minMarginPercent: null,
            priority: 0,
            validFrom: null,
            validTo: null,
            enabled: true,
            scopeId: null,
            ...stripUndefined(input),
        };
        assertValid('Pricing rule', validatePricingRule(toDefinition({ ...rule, id: 'new' } as PricingRule)));
        const saved = await this.repository.save(ctx, rule);
        return this.repository.getOrThrow(ctx, saved.id);
    }

    async update(ctx: RequestContext, input: Partial<PricingRuleInput> & { id: ID }): Promise<PricingRule> {
        const existing = await this.repository.getOrThrow(ctx, input.id);
        assertValid('Pricing rule', validatePricingRule(toDefinition({ ...existing, ...stripUndefined(input) })));
        await this.repository.save(ctx, { ...stripUndefined(input), id: input.id });
        return this.repository.getOrThrow(ctx, input.id);
    }

    async delete(ctx: RequestContext, id: ID): Promise<void> {
        await this.repository.delete(ctx, id);
    }

    /**
     * The tenant's price of each variant of its catalog (all of them, or those asked for) at `at`,
     * with the rule that produced it.
     */
    async preview(
        ctx: RequestContext,
        options: { productVariantIds?: ID[]; skip?: number; take?: number; at?: Date } = {},
    ): Promise<TenantPricePreview[]> {
        const { channelId } = await this.tenantContext.require(ctx);
        const at = options.at ?? new Date();
        const rules = (await this.repository.find(ctx)).map(toDefinition);
        const pricer = createTenantPricer(rules, at);
        const qb = this.connection
            .getRepository(ctx, ProductVariant)
            .createQueryBuilder('variant')
            .select(['variant.id', 'variant.productId', 'variant.sku'])
            .where('variant.deletedAt IS NULL')
            .orderBy('variant.id', 'ASC');
        if (options.productVariantIds)
            qb.andWhere('variant.id IN (:...ids)', { ids: options.productVariantIds.length ? options.productVariantIds : [-1] });
        if (options.skip) qb.skip(options.skip);
        if (options.take) qb.take(options.take);
        const variants = await qb.getMany();
        const currencyCode = ctx.channel.defaultCurrencyCode;
        const result: TenantPricePreview[] = [];
        for (let i = 0; i < variants.length; i += BATCH) {
            const batch = variants.slice(i, i + BATCH);
            const facts = await this.loadFacts(ctx, batch, channelId, currencyCode, at);
            for (const [j, variant] of batch.entries()) {
                result.push({
                    ...pricer.price(facts[j]),
                    productVariantId: String(variant.id),
                    sku: variant.sku,
                    masterPrice: facts[j].masterPrice,
                    currencyCode,
                });
            }
        }
        return result;
    }

    private async loadFacts(
        ctx: RequestContext,
        variants: ProductVariant[],
        channelId: ID,
        currencyCode: string,
        at: Date,
    ): Promise<VariantPricingFacts[]> {
        const ids = variants.map(v => v.id);
        const raw = this.connection.rawConnection;
        const prices = await raw.getRepository(ProductVariantPrice).find({
            where: { variant: { id: In(ids) }, channelId, currencyCode: currencyCode as never },
            relations: { variant: true },
            select: { id: true, price: true, variant: { id: true } },
        });
        const priceOf = new Map(prices.map(p => [String(p.variant.id), p.price]));
        const pairs = async (relation: 'facetValues' | 'collections', entity: 'variant' | 'product', keys: ID[]) => {
            const meta = raw
                .getMetadata(entity === 'variant' ? ProductVariant : 'Product')
                .findRelationWithPropertyPath(relation)!.junctionEntityMetadata!;
            const rows: Array<Record<string, unknown>> = await raw
                .createQueryBuilder()
                .select(`j.${meta.ownerColumns[0].databaseName}`, 'owner')
                .addSelect(`j.${meta.inverseColumns[0].databaseName}`, 'other')
                .from(meta.tableName, 'j')
                .where(`j.${meta.ownerColumns[0].databaseName} IN (:...keys)`, { keys })
                .getRawMany();
            const map = new Map<string, string[]>();
            for (const row of rows) map.set(String(row.owner), [...(map.get(String(row.owner)) ?? []), String(row.other)]);
            return map;
        };
        const productIds = [...new Set(variants.map(v => v.productId))];
        const [variantFacets, productFacets, collections, costs] = await Promise.all([
            pairs('facetValues', 'variant', ids),
            pairs('facetValues', 'product', productIds),
            pairs('collections', 'variant', ids),
            this.supplierPrices.preferredCosts(ctx, ids, at),
        ]);
        return variants.map(v => ({
            variantId: String(v.id),
            productId: String(v.productId),
            collectionIds: collections.get(String(v.id)) ?? [],
            facetValueIds: [...(variantFacets.get(String(v.id)) ?? []), ...(productFacets.get(String(v.productId)) ?? [])],
            masterPrice: priceOf.get(String(v.id)) ?? 0,
            currencyCode,
            preferredCost: costs.get(String(v.id)) ?? null,
        }));
    }
}

export function toDefinition(rule: PricingRule): PricingRuleDefinition {
    const scope = (rule.scopeType === 'ALL' ? { type: 'ALL' } : { type: rule.scopeType, id: rule.scopeId ?? '' }) as PricingScope;
    return {
        id: String(rule.id),
        name: rule.name,
        scope,
        method: rule.method as PricingMethod,
        value: rule.value,
        rounding: rule.rounding as PriceRounding,
        minMarginPercent: rule.minMarginPercent,
        priority: rule.priority,
        validFrom: rule.validFrom ? new Date(rule.validFrom) : null,
        validTo: rule.validTo ? new Date(rule.validTo) : null,
        enabled: rule.enabled,
    };
}
