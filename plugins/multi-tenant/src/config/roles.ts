import { Permission } from '@vendure/core';

/** Seeing a tenant's catalog: every tenant role has it. */
const READ_CATALOG = [
    Permission.ReadCatalog,
    Permission.ReadProduct,
    Permission.ReadCollection,
    Permission.ReadFacet,
    Permission.ReadAsset,
    Permission.ReadChannel,
] as const;

/** Create, update and delete of one catalog resource. */
const write = (resource: 'Catalog' | 'Product' | 'Collection' | 'Facet' | 'Asset') =>
    (['Create', 'Update', 'Delete'] as const).map(verb => Permission[`${verb}${resource}`]);

/** Channel-scoped roles a tenant gets. Codes are prefixed with the tenant code. */
export const TENANT_ROLES = {
    /** master: edits the tenant's catalog. */
    catalogManager: {
        suffix: 'catalog-manager',
        description: 'Catalog manager',
        permissions: [
            ...READ_CATALOG,
            ...(['Catalog', 'Product', 'Collection', 'Facet', 'Asset'] as const).flatMap(write),
            Permission.ReadTaxCategory,
            Permission.ReadStockLocation,
        ],
    },
    /** master: reads the tenant's catalog. */
    viewer: {
        suffix: 'viewer',
        description: 'Catalog viewer',
        permissions: [...READ_CATALOG],
    },
    /** ecommerce: runs the tenant's shop; the replicated catalog is read-only for it. */
    shopStaff: {
        suffix: 'shop-staff',
        description: 'Shop staff',
        permissions: [
            ...READ_CATALOG,
            // Replicated fields stay read-only (the sync plugin refuses them by name): staff change
            // what is the shop's own — on sale here or not, stock, local SEO.
            Permission.UpdateProduct,
            Permission.ReadOrder,
            Permission.CreateOrder,
            Permission.UpdateOrder,
            Permission.ReadCustomer,
            Permission.CreateCustomer,
            Permission.UpdateCustomer,
            Permission.ReadPaymentMethod,
            Permission.ReadShippingMethod,
            Permission.ReadStockLocation,
            Permission.ReadPromotion,
            Permission.ReadTaxRate,
            Permission.ReadZone,
            Permission.ReadCountry,
        ],
    },
} as const;

export function tenantRoleCode(tenantCode: string, role: { suffix: string }): string {
    return `${tenantCode}-${role.suffix}`;
}
