import { Inject, Injectable } from '@nestjs/common';
import {
    ApplyProductsResult,
    decideOutcomes,
    ItemOutcome,
    ItemRefusal,
    ProductRemoval,
    ProductSnapshot,
    refusal,
    snapshotContentHash,
} from '@entrepreneur-os/sync-contract';
import {
    EventBus,
    ID,
    Product,
    ProductEvent,
    ProductVariant,
    ProductVariantEvent,
    RequestContext,
    TaxCategory,
    TransactionalConnection,
} from '@vendure/core';
import { In } from 'typeorm';

import { CatalogItem, catalogItemKey, checkApplyInput } from './catalog-apply-input';
import { BulkProductCreator } from './catalog-bulk-create';
import { assetLookup } from './catalog-rows';
import { ProductWriter } from './catalog-writer';
import { CheckpointService } from './checkpoint.service';
import { ReplicaProduct } from './entities';
import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions } from './options';
import { ReplicaAssetService } from './replica-asset.service';
import { ShopStockService } from './shop-stock.service';
import { ShopTenantService, TenantBusyError } from './shop-tenant.service';

/** What one apply call changed, for events published after its transaction. */
interface Changes {
    removedProducts: Product[];
    variantIds: ID[];
}

/**
 * The ecommerce side of the catalog stream: applies master's product snapshots to a tenant's shop
 * as one version-gated upsert per product keyed by the master id, and records the feed position in
 * the same transaction (an inbox): a replayed or older snapshot changes nothing.
 */
@Injectable()
export class CatalogApplyService {
    constructor(
        private connection: TransactionalConnection,
        private shopTenant: ShopTenantService,
        private assets: ReplicaAssetService,
        private checkpoints: CheckpointService,
        private stock: ShopStockService,
        private eventBus: EventBus,
        @Inject(ECOMMERCE_SYNC_OPTIONS) private options: EcommerceSyncOptions,
    ) {}

