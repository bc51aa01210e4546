import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, ID, RequestContext } from '@vendure/core';

import { readSyncFeedPermission } from '../permissions';
import { FeedService } from '../feed.service';
import { SnapshotService } from '../snapshot.service';
import { SyncTenantService } from '../sync-tenant.service';

@Resolver()
export class FeedResolver {
    constructor(
        private feed: FeedService,
        private snapshots: SnapshotService,
        private tenants: SyncTenantService,
    ) {}

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    async syncFeed(@Ctx() ctx: RequestContext, @Args() args: { tenantCode?: string | null; after: number; take?: number }) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.feed.read(tenant.ctx, args.after, args.take ?? 100);
    }

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    async productSnapshots(@Ctx() ctx: RequestContext, @Args() args: { tenantCode?: string | null; masterProductIds: ID[] }) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.snapshots.build(tenant.ctx, args.masterProductIds);
    }
}
