import type { SyncStatusReport, SyncStream } from '@entrepreneur-os/sync-contract';
import { DeepPartial, VendureEntity } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/** The newest status report of a tenant's stream, as a sidecar sent it (updatedAt: when). */
@Entity('eos_sync_status')
@Index(['tenantCode', 'stream'], { unique: true })
export class SyncStatusEntry extends VendureEntity {
    constructor(input?: DeepPartial<SyncStatusEntry>) {
        super(input);
    }

    @Column({ length: 32 }) tenantCode: string;
    @Column('varchar', { length: 24 }) stream: SyncStream;
    @Column('simple-json') report: SyncStatusReport;
}
