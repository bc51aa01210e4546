import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DeletionResponse } from '@vendure/common/lib/generated-types';
import { Allow, Ctx, ID, ListQueryOptions, PaginatedList, RequestContext } from '@vendure/core';

import { manageTenantsPermission, readTenantsPermission } from '../config/permissions';
import { TenantEvent } from '../entities/tenant-event.entity';
import { Tenant } from '../entities/tenant.entity';
import { FirstAdministratorInput, TenantService } from '../services/tenant.service';
import { TenantInput } from '../services/tenant-validation';

@Resolver('Tenant')
export class TenantAdminResolver {
    constructor(private tenantService: TenantService) {}

    @Query()
    @Allow(readTenantsPermission.Permission)
    tenants(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<Tenant> }): Promise<PaginatedList<Tenant>> {
        return this.tenantService.findAll(ctx, args.options);
    }

    @Query()
    @Allow(readTenantsPermission.Permission)
    tenant(@Ctx() ctx: RequestContext, @Args() args: { id: ID }): Promise<Tenant | undefined> {
        return this.tenantService.findOne(ctx, args.id);
    }

    @ResolveField()
    events(@Ctx() ctx: RequestContext, @Parent() tenant: Tenant): Promise<TenantEvent[]> {
        return this.tenantService.events(ctx, tenant.id);
    }

    // No @Transaction: the service commits its own transaction before queueing the job, so a
    // worker (BullMQ runs jobs at once) never looks for a tenant that is not committed yet.
    @Mutation()
    @Allow(manageTenantsPermission.Permission)
    createTenant(
        @Ctx() ctx: RequestContext,
        @Args() args: { input: TenantInput & { firstAdministrator?: FirstAdministratorInput | null } },
    ): Promise<Tenant> {
        const { firstAdministrator, ...input } = args.input;
        return this.tenantService.create(ctx, input, firstAdministrator);
    }

    @Mutation()
    @Allow(manageTenantsPermission.Permission)
    retryTenantProvisioning(@Ctx() ctx: RequestContext, @Args() args: { id: ID }): Promise<Tenant> {
        return this.tenantService.retry(ctx, args.id);
    }

    @Mutation()
    @Allow(manageTenantsPermission.Permission)
    disableTenant(@Ctx() ctx: RequestContext, @Args() args: { id: ID }): Promise<Tenant> {
        return this.tenantService.setEnabled(ctx, args.id, false);
    }

    @Mutation()
    @Allow(manageTenantsPermission.Permission)
    deleteTenant(@Ctx() ctx: RequestContext, @Args() args: { id: ID; confirmCode: string }): Promise<DeletionResponse> {
        return this.tenantService.delete(ctx, args.id, args.confirmCode);
    }

    @Mutation()
    @Allow(manageTenantsPermission.Permission)
    enableTenant(@Ctx() ctx: RequestContext, @Args() args: { id: ID }): Promise<Tenant> {
        return this.tenantService.setEnabled(ctx, args.id, true);
    }
}
