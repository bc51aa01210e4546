import { ProductSnapshot } from '@entrepreneur-os/sync-contract';
import {
    FacetValue,
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
import { EntityManager, ObjectLiteral } from 'typeorm';

import { AssetLookup, catalogRows } from './catalog-rows';
import { ReplicaVariant } from './entities';

export interface BulkCreated {
    products: Array<{ masterProductId: string; productId: ID }>;
    variantIds: ID[];
    masterVariantIds: string[];
}

/**
 * Creates products the shop has never held with a few multi-row INSERTs per table for the whole
 * batch — what a full sync of thousands of products consists of. Entity by entity through
 * repositories costs dozens of statements per product; this costs a few per batch. Inside the
 * caller's transaction; facets and tax categories are resolved by the caller (shared lookups).
 */
export class BulkProductCreator {
    private readonly manager: EntityManager;

    constructor(
        connection: TransactionalConnection,
        tx: RequestContext,
        private channels: { tenant: ID },
        private asset: AssetLookup,
        private facetValue: (fv: ProductSnapshot['facetValues'][number]) => Promise<FacetValue>,
        private taxCategory: (code: string) => TaxCategory,
        /** Rows per INSERT: keeps each statement's bound parameters to a few thousand. */
        private rowsPerInsert: number,
    ) {
        this.manager = connection.getRepository(tx, Product).manager;
    }

    async create(snapshots: ProductSnapshot[]): Promise<BulkCreated> {
        // Only the tenant's channel (see ProductWriter.channelRefs).
        const channelIds = [this.channels.tenant];
        const asset = this.asset;

        const productIds = await this.insert(
            Product,
            snapshots.map(s => ({ ...catalogRows.product(s, asset), deletedAt: null })),
        );
        await this.insert(
            ProductTranslation,
            snapshots.flatMap((s, i) => s.translations.map(t => ({ ...catalogRows.productTranslation(t), base: { id: productIds[i] } }))),
        );
        await this.junction(
            Product,
            'channels',
            productIds.flatMap(id => channelIds.map(c => [id, c] as [ID, ID])),
        );
        const facetPairs: Array<[ID, ID]> = [];
        for (const [i, s] of snapshots.entries()) {
            for (const fv of s.facetValues) facetPairs.push([productIds[i], (await this.facetValue(fv)).id]);
        }
        await this.junction(Product, 'facetValues', facetPairs);
        await this.insert(
            ProductAsset,
            snapshots.flatMap((s, i) =>
                catalogRows
                    .gallery(
                        s.assets.map(a => a.contentHash),
                        asset,
                    )
                    .map(row => ({ productId: productIds[i], ...row })),
            ),
        );

        // Option groups and options: each product has its own, as Vendure's importer makes them.
        const groups = snapshots.flatMap((s, i) => s.optionGroups.map(g => ({ productIndex: i, group: g })));
        const groupIds = await this.insert(
            ProductOptionGroup,
            groups.map(g => ({ code: g.group.code, deletedAt: null })),
        );
        await this.insert(
            ProductOptionGroupTranslation,
            groups.flatMap((g, i) => g.group.translations.map(t => ({ ...catalogRows.name(t), base: { id: groupIds[i] } }))),
        );
        await this.junction(
            ProductOptionGroup,
            'channels',
            groupIds.flatMap(id => channelIds.map(c => [id, c] as [ID, ID])),
        );
        await this.junction(
            Product,
            'optionGroups',
            groups.map((g, i) => [productIds[g.productIndex], groupIds[i]] as [ID, ID]),
        );
        const options = groups.flatMap((g, i) =>
            g.group.options.map(o => ({ productIndex: g.productIndex, groupId: groupIds[i], option: o })),
        );
        const optionIds = await this.insert(
            ProductOption,
            options.map(o => ({ code: o.option.code, groupId: o.groupId, deletedAt: null })),
        );
        await this.insert(
            ProductOptionTranslation,
            options.flatMap((o, i) => o.option.translations.map(t => ({ ...catalogRows.name(t), base: { id: optionIds[i] } }))),
        );
        await this.junction(
            ProductOption,
            'channels',
            optionIds.flatMap(id => channelIds.map(c => [id, c] as [ID, ID])),
        );
        const optionId = (productIndex: number, code: string) => {
            const index = options.findIndex(o => o.productIndex === productIndex && o.option.code === code);
            if (index < 0)
                throw new Error(`product ${snapshots[productIndex].masterProductId}: option ${code} is in none of its option groups`);
            return optionIds[index];
        };

        const variants = snapshots.flatMap((s, i) => s.variants.map(v => ({ productIndex: i, variant: v })));
        const variantIds = await this.insert(
            ProductVariant,
            variants.map(v => ({
                ...catalogRows.variant(v.variant, this.taxCategory(v.variant.taxCategoryCode).id, asset),
                productId: productIds[v.productIndex],
                deletedAt: null,
            })),
        );
        await this.insert(
            ProductVariantTranslation,
            variants.flatMap((v, i) => v.variant.translations.map(t => ({ ...catalogRows.name(t), base: { id: variantIds[i] } }))),
        );
        await this.junction(
            ProductVariant,
            'channels',
            variantIds.flatMap(id => channelIds.map(c => [id, c] as [ID, ID])),
        );
        await this.junction(
            ProductVariant,
            'options',
            variants.flatMap((v, i) => v.variant.optionCodes.map(code => [variantIds[i], optionId(v.productIndex, code)] as [ID, ID])),
        );
        await this.insert(
            ProductVariantPrice,
            variants.map((v, i) => ({ ...catalogRows.price(v.variant, this.channels.tenant), variant: { id: variantIds[i] } })),
        );
        await this.insert(
            ProductVariantAsset,
            variants.flatMap((v, i) =>
                catalogRows
                    .gallery(
                        v.variant.assets.map(a => a.contentHash),
                        asset,
                    )
                    .map(row => ({ productVariantId: variantIds[i], ...row })),
            ),
        );
        await this.insert(
            ReplicaVariant,
            variants.map((v, i) => ({
                tenantCode: snapshots[v.productIndex].tenantCode,
                masterVariantId: v.variant.masterVariantId,
                masterProductId: snapshots[v.productIndex].masterProductId,
                variantId: variantIds[i],
                masterEnabled: v.variant.enabled,
            })),
        );
        return {
            products: snapshots.map((s, i) => ({ masterProductId: s.masterProductId, productId: productIds[i] })),
            variantIds,
            masterVariantIds: variants.map(v => v.variant.masterVariantId),
        };
    }

    /** Multi-row INSERTs; the generated ids in row order. */
    private async insert<T extends ObjectLiteral>(entity: new (...args: never[]) => T, rows: ObjectLiteral[]): Promise<ID[]> {
        const ids: ID[] = [];
        for (let i = 0; i < rows.length; i += this.rowsPerInsert) {
            const result = await this.manager.insert(entity, rows.slice(i, i + this.rowsPerInsert) as never);
            ids.push(...result.identifiers.map(identifier => identifier.id as ID));
        }
        return ids;
    }

    /** Rows of a many-to-many join table, straight in. */
    private async junction(entity: new (...args: never[]) => ObjectLiteral, relation: string, pairs: Array<[ID, ID]>): Promise<void> {
        if (!pairs.length) return;
        const junction = this.manager.connection.getMetadata(entity).findRelationWithPropertyPath(relation)?.junctionEntityMetadata;
        if (!junction) throw new Error(`${entity.name}.${relation} is not a many-to-many relation`);
        const [owner, inverse] = [junction.ownerColumns[0].databaseName, junction.inverseColumns[0].databaseName];
        for (let i = 0; i < pairs.length; i += this.rowsPerInsert * 2) {
            await this.manager
                .createQueryBuilder()
                .insert()
                .into(junction.tableName, [owner, inverse])
                .values(pairs.slice(i, i + this.rowsPerInsert * 2).map(([a, b]) => ({ [owner]: a, [inverse]: b })))
                .execute();
        }
    }
}
