import { Injectable } from '@nestjs/common';
import {
    ApplyProductsInput,
    ApplyProductsResult,
    ProductRemoval,
    ProductSnapshot,
    snapshotContentHash,
    Translation,
    validateProductSnapshot,
    VariantSnapshot,
} from '@entrepreneur-os/sync-contract';
import {
    Channel,
    EventBus,
    Facet,
    FacetTranslation,
    FacetValue,
    FacetValueTranslation,
    ID,
    Product,
    ProductAsset,
    ProductEvent,
    ProductOption,
    ProductOptionGroup,
    ProductOptionGroupTranslation,
    ProductOptionTranslation,
    ProductTranslation,
    ProductVariant,
    ProductVariantAsset,
    ProductVariantEvent,
    ProductVariantPrice,
    ProductVariantTranslation,
    RequestContext,
    TaxCategory,
    TransactionalConnection,
    UserInputError,
} from '@vendure/core';
import { LanguageCode } from '@vendure/common/lib/generated-types';
import { In, Repository } from 'typeorm';

import { BulkProductCreator } from './catalog-bulk-create';
import { ReplicaAssetService } from './replica-asset.service';
import { ReplicaProduct, ReplicaVariant } from './entities';
import { CheckpointService } from './checkpoint.service';
import { ShopStockService } from './shop-stock.service';
import { ShopTenantService } from './shop-tenant.service';

