import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, RequestContext, Transaction, UserInputError } from '@vendure/core';

import { provisionTenantShopPermission } from '../config/permissions';
import { TENANT_ROLES, tenantRoleCode } from '../config/roles';
import { TenantAccessService } from '../services/tenant-access.service';
import { TenantShop, TenantShopInput, TenantShopService } from '../services/tenant-shop.service';

@Resolver()
export class TenantShopResolver {
    constructor(
        private tenantShopService: TenantShopService,
        private tenantAccess: TenantAccessService,
    ) {}

    @Transaction()
    @Mutation()
    @Allow(provisionTenantShopPermission.Permission)
    ensureTenantShop(@Ctx() ctx: RequestContext, @Args() args: { input: TenantShopInput }): Promise<TenantShop> {
        return this.tenantShopService.ensureTenantShop(ctx, args.input);
    }

    @Transaction()
    @Mutation()
    @Allow(provisionTenantShopPermission.Permission)
    async setTenantShopEnabled(@Ctx() ctx: RequestContext, @Args() args: { code: string; enabled: boolean }): Promise<boolean> {
        const found = await this.tenantAccess.setChannelEnabled(ctx, args.code, args.enabled, [
            tenantRoleCode(args.code, TENANT_ROLES.shopStaff),
        ]);
        if (!found) throw new UserInputError(`No shop for tenant "${args.code}" on this server`);
        return true;
    }
}
