// Master's side of the sync (`@entrepreneur-os/sync-plugin/master`): the change feed, snapshots, the
// inbox of what the shops send back, status and push. Loads the PIM; the ecommerce side never imports this.
export * from './entities/order-summary.entity';
export * from './entities/sync-feed-entry.entity';
export * from './entities/sync-inbox.entity';
export * from './entities/sync-status.entity';
export * from './entities/sync-subscriber.entity';
export * from './feed-fanout';
export * from './feed-subscriber';
export * from './feed.service';
export * from './inbox.service';
export * from './options';
export * from './order-summary.service';
export * from './permissions';
export * from './push.service';
export * from './snapshot.service';
export * from './stock-exchange.service';
export * from './sync-status.service';
export * from './sync-tenant.service';
export * from './sync.plugin';
