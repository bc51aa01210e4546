import { CrudPermissionDefinition } from '@vendure/core';

/** Each PIM entity has its own read / create / update / delete permissions, assignable to roles. */
export const supplierPermission = new CrudPermissionDefinition('Supplier');
export const supplierPricePermission = new CrudPermissionDefinition('SupplierPrice');
export const purchaseOrderPermission = new CrudPermissionDefinition('PurchaseOrder');
export const pricingRulePermission = new CrudPermissionDefinition('PricingRule');

export const PIM_PERMISSIONS = [supplierPermission, supplierPricePermission, purchaseOrderPermission, pricingRulePermission];

/** All PIM permissions by name: what a tenant's catalog manager gets. */
export const PIM_PERMISSION_NAMES = PIM_PERMISSIONS.flatMap(p => [p.Read, p.Create, p.Update, p.Delete]);

/** Read-only PIM permissions: what a tenant's catalog viewer gets. */
export const PIM_READ_PERMISSION_NAMES = PIM_PERMISSIONS.map(p => p.Read);
