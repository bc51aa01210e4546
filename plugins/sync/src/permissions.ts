import { PermissionDefinition } from '@vendure/core';

/** Reading a tenant's change feed: what the sync engine's API key needs (in the tenant's channel). */
export const readSyncFeedPermission = new PermissionDefinition({
    name: 'ReadSyncFeed',
    description: "Allows reading a tenant's catalog change feed",
});
