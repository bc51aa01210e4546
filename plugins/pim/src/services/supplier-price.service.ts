import { Injectable } from '@nestjs/common';
import {
    CurrencyCode,
    ID,
    ListQueryBuilder,
    ListQueryOptions,
    ProductVariant,
    RequestContext,
    TransactionalConnection,
} from '@vendure/core';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { In } from 'typeorm';

import { SupplierPrice } from '../entities/supplier-price.entity';
import { SupplierService, stripUndefined } from './supplier.service';
import { assertValid, CURRENCY, isWholeNumber } from './validation';

export interface SupplierPriceInput {
    supplierId: ID;
    productVariantId: ID;
    /** Minor units of the supplier's currency. */
    costPrice: number;
    currencyCode: CurrencyCode;
    minOrderQuantity?: number;
    validFrom?: Date | null;
    validTo?: Date | null;
    preferred?: boolean;
}

@Injectable()
export class SupplierPriceService {
    readonly repository: TenantScopedRepository<SupplierPrice>;

    constructor(
        private connection: TransactionalConnection,
        tenantContext: TenantContextService,
        listQueryBuilder: ListQueryBuilder,
        private suppliers: SupplierService,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, SupplierPrice, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<SupplierPrice>) {
        return this.repository.list(ctx, options, ['supplier']);
    }

    forVariant(ctx: RequestContext, productVariantId: ID) {
        return this.repository.find(ctx, {
            where: { productVariantId },
            relations: ['supplier'],
            order: { preferred: 'DESC', costPrice: 'ASC' },
        });
    }

    async create(ctx: RequestContext, input: SupplierPriceInput): Promise<SupplierPrice> {
        const normalized = {
            minOrderQuantity: 1,
            validFrom: null,
            validTo: null,
            preferred: false,
            ...stripUndefined(input),
        } as Required<SupplierPriceInput>;
        await this.validate(ctx, normalized);
        return this.withSupplier(ctx, (await this.repository.save(ctx, normalized)).id);
    }

    async update(ctx: RequestContext, input: Partial<SupplierPriceInput> & { id: ID }): Promise<SupplierPrice> {
        const existing = await this.repository.getOrThrow(ctx, input.id);
        const merged = { ...existing, ...stripUndefined(input) };
        await this.validate(ctx, merged, existing.id);
        await this.repository.save(ctx, { ...stripUndefined(input), id: input.id });
        return this.withSupplier(ctx, input.id);
    }

    private async withSupplier(ctx: RequestContext, id: ID): Promise<SupplierPrice> {
        const [price] = await this.repository.find(ctx, { where: { id }, relations: ['supplier'] });
        return price;
    }

    async delete(ctx: RequestContext, id: ID): Promise<void> {
        await this.repository.delete(ctx, id);
    }

    /**
     * The preferred supplier cost of each variant valid at `at`, for pricing. One query for all.
     */
    async preferredCosts(ctx: RequestContext, variantIds: ID[], at: Date): Promise<Map<string, { amount: number; currencyCode: string }>> {
        const result = new Map<string, { amount: number; currencyCode: string }>();
        if (!variantIds.length) return result;
        for (let i = 0; i < variantIds.length; i += 1000) {
            const prices = await this.repository.find(ctx, {
                where: { productVariantId: In(variantIds.slice(i, i + 1000)), preferred: true },
            });
            for (const p of prices) {
                if (isValidAt(p, at)) result.set(String(p.productVariantId), { amount: p.costPrice, currencyCode: p.currencyCode });
            }
        }
        return result;
    }

    private async validate(ctx: RequestContext, input: SupplierPriceInput, selfId?: ID): Promise<void> {
        const problems: string[] = [];
        if (!isWholeNumber(input.costPrice, 0)) problems.push('costPrice: a whole, non-negative amount in minor units (1250 = 12.50)');
        if (!isWholeNumber(input.minOrderQuantity, 1)) problems.push('minOrderQuantity: a whole number, at least 1');
        if (!CURRENCY.test(input.currencyCode ?? '')) problems.push('currencyCode: a three-letter ISO code such as EUR');
        if (input.validFrom && input.validTo && input.validTo <= input.validFrom) problems.push('validTo: must be after validFrom');
        const supplier = await this.suppliers.findOne(ctx, input.supplierId);
        if (!supplier) problems.push(`supplierId: no supplier ${String(input.supplierId)} in this tenant`);
        else if (CURRENCY.test(input.currencyCode ?? '') && supplier.currencyCode !== input.currencyCode) {
            problems.push(
                `currencyCode: ${input.currencyCode} does not match supplier ${supplier.code}'s currency ${supplier.currencyCode}`,
            );
        }
        const variant = await this.connection.findOneInChannel(ctx, ProductVariant, input.productVariantId, ctx.channelId);
        if (!variant) problems.push(`productVariantId: no variant ${String(input.productVariantId)} in this tenant's catalog`);
        if (input.preferred && !problems.length) {
            const others = await this.repository.find(ctx, {
                where: { productVariantId: input.productVariantId, preferred: true },
                relations: ['supplier'],
            });
            const clash = others.find(o => String(o.id) !== String(selfId) && periodsOverlap(o, input));
            if (clash) {
                problems.push(
                    `preferred: variant ${String(input.productVariantId)} already has a preferred price from supplier ${clash.supplier.code} for an overlapping period; unset that one first`,
                );
            }
        }
        assertValid('Supplier price', problems);
    }
}

type Period = { validFrom?: Date | null; validTo?: Date | null };

export function isValidAt(p: Period, at: Date): boolean {
    return (!p.validFrom || p.validFrom <= at) && (!p.validTo || at < p.validTo);
}

export function periodsOverlap(a: Period, b: Period): boolean {
    const aStart = a.validFrom?.getTime() ?? -Infinity;
    const aEnd = a.validTo?.getTime() ?? Infinity;
    const bStart = b.validFrom?.getTime() ?? -Infinity;
    const bEnd = b.validTo?.getTime() ?? Infinity;
    return aStart < bEnd && bStart < aEnd;
}
