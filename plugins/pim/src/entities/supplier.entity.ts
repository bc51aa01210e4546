import { CurrencyCode, DeepPartial } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity, Index } from 'typeorm';

export type SupplierStatus = 'ACTIVE' | 'INACTIVE';

/** A company a tenant buys from. The code is unique within the tenant. */
@Entity('eos_supplier')
@Index(['tenantCode', 'code'], { unique: true })
export class Supplier extends TenantScopedEntity {
    constructor(input?: DeepPartial<Supplier>) {
        super(input);
    }

    @Column({ length: 64 }) code: string;
    @Column() name: string;
    @Column({ type: 'varchar', nullable: true }) contactName: string | null;
    @Column({ type: 'varchar', nullable: true }) emailAddress: string | null;
    @Column({ type: 'varchar', nullable: true }) phoneNumber: string | null;
    @Column('varchar', { length: 3 }) currencyCode: CurrencyCode;
    @Column('int') leadTimeDays: number;
    @Column('varchar', { length: 16, default: 'ACTIVE' }) status: SupplierStatus;
    @Column('text', { default: '' }) notes: string;
}
