import { CurrencyCode, DeepPartial, EntityId, ID, ProductVariant, VendureEntity } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity, Index, ManyToOne, OneToMany } from 'typeorm';

import { Supplier } from './supplier.entity';

export const PURCHASE_ORDER_STATES = ['DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'] as const;
export type PurchaseOrderState = (typeof PURCHASE_ORDER_STATES)[number];

/** An order to a supplier. Its code is unique within the tenant (PO-00001, …). */
@Entity('eos_purchase_order')
@Index(['tenantCode', 'code'], { unique: true })
export class PurchaseOrder extends TenantScopedEntity {
    constructor(input?: DeepPartial<PurchaseOrder>) {
        super(input);
    }

    @Column({ length: 32 }) code: string;
    @ManyToOne(() => Supplier) supplier: Supplier;
    @EntityId() supplierId: ID;
    @Column('varchar', { length: 24 }) state: PurchaseOrderState;
    @Column('varchar', { length: 3 }) currencyCode: CurrencyCode;
    @Column('text', { default: '' }) notes: string;
    @OneToMany(() => PurchaseOrderLine, line => line.purchaseOrder, { cascade: true }) lines: PurchaseOrderLine[];
    @OneToMany(() => PurchaseOrderEvent, event => event.purchaseOrder) history: PurchaseOrderEvent[];
}

/** A variant ordered: quantity, unit cost in the order's currency (minor units), and how many arrived. */
@Entity('eos_purchase_order_line')
export class PurchaseOrderLine extends VendureEntity {
    constructor(input?: DeepPartial<PurchaseOrderLine>) {
        super(input);
    }

    @ManyToOne(() => PurchaseOrder, po => po.lines, { onDelete: 'CASCADE' }) purchaseOrder: PurchaseOrder;
    @EntityId() purchaseOrderId: ID;
    @ManyToOne(() => ProductVariant) productVariant: ProductVariant;
    @EntityId() productVariantId: ID;
    @Column('int') quantity: number;
    @Column('int') unitCost: number;
    @Column('int', { default: 0 }) receivedQuantity: number;
}

/** Who moved the order from which state to which, and when. */
@Entity('eos_purchase_order_event')
export class PurchaseOrderEvent extends VendureEntity {
    constructor(input?: DeepPartial<PurchaseOrderEvent>) {
        super(input);
    }

    @ManyToOne(() => PurchaseOrder, po => po.history, { onDelete: 'CASCADE' }) purchaseOrder: PurchaseOrder;
    @EntityId() purchaseOrderId: ID;
    @Column('varchar', { length: 24, nullable: true }) fromState: PurchaseOrderState | null;
    @Column('varchar', { length: 24 }) toState: PurchaseOrderState;
    /** The administrator's identifier (e-mail), kept as text so the history outlives the account. */
    @Column('varchar') actor: string;
    @Column('text', { default: '' }) note: string;
}
