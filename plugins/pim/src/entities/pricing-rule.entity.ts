import { DeepPartial } from '@vendure/core';
import { TenantScopedEntity } from '@entrepreneur-os/multi-tenant-plugin';
import { Column, Entity } from 'typeorm';

/** A tenant's pricing rule; its semantics live in the pure pricing module (pricing/). */
@Entity('eos_pricing_rule')
export class PricingRule extends TenantScopedEntity {
    constructor(input?: DeepPartial<PricingRule>) {
        super(input);
    }

    @Column() name: string;
    /** ALL, COLLECTION, FACET_VALUE, PRODUCT or VARIANT */
    @Column('varchar', { length: 16 }) scopeType: string;
    /** The collection, facet value, product or variant id; null for ALL. */
    @Column('varchar', { nullable: true }) scopeId: string | null;
    /** MARKUP_ON_COST, MULTIPLIER_ON_PRICE or FIXED_OFFSET */
    @Column('varchar', { length: 24 }) method: string;
    @Column('double precision') value: number;
    /** NONE, END_99, END_95 or WHOLE */
    @Column('varchar', { length: 8, default: 'NONE' }) rounding: string;
    @Column('double precision', { nullable: true }) minMarginPercent: number | null;
    @Column('int', { default: 0 }) priority: number;
    @Column({ type: Date, nullable: true }) validFrom: Date | null;
    @Column({ type: Date, nullable: true }) validTo: Date | null;
    @Column({ default: true }) enabled: boolean;
}
