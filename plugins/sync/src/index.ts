export * from './entities/sync-feed-entry.entity';
export * from './master/feed-subscriber';
export * from './master/feed.service';
export * from './master/snapshot.service';
export * from './permissions';
export * from './sync.plugin';
export * from './ecommerce-sync.plugin';
export { syncTenantShopsPermission } from './ecommerce/api';
export * from './ecommerce/entities';
