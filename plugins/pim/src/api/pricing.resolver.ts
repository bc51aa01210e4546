import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { DeletionResponse, DeletionResult } from '@vendure/common/lib/generated-types';
import { Allow, Ctx, ID, ListQueryOptions, Permission, Product, RequestContext, Transaction } from '@vendure/core';

import { pricingRulePermission } from '../config/permissions';
import { PricingRule } from '../entities/pricing-rule.entity';
import { CompletenessService } from '../services/completeness.service';
import { PricingRuleInput, PricingRuleService } from '../services/pricing-rule.service';

@Resolver()
export class PricingResolver {
    constructor(
        private pricingRuleService: PricingRuleService,
        private completenessService: CompletenessService,
    ) {}

    @Query()
    @Allow(pricingRulePermission.Read)
    pricingRules(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<PricingRule> }) {
        return this.pricingRuleService.list(ctx, args.options);
    }

    @Query()
    @Allow(pricingRulePermission.Read)
    pricingRule(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        return this.pricingRuleService.findOne(ctx, args.id);
    }

    @Query()
    @Allow(pricingRulePermission.Read)
    previewTenantPrices(
        @Ctx() ctx: RequestContext,
        @Args() args: { options?: { productVariantIds?: ID[]; skip?: number; take?: number; at?: Date } },
    ) {
        return this.pricingRuleService.preview(ctx, args.options ?? {});
    }

    @Mutation()
    @Transaction()
    @Allow(pricingRulePermission.Create)
    createPricingRule(@Ctx() ctx: RequestContext, @Args() args: { input: PricingRuleInput }) {
        return this.pricingRuleService.create(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(pricingRulePermission.Update)
    updatePricingRule(@Ctx() ctx: RequestContext, @Args() args: { input: Partial<PricingRuleInput> & { id: ID } }) {
        return this.pricingRuleService.update(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(pricingRulePermission.Delete)
    async deletePricingRule(@Ctx() ctx: RequestContext, @Args() args: { id: ID }): Promise<DeletionResponse> {
        await this.pricingRuleService.delete(ctx, args.id);
        return { result: DeletionResult.DELETED };
    }

    @Query()
    @Allow(Permission.ReadCatalog, Permission.ReadProduct)
    productCompleteness(@Ctx() ctx: RequestContext, @Args() args: { productIds: ID[] }) {
        return this.completenessService.forProducts(ctx, args.productIds);
    }

    @Query()
    @Allow(Permission.ReadCatalog, Permission.ReadProduct)
    incompleteProducts(@Ctx() ctx: RequestContext, @Args() args: { skip?: number; take?: number }) {
        return this.completenessService.incomplete(ctx, args.skip, Math.min(args.take ?? 50, 500));
    }
}

@Resolver('Product')
export class ProductCompletenessResolver {
    constructor(
        private completenessService: CompletenessService,
        private tenantContext: TenantContextService,
    ) {}

    @ResolveField()
    async tenantCompleteness(@Ctx() ctx: RequestContext, @Parent() product: Product) {
        if (!(await this.tenantContext.current(ctx))) return null;
        const [result] = await this.completenessService.forProducts(ctx, [product.id]);
        return result ?? null;
    }
}
