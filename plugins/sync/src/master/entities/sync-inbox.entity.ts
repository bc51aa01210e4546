import { DeepPartial, VendureEntity } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/**
 * Master's checkpoint of a stream it receives (stock-to-master, orders) for a tenant: the feed
 * position of the shop it has applied up to. Written in the transaction that applies the
 * batch; it only grows, so a replay or an older delivery never moves it back.
 */
@Entity('eos_sync_inbox')
@Index(['tenantCode', 'stream'], { unique: true })
export class SyncInboxEntry extends VendureEntity {
    constructor(input?: DeepPartial<SyncInboxEntry>) {
        super(input);
    }

    @Column({ length: 32 }) tenantCode: string;
    @Column('varchar', { length: 24 }) stream: 'stock-to-master' | 'orders';
    @Column('int') position: number;
}
