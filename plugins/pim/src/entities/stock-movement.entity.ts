import { StockMovementReason } from '@entrepreneur-os/sync-contract';
import { DeepPartial, EntityId, ID } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity, Index } from 'typeorm';

/**
 * A stock movement recorded in master ({@link StockMovement} of the sync contract): receipts of
 * purchase orders made here, sales and returns arriving from the shop. The idempotency key is
 * unique per tenant, so applying the same movement twice is refused by the database itself.
 */
@Entity('eos_stock_movement')
@Index(['tenantCode', 'idempotencyKey'], { unique: true })
export class StockMovementRecord extends TenantScopedEntity {
    constructor(input?: DeepPartial<StockMovementRecord>) {
        super(input);
    }

    @Column('varchar', { length: 200 }) idempotencyKey: string;
    @Column('varchar', { length: 16 }) origin: 'master' | 'ecommerce';
    @Column('varchar', { length: 24 }) reason: StockMovementReason;
    @EntityId() productVariantId: ID;
    @Column('varchar') sku: string;
    @Column('int') delta: number;
    @Column('varchar') sourceRef: string;
    @Column({ type: Date }) occurredAt: Date;
}
