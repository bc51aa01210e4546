import { PermissionDefinition } from '@vendure/core';

/** Reading a tenant's change feed: what the sync engine's API key needs (in the tenant's channel). */
export const readSyncFeedPermission = new PermissionDefinition({
    name: 'ReadSyncFeed',
    description: "Allows reading a tenant's catalog change feed",
});

/** Writing what the sync brings to master: shop stock movements, order summaries, status reports, subscribers. */
export const manageSyncPermission = new PermissionDefinition({
    name: 'ManageSync',
    description: 'Allows the sync engine to apply shop stock and orders in master and to report its status',
});

/** Reading the order summaries the shops send back (tenant catalog managers and viewers). */
export const readOrderSummaryPermission = new PermissionDefinition({
    name: 'ReadOrderSummary',
    description: "Allows reading the summaries of a tenant's shop orders",
});
