import { masterApp } from '@entrepreneur-os/master';
import { Tenant } from '@entrepreneur-os/multi-tenant-plugin';
import { PricingRule, SupplierPrice } from '@entrepreneur-os/pim-plugin';
import { adminQuery, adminToken, AppTestEnvironment, createAppTestEnvironment, createMasterOnlyTenant } from '@entrepreneur-os/testing';
import { SyncFeedEntry } from '@entrepreneur-os/sync-plugin/master';
import { CurrencyCode, FacetValueTranslation, ProductOptionGroupTranslation, TransactionalConnection } from '@vendure/core';
import { MoreThan } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What else a tenant's shop shows of a product, beyond the product itself: facets, options,
// supplier prices and pricing rules (its prices), the tenant's completeness settings and
// languages. Each change is an entry for exactly the tenant products it may alter.
describe(`sync: the feed follows everything a snapshot is built from`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    /** Laptop, Tablet, Curvy Monitor, Boxing Gloves, Cruiser Skateboard. */
    let p: Array<{
        id: string;
        variants: Array<{ id: string }>;
        facetValues: Array<{ id: string; code: string; facet: { id: string; code: string } }>;
        optionGroups: Array<{ id: string; code: string; options: Array<{ id: string; code: string }> }>;
    }>;
    let woolId: string;
    let supplierId: string;
    const channelIds: Record<string, string> = {};

    const asSuperadmin = (channel: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
        adminQuery(master.baseUrl, superadmin, channel, query, variables);
    const FEED = `query ($t: String!, $after: Int!) { syncFeed(tenantCode: $t, after: $after, take: 1000) { lastPosition entries { masterProductId } } }`;
    const feed = async (tenant: string, after = 0) => (await asSuperadmin(undefined, FEED, { t: tenant, after })).syncFeed;
    /** The products of each tenant's new entries (sorted, once each); and that no product got two entries. */
    async function entriesDuring(change: () => Promise<unknown>): Promise<Record<string, string[]>> {
        const before = { north: (await feed('north')).lastPosition, south: (await feed('south')).lastPosition };
        await change();
        const result: Record<string, string[]> = {};
        for (const tenant of ['north', 'south'] as const) {
            const ids: string[] = (await feed(tenant, before[tenant])).entries.map((e: { masterProductId: string }) => e.masterProductId);
            expect(ids.length, `one entry per product for ${tenant}`).toBe(new Set(ids).size);
            result[tenant] = ids.sort((a, b) => Number(a) - Number(b));
        }
        return result;
    }
    const ids = (...indexes: number[]) => indexes.map(i => p[i].id).sort((a, b) => Number(a) - Number(b));
    const facetValue = (code: string) => p.flatMap(x => x.facetValues).find(fv => fv.code === code)!;

    beforeAll(async () => {
        master = await createAppTestEnvironment(masterApp, 'sync_feed_coverage');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
        const { channels } = await asSuperadmin(undefined, `{ channels { items { id code } } }`);
        for (const c of channels.items) channelIds[c.code] = c.id;
        // A facet value on a variant only: of the monitor (south).
        const { createFacet } = await asSuperadmin(
            undefined,
            `mutation { createFacet(input: { code: "material", isPrivate: false, translations: [{ languageCode: en, name: "Material" }],
                values: [{ code: "wool", translations: [{ languageCode: en, name: "Wool" }] }] }) { values { id } } }`,
        );
        woolId = createFacet.values[0].id;
        p = (
            await asSuperadmin(
                undefined,
                `{ products(options: { sort: { id: ASC } }) { items { id variants { id }
                    facetValues { id code facet { id code } } optionGroups { id code options { id code } } } } }`,
            )
        ).products.items;
        await asSuperadmin(
            undefined,
            `mutation ($id: ID!, $fv: [ID!]!) { updateProductVariants(input: [{ id: $id, facetValueIds: $fv }]) { id } }`,
            {
                id: p[2].variants[0].id,
                fv: [woolId],
            },
        );
        const assign = (indexes: number[], tenant: string) =>
            asSuperadmin(
                undefined,
                `mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`,
                {
                    p: indexes.map(i => p[i].id),
                    c: channelIds[tenant],
                },
            );
        // Laptop, Tablet and Gloves are north's; Monitor and Gloves south's; the Skateboard nobody's.
        await assign([0, 1, 3], 'north');
        await assign([2, 3], 'south');
        supplierId = (
            await asSuperadmin(
                'master-north',
                `mutation { createSupplier(input: { code: "gloves-inc", name: "Gloves Inc", currencyCode: USD, leadTimeDays: 2 }) { id } }`,
            )
        ).createSupplier.id;
    }, 300_000);

    afterAll(async () => {
        await master?.destroy();
    });

    it('facet values and facets: the tenants’ products carrying them, on the product or a variant', async () => {
        const rename = (id: string, name: string) =>
            asSuperadmin(
                undefined,
                `mutation ($id: ID!, $n: String!) { updateFacetValues(input: [{ id: $id, translations: [{ languageCode: en, name: $n }] }]) { id } }`,
                {
                    id,
                    n: name,
                },
            );
        expect(await entriesDuring(() => rename(facetValue('apple').id, 'Apple Inc.'))).toEqual({ north: ids(0, 1), south: [] });
        expect(await entriesDuring(() => rename(facetValue('samsung').id, 'Samsung Electronics'))).toEqual({ north: [], south: ids(2) });
        expect(await entriesDuring(() => rename(woolId, 'Merino wool'))).toEqual({ north: [], south: ids(2) });
        // The facet's code is in every snapshot carrying one of its values (the skateboard has no brand).
        expect(
            await entriesDuring(() =>
                asSuperadmin(undefined, `mutation ($id: ID!) { updateFacet(input: { id: $id, code: "maker" }) { id } }`, {
                    id: facetValue('apple').facet.id,
                }),
            ),
        ).toEqual({ north: ids(0, 1, 3), south: ids(2, 3) });
        const materialFacetId = (await asSuperadmin(undefined, `query ($id: ID!) { facetValue(id: $id) { facet { id } } }`, { id: woolId }))
            .facetValue.facet.id;
        expect(
            await entriesDuring(() =>
                asSuperadmin(
                    undefined,
                    `mutation ($id: ID!) { updateFacet(input: { id: $id, translations: [{ languageCode: en, name: "Stoff" }] }) { id } }`,
                    { id: materialFacetId },
                ),
            ),
        ).toEqual({ north: [], south: ids(2) });
    });

    it('option groups and options: the tenants’ products using them', async () => {
        const screenSize = p[0].optionGroups[0];
        expect(
            await entriesDuring(() =>
                asSuperadmin(
                    undefined,
                    `mutation ($id: ID!) { updateProductOptionGroup(input: { id: $id, translations: [{ languageCode: en, name: "Display" }] }) { id } }`,
                    { id: screenSize.id },
                ),
            ),
        ).toEqual({ north: ids(0), south: [] });
        const monitorSize = p[2].optionGroups[0].options[0];
        expect(
            await entriesDuring(() =>
                asSuperadmin(
                    undefined,
                    `mutation ($id: ID!) { updateProductOption(input: { id: $id, translations: [{ languageCode: en, name: "24 Zoll" }] }) { id } }`,
                    { id: monitorSize.id },
                ),
            ),
        ).toEqual({ north: [], south: ids(2) });
    });

    it('supplier prices: the variant’s product for the price’s tenant only', async () => {
        let priceId = '';
        // The gloves are in both tenants' catalogs: only north's price changes.
        expect(
            await entriesDuring(async () => {
                const { createSupplierPrice } = await asSuperadmin(
                    'master-north',
                    `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`,
                    {
                        i: {
                            supplierId,
                            productVariantId: p[3].variants[0].id,
                            costPrice: 1200,
                            currencyCode: 'USD',
                            preferred: true,
                        },
                    },
                );
                priceId = createSupplierPrice.id;
            }),
        ).toEqual({ north: ids(3), south: [] });
        expect(
            await entriesDuring(() =>
                asSuperadmin('master-north', `mutation ($id: ID!) { updateSupplierPrice(input: { id: $id, costPrice: 1300 }) { id } }`, {
                    id: priceId,
                }),
            ),
        ).toEqual({ north: ids(3), south: [] });
        expect(
            await entriesDuring(() =>
                asSuperadmin('master-north', `mutation ($id: ID!) { deleteSupplierPrice(id: $id) { result } }`, { id: priceId }),
            ),
        ).toEqual({ north: ids(3), south: [] });
    });

    it('pricing rules: every product of the rule’s tenant its old and new scope cover', async () => {
        const south = (query: string, variables: Record<string, unknown> = {}) => asSuperadmin('master-south', query, variables);
        let ruleId = '';
        expect(
            await entriesDuring(async () => {
                const { createPricingRule } = await south(
                    `mutation ($id: String!) { createPricingRule(input: { name: "Gloves", scopeType: "PRODUCT", scopeId: $id, method: "FIXED_OFFSET", value: 100 }) { id } }`,
                    { id: p[3].id },
                );
                ruleId = createPricingRule.id;
            }),
        ).toEqual({ north: [], south: ids(3) });
        const update = (input: Record<string, unknown>) =>
            entriesDuring(() =>
                south(`mutation ($i: UpdatePricingRuleInput!) { updatePricingRule(input: $i) { id } }`, { i: { id: ruleId, ...input } }),
            );
        expect(await update({ value: 150 })).toEqual({ north: [], south: ids(3) });
        expect(await update({ scopeType: 'VARIANT', scopeId: p[2].variants[1].id })).toEqual({ north: [], south: ids(2, 3) });
        expect(await update({ scopeType: 'FACET_VALUE', scopeId: woolId })).toEqual({ north: [], south: ids(2) });
        expect(await update({ scopeType: 'ALL', scopeId: null })).toEqual({ north: [], south: ids(2, 3) });
        expect(await entriesDuring(() => south(`mutation ($id: ID!) { deletePricingRule(id: $id) { result } }`, { id: ruleId }))).toEqual({
            north: [],
            south: ids(2, 3),
        });
    });

    it('a collection pricing rule covers the products of the collection’s variants', async () => {
        const { createCollection } = await asSuperadmin(
            'master-north',
            `mutation ($v: String!) { createCollection(input: { translations: [{ languageCode: en, name: "Tabs", slug: "tabs", description: "" }],
                filters: [{ code: "variant-id-filter", arguments: [{ name: "variantIds", value: $v }, { name: "combineWithAnd", value: "false" }] }] }) { id } }`,
            { v: JSON.stringify([p[1].variants[0].id]) },
        );
        // Collection contents are applied by a job.
        await waitForCollection(createCollection.id, p[1].variants[0].id);
        expect(
            await entriesDuring(() =>
                asSuperadmin(
                    'master-north',
                    `mutation ($id: String!) { createPricingRule(input: { name: "Tabs", scopeType: "COLLECTION", scopeId: $id, method: "FIXED_OFFSET", value: 5 }) { id } }`,
                    { id: createCollection.id },
                ),
            ),
        ).toEqual({ north: ids(1), south: [] });

        // Membership changes (applied by Vendure's job) reprice the variants that entered or left.
        const before = { north: (await feed('north')).lastPosition, south: (await feed('south')).lastPosition };
        await asSuperadmin(
            'master-north',
            `mutation ($id: ID!, $v: String!) { updateCollection(input: { id: $id,
                filters: [{ code: "variant-id-filter", arguments: [{ name: "variantIds", value: $v }, { name: "combineWithAnd", value: "false" }] }] }) { id } }`,
            { id: createCollection.id, v: JSON.stringify([p[0].variants[0].id]) },
        );
        await waitForCollection(createCollection.id, p[0].variants[0].id);
        const entered = async () =>
            ((await feed('north', before.north)).entries as Array<{ masterProductId: string }>)
                .map(e => e.masterProductId)
                .sort((a, b) => Number(a) - Number(b));
        for (let i = 0; i < 100 && (await entered()).length < 2; i++) await new Promise(resolve => setTimeout(resolve, 100));
        // The laptop's variant entered, the tablet's left; the other tenant has no rule on the collection.
        expect(await entered()).toEqual(ids(0, 1));
        expect((await feed('south', before.south)).entries).toEqual([]);
    });

    async function waitForCollection(collectionId: string, variantId: string): Promise<void> {
        for (let i = 0; i < 100; i++) {
            const { collection } = await asSuperadmin(
                'master-north',
                `query ($id: ID!) { collection(id: $id) { productVariants { items { id } } } }`,
                {
                    id: collectionId,
                },
            );
            if (collection.productVariants.items.some((v: { id: string }) => v.id === variantId)) return;
            await new Promise(resolve => setTimeout(resolve, 100));
        }
        throw new Error('the collection never got its variant');
    }

    it('completeness settings and channel languages: all the tenant’s products', async () => {
        const connection = master.server.app.get(TransactionalConnection).rawConnection;
        const tenants = connection.getRepository(Tenant);
        const north = await tenants.findOneByOrFail({ code: 'north' });
        expect(
            await entriesDuring(() =>
                tenants.save({ ...north, settings: { ...north.settings, completeness: { ...north.settings.completeness, minAssets: 2 } } }),
            ),
        ).toEqual({ north: ids(0, 1, 3), south: [] });
        // Saving unchanged settings is no change.
        expect(await entriesDuring(async () => tenants.save(await tenants.findOneByOrFail({ code: 'north' })))).toEqual({
            north: [],
            south: [],
        });

        await asSuperadmin(
            undefined,
            `mutation { updateGlobalSettings(input: { availableLanguages: [en, de] }) { ... on GlobalSettings { id } } }`,
        );
        expect(
            await entriesDuring(() =>
                asSuperadmin(
                    undefined,
                    `mutation ($id: ID!) { updateChannel(input: { id: $id, availableLanguageCodes: [en, de] }) { ... on Channel { id } } }`,
                    {
                        id: channelIds.south,
                    },
                ),
            ),
        ).toEqual({ north: [], south: ids(2, 3) });
    });

    it('changes rolled back in their transaction write nothing, whatever they touch', async () => {
        const connection = master.server.app.get(TransactionalConnection).rawConnection;
        const [newest] = await connection.getRepository(SyncFeedEntry).find({ order: { id: 'DESC' }, take: 1 });
        const positionBefore = newest?.id ?? 0;
        const during = await entriesDuring(async () => {
            await expect(
                connection.transaction(async manager => {
                    const north = await manager.getRepository(Tenant).findOneByOrFail({ code: 'north' });
                    await manager.getRepository(Tenant).save({ ...north, settings: { ...north.settings, pricingRuleSet: 'rolled-back' } });
                    await manager.getRepository(PricingRule).save(
                        new PricingRule({
                            tenantCode: 'south',
                            name: 'never',
                            scopeType: 'ALL',
                            scopeId: null,
                            method: 'FIXED_OFFSET',
                            value: 1,
                        }),
                    );
                    const translation = await manager
                        .getRepository(FacetValueTranslation)
                        .findOneOrFail({ where: { base: { id: woolId } } });
                    await manager.getRepository(FacetValueTranslation).save({ ...translation, name: 'never' });
                    const group = await manager
                        .getRepository(ProductOptionGroupTranslation)
                        .findOneOrFail({ where: { base: { id: p[0].optionGroups[0].id } } });
                    await manager.getRepository(ProductOptionGroupTranslation).save({ ...group, name: 'never' });
                    await manager.getRepository(SupplierPrice).save(
                        new SupplierPrice({
                            tenantCode: 'north',
                            supplierId: supplierId,
                            productVariantId: p[3].variants[0].id,
                            costPrice: 1,
                            currencyCode: CurrencyCode.USD,
                        }),
                    );
                    // Entries were written in the transaction before it failed.
                    expect(await manager.getRepository(SyncFeedEntry).countBy({ id: MoreThan(positionBefore) })).toBeGreaterThan(0);
                    throw new Error('abort');
                }),
            ).rejects.toThrow('abort');
        });
        expect(during).toEqual({ north: [], south: [] });
    });
});
