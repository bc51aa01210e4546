import { OnModuleInit } from '@nestjs/common';
import { PluginCommonModule, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { PimPlugin } from '@entrepreneur-os/pim-plugin';

import { masterSyncApiExtensions } from './api/api-extensions';
import { FeedResolver } from './api/feed.resolver';
import { SyncExchangeResolver } from './api/sync-exchange.resolver';
import { OrderSummary } from './entities/order-summary.entity';
import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { SyncInboxEntry } from './entities/sync-inbox.entity';
import { SyncStatusEntry } from './entities/sync-status.entity';
import { SyncSubscriber } from './entities/sync-subscriber.entity';
import { InboxService } from './inbox.service';
import { OrderSummaryService } from './order-summary.service';
import { PushService } from './push.service';
import { StockExchangeService } from './stock-exchange.service';
import { SyncStatusService } from './sync-status.service';
import { FeedService } from './feed.service';
import { registerFeedWriteLock } from '../shared/feed-order';
import { FeedSubscriber } from './feed-subscriber';
import { SnapshotService } from './snapshot.service';
import { manageSyncPermission, readOrderSummaryPermission, readSyncFeedPermission } from './permissions';
import { SyncTenantService } from './sync-tenant.service';
import { MASTER_SYNC_OPTIONS, MasterSyncOptions, resolveMasterSyncOptions } from './options';

/**
 * Sync, master side: every change of what a tenant's shop shows of a product is recorded in that
 * tenant's change feed in the same transaction (outbox), readable with `syncFeed` and
 * `productSnapshots`; master's stock movements go out, the shop's stock movements and order
 * summaries come in with their checkpoints; sidecars report their status here and are pushed to
 * after each commit that grew a stream.
 */
@VendurePlugin({
    imports: [PluginCommonModule, MultiTenantPlugin, PimPlugin],
    providers: [
        FeedService,
        SnapshotService,
        SyncTenantService,
        InboxService,
        StockExchangeService,
        OrderSummaryService,
        SyncStatusService,
        PushService,
        { provide: MASTER_SYNC_OPTIONS, useFactory: () => SyncPlugin.options },
    ],
    entities: [SyncFeedEntry, SyncInboxEntry, OrderSummary, SyncStatusEntry, SyncSubscriber],
    adminApiExtensions: { schema: masterSyncApiExtensions, resolvers: [FeedResolver, SyncExchangeResolver] },
    configuration: config => {
        config.authOptions.customPermissions.push(readSyncFeedPermission, manageSyncPermission, readOrderSummaryPermission);
        return config;
    },
    dashboard: '../../dashboard/index.tsx',
    compatibility: '^3.7.0',
})
export class SyncPlugin implements OnModuleInit {
    constructor(
        private connection: TransactionalConnection,
        private push: PushService,
    ) {}

    /** Registered on the live data source, as Vendure registers its own subscribers (config-level ones can be replaced by test set-ups). */
    onModuleInit(): void {
        const subscribers = this.connection.rawConnection.subscribers;
        if (!subscribers.some(s => s instanceof FeedSubscriber))
            subscribers.push(new FeedSubscriber(grown => this.push.streamsGrew(grown), SyncPlugin.options.feedInsertBatch));
        registerFeedWriteLock(this.connection.rawConnection);
    }

    static options: MasterSyncOptions = resolveMasterSyncOptions();

    /**
     * @example
     * SyncPlugin.init({ pushCoalesceMs: 50 })
     */
    static init(options: Partial<MasterSyncOptions> = {}): Type<SyncPlugin> {
        this.options = resolveMasterSyncOptions(options);
        return SyncPlugin;
    }
}
