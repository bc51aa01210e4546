import { CurrencyCode, DeepPartial, EntityId, ID, ProductVariant } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity, Index, ManyToOne } from 'typeorm';

import { Supplier } from './supplier.entity';

/**
 * What a supplier charges a tenant for one variant, in the supplier's currency and in minor units,
 * valid for a period. At most one price per variant is preferred at any moment: the cost pricing
 * rules mark up.
 */
@Entity('eos_supplier_price')
@Index(['tenantCode', 'productVariantId'])
export class SupplierPrice extends TenantScopedEntity {
    constructor(input?: DeepPartial<SupplierPrice>) {
        super(input);
    }

    @ManyToOne(() => Supplier, { onDelete: 'CASCADE' }) supplier: Supplier;
    @EntityId() supplierId: ID;
    @ManyToOne(() => ProductVariant, { onDelete: 'CASCADE' }) productVariant: ProductVariant;
    @EntityId() productVariantId: ID;
    @Column('int') costPrice: number;
    @Column('varchar', { length: 3 }) currencyCode: CurrencyCode;
    @Column('int', { default: 1 }) minOrderQuantity: number;
    @Column({ type: Date, nullable: true }) validFrom: Date | null;
    @Column({ type: Date, nullable: true }) validTo: Date | null;
    @Column({ default: false }) preferred: boolean;
}
