import { DeepPartial, EntityId, ID, VendureEntity } from '@vendure/core';
import { Column, Entity, Index } from 'typeorm';

/**
 * A product of a tenant's shop that is a copy of a master product. The key of every upsert: the
 * version and content hash say what the shop holds, so a replay or an older snapshot changes nothing.
 */
@Entity('eos_replica_product')
@Index(['tenantCode', 'masterProductId'], { unique: true })
export class ReplicaProduct extends VendureEntity {
    constructor(input?: DeepPartial<ReplicaProduct>) {
        super(input);
    }

    @Column({ length: 32 })
    tenantCode: string;

    @Column({ length: 64 })
    masterProductId: string;

    /** null: a removal that arrived before any snapshot (a tombstone, so an older snapshot cannot bring it back). */
    @Index()
    @EntityId({ nullable: true })
    productId: ID | null;

    /** The master feed position of the snapshot the shop holds. */
    @Column({ type: 'int' })
    version: number;

    /** `snapshotContentHash` of it: what `verify` compares. */
    @Column({ length: 64 })
    contentHash: string;

    /** Master's `enabled` as last applied: the shop's own switch is only overwritten when master's changes. */
    @Column()
    masterEnabled: boolean;

    /** Removed from the shop (deleted, out of the catalog or incomplete in master). */
    @Column({ default: false })
    removed: boolean;
}

/** A variant of a replicated product, by master variant id (the key stock movements use). */
@Entity('eos_replica_variant')
@Index(['tenantCode', 'masterVariantId'], { unique: true })
export class ReplicaVariant extends VendureEntity {
    constructor(input?: DeepPartial<ReplicaVariant>) {
        super(input);
    }

    @Column({ length: 32 })
    tenantCode: string;

    @Column({ length: 64 })
    masterVariantId: string;

    @Column({ length: 64 })
    masterProductId: string;

    @Index()
    @EntityId()
    variantId: ID;

    /** Master's `enabled` as last applied (see ReplicaProduct.masterEnabled). */
    @Column()
    masterEnabled: boolean;
}

/** An asset file stored once per server, whatever products and tenants show it. */
@Entity('eos_replica_asset')
export class ReplicaAsset extends VendureEntity {
    constructor(input?: DeepPartial<ReplicaAsset>) {
        super(input);
    }

    @Index({ unique: true })
    @Column({ length: 64 })
    contentHash: string;

    @EntityId()
    assetId: ID;
}

/** The shop's checkpoint of a stream it receives from master, written with what it applied. */
@Entity('eos_shop_sync_checkpoint')
@Index(['tenantCode', 'stream'], { unique: true })
export class ShopSyncCheckpoint extends VendureEntity {
    constructor(input?: DeepPartial<ShopSyncCheckpoint>) {
        super(input);
    }

    @Column({ length: 32 })
    tenantCode: string;

    @Column({ length: 32 })
    stream: string;

    @Column({ type: 'int' })
    position: number;
}

/**
 * A stock movement received from master, by idempotency key: applied at most once, and held
 * (appliedAt null) until its variant reaches the shop.
 */
@Entity('eos_shop_stock_inbox')
@Index(['tenantCode', 'idempotencyKey'], { unique: true })
export class ShopStockInboxEntry extends VendureEntity {
    constructor(input?: DeepPartial<ShopStockInboxEntry>) {
        super(input);
    }

    @Column({ length: 32 })
    tenantCode: string;

    @Column({ length: 200 })
    idempotencyKey: string;

    @Index()
    @Column({ length: 64 })
    masterVariantId: string;

    @Column({ type: 'int' })
    delta: number;

    @Column({ length: 200 })
    sourceRef: string;

    @Column({ type: 'varchar', length: 24, nullable: true })
    appliedAt: string | null;

    /** The shop's own stock adjustment it became: left out of the feed back to master. */
    @Index()
    @EntityId({ nullable: true })
    stockMovementId: ID | null;
}

/** The shop's ordered feed of order changes (position = id), written in the transaction of the transition. */
@Entity('eos_shop_order_feed')
@Index(['tenantCode', 'id'])
export class ShopOrderFeedEntry extends VendureEntity {
    constructor(input?: DeepPartial<ShopOrderFeedEntry>) {
        super(input);
    }

    @Column({ length: 32 })
    tenantCode: string;

    @EntityId()
    orderId: ID;

    @Column({ length: 64 })
    state: string;
}

export const ECOMMERCE_SYNC_ENTITIES = [
    ReplicaProduct,
    ReplicaVariant,
    ReplicaAsset,
    ShopSyncCheckpoint,
    ShopStockInboxEntry,
    ShopOrderFeedEntry,
];
