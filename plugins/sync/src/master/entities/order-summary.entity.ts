import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import type { OrderSummaryLine } from '@entrepreneur-os/sync-contract';
import { DeepPartial } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/**
 * An order of a tenant's shop as master keeps it (the sync contract's OrderSummary): one row per
 * order, replaced only by a summary of a newer `version` (the shop's order feed position).
 */
@Entity('eos_order_summary')
@Index(['tenantCode', 'orderCode'], { unique: true })
export class OrderSummary extends TenantScopedEntity {
    constructor(input?: DeepPartial<OrderSummary>) {
        super(input);
    }

    @Column('varchar', { length: 64 }) orderCode: string;
    @Column('varchar', { length: 64 }) state: string;
    @Column('varchar', { length: 3 }) currencyCode: string;
    @Column('int') subTotalWithTax: number;
    @Column('int') shippingWithTax: number;
    @Column('int') totalWithTax: number;
    @Column('int') totalQuantity: number;
    @Column('varchar', { nullable: true }) customerEmail: string | null;
    @Column({ type: Date, nullable: true }) placedAt: Date | null;
    /** When the shop last changed the order (the summary's `updatedAt`). */
    @Column({ type: Date }) orderUpdatedAt: Date;
    @Column('int') version: number;
    @Column('simple-json') lines: OrderSummaryLine[];
}
