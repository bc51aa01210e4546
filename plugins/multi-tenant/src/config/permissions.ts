import { PermissionDefinition } from '@vendure/core';

/** Create, provision, retry, disable tenants in master (operators, superadmins). */
export const manageTenantsPermission = new PermissionDefinition({
    name: 'ManageTenants',
    description: 'Create, provision, retry and disable tenants',
});

/** Read tenants, their status and event log. */
export const readTenantsPermission = new PermissionDefinition({
    name: 'ReadTenants',
    description: 'See tenants, their status and provisioning log',
});

/** On ecommerce: set up a tenant's shop when master provisions it (held by master's API key). */
export const provisionTenantShopPermission = new PermissionDefinition({
    name: 'ProvisionTenantShop',
    description: 'Create or update a tenant shop (channel, roles, shipping, payment) on request of master',
});
