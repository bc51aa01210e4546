import { Tenant } from '@entrepreneur-os/multi-tenant-plugin';
import {
    ID,
    Product,
    ProductAsset,
    ProductTranslation,
    ProductVariant,
    ProductVariantAsset,
    ProductVariantPrice,
    ProductVariantTranslation,
} from '@vendure/core';
import {
    EntityManager,
    EntitySubscriberInterface,
    InsertEvent,
    ObjectLiteral,
    QueryRunner,
    RemoveEvent,
    SoftRemoveEvent,
    TransactionCommitEvent,
    TransactionRollbackEvent,
    UpdateEvent,
} from 'typeorm';

import { SyncFeedEntry } from '../entities/sync-feed-entry.entity';

type Row = ObjectLiteral;
type AnyEvent = InsertEvent<Row> | UpdateEvent<Row> | RemoveEvent<Row> | SoftRemoveEvent<Row>;

/** The ids a changed row can carry, whichever of the product's entities it is. */
interface ChangedRow {
    id?: ID;
    productId?: ID;
    product?: { id: ID };
    base?: { id: ID };
    baseId?: ID;
    variant?: { id: ID };
    variantId?: ID;
    productVariantId?: ID;
    productVariant?: { id: ID };
}

/**
 * The outbox writer: after every insert, update or removal of a product or of what belongs to it
 * (translations, variants, variant translations, prices, assets), it adds a feed entry for each
 * tenant whose channel holds the product — through the event's own entity manager, that is inside
 * the transaction of the change. One entry per product and tenant per transaction.
 */
export class FeedSubscriber implements EntitySubscriberInterface {
    /** Entries already written in a transaction, so that one updateProduct gives one entry per tenant. */
    private readonly written = new WeakMap<QueryRunner, Set<string>>();

    afterInsert(event: InsertEvent<Row>) {
        return this.record(event);
    }
    afterUpdate(event: UpdateEvent<Row>) {
        return this.record(event);
    }
    beforeRemove(event: RemoveEvent<Row>) {
        // Before: afterwards the product's channel assignments are gone.
        return this.record(event);
    }
    afterSoftRemove(event: SoftRemoveEvent<Row>) {
        return this.record(event);
    }

    private async record(event: AnyEvent): Promise<void> {
        const entity = (event.entity ?? (event as RemoveEvent<Row>).databaseEntity) as ChangedRow | undefined;
        if (!entity) return;
        const productId = await productIdOf(event.manager, event.metadata.target, entity);
        if (productId == null) return;
        const tenants = await tenantsHolding(event.manager, productId);
        if (!tenants.length) return;
        const seen = this.written.get(event.queryRunner) ?? new Set<string>();
        this.written.set(event.queryRunner, seen);
        const fresh = tenants.filter(code => !seen.has(`${code}:${String(productId)}`));
        if (!fresh.length) return;
        fresh.forEach(code => seen.add(`${code}:${String(productId)}`));
        await event.manager.insert(
            SyncFeedEntry,
            fresh.map(tenantCode => ({ tenantCode, kind: 'PRODUCT' as const, masterProductId: String(productId) })),
        );
    }

    // The next transaction starts afresh (a query runner may be reused).
    afterTransactionCommit(event: TransactionCommitEvent) {
        this.written.delete(event.queryRunner);
    }
    afterTransactionRollback(event: TransactionRollbackEvent) {
        this.written.delete(event.queryRunner);
    }
}

async function productIdOf(manager: EntityManager, target: unknown, entity: ChangedRow): Promise<ID | undefined> {
    const variantProduct = async (variantId: ID | undefined) =>
        variantId == null
            ? undefined
            : (
                  await manager
                      .getRepository(ProductVariant)
                      .findOne({ where: { id: variantId }, select: { id: true, productId: true }, withDeleted: true })
              )?.productId;
    switch (target) {
        case Product:
            return entity.id;
        case ProductTranslation:
            return entity.base?.id ?? entity.baseId;
        case ProductVariant:
            return entity.productId ?? entity.product?.id ?? (await variantProduct(entity.id));
        case ProductVariantTranslation:
            return variantProduct(entity.base?.id ?? entity.baseId);
        case ProductVariantPrice:
            return variantProduct(entity.variant?.id ?? entity.variantId);
        case ProductAsset:
            return entity.productId ?? entity.product?.id;
        case ProductVariantAsset:
            return variantProduct(entity.productVariantId ?? entity.productVariant?.id);
        default:
            return undefined;
    }
}

/** Codes of the tenants whose (master) channel holds the product. */
async function tenantsHolding(manager: EntityManager, productId: ID): Promise<string[]> {
    const junction = manager.connection.getMetadata(Product).findRelationWithPropertyPath('channels')!.junctionEntityMetadata!;
    const escape = (name: string) => manager.connection.driver.escape(name);
    const rows = await manager
        .getRepository(Tenant)
        .createQueryBuilder('tenant')
        .select('tenant.code', 'code')
        .innerJoin(
            junction.tableName,
            'pc',
            `pc.${escape(junction.inverseColumns[0].databaseName)} = tenant.channelId AND pc.${escape(junction.ownerColumns[0].databaseName)} = :productId`,
            { productId },
        )
        .getRawMany<{ code: string }>();
    return rows.map(r => r.code);
}
