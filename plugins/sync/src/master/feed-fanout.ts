import { Tenant } from '@entrepreneur-os/multi-tenant-plugin';
import { PricingRule, SupplierPrice } from '@entrepreneur-os/pim-plugin';
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
} from '@vendure/core';
import { Brackets, EntityManager, ObjectLiteral } from 'typeorm';

/** A product of a tenant's catalog whose snapshot a change may have altered. */
export interface TenantProduct {
    tenantCode: string;
    productId: string;
}

type Row = ObjectLiteral;

/** Which products of which tenants a changed row touches; the filters combine (AND). */
interface ProductFilter {
    productIds?: ID[];
    variantIds?: ID[];
    facetId?: ID;
    facetValueIds?: ID[];
    optionGroupId?: ID;
    optionId?: ID;
    collectionId?: ID;
    tenantCode?: string;
    channelId?: ID;
}

/**
 * The (tenant, product) pairs whose snapshot a change of `row` may alter. `before` is the row as
 * it was (updates and removals), so that a rule or price moved to another scope or variant
 * refreshes the products it left as well as those it reached. Collections are not part of the
 * snapshot; what their membership changes is followed by `collectionMembershipProducts`.
 */
export async function affectedProducts(manager: EntityManager, target: unknown, row: Row, before?: Row): Promise<TenantProduct[]> {
    const current = { ...(before ?? {}), ...definedFields(row) };
    switch (target) {
        case Product:
        case ProductTranslation:
        case ProductVariant:
        case ProductVariantTranslation:
        case ProductVariantPrice:
        case ProductAsset:
        case ProductVariantAsset: {
            const productId = await productIdOf(manager, target, current);
            return productId == null ? [] : tenantProducts(manager, { productIds: [productId] });
        }
        case Facet:
            return tenantProducts(manager, { facetId: current.id as ID });
        case FacetTranslation:
            return withBase(manager, target, current, facetId => tenantProducts(manager, { facetId }));
        case FacetValue:
            return tenantProducts(manager, { facetValueIds: [current.id as ID] });
        case FacetValueTranslation:
            return withBase(manager, target, current, id => tenantProducts(manager, { facetValueIds: [id] }));
        case ProductOptionGroup:
            return tenantProducts(manager, { optionGroupId: current.id as ID });
        case ProductOptionGroupTranslation:
            return withBase(manager, target, current, optionGroupId => tenantProducts(manager, { optionGroupId }));
        case ProductOption:
            return optionProducts(manager, current);
        case ProductOptionTranslation:
            return withBase(manager, target, current, async optionId => {
                const option = await manager.getRepository(ProductOption).findOne({ where: { id: optionId }, withDeleted: true });
                return option ? optionProducts(manager, option) : [];
            });
        case SupplierPrice:
            return supplierPriceProducts(manager, current, before);
        case PricingRule:
            return pricingRuleProducts(manager, current, before);
        case Tenant:
            return tenantSettingsChanged(row, before) ? tenantProducts(manager, { tenantCode: current.code as string }) : [];
        case Channel:
            return channelLanguagesChanged(row, before) ? tenantProducts(manager, { channelId: current.id as ID }) : [];
        default:
            return [];
    }
}

