import { ProductSnapshot, Translation, VariantSnapshot } from '@entrepreneur-os/sync-contract';
import {
    Channel,
    Facet,
    FacetTranslation,
    FacetValue,
    FacetValueTranslation,
    ID,
    Product,
    ProductAsset,
    ProductOption,
    ProductOptionGroup,
    ProductOptionGroupTranslation,
    ProductOptionTranslation,
    ProductTranslation,
    ProductVariant,
    ProductVariantAsset,
    ProductVariantPrice,
    ProductVariantTranslation,
    RequestContext,
    TaxCategory,
    TransactionalConnection,
} from '@vendure/core';
import { LanguageCode } from '@vendure/common/lib/generated-types';
import { In, Repository } from 'typeorm';

import { AssetLookup, catalogRows } from './catalog-rows';
import { ReplicaProduct, ReplicaVariant } from './entities';

/**
 * Writes one snapshot over a product the shop already holds (or held), inside the apply
 * transaction: rows are updated in place, so order lines and the shop's own fields survive. Column
 * values come from catalogRows, which the bulk creator shares. Also resolves the lookups both
 * writers share (facets, facet values, tax categories).
 */
export class ProductWriter {
    private facets = new Map<string, Facet>();
    private facetValues = new Map<string, FacetValue>();

    constructor(
        private connection: TransactionalConnection,
        private tx: RequestContext,
        private channels: { tenant: ID },
        private asset: AssetLookup,
        private taxCategories: TaxCategory[],
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
        await this.syncTranslations(
            ProductTranslation,
            product.id,
            product.translations,
            snapshot.translations,
            catalogRows.productTranslation,
        );
        const optionByCode = await this.syncOptionGroups(product, snapshot);
        const facetValues: FacetValue[] = [];
        // One at a time: two values of a new facet must not both create it.
        for (const fv of snapshot.facetValues) facetValues.push(await this.facetValue(fv));
        product.facetValues = facetValues;
        const { featuredAssetId } = catalogRows.product(snapshot, this.asset);
        await this.repo(Product).save({
            id: product.id,
            facetValues,
            featuredAsset: featuredAssetId ? { id: featuredAssetId } : null,
        } as Product);
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
            // validateProductSnapshot refuses such a snapshot before anything is written.
            if (!option) throw new Error(`variant ${v.sku}: option ${code} is not in the product's option groups`);
            return option;
        });
        const taxCategory = this.taxCategory(v.taxCategoryCode);
        const row = catalogRows.variant(v, taxCategory.id, this.asset);
        const featuredAsset = (row.featuredAssetId ? { id: row.featuredAssetId } : null) as never;
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
                    sku: row.sku,
                    enabled: row.enabled,
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
                sku: row.sku,
                deletedAt: null,
                ...(replica && replica.masterEnabled !== v.enabled ? { enabled: row.enabled } : {}),
                taxCategory,
                options,
                featuredAsset,
            } as unknown as ProductVariant);
        }
        await this.syncTranslations(ProductVariantTranslation, variant.id, variant.translations, v.translations, catalogRows.name);
        const wanted = catalogRows.price(v, this.channels.tenant);
        const price = variant.productVariantPrices.find(
            p => String(p.channelId) === String(wanted.channelId) && String(p.currencyCode) === wanted.currencyCode,
        );
        if (price) {
            if (price.price !== wanted.price) await this.repo(ProductVariantPrice).update(price.id, { price: wanted.price });
        } else {
            await this.repo(ProductVariantPrice).insert({
                ...wanted,
                currencyCode: wanted.currencyCode as never,
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
            await this.syncTranslations(ProductOptionGroupTranslation, group.id, group.translations, g.translations, catalogRows.name);
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
                await this.syncTranslations(ProductOptionTranslation, option.id, option.translations, o.translations, catalogRows.name);
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
            await this.syncTranslations(FacetTranslation, facet.id, names, wanted, catalogRows.name);
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
        await this.syncTranslations(FacetValueTranslation, value.id, value.translations, fv.translations, catalogRows.name);
        this.facetValues.set(key, value);
        return value;
    }

    /** The shop's tax category of the same name as master's, else its default one (the apply refuses the call when it has none). */
    taxCategory(name: string): TaxCategory {
        const found = this.taxCategories.find(t => t.name === name) ?? this.taxCategories.find(t => t.isDefault) ?? this.taxCategories[0];
        if (!found) throw new Error('this ecommerce server has no tax category');
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
            await repo.insert(catalogRows.gallery(hashes, this.asset).map(row => ({ [ownerKey]: ownerId, ...row }) as never));
    }
}
