import { VendureEntity } from '@vendure/core';
import { Column, Index } from 'typeorm';

/**
 * Base of every custom entity that belongs to one tenant (suppliers, purchase orders, pricing
 * rules, sync state, …). The tenant code is the same in master and ecommerce. Read and write such
 * entities only through {@link TenantScopedRepository}, which fills and filters this column from
 * the request's tenant.
 */
export abstract class TenantScopedEntity extends VendureEntity {
    @Index()
    @Column({ length: 32 })
    tenantCode: string;
}
