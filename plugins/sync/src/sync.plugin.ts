import { OnModuleInit } from '@nestjs/common';
import { PluginCommonModule, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { PimPlugin } from '@entrepreneur-os/pim-plugin';

import { masterSyncApiExtensions } from './api/api-extensions';
import { FeedResolver } from './api/feed.resolver';
import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { FeedService } from './master/feed.service';
import { FeedSubscriber } from './master/feed-subscriber';
import { SnapshotService } from './master/snapshot.service';
import { manageSyncPermission, readOrderSummaryPermission, readSyncFeedPermission } from './permissions';
import { SyncTenantService } from './master/sync-tenant.service';

/**
 * Sync, master side (so far): every change of a product that a tenant's shop shows is recorded in
 * that tenant's change feed in the same transaction (outbox), readable with `syncFeed`.
 */
@VendurePlugin({
    imports: [PluginCommonModule, MultiTenantPlugin, PimPlugin],
    providers: [FeedService, SnapshotService, SyncTenantService],
    entities: [SyncFeedEntry],
    adminApiExtensions: { schema: masterSyncApiExtensions, resolvers: [FeedResolver] },
    configuration: config => {
        config.authOptions.customPermissions.push(readSyncFeedPermission, manageSyncPermission, readOrderSummaryPermission);
        return config;
    },
    compatibility: '^3.7.0',
})
export class SyncPlugin implements OnModuleInit {
    constructor(private connection: TransactionalConnection) {}

    /** Registered on the live data source, as Vendure registers its own subscribers (config-level ones can be replaced by test set-ups). */
    onModuleInit(): void {
        const subscribers = this.connection.rawConnection.subscribers;
        if (!subscribers.some(s => s instanceof FeedSubscriber)) subscribers.push(new FeedSubscriber());
    }

    static init(): Type<SyncPlugin> {
        return SyncPlugin;
    }
}
