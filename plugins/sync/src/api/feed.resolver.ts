import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, RequestContext } from '@vendure/core';

import { readSyncFeedPermission } from '../permissions';
import { FeedService } from '../master/feed.service';

@Resolver()
export class FeedResolver {
    constructor(private feed: FeedService) {}

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    syncFeed(@Ctx() ctx: RequestContext, @Args() args: { after: number; take?: number }) {
        return this.feed.read(ctx, args.after, args.take ?? 100);
    }
}