const MAX_PRODUCTS_PER_CALL = 500;

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
    ) {}

    async apply(ctx: RequestContext, rawInput: unknown): Promise<ApplyProductsResult & { unchanged: number }> {
        const input = validateApplyInput(rawInput);
        const shopCtx = await this.shopTenant.contextFor(ctx, input.tenantCode);
        const assetIds = await this.assets.ensure(
            shopCtx,
            input.assetBaseUrl,
            input.snapshots.flatMap(s => [...s.assets, ...s.variants.flatMap(v => v.assets)]),
        );
        const changes: Changes = { removedProducts: [], variantIds: [] };
        const result = await this.connection.withTransaction(shopCtx, async tx => {
            await this.shopTenant.lockTenant(tx, input.tenantCode);
            const counts = { applied: 0, stale: 0, removed: 0, unchanged: 0 };
            const replicas = await this.connection.getRepository(tx, ReplicaProduct).find({
                where: {
                    tenantCode: input.tenantCode,
                    masterProductId: In([...input.snapshots.map(s => s.masterProductId), ...input.removals.map(r => r.masterProductId)]),
                },
            });
            const replicaOf = new Map(replicas.map(r => [r.masterProductId, r]));
            const channels = this.channelIds(tx);
            const writer = new ProductWriter(this.connection, tx, channels, assetIds);
            const fresh: ProductSnapshot[] = [];
            for (const snapshot of input.snapshots) {
                const replica = replicaOf.get(snapshot.masterProductId);
                const contentHash = snapshotContentHash(snapshot);
                if (replica && replica.version >= snapshot.version && !input.force) {
                    counts.stale++;
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
                    assetIds,
                    fv => writer.facetValue(fv),
                    code => writer.taxCategory(code),
                );
                const created = await creator.create(fresh);
                const newReplicas: Array<Partial<ReplicaProduct>> = [];
                for (const [i, snapshot] of fresh.entries()) {
                    const tombstone = replicaOf.get(snapshot.masterProductId);
                    const values = this.replicaValues(snapshot, created.products[i].productId, snapshotContentHash(snapshot));
                    if (tombstone) await this.connection.getRepository(tx, ReplicaProduct).update(tombstone.id, values);
                    else newReplicas.push({ ...values, tenantCode: snapshot.tenantCode, masterProductId: snapshot.masterProductId });
                }
                for (let i = 0; i < newReplicas.length; i += 200)
                    await this.connection.getRepository(tx, ReplicaProduct).insert(newReplicas.slice(i, i + 200));
                await this.stock.applyPendingFor(tx, input.tenantCode, created.masterVariantIds);
                changes.variantIds.push(...created.variantIds);
                counts.applied += fresh.length;
            }
            for (const removal of input.removals) {
                const replica = replicaOf.get(removal.masterProductId);
                if (replica && replica.version >= removal.version && !input.force) {
                    counts.stale++;
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
        await this.publish(shopCtx, changes);
        return result;
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

    private channelIds(tx: RequestContext): { tenant: ID } {
        return { tenant: tx.channelId };
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

/** Writes one snapshot into the shop's tables, inside the apply transaction. */
class ProductWriter {
    private facets = new Map<string, Facet>();
    private facetValues = new Map<string, FacetValue>();
    private taxCategories?: TaxCategory[];

    constructor(
        private connection: TransactionalConnection,
        private tx: RequestContext,
        private channels: { tenant: ID },
        private assetIds: Map<string, ID>,
    ) {}

    private repo<T extends object>(entity: new (...args: never[]) => T) {
        return this.connection.getRepository(this.tx, entity as never) as unknown as Repository<T>;
    }

    /**
     * Facets and facet values are shared by the tenants of a server, and each tenant's apply runs
     * in a transaction of its own: two applies creating the same one at once would both insert it
     * (one failing on the unique code). Whoever creates one holds this lock until its transaction
     * ends, and looks again once it has it. One lock for all of them: two applies each holding one
     * and waiting for the other's cannot happen.
     */
    private async lockSharedFacets(): Promise<void> {
        await this.repo(Facet).manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['eos-shop-sync:shared-facets']);
    }

    /**
     * Only the tenant's channel: unlike products made in Vendure, replicas stay out of the default
     * channel, whose Shop API anyone can query with the well-known default token.
     */
    private get channelRefs(): Channel[] {
        return [{ id: this.channels.tenant }] as Channel[];
    }

    async write(
        snapshot: ProductSnapshot,
        replica: ReplicaProduct | undefined,
    ): Promise<{ product: Product; variantIds: ID[]; newMasterVariantIds: string[] }> {
        let product =
            replica?.productId != null
                ? await this.repo(Product).findOne({
                      where: { id: replica.productId },
                      withDeleted: true,
                      relations: { translations: true, optionGroups: { options: { translations: true } } },
                  })
                : null;
        const masterEnabledChanged = !replica || replica.masterEnabled !== snapshot.enabled;
        if (!product) {
            product = await this.repo(Product).save(
                new Product({ enabled: snapshot.enabled, channels: this.channelRefs, translations: [], optionGroups: [] }),
            );
            product.translations = [];
            product.optionGroups = [];
        } else {
            await this.repo(Product).update(product.id, {
                deletedAt: null,
                ...(masterEnabledChanged ? { enabled: snapshot.enabled } : {}),
            });
        }
        await this.syncTranslations(ProductTranslation, product.id, product.translations, snapshot.translations, t => ({
            name: t.name,
            slug: t.slug,
            description: t.description,
        }));
        const optionByCode = await this.syncOptionGroups(product, snapshot);
        const facetValues: FacetValue[] = [];
        // One at a time: two values of a new facet must not both create it.
        for (const fv of snapshot.facetValues) facetValues.push(await this.facetValue(fv));
        product.facetValues = facetValues;
        product.featuredAsset = (snapshot.featuredAssetHash ? { id: this.assetIds.get(snapshot.featuredAssetHash) } : null) as never;
        await this.repo(Product).save({ id: product.id, facetValues, featuredAsset: product.featuredAsset } as Product);
        await this.syncAssets(
            ProductAsset,
            'productId',
            product.id,
            snapshot.assets.map(a => a.contentHash),
        );
        const { variantIds, newMasterVariantIds } = await this.syncVariants(product, snapshot, optionByCode);
        return { product, variantIds, newMasterVariantIds };
    }

    private async syncVariants(product: Product, snapshot: ProductSnapshot, optionByCode: Map<string, ProductOption>) {
        const replicas = await this.repo(ReplicaVariant).find({
            where: { tenantCode: snapshot.tenantCode, masterProductId: snapshot.masterProductId },
        });
        const replicaOf = new Map(replicas.map(r => [r.masterVariantId, r]));
        const variantIds: ID[] = [];
        const newMasterVariantIds: string[] = [];
        for (const v of snapshot.variants) {
            const replica = replicaOf.get(v.masterVariantId);
            const id = await this.writeVariant(product, v, replica, optionByCode);
            variantIds.push(id);
            if (!replica) {
                await this.repo(ReplicaVariant).insert({
                    tenantCode: snapshot.tenantCode,
                    masterVariantId: v.masterVariantId,
                    masterProductId: snapshot.masterProductId,
                    variantId: id,
                    masterEnabled: v.enabled,
                });
                newMasterVariantIds.push(v.masterVariantId);
            } else if (replica.masterEnabled !== v.enabled) {
                await this.repo(ReplicaVariant).update(replica.id, { masterEnabled: v.enabled });
            }
        }
        const kept = new Set(snapshot.variants.map(v => v.masterVariantId));
        const dropped = replicas.filter(r => !kept.has(r.masterVariantId)).map(r => r.variantId);
        if (dropped.length) await this.repo(ProductVariant).update({ id: In(dropped) }, { deletedAt: new Date() });
        return { variantIds: [...variantIds, ...dropped], newMasterVariantIds };
    }

    private async writeVariant(
        product: Product,
        v: VariantSnapshot,
        replica: ReplicaVariant | undefined,
        optionByCode: Map<string, ProductOption>,
    ): Promise<ID> {
        const options = v.optionCodes.map(code => {
            const option = optionByCode.get(code);
            if (!option) throw new UserInputError(`variant ${v.sku}: option ${code} is not in the product's option groups`);
            return option;
        });
        const featuredAsset = (v.featuredAssetHash ? { id: this.assetIds.get(v.featuredAssetHash) } : null) as never;
        const taxCategory = await this.taxCategory(v.taxCategoryCode);
        let variant = replica
            ? await this.repo(ProductVariant).findOne({
                  where: { id: replica.variantId },
                  withDeleted: true,
                  relations: { translations: true, productVariantPrices: true },
              })
            : null;
        if (!variant) {
            variant = await this.repo(ProductVariant).save(
                new ProductVariant({
                    sku: v.sku,
                    enabled: v.enabled,
                    product: { id: product.id },
                    taxCategory,
                    options,
                    featuredAsset,
                    channels: this.channelRefs,
                    translations: [],
                    productVariantPrices: [],
                }),
            );
            variant.translations = [];
            variant.productVariantPrices = [];
        } else {
            await this.repo(ProductVariant).save({
                id: variant.id,
                sku: v.sku,
                deletedAt: null,
                ...(replica && replica.masterEnabled !== v.enabled ? { enabled: v.enabled } : {}),
                taxCategory,
                options,
                featuredAsset,
            } as unknown as ProductVariant);
        }
        await this.syncTranslations(ProductVariantTranslation, variant.id, variant.translations, v.translations, t => ({ name: t.name }));
        const price = variant.productVariantPrices.find(
            p => String(p.channelId) === String(this.channels.tenant) && String(p.currencyCode) === v.currencyCode,
        );
        if (price) {
            if (price.price !== v.price) await this.repo(ProductVariantPrice).update(price.id, { price: v.price });
        } else {
            await this.repo(ProductVariantPrice).insert({
                price: v.price,
                currencyCode: v.currencyCode as never,
                channelId: this.channels.tenant,
                variant: { id: variant.id },
            });
        }
        await this.syncAssets(
            ProductVariantAsset,
            'productVariantId',
            variant.id,
            v.assets.map(a => a.contentHash),
        );
        return variant.id;
    }

    /** Translations upserted by language; a language master no longer has is removed. */
    private async syncTranslations<T extends { id: ID; languageCode: LanguageCode }, S extends Translation>(
        entity: new (input?: object) => T,
        baseId: ID,
        existing: T[],
        wanted: S[],
        fields: (t: S) => Partial<T>,
    ): Promise<void> {
        const repo = this.repo(entity);
        for (const t of wanted) {
            const current = existing.find(e => String(e.languageCode) === t.languageCode);
            if (current) await repo.update(current.id, fields(t) as never);
            else await repo.save(new entity({ languageCode: t.languageCode, ...fields(t), base: { id: baseId } }));
        }
        const stale = existing.filter(e => !wanted.some(t => t.languageCode === String(e.languageCode)));
        if (stale.length) await repo.delete(stale.map(s => s.id) as never);
    }

    /** The product's own option groups, matched by code; returns its options by code. */
    private async syncOptionGroups(product: Product, snapshot: ProductSnapshot): Promise<Map<string, ProductOption>> {
        const groups: ProductOptionGroup[] = [];
        const optionByCode = new Map<string, ProductOption>();
        for (const g of snapshot.optionGroups) {
            let group = product.optionGroups.find(existing => existing.code === g.code);
            if (!group) {
                group = await this.repo(ProductOptionGroup).save(
                    new ProductOptionGroup({ code: g.code, channels: this.channelRefs, translations: [], options: [] }),
                );
                group.translations = [];
                group.options = [];
            } else {
                group.translations = await this.repo(ProductOptionGroupTranslation).find({ where: { base: { id: group.id } } });
            }
            await this.syncTranslations(ProductOptionGroupTranslation, group.id, group.translations, g.translations, t => ({
                name: t.name,
            }));
            for (const o of g.options) {
                let option = group.options.find(existing => existing.code === o.code && !existing.deletedAt);
                if (!option) {
                    option = await this.repo(ProductOption).save(
                        new ProductOption({
                            code: o.code,
                            group: { id: group.id },
                            channels: this.channelRefs,
                            translations: [],
                        }),
                    );
                    option.translations = [];
                }
                await this.syncTranslations(ProductOptionTranslation, option.id, option.translations, o.translations, t => ({
                    name: t.name,
                }));
                optionByCode.set(o.code, option);
            }
            // Options master no longer has in the group go (soft-deleted: old order lines keep theirs).
            const gone = group.options.filter(existing => !existing.deletedAt && !g.options.some(o => o.code === existing.code));
            if (gone.length) await this.repo(ProductOption).update({ id: In(gone.map(o => o.id)) }, { deletedAt: new Date() });
            groups.push(group);
        }
        if (groups.length !== product.optionGroups.length || groups.some(g => !product.optionGroups.some(e => e.id === g.id))) {
            await this.repo(Product).save({ id: product.id, optionGroups: groups } as Product);
        }
        return optionByCode;
    }

    /** Facets are shared by code on the server (Vendure's codes are unique), assigned to each tenant using them. */
    async facetValue(fv: ProductSnapshot['facetValues'][number]): Promise<FacetValue> {
        const key = `${fv.facetCode}:${fv.code}`;
        const cached = this.facetValues.get(key);
        if (cached) return cached;
        let facet: Facet | null | undefined = this.facets.get(fv.facetCode);
        if (!facet) {
            const findFacet = () => this.repo(Facet).findOne({ where: { code: fv.facetCode }, relations: { channels: true } });
            facet = await findFacet();
            if (!facet) {
                await this.lockSharedFacets();
                facet =
                    (await findFacet()) ??
                    (await this.repo(Facet).save(new Facet({ code: fv.facetCode, isPrivate: false, channels: [], translations: [] })));
            }
            if (!facet.channels.some(c => c.id === this.channels.tenant)) {
                facet.channels = [...facet.channels, ...this.channelRefs.filter(c => !facet!.channels.some(e => e.id === c.id))];
                await this.repo(Facet).save(facet);
            }
            const names = await this.repo(FacetTranslation).find({ where: { base: { id: facet.id } } });
            const wanted = fv.facetTranslations?.length ? fv.facetTranslations : [{ languageCode: 'en', name: fv.facetCode }];
            await this.syncTranslations(FacetTranslation, facet.id, names, wanted, t => ({ name: t.name }));
            this.facets.set(fv.facetCode, facet);
        }
        const findValue = () =>
            this.repo(FacetValue).findOne({
                where: { code: fv.code, facet: { id: facet.id } },
                relations: { channels: true, translations: true },
            });
        let value = await findValue();
        if (!value) {
            await this.lockSharedFacets();
            value = await findValue();
        }
        if (!value) {
            value = await this.repo(FacetValue).save(
                new FacetValue({ code: fv.code, facet: { id: facet.id }, channels: this.channelRefs, translations: [] }),
            );
            value.translations = [];
        } else if (!value.channels.some(c => c.id === this.channels.tenant)) {
            value.channels = [...value.channels, { id: this.channels.tenant } as Channel];
            await this.repo(FacetValue).save({ id: value.id, channels: value.channels } as FacetValue);
        }
        await this.syncTranslations(FacetValueTranslation, value.id, value.translations, fv.translations, t => ({ name: t.name }));
        this.facetValues.set(key, value);
        return value;
    }

    /** The shop's tax category of the same name as master's, else its default one. */
    async taxCategory(name: string): Promise<TaxCategory> {
        this.taxCategories ??= await this.repo(TaxCategory).find();
        const found = this.taxCategories.find(t => t.name === name) ?? this.taxCategories.find(t => t.isDefault) ?? this.taxCategories[0];
        if (!found) throw new UserInputError('this ecommerce server has no tax category: run its set-up first');
        return found;
    }

    private async syncAssets(
        entity: typeof ProductAsset | typeof ProductVariantAsset,
        ownerKey: 'productId' | 'productVariantId',
        ownerId: ID,
        hashes: string[],
    ): Promise<void> {
        const repo = this.repo(entity as new () => ProductAsset & ProductVariantAsset);
        await repo.delete({ [ownerKey]: ownerId });
        if (hashes.length)
            await repo.insert(
                hashes.map((hash, position) => ({ [ownerKey]: ownerId, assetId: this.assetIds.get(hash), position }) as never),
            );
    }
}

/** The whole call is checked before anything is written; each problem names its path. */
function validateApplyInput(raw: unknown): ApplyProductsInput {
    const problems: string[] = [];
    const input = (raw ?? {}) as Partial<ApplyProductsInput>;
    if (typeof input.tenantCode !== 'string' || !input.tenantCode) problems.push('tenantCode: required');
    if (typeof input.assetBaseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(input.assetBaseUrl))
        problems.push("assetBaseUrl: master's asset URL (http or https)");
    if (!Array.isArray(input.snapshots)) problems.push('snapshots: a list');
    if (!Array.isArray(input.removals)) problems.push('removals: a list');
    const snapshots = Array.isArray(input.snapshots) ? input.snapshots : [];
    const removals = Array.isArray(input.removals) ? input.removals : [];
    if (snapshots.length + removals.length > MAX_PRODUCTS_PER_CALL)
        problems.push(`snapshots and removals: at most ${MAX_PRODUCTS_PER_CALL} per call`);
    const seen = new Set<string>();
    snapshots.forEach((s, i) => {
        for (const p of validateProductSnapshot(s)) problems.push(`snapshots[${i}].${p}`);
        if (s && s.tenantCode !== input.tenantCode) problems.push(`snapshots[${i}].tenantCode: ${s.tenantCode} is not ${input.tenantCode}`);
        if (s?.masterProductId && seen.has(s.masterProductId)) problems.push(`snapshots[${i}]: product ${s.masterProductId} appears twice`);
        seen.add(s?.masterProductId);
    });
    removals.forEach((r, i) => {
        if (!r || typeof r.masterProductId !== 'string' || !r.masterProductId) problems.push(`removals[${i}].masterProductId: required`);
        if (!Number.isSafeInteger(r?.version) || r.version < 1) problems.push(`removals[${i}].version: a whole number ≥ 1`);
        if (r?.masterProductId && seen.has(r.masterProductId)) problems.push(`removals[${i}]: product ${r.masterProductId} appears twice`);
        seen.add(r?.masterProductId);
    });
    if (input.feedPosition != null && (!Number.isSafeInteger(input.feedPosition) || input.feedPosition < 0))
        problems.push('feedPosition: a feed position, 0 or more');
    if (problems.length) throw new UserInputError(`applyProductSnapshots refused, nothing written: ${problems.slice(0, 20).join('; ')}`);
    return input as ApplyProductsInput;
}
