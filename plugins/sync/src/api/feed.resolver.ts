import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, ID, RequestContext } from '@vendure/core';

import { readSyncFeedPermission } from '../permissions';
import { FeedService } from '../master/feed.service';
import { SnapshotService } from '../master/snapshot.service';

@Resolver()
export class FeedResolver {
    constructor(
        private feed: FeedService,
        private snapshots: SnapshotService,
    ) {}

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    syncFeed(@Ctx() ctx: RequestContext, @Args() args: { after: number; take?: number }) {
        return this.feed.read(ctx, args.after, args.take ?? 100);
    }

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    productSnapshots(@Ctx() ctx: RequestContext, @Args() args: { masterProductIds: ID[] }) {
        return this.snapshots.build(ctx, args.masterProductIds);
    }
}
