import { DeepPartial, EntityId, ID, VendureEntity } from '@vendure/core';
import { Column, Entity, Index, ManyToOne } from 'typeorm';

import type { Tenant } from './tenant.entity';

export type TenantEventOutcome = 'STARTED' | 'SUCCEEDED' | 'SKIPPED' | 'FAILED' | 'INFO';

/** One line of a tenant's provisioning log: which step, what happened, when. */
@Entity('eos_tenant_event')
export class TenantEvent extends VendureEntity {
    constructor(input?: DeepPartial<TenantEvent>) {
        super(input);
    }

    @Index()
    @ManyToOne('Tenant', 'events', { onDelete: 'CASCADE' })
    tenant: Tenant;

    @EntityId()
    tenantId: ID;

    @Column({ type: 'varchar', length: 32 })
    step: string;

    @Column({ type: 'varchar', length: 16 })
    outcome: TenantEventOutcome;

    @Column({ type: 'text' })
    message: string;
}
