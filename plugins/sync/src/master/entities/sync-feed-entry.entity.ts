import { DeepPartial, VendureEntity } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/**
 * One change of a product as a tenant's shop sees it, in master's outbox. Written in the same
 * database transaction as the change, so a committed change always has its entry and a rolled-back
 * one never does. The id is the feed position: it only grows (gaps between a tenant's entries are
 * other tenants' positions). Read through the tenant context only.
 */
@Entity('eos_sync_feed')
@Index(['tenantCode', 'id'])
export class SyncFeedEntry extends VendureEntity {
    constructor(input?: DeepPartial<SyncFeedEntry>) {
        super(input);
    }

    @Column({ length: 32 }) tenantCode: string;
    /** PRODUCT: build a fresh snapshot of the product (it may have been deleted meanwhile). */
    @Column('varchar', { length: 16 }) kind: 'PRODUCT';
    @Column('varchar', { length: 32 }) masterProductId: string;
}