    /**
     * Orchestrates one call: check every item (a bad one is refused for the data's fault, the rest
     * go on), check what the shop needs to take them (none of it written when it lacks something:
     * a receiver refusal), store the files, then write in one transaction with the checkpoint.
     */
    async apply(ctx: RequestContext, rawInput: unknown): Promise<ApplyProductsResult & { unchanged: number }> {
        const { input, items, refusals } = checkApplyInput(rawInput, this.options.maxProductsPerApply);
        const shopCtx = await this.shopTenant.contextFor(ctx, input.tenantCode);
        const taxCategories = await this.connection.getRepository(shopCtx, TaxCategory).find();
        items.forEach((item, i) => {
            if (item.kind === 'snapshot' && !refusals[i]) refusals[i] = receiverRefusal(shopCtx, item.snapshot, taxCategories);
        });
        const decided = decideOutcomes(items, catalogItemKey, refusals);
        const notWritten = async () => ({
            applied: 0,
            stale: 0,
            removed: 0,
            unchanged: 0,
            position: await this.checkpoints.position(shopCtx, input.tenantCode, 'catalog'),
            outcomes: decided.outcomes,
            committed: decided.committed,
        });
        if (!decided.committed) return notWritten();
        const accepted = decided.accepted.map(i => ({ item: items[i], outcome: decided.outcomes[i] }));
        const snapshots = accepted.flatMap(a => (a.item.kind === 'snapshot' ? [{ snapshot: a.item.snapshot, outcome: a.outcome }] : []));
        const removals = accepted.flatMap(a => (a.item.kind === 'removal' ? [{ removal: a.item.removal, outcome: a.outcome }] : []));
        const assetIds = await this.assets.ensure(
            shopCtx,
            input.assetBaseUrl,
            snapshots.flatMap(({ snapshot: s }) => [...s.assets, ...s.variants.flatMap(v => v.assets)]),
        );
        const changes: Changes = { removedProducts: [], variantIds: [] };
        let result: Omit<ApplyProductsResult, 'outcomes' | 'committed'> & { unchanged: number };
        try {
            result = await this.connection.withTransaction(shopCtx, async tx => {
                await this.shopTenant.lockTenant(tx, input.tenantCode);
                const counts = { applied: 0, stale: 0, removed: 0, unchanged: 0 };
                const replicas = await this.connection.getRepository(tx, ReplicaProduct).find({
                    where: { tenantCode: input.tenantCode, masterProductId: In(accepted.map(a => catalogItemKey(a.item))) },
                });
                const replicaOf = new Map(replicas.map(r => [r.masterProductId, r]));
                const channels = { tenant: tx.channelId };
                const writer = new ProductWriter(this.connection, tx, channels, assetLookup(assetIds), taxCategories);
                const fresh: ProductSnapshot[] = [];
                for (const { snapshot, outcome } of snapshots) {
                    const replica = replicaOf.get(snapshot.masterProductId);
                    const contentHash = snapshotContentHash(snapshot);
                    if (replica && replica.version >= snapshot.version && !input.force) {
                        counts.stale++;
                        outcome.status = 'SKIPPED';
                    } else if (replica && !replica.removed && replica.contentHash === contentHash && !input.force) {
                        await this.connection.getRepository(tx, ReplicaProduct).update(replica.id, { version: snapshot.version });
                        counts.unchanged++;
                    } else if (replica?.productId == null) {
                        fresh.push(snapshot);
                    } else {
                        const { product, variantIds, newMasterVariantIds } = await writer.write(snapshot, replica);
                        await this.saveReplica(tx, replica, snapshot, product.id, contentHash);
                        await this.stock.applyPendingFor(tx, input.tenantCode, newMasterVariantIds);
                        changes.variantIds.push(...variantIds);
                        counts.applied++;
                    }
                }
                if (fresh.length) {
                    const creator = new BulkProductCreator(
                        this.connection,
                        tx,
                        channels,
                        assetLookup(assetIds),
                        fv => writer.facetValue(fv),
                        code => writer.taxCategory(code),
                        this.options.rowsPerStatement,
                    );
                    const created = await creator.create(fresh);
                    const newReplicas: Array<Partial<ReplicaProduct>> = [];
                    for (const [i, snapshot] of fresh.entries()) {
                        const tombstone = replicaOf.get(snapshot.masterProductId);
                        const values = this.replicaValues(snapshot, created.products[i].productId, snapshotContentHash(snapshot));
                        if (tombstone) await this.connection.getRepository(tx, ReplicaProduct).update(tombstone.id, values);
                        else newReplicas.push({ ...values, tenantCode: snapshot.tenantCode, masterProductId: snapshot.masterProductId });
                    }
                    for (let i = 0; i < newReplicas.length; i += this.options.rowsPerStatement)
                        await this.connection
                            .getRepository(tx, ReplicaProduct)
                            .insert(newReplicas.slice(i, i + this.options.rowsPerStatement));
                    await this.stock.applyPendingFor(tx, input.tenantCode, created.masterVariantIds);
                    changes.variantIds.push(...created.variantIds);
                    counts.applied += fresh.length;
                }
                for (const { removal, outcome } of removals) {
                    const replica = replicaOf.get(removal.masterProductId);
                    if (replica && replica.version >= removal.version && !input.force) {
                        counts.stale++;
                        outcome.status = 'SKIPPED';
                        continue;
                    }
                    const removed = await this.remove(tx, input.tenantCode, removal, replica);
                    if (removed) {
                        changes.removedProducts.push(removed);
                        counts.removed++;
                    }
                }
                const position =
                    input.feedPosition != null
                        ? await this.checkpoints.advance(tx, input.tenantCode, 'catalog', input.feedPosition)
                        : await this.checkpoints.position(tx, input.tenantCode, 'catalog');
                return { ...counts, position };
            });
        } catch (err) {
            if (!(err instanceof TenantBusyError)) throw err;
            return { ...(await notWritten()), ...busy(items, refusals, err.message) };
        }
        await this.publish(shopCtx, changes);
        return { ...result, outcomes: decided.outcomes, committed: true };
    }

