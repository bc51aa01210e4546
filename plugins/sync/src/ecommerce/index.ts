// The ecommerce side of the sync (`@entrepreneur-os/sync-plugin/ecommerce`): applies master's catalog and
// stock to tenants' shops and feeds their stock and orders back. Imports no master or PIM code.
export { syncTenantShopsPermission } from './api';
export * from './ecommerce-sync.plugin';
export * from './entities';
export * from './options';
export * from './replica-dashboard.plugin';
