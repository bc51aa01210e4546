import { ForbiddenError, Permission, RequestContext } from '@vendure/core';

import { supplierPricePermission } from '../config/permissions';
import { CSV_IMPORT_KINDS, CsvImportKind } from './csv-import.entity';

/**
 * What an administrator needs in the tenant's channel to check, apply and follow an import of each
 * kind. Products: creating them (CreateCatalog, as Vendure's createProduct asks) and UpdateCatalog.
 * Supplier prices: the import creates and updates them.
 */
export const IMPORT_PERMISSIONS: Record<CsvImportKind, Permission[]> = {
    PRODUCTS: [Permission.CreateCatalog, Permission.UpdateCatalog],
    SUPPLIER_PRICES: [supplierPricePermission.Create, supplierPricePermission.Update] as Permission[],
};

/** For `@Allow` (any of them): each operation then checks the permissions of its kind. */
export const ANY_IMPORT_PERMISSION: Permission[] = [...new Set(Object.values(IMPORT_PERMISSIONS).flat())];

export function mayImport(ctx: RequestContext, kind: CsvImportKind): boolean {
    return ctx.userHasAllPermissions(IMPORT_PERMISSIONS[kind]);
}

export function assertMayImport(ctx: RequestContext, kind: CsvImportKind): void {
    if (!mayImport(ctx, kind)) throw new ForbiddenError();
}

export function importableKinds(ctx: RequestContext): CsvImportKind[] {
    return CSV_IMPORT_KINDS.filter(kind => mayImport(ctx, kind));
}
