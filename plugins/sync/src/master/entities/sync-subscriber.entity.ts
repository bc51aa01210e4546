import { DeepPartial, VendureEntity } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/**
 * Where master posts push notifications (a sidecar's /push), and the secret it signs them with.
 * The secret is a shared HMAC key master must keep to sign; it is never returned by the API.
 */
@Entity('eos_sync_subscriber')
export class SyncSubscriber extends VendureEntity {
    constructor(input?: DeepPartial<SyncSubscriber>) {
        super(input);
    }

    @Index({ unique: true })
    @Column('varchar', { length: 500 })
    url: string;

    @Column('varchar', { length: 500 }) secret: string;
    /** null: every tenant. */
    @Column('simple-json', { nullable: true }) tenantCodes: string[] | null;
}
