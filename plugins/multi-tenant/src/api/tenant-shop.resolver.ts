import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, RequestContext, Transaction } from '@vendure/core';

import { provisionTenantShopPermission } from '../config/permissions';
import { TenantShop, TenantShopInput, TenantShopService } from '../services/tenant-shop.service';

@Resolver()
export class TenantShopResolver {
    constructor(private tenantShopService: TenantShopService) {}

    @Transaction()
    @Mutation()
    @Allow(provisionTenantShopPermission.Permission)
    ensureTenantShop(@Ctx() ctx: RequestContext, @Args() args: { input: TenantShopInput }): Promise<TenantShop> {
        return this.tenantShopService.ensureTenantShop(ctx, args.input);
    }
}
