import { groupRows, sqlRowsForIds } from '@entrepreneur-os/platform';
import { Translation } from '@entrepreneur-os/sync-contract';
import { ID, RequestContext, TransactionalConnection } from '@vendure/core';

export type ProductText = Translation<{ slug: string; description: string }>;
export interface FacetValueRow {
    code: string;
    facetCode: string;
    translations: Translation[];
}
export interface OptionGroupRow {
    code: string;
    translations: Translation[];
    options: Array<{ code: string; translations: Translation[] }>;
}

/**
 * Reads Vendure's catalog tables a whole batch at a time, keyed by owner id (as a string): master
 * builds snapshots with it, the shop reads back what it holds — the same tables on both servers.
 * A fixed number of queries per batch; TypeORM's relation loading groups rows with nested scans.
 */
export class CatalogTables {
    constructor(
        private connection: TransactionalConnection,
        private ctx: RequestContext,
    ) {}

    rows<T extends object>(sql: string, ids: ID[], parameters = {}): Promise<T[]> {
        return sqlRowsForIds<T>(this.connection, this.ctx, sql, ids.map(String), parameters);
    }

    /** Names by language in a translation table, by the id of what they name. */
    async names(table: string, ids: ID[]): Promise<Map<string, Translation[]>> {
        const found = await this.rows<Translation & { baseId: ID }>(
            `SELECT "baseId", "languageCode", "name" FROM "${table}" WHERE "baseId" IN (:...ids)`,
            ids,
        );
        return new Map(
            [...groupRows(found, 'baseId')].map(([id, list]) => [id, list.map(n => ({ languageCode: n.languageCode, name: n.name }))]),
        );
    }

    async productTexts(productIds: ID[]): Promise<Map<string, ProductText[]>> {
        const found = await this.rows<ProductText & { baseId: ID }>(
            'SELECT "baseId", "languageCode", "name", "slug", "description" FROM "product_translation" WHERE "baseId" IN (:...ids)',
            productIds,
        );
        return new Map(
            [...groupRows(found, 'baseId')].map(([id, list]) => [
                id,
                list.map(t => ({ languageCode: t.languageCode, name: t.name, slug: t.slug, description: t.description })),
            ]),
        );
    }

    async facetValues(productIds: ID[]): Promise<Map<string, FacetValueRow[]>> {
        const found = await this.rows<{ productId: ID; id: ID; code: string; facetCode: string }>(
            `SELECT j."productId", fv."id", fv."code", f."code" AS "facetCode" FROM "product_facet_values_facet_value" j
             JOIN "facet_value" fv ON fv."id" = j."facetValueId" JOIN "facet" f ON f."id" = fv."facetId"
             WHERE j."productId" IN (:...ids)`,
            productIds,
        );
        const names = await this.names('facet_value_translation', [...new Set(found.map(fv => String(fv.id)))]);
        return new Map(
            [...groupRows(found, 'productId')].map(([id, list]) => [
                id,
                list.map(fv => ({ code: fv.code, facetCode: fv.facetCode, translations: names.get(String(fv.id)) ?? [] })),
            ]),
        );
    }

    /** `liveOptionsOnly`: leave out soft-deleted options (master keeps them: a variant may refer to one). */
    async optionGroups(productIds: ID[], { liveOptionsOnly }: { liveOptionsOnly: boolean }): Promise<Map<string, OptionGroupRow[]>> {
        const groups = await this.rows<{ productId: ID; id: ID; code: string }>(
            `SELECT j."productId", g."id", g."code" FROM "product_option_groups_product_option_group" j
             JOIN "product_option_group" g ON g."id" = j."productOptionGroupId"
             WHERE j."productId" IN (:...ids)`,
            productIds,
        );
        const groupIds = [...new Set(groups.map(g => String(g.id)))];
        const groupNames = await this.names('product_option_group_translation', groupIds);
        const options = await this.rows<{ groupId: ID; id: ID; code: string }>(
            `SELECT "groupId", "id", "code" FROM "product_option" WHERE ${liveOptionsOnly ? '"deletedAt" IS NULL AND ' : ''}"groupId" IN (:...ids)`,
            groupIds,
        );
        const optionNames = await this.names(
            'product_option_translation',
            options.map(o => o.id),
        );
        const optionsOf = groupRows(options, 'groupId');
        return new Map(
            [...groupRows(groups, 'productId')].map(([id, list]) => [
                id,
                list.map(g => ({
                    code: g.code,
                    translations: groupNames.get(String(g.id)) ?? [],
                    options: (optionsOf.get(String(g.id)) ?? []).map(o => ({
                        code: o.code,
                        translations: optionNames.get(String(o.id)) ?? [],
                    })),
                })),
            ]),
        );
    }

    async variantOptionCodes(variantIds: ID[]): Promise<Map<string, string[]>> {
        const found = await this.rows<{ productVariantId: ID; code: string }>(
            `SELECT j."productVariantId", o."code" FROM "product_variant_options_product_option" j
             JOIN "product_option" o ON o."id" = j."productOptionId" WHERE j."productVariantId" IN (:...ids)`,
            variantIds,
        );
        return new Map([...groupRows(found, 'productVariantId')].map(([id, list]) => [id, list.map(o => o.code)]));
    }

    /** Asset ids of products (`product_asset`) or variants (`product_variant_asset`), in gallery order. */
    async galleries(owner: 'product' | 'variant', ids: ID[]): Promise<Map<string, ID[]>> {
        const [table, column] = owner === 'product' ? ['product_asset', 'productId'] : ['product_variant_asset', 'productVariantId'];
        const found = await this.rows<{ ownerId: ID; assetId: ID }>(
            `SELECT "${column}" AS "ownerId", "assetId" FROM "${table}" WHERE "${column}" IN (:...ids) ORDER BY "position"`,
            ids,
        );
        return new Map([...groupRows(found, 'ownerId')].map(([id, list]) => [id, list.map(a => a.assetId)]));
    }
}