/** The tenants' products matching the filter: products in a tenant's channel. */
export async function tenantProducts(manager: EntityManager, filter: ProductFilter): Promise<TenantProduct[]> {
    const qb = manager
        .getRepository(Product)
        .createQueryBuilder('product')
        .select('product.id', 'productId')
        .addSelect('tenant.code', 'tenantCode')
        .distinct(true)
        .innerJoin('product.channels', 'channel')
        .innerJoin(Tenant, 'tenant', 'tenant.channelId = channel.id');
    // A product named by id is followed even as it is deleted (its DELETED entry); fan-outs skip deleted ones.
    if (!filter.productIds) qb.andWhere('product.deletedAt IS NULL');
    const products = () => manager.getRepository(Product).createQueryBuilder('p').select('p.id');
    const variantProducts = () => manager.getRepository(ProductVariant).createQueryBuilder('v').select('v.productId');
    if (filter.tenantCode != null) qb.andWhere('tenant.code = :tenantCode', { tenantCode: filter.tenantCode });
    if (filter.channelId != null) qb.andWhere('channel.id = :channelId', { channelId: filter.channelId });
    if (filter.productIds) qb.andWhere('product.id IN (:...productIds)', { productIds: orNone(filter.productIds) });
    if (filter.variantIds) {
        const sub = variantProducts().where('v.id IN (:...variantIds)');
        qb.andWhere(`product.id IN (${sub.getQuery()})`, { variantIds: orNone(filter.variantIds) });
    }
    if (filter.collectionId != null) {
        const sub = variantProducts().innerJoin('v.collections', 'vc').where('vc.id = :collectionId');
        qb.andWhere(`product.id IN (${sub.getQuery()})`, { collectionId: filter.collectionId });
    }
    // Facet values count on the product and on its variants (completeness reads both).
    if (filter.facetValueIds || filter.facetId != null) {
        const where = filter.facetValueIds ? 'IN (:...facetValueIds)' : '= :facetId';
        const column = filter.facetValueIds ? 'id' : 'facetId';
        const onProduct = products().innerJoin('p.facetValues', 'pfv').where(`pfv.${column} ${where}`);
        const onVariant = variantProducts().innerJoin('v.facetValues', 'vfv').where(`vfv.${column} ${where}`);
        qb.andWhere(
            new Brackets(b => b.where(`product.id IN (${onProduct.getQuery()})`).orWhere(`product.id IN (${onVariant.getQuery()})`)),
            { facetValueIds: orNone(filter.facetValueIds ?? []), facetId: filter.facetId },
        );
    }
    if (filter.optionGroupId != null) {
        const onProduct = products().innerJoin('p.optionGroups', 'pog').where('pog.id = :optionGroupId');
        const onVariant = variantProducts().innerJoin('v.options', 'vo').where('vo.groupId = :optionGroupId');
        qb.andWhere(
            new Brackets(b => b.where(`product.id IN (${onProduct.getQuery()})`).orWhere(`product.id IN (${onVariant.getQuery()})`)),
            { optionGroupId: filter.optionGroupId },
        );
    }
    if (filter.optionId != null) {
        const sub = variantProducts().innerJoin('v.options', 'vo2').where('vo2.id = :optionId');
        qb.andWhere(`product.id IN (${sub.getQuery()})`, { optionId: filter.optionId });
    }
    const rows = await qb.getRawMany<{ productId: ID; tenantCode: string }>();
    return rows.map(r => ({ tenantCode: r.tenantCode, productId: String(r.productId) }));
}

/** An option shows in the snapshots of the products of its group and of those whose variants use it. */
async function optionProducts(manager: EntityManager, option: Row): Promise<TenantProduct[]> {
    const groupId =
        (option.groupId as ID | undefined) ??
        (option.group as { id?: ID } | undefined)?.id ??
        (await manager.getRepository(ProductOption).findOne({ where: { id: option.id as ID }, withDeleted: true }))?.groupId;
    return dedupe([
        ...(groupId != null ? await tenantProducts(manager, { optionGroupId: groupId }) : []),
        ...(option.id != null ? await tenantProducts(manager, { optionId: option.id as ID }) : []),
    ]);
}

/** A supplier price changes its tenant's price of its variant (markup on cost), and of the variant it left. */
async function supplierPriceProducts(manager: EntityManager, current: Row, before?: Row): Promise<TenantProduct[]> {
    const variantIds = [current.productVariantId, before?.productVariantId].filter(id => id != null) as ID[];
    const tenantCode = current.tenantCode as string | undefined;
    if (!variantIds.length || !tenantCode) return [];
    return tenantProducts(manager, { tenantCode, variantIds });
}

/** A pricing rule reprices what its scope covers, before and after the change. */
async function pricingRuleProducts(manager: EntityManager, current: Row, before?: Row): Promise<TenantProduct[]> {
    const tenantCode = current.tenantCode as string | undefined;
    if (!tenantCode) return [];
    const scopes = [current, before].filter((r): r is Row => r != null && typeof r.scopeType === 'string');
    const results: TenantProduct[] = [];
    for (const { scopeType, scopeId } of scopes) {
        const id = scopeId as string | null;
        if (scopeType === 'ALL') results.push(...(await tenantProducts(manager, { tenantCode })));
        else if (id == null) continue;
        else if (scopeType === 'PRODUCT') results.push(...(await tenantProducts(manager, { tenantCode, productIds: [id] })));
        else if (scopeType === 'VARIANT') results.push(...(await tenantProducts(manager, { tenantCode, variantIds: [id] })));
        else if (scopeType === 'FACET_VALUE') results.push(...(await tenantProducts(manager, { tenantCode, facetValueIds: [id] })));
        else if (scopeType === 'COLLECTION') results.push(...(await tenantProducts(manager, { tenantCode, collectionId: id })));
    }
    return dedupe(results);
}