    private async saveReplica(
        tx: RequestContext,
        replica: ReplicaProduct | undefined,
        snapshot: ProductSnapshot,
        productId: ID,
        contentHash: string,
    ): Promise<void> {
        const values = this.replicaValues(snapshot, productId, contentHash);
        const repo = this.connection.getRepository(tx, ReplicaProduct);
        if (replica) await repo.update(replica.id, values);
        else await repo.insert({ ...values, tenantCode: snapshot.tenantCode, masterProductId: snapshot.masterProductId });
    }

    private replicaValues(snapshot: ProductSnapshot, productId: ID, contentHash: string) {
        return { productId, version: snapshot.version, contentHash, masterEnabled: snapshot.enabled, removed: false };
    }

    /** Soft-deletes the shop's copy (orders keep their lines); a removal before any snapshot leaves a tombstone. */
    private async remove(
        tx: RequestContext,
        tenantCode: string,
        removal: ProductRemoval,
        replica: ReplicaProduct | undefined,
    ): Promise<Product | undefined> {
        const repo = this.connection.getRepository(tx, ReplicaProduct);
        const tombstone = { version: removal.version, removed: true, contentHash: '' };
        if (!replica) {
            await repo.insert({
                ...tombstone,
                tenantCode,
                masterProductId: removal.masterProductId,
                productId: null,
                masterEnabled: false,
            });
            return undefined;
        }
        await repo.update(replica.id, tombstone);
        if (replica.removed || replica.productId == null) return undefined;
        const product = await this.connection.getRepository(tx, Product).findOne({ where: { id: replica.productId } });
        if (!product) return undefined;
        const now = new Date();
        await this.connection.getRepository(tx, Product).update(product.id, { deletedAt: now });
        await this.connection.getRepository(tx, ProductVariant).update({ productId: product.id }, { deletedAt: now });
        return product;
    }

    /** After commit: the search index follows (one job for all variants of the call). */
    private async publish(ctx: RequestContext, changes: Changes): Promise<void> {
        if (changes.variantIds.length) {
            const variants = await this.connection
                .getRepository(ctx, ProductVariant)
                .find({ where: { id: In(changes.variantIds) }, withDeleted: true });
            await this.eventBus.publish(new ProductVariantEvent(ctx, variants, 'updated'));
        }
        for (const product of changes.removedProducts) await this.eventBus.publish(new ProductEvent(ctx, product, 'deleted'));
    }
}

/** Every item the data did not refuse is refused BUSY (a transient receiver refusal): nothing was written. */
function busy(items: CatalogItem[], refusals: Array<ItemRefusal | null>, message: string): { outcomes: ItemOutcome[]; committed: false } {
    const outcomes = decideOutcomes(
        items,
        catalogItemKey,
        refusals.map(r => r ?? refusal('BUSY', message)),
    ).outcomes;
    return { outcomes, committed: false };
}

/** What the shop lacks to take a (valid) snapshot, as a RECEIVER refusal; null when it can take it. */
function receiverRefusal(shopCtx: RequestContext, snapshot: ProductSnapshot, taxCategories: TaxCategory[]): ItemRefusal | null {
    const product = `product ${snapshot.masterProductId}`;
    if (!taxCategories.length)
        return refusal(
            'NO_TAX_CATEGORY',
            `this ecommerce server has no tax category for the variants of ${product}: create one (or run the server's set-up)`,
        );
    const channel = shopCtx.channel;
    const sold = new Set(channel.availableCurrencyCodes?.length ? channel.availableCurrencyCodes : [channel.defaultCurrencyCode]);
    const missing = [...new Set(snapshot.variants.map(v => v.currencyCode))].filter(c => !sold.has(c as never));
    if (missing.length)
        return refusal(
            'CURRENCY_NOT_AVAILABLE',
            `the shop channel ${channel.code} does not sell in ${missing.join(', ')} (${product}): add it to the channel's currencies, or change the tenant's currency in master`,
        );
    return null;
}
