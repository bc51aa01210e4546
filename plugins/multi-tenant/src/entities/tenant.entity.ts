import { Channel, DeepPartial, EntityId, ID, Seller, VendureEntity } from '@vendure/core';
import { Column, Entity, Index, ManyToOne, OneToMany } from 'typeorm';

import type { TenantSettings, TenantStatus } from '../types';
import { TenantEvent } from './tenant-event.entity';

/**
 * A tenant: one catalog scope in master (its Channel and Seller) and one shop in an ecommerce
 * server (a channel there, reached with a credentials reference — never a stored secret).
 */
@Entity('eos_tenant')
export class Tenant extends VendureEntity {
    constructor(input?: DeepPartial<Tenant>) {
        super(input);
    }

    /** Immutable slug; also the channel code in master and ecommerce. */
    @Index({ unique: true })
    @Column({ length: 32 })
    code: string;

    @Column({ length: 100 })
    name: string;

    @Column({ type: 'varchar', length: 16 })
    status: TenantStatus;

    @Column({ type: 'varchar', length: 16 })
    defaultLanguageCode: string;

    @Column({ type: 'varchar', length: 3 })
    currencyCode: string;

    @ManyToOne(() => Channel, { nullable: true, onDelete: 'SET NULL' })
    channel: Channel | null;

    @EntityId({ nullable: true })
    channelId: ID | null;

    @ManyToOne(() => Seller, { nullable: true, onDelete: 'SET NULL' })
    seller: Seller | null;

    @EntityId({ nullable: true })
    sellerId: ID | null;

    /** Base URL of the ecommerce server that hosts this tenant's shop. */
    @Column()
    ecommerceUrl: string;

    /** Channel token of the tenant's shop on the ecommerce server (public: storefronts send it). */
    @Column({ type: 'varchar', nullable: true })
    ecommerceChannelToken: string | null;

    /** `env:NAME` or `file:path`: where the ecommerce API key is found. */
    @Column()
    ecommerceCredentialsRef: string;

    /** Administrator to be given the catalog-manager role once it exists. */
    @EntityId({ nullable: true })
    firstAdministratorId: ID | null;

    @Column('simple-json')
    settings: TenantSettings;

    @Column({ type: 'text', nullable: true })
    lastError: string | null;

    /**
     * A provisioning run holds the tenant until this ISO-8601 UTC time, so two runs never overlap.
     * An ISO string (which sorts as the time does), as the first migration made it.
     */
    @Column({ type: 'varchar', length: 24, nullable: true })
    provisioningLeaseUntil: string | null;

    @OneToMany(() => TenantEvent, e => e.tenant)
    events: TenantEvent[];
}