/**
 * Variants that entered or left a collection change their tenant price where a COLLECTION pricing
 * rule names that collection: those tenants' products of the variants.
 */
export async function collectionMembershipProducts(manager: EntityManager, collectionId: ID, variantIds: ID[]): Promise<TenantProduct[]> {
    if (!variantIds.length) return [];
    const rules = await manager.getRepository(PricingRule).find({ where: { scopeType: 'COLLECTION', scopeId: String(collectionId) } });
    const results: TenantProduct[] = [];
    for (const tenantCode of new Set(rules.map(r => r.tenantCode)))
        results.push(...(await tenantProducts(manager, { tenantCode, variantIds })));
    return results;
}

/** Completeness requirements live in the tenant's settings. */
function tenantSettingsChanged(row: Row, before?: Row): boolean {
    return before != null && 'settings' in row && JSON.stringify(row.settings) !== JSON.stringify(before.settings);
}

/** A tenant channel's languages are the languages its products need (completeness); its currency prices them. */
function channelLanguagesChanged(row: Row, before?: Row): boolean {
    if (!before) return false;
    const fields = ['availableLanguageCodes', 'defaultLanguageCode', 'defaultCurrencyCode'];
    return fields.some(f => f in row && JSON.stringify(row[f]) !== JSON.stringify(before[f]));
}

async function productIdOf(manager: EntityManager, target: unknown, entity: Row): Promise<ID | undefined> {
    const variantProduct = async (variantId: ID | undefined) =>
        variantId == null
            ? undefined
            : (
                  await manager
                      .getRepository(ProductVariant)
                      .findOne({ where: { id: variantId }, select: { id: true, productId: true }, withDeleted: true })
              )?.productId;
    const ref = (key: string) => (entity[key] as { id?: ID } | undefined)?.id;
    switch (target) {
        case Product:
            return entity.id as ID;
        case ProductTranslation:
            return baseIdOf(manager, target, entity);
        case ProductVariant:
            return (entity.productId as ID) ?? ref('product') ?? (await variantProduct(entity.id as ID));
        case ProductVariantTranslation:
            return variantProduct(await baseIdOf(manager, target, entity));
        case ProductVariantPrice:
            return variantProduct(ref('variant') ?? (entity.variantId as ID));
        case ProductAsset:
            return (entity.productId as ID) ?? ref('product');
        case ProductVariantAsset:
            return variantProduct((entity.productVariantId as ID) ?? ref('productVariant'));
        default:
            return undefined;
    }
}

/** The translated entity's id: updated translations often come without their `base`. */
async function baseIdOf(manager: EntityManager, target: unknown, translation: Row): Promise<ID | undefined> {
    const known = (translation.base as { id?: ID } | undefined)?.id ?? (translation.baseId as ID | undefined);
    if (known != null || translation.id == null) return known;
    const loaded = await manager
        .getRepository(target as typeof ProductTranslation)
        .findOne({ where: { id: translation.id as ID }, loadRelationIds: { relations: ['base'] } });
    return (loaded?.base as unknown as ID | undefined) ?? undefined;
}

async function withBase(
    manager: EntityManager,
    target: unknown,
    translation: Row,
    products: (baseId: ID) => Promise<TenantProduct[]>,
): Promise<TenantProduct[]> {
    const baseId = await baseIdOf(manager, target, translation);
    return baseId == null ? [] : products(baseId);
}

function definedFields(row: Row): Row {
    return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
}

function dedupe(pairs: TenantProduct[]): TenantProduct[] {
    return [...new Map(pairs.map(p => [`${p.tenantCode}:${p.productId}`, p])).values()];
}

/** `IN ()` is invalid SQL: an id no row has. */
function orNone(ids: ID[]): ID[] {
    return ids.length ? ids : [-1];
}
