import { Permission } from '@vendure/core';

/** Channel-scoped roles a tenant gets. Codes are prefixed with the tenant code. */
export const TENANT_ROLES = {
    /** master: edits the tenant's catalog. */
    catalogManager: {
        suffix: 'catalog-manager',
        description: 'Catalog manager',
        permissions: [
            Permission.ReadCatalog,
            Permission.CreateCatalog,
            Permission.UpdateCatalog,
            Permission.DeleteCatalog,
            Permission.ReadProduct,
            Permission.CreateProduct,
            Permission.UpdateProduct,
            Permission.DeleteProduct,
            Permission.ReadCollection,
            Permission.CreateCollection,
            Permission.UpdateCollection,
            Permission.DeleteCollection,
            Permission.ReadFacet,
            Permission.CreateFacet,
            Permission.UpdateFacet,
            Permission.DeleteFacet,
            Permission.ReadAsset,
            Permission.CreateAsset,
            Permission.UpdateAsset,
            Permission.DeleteAsset,
            Permission.ReadTaxCategory,
            Permission.ReadChannel,
            Permission.ReadStockLocation,
        ],
    },
    /** master: reads the tenant's catalog. */
    viewer: {
        suffix: 'viewer',
        description: 'Catalog viewer',
        permissions: [
            Permission.ReadCatalog,
            Permission.ReadProduct,
            Permission.ReadCollection,
            Permission.ReadFacet,
            Permission.ReadAsset,
            Permission.ReadChannel,
        ],
    },
    /** ecommerce: runs the tenant's shop; the replicated catalog is read-only for it. */
    shopStaff: {
        suffix: 'shop-staff',
        description: 'Shop staff',
        permissions: [
            Permission.ReadCatalog,
            Permission.ReadProduct,
            Permission.ReadCollection,
            Permission.ReadFacet,
            Permission.ReadAsset,
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
            Permission.ReadChannel,
            Permission.ReadTaxRate,
            Permission.ReadZone,
            Permission.ReadCountry,
        ],
    },
} as const;

export function tenantRoleCode(tenantCode: string, role: { suffix: string }): string {
    return `${tenantCode}-${role.suffix}`;
}
