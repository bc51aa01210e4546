import http from 'node:http';

import { masterApp } from '@entrepreneur-os/master';
import {
    adminCall,
    adminQuery,
    assignToTenant,
    createApiKey,
    graphql,
    placeTestOrder,
    queryEcommerceDatabase,
    startSyncTestPair,
    SyncTestPair,
} from '@entrepreneur-os/testing';
import { SimpleGraphQLClient } from '@vendure/testing';
import gql from 'graphql-tag';
import {
    ApplyProductsInput,
    ProductSnapshot,
    replicatedView,
    replicatedViewHash,
    SNAPSHOT_FIELD_PATHS,
    snapshotFieldRole,
    StockMovement,
} from '@entrepreneur-os/sync-contract';
import { FIELD_CHANGES } from '@entrepreneur-os/sync-contract/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The ecommerce side of the sync, driven by hand: master's real snapshots applied to the real
// ecommerce server through its Admin API with the sync API key.
describe(`sync: applying master's catalog and stock in a shop`, () => {
    let pair: SyncTestPair;
    let snapshots: ProductSnapshot[];

    const ecommerceApi = async <T = any>(query: string, variables: Record<string, unknown> = {}, apiKey = pair.ecommerceApiKey) => {
        const res = await fetch(`${pair.ecommerce.baseUrl}/admin-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'vendure-api-key': apiKey },
            body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    };
    const apply = (input: Partial<ApplyProductsInput>) =>
        ecommerceApi(`mutation ($input: JSON!) { applyProductSnapshots(input: $input) }`, { input });
    const applyOk = async (input: Partial<ApplyProductsInput>) => {
        const res = await apply(input);
        expect(res.errors).toBeUndefined();
        return res.data!.applyProductSnapshots;
    };
    const base = () => ({ tenantCode: 'alpha', assetBaseUrl: `${pair.master.baseUrl}/assets`, removals: [] });
    const shopProducts = async (token: string) =>
        (
            await graphql(
                `${pair.ecommerce.baseUrl}/shop-api?vendure-token=${token}`,
                `
                    {
                        products(options: { sort: { id: ASC } }) {
                            items {
                                name
                                slug
                                featuredAsset {
                                    preview
                                }
                                variants {
                                    sku
                                    price
                                    currencyCode
                                    stockLevel
                                }
                            }
                        }
                    }
                `,
            )
        ).products.items;
    const masterSnapshots = async (tenant: string, ids: string[]) =>
        (
            await adminQuery(
                pair.master.baseUrl,
                pair.masterSuperadmin,
                `master-${tenant}`,
                `query ($ids: [ID!]!) { productSnapshots(masterProductIds: $ids) { masterProductId snapshot reason missing } }`,
                { ids },
            )
        ).productSnapshots;

    beforeAll(async () => {
        pair = await startSyncTestPair(masterApp, 'sync_apply', [{ code: 'alpha' }, { code: 'bravo', currency: 'EUR' }]);
        await assignToTenant(
            pair,
            pair.products.slice(0, 3).map(p => p.id),
            'alpha',
        );
        const results = await masterSnapshots(
            'alpha',
            pair.products.slice(0, 3).map(p => p.id),
        );
        snapshots = results.map((r: { snapshot: ProductSnapshot | null; missing: string[] }) => {
            expect(r.missing).toEqual([]);
            return r.snapshot!;
        });
    }, 400_000);

    afterAll(async () => {
        await pair?.destroy();
    });

    it('applies snapshots to the tenant’s shop with their prices and assets, and to no other shop', async () => {
        const result = await applyOk({ ...base(), snapshots, feedPosition: 7 });
        expect(result).toMatchObject({ applied: 3, stale: 0, removed: 0, position: 7 });
        const shown = await shopProducts('alpha');
        expect(shown.map((p: { slug: string }) => p.slug)).toEqual(snapshots.map(s => s.translations[0].slug));
        const firstVariant = snapshots[0].variants[0];
        expect(shown[0].variants[0]).toMatchObject({
            sku: firstVariant.sku,
            price: firstVariant.price,
            currencyCode: firstVariant.currencyCode,
        });
        expect(shown.every((p: { featuredAsset: unknown }) => p.featuredAsset)).toBe(true);
        expect(await shopProducts('bravo')).toEqual([]);
        // Nor in the default channel, whose Shop API anyone can query.
        expect(
            (
                await graphql(
                    `${pair.ecommerce.baseUrl}/shop-api`,
                    `
                        {
                            products {
                                totalItems
                            }
                        }
                    `,
                )
            ).products.totalItems,
        ).toBe(0);
        const inbox = await ecommerceApi(`query { syncInbox(tenantCode: "alpha") }`);
        expect(inbox.data.syncInbox.positions).toContainEqual(expect.objectContaining({ stream: 'catalog', position: 7 }));
    });

    it('an asset file is stored once, whichever tenants show it, even when both (and one twice over) apply at the same moment', async () => {
        const assetCount = async () =>
            (await adminQuery(pair.ecommerce.baseUrl, pair.ecommerceSuperadmin, undefined, `{ assets { totalItems } }`)).assets.totalItems;
        const before = await assetCount();
        const shared = pair.products[4].id;
        await assignToTenant(pair, [shared], 'alpha');
        await assignToTenant(pair, [shared], 'bravo');
        const [[forAlpha], [forBravo]] = [await masterSnapshots('alpha', [shared]), await masterSnapshots('bravo', [shared])];
        const hashes = new Set(
            [...forAlpha.snapshot.assets, ...forBravo.snapshot.assets].map((a: { contentHash: string }) => a.contentHash),
        );
        // bravo's three applies add the same files to its channel at once (before its lock is taken).
        const results = await Promise.all([
            apply({ ...base(), snapshots: [forAlpha.snapshot] }),
            ...[1, 2, 3].map(() => apply({ ...base(), tenantCode: 'bravo', snapshots: [forBravo.snapshot] })),
        ]);
        expect(results.map(r => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
        const newHashes = [...hashes].filter(h => !snapshots.some(s => s.assets.some(x => x.contentHash === h)));
        expect(await assetCount()).toBe(before + newHashes.length);
        for (const token of ['alpha', 'bravo']) {
            const shown = (await shopProducts(token)).find((p: { slug: string }) => p.slug === forAlpha.snapshot.translations[0].slug);
            expect(shown.featuredAsset).toBeTruthy();
        }
        // Taken out again: the later tests count alpha's products.
        for (const [tenantCode, r] of [
            ['alpha', forAlpha],
            ['bravo', forBravo],
        ] as const)
            await applyOk({
                ...base(),
                tenantCode,
                snapshots: [],
                removals: [{ masterProductId: shared, version: r.snapshot.version + 1, reason: 'NOT_IN_CATALOG' }],
            });
    });

    it('a replayed or older snapshot changes nothing; the checkpoint never goes back', async () => {
        const before = await shopProducts('alpha');
        expect(await applyOk({ ...base(), snapshots, feedPosition: 3 })).toMatchObject({ applied: 0, stale: 3, position: 7 });
        const older = {
            ...snapshots[0],
            version: snapshots[0].version - 1,
            translations: [{ ...snapshots[0].translations[0], name: 'Old name' }],
        };
        expect(await applyOk({ ...base(), snapshots: [older] })).toMatchObject({ applied: 0, stale: 1 });
        expect(await shopProducts('alpha')).toEqual(before);
    });

    it('a newer snapshot updates the product in place: name, price, no duplicates', async () => {
        const renamed: ProductSnapshot = {
            ...snapshots[0],
            version: snapshots[0].version + 100,
            translations: snapshots[0].translations.map(t => ({ ...t, name: `${t.name} II` })),
            variants: snapshots[0].variants.map(v => ({ ...v, price: v.price + 500 })),
        };
        expect(await applyOk({ ...base(), snapshots: [renamed] })).toMatchObject({ applied: 1 });
        const shown = await shopProducts('alpha');
        expect(shown).toHaveLength(3);
        expect(shown[0].name).toBe(`${snapshots[0].translations[0].name} II`);
        expect(shown[0].variants.map((v: { price: number }) => v.price)).toEqual(renamed.variants.map(v => v.price));
        snapshots[0] = renamed;
    });

    it('a bad snapshot is refused on its own with its path named (the data’s fault) while the rest applies; a malformed call is refused as a whole', async () => {
        const before = await shopProducts('alpha');
        const broken = { ...snapshots[1], version: snapshots[1].version + 100, variants: [{ ...snapshots[1].variants[0], price: -1 }] };
        const fresh = {
            ...snapshots[2],
            version: snapshots[2].version + 100,
            translations: [{ ...snapshots[2].translations[0], name: 'Applied next to a refused one' }],
        };
        const otherTenant = { ...snapshots[0], version: snapshots[0].version + 100, tenantCode: 'bravo' };
        const answer = await applyOk({ ...base(), snapshots: [fresh, broken, otherTenant], feedPosition: 50 });
        expect(answer).toMatchObject({ committed: true, applied: 1, position: 50 });
        expect(answer.outcomes).toEqual([
            { key: fresh.masterProductId, status: 'APPLIED' },
            {
                key: broken.masterProductId,
                status: 'REFUSED',
                refusal: { code: 'INVALID_ITEM', fault: 'DATA', message: expect.stringMatching(/snapshots\[1\]\.variants\[0\]\.price/) },
            },
            {
                key: otherTenant.masterProductId,
                status: 'REFUSED',
                refusal: { code: 'WRONG_TENANT', fault: 'DATA', message: expect.stringMatching(/tenantCode: bravo/) },
            },
        ]);
        // Re-read: only the good one changed; the refused ones are as they were.
        const after = await shopProducts('alpha');
        expect(after.map((p: { name: string }) => p.name)).toEqual(
            before.map((p: { name: string }, i: number) => (i === 2 ? 'Applied next to a refused one' : p.name)),
        );
        expect(after[1]).toEqual(before[1]);
        expect(after[0]).toEqual(before[0]);
        snapshots[2] = fresh;

        const refusedCall = async (input: Partial<ApplyProductsInput>) => (await apply(input)).errors?.[0];
        expect(await refusedCall({ ...base(), tenantCode: 'nobody', snapshots: [] })).toMatchObject({
            message: expect.stringMatching(/tenantCode nobody/),
            extensions: { code: 'USER_INPUT_ERROR' },
        });
        expect((await refusedCall({ ...base(), assetBaseUrl: 'file:///etc', snapshots: [] }))?.message).toMatch(/assetBaseUrl/);
        expect((await refusedCall({ ...base(), snapshots: [fresh], feedPosition: -3 }))?.message).toMatch(/feedPosition/);
        expect(await shopProducts('alpha')).toEqual(after);
        expect((await ecommerceApi(`query { syncInbox(tenantCode: "alpha") }`, {}, 'wrong-key')).errors?.[0].extensions?.code).toBe(
            'FORBIDDEN',
        );
        const staffKey = await shopStaffToken();
        const asStaff = await adminCall(
            pair.ecommerce.baseUrl,
            staffKey,
            'alpha',
            `mutation ($i: JSON!) { applyProductSnapshots(input: $i) }`,
            {
                i: { ...base(), snapshots: [fresh] },
            },
        );
        expect(asStaff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('replicated fields are read-only for shop staff, shop-local ones stay editable', async () => {
        const staff = await shopStaffToken();
        const { products } = await adminQuery(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `{ products(options: { sort: { id: ASC } }) { items { id variants { id } } } }`,
        );
        const [product] = products.items;
        // A refusal proves nothing unless the field is unchanged in the shop's tables afterwards.
        const replicatedFields = async () => ({
            names: await queryEcommerceDatabase(
                pair,
                `SELECT "languageCode", name FROM product_translation WHERE "baseId" = ${Number(product.id)} ORDER BY id`,
            ),
            prices: await queryEcommerceDatabase(
                pair,
                `SELECT "variantId", "channelId", "currencyCode", price FROM product_variant_price
                 WHERE "variantId" IN (${product.variants.map((v: { id: string }) => Number(v.id)).join(',')}) ORDER BY id`,
            ),
            deletedAt: (await queryEcommerceDatabase(pair, `SELECT "deletedAt" FROM product WHERE id = ${Number(product.id)}`))[0]
                .deletedAt,
        });
        const unchanged = await replicatedFields();
        expect(unchanged.names.length && unchanged.prices.length && unchanged.deletedAt === null).toBe(true);
        const rename = await adminCall(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Local name" }] }) { id } }`,
            { id: product.id },
        );
        expect(rename.errors?.[0].message).toMatch(/translations of product .* replicated from master .* read-only/);
        expect(await replicatedFields()).toEqual(unchanged);
        const price = await adminCall(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `mutation ($id: ID!) { updateProductVariants(input: [{ id: $id, price: 1 }]) { id } }`,
            { id: product.variants[0].id },
        );
        expect(price.errors?.[0].message).toMatch(/price of variant/);
        expect(await replicatedFields()).toEqual(unchanged);
        // Not even a superadmin of the shop deletes a replicated product: master decides.
        expect(
            (
                await adminCall(
                    pair.ecommerce.baseUrl,
                    pair.ecommerceSuperadmin,
                    'alpha',
                    `mutation ($id: ID!) { deleteProduct(id: $id) { result } }`,
                    {
                        id: product.id,
                    },
                )
            ).errors?.[0].message,
        ).toMatch(/change it in master/);
        expect(await replicatedFields()).toEqual(unchanged);
        const local = await adminCall(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: false, customFields: { shopSeoTitle: "Local SEO" } }) { enabled customFields { shopSeoTitle } } }`,
            { id: product.id },
        );
        expect(local.errors).toBeUndefined();
        expect(local.data.updateProduct).toEqual({ enabled: false, customFields: { shopSeoTitle: 'Local SEO' } });
        // The shop's choice survives a sync that does not change master's own switch.
        snapshots[0] = {
            ...snapshots[0],
            version: snapshots[0].version + 1,
            translations: snapshots[0].translations.map(t => ({ ...t, description: 'new' })),
        };
        await applyOk({ ...base(), snapshots: [snapshots[0]] });
        const after = await adminQuery(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `query ($id: ID!) { product(id: $id) { enabled description } }`,
            {
                id: product.id,
            },
        );
        expect(after.product).toEqual({ enabled: false, description: 'new' });
        await adminQuery(
            pair.ecommerce.baseUrl,
            staff,
            'alpha',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: true }) { id } }`,
            {
                id: product.id,
            },
        );
    });

    it('master stock movements are applied once each, and wait for a variant not yet in the shop', async () => {
        const movement = (key: string, variant: { masterVariantId: string; sku: string }, delta: number): StockMovement => ({
            idempotencyKey: key,
            tenantCode: 'alpha',
            origin: 'master',
            reason: 'PURCHASE_RECEIPT',
            masterVariantId: variant.masterVariantId,
            sku: variant.sku,
            delta,
            sourceRef: 'PO-1',
            occurredAt: new Date().toISOString(),
        });
        const applyMovements = (movements: StockMovement[], feedPosition?: number) =>
            ecommerceApi(
                `mutation ($m: [JSON!]!, $p: Int) { applyMasterStockMovements(tenantCode: "alpha", movements: $m, feedPosition: $p) }`,
                {
                    m: movements,
                    p: feedPosition,
                },
            );
        const [v] = snapshots[1].variants;
        expect(await stockOf(v.masterVariantId)).toEqual({ onHand: 0, allocated: 0 });
        const first = await applyMovements([movement('po-1:1', v, 5), movement('po-1:1', v, 5)], 11);
        expect(first.data.applyMasterStockMovements).toMatchObject({ applied: 1, duplicates: 1, pending: 0, position: 11 });
        expect((await applyMovements([movement('po-1:1', v, 5)])).data.applyMasterStockMovements).toMatchObject({
            applied: 0,
            duplicates: 1,
        });
        expect(await stockOf(v.masterVariantId)).toEqual({ onHand: 5, allocated: 0 });
        const bad = await applyMovements([movement('po-1:2', v, 0)]);
        expect(bad.data.applyMasterStockMovements).toMatchObject({
            committed: true,
            applied: 0,
            outcomes: [
                {
                    key: 'po-1:2',
                    status: 'REFUSED',
                    refusal: { code: 'INVALID_ITEM', fault: 'DATA', message: expect.stringMatching(/movements\[0\]\.delta/) },
                },
            ],
        });

        // A variant the shop does not have yet: held, then applied when its product arrives.
        await assignToTenant(pair, [pair.products[3].id], 'alpha');
        const [late] = await masterSnapshots('alpha', [pair.products[3].id]);
        const pending = await applyMovements([movement('po-2:1', late.snapshot.variants[0], 3)]);
        expect(pending.data.applyMasterStockMovements).toMatchObject({ applied: 0, pending: 1 });
        await applyOk({ ...base(), snapshots: [late.snapshot] });
        expect(await stockOf(late.snapshot.variants[0].masterVariantId)).toEqual({ onHand: 3, allocated: 0 });
        // Replayed once it was applied: still 3.
        expect((await applyMovements([movement('po-2:1', late.snapshot.variants[0], 3)])).data.applyMasterStockMovements).toMatchObject({
            applied: 0,
            duplicates: 1,
        });
        expect(await stockOf(late.snapshot.variants[0].masterVariantId)).toEqual({ onHand: 3, allocated: 0 });
    });

    it('an order placed in the shop feeds a sale back to master and an order summary; movements from master are not echoed', async () => {
        const [v] = snapshots[1].variants;
        const shop = new SimpleGraphQLClient(pair.master.config, `${pair.ecommerce.baseUrl}/shop-api`);
        shop.setChannelToken('alpha');
        const { products } = await shop.query(gql`
            {
                products {
                    items {
                        variants {
                            id
                            sku
                        }
                    }
                }
            }
        `);
        const variantId = products.items
            .flatMap((p: { variants: Array<{ id: string; sku: string }> }) => p.variants)
            .find((x: { sku: string }) => x.sku === v.sku).id;
        const order = await placeTestOrder(shop, [{ variantId, quantity: 2 }]);
        expect(await stockOf(v.masterVariantId)).toEqual({ onHand: 5, allocated: 2 });
        const feed = await ecommerceApi(`query { shopStockMovements(tenantCode: "alpha", after: 0) }`);
        expect(feed.errors).toBeUndefined();
        const movements: Array<StockMovement & { position: number }> = feed.data.shopStockMovements.movements;
        expect(movements).toEqual([
            expect.objectContaining({
                origin: 'ecommerce',
                reason: 'SALE',
                delta: -2,
                masterVariantId: v.masterVariantId,
                sourceRef: order.code,
            }),
        ]);
        expect(feed.data.shopStockMovements.lastPosition).toBe(movements[0].position);
        const summaries = (await ecommerceApi(`query { orderStatusFeed(tenantCode: "alpha", after: 0) }`)).data.orderStatusFeed.summaries;
        expect(summaries).toEqual([
            expect.objectContaining({
                orderCode: order.code,
                state: expect.stringMatching(/^Payment(Settled|Authorized)$/),
                totalWithTax: order.totalWithTax,
                lines: [expect.objectContaining({ masterVariantId: v.masterVariantId, sku: v.sku, quantity: 2 })],
            }),
        ]);
        expect(
            (await ecommerceApi(`query { shopStockMovements(tenantCode: "bravo", after: 0) }`)).data.shopStockMovements.movements,
        ).toEqual([]);
        expect((await ecommerceApi(`query { orderStatusFeed(tenantCode: "bravo", after: 0) }`)).data.orderStatusFeed.summaries).toEqual([]);
        expect((await ecommerceApi(`query { orderStatusFeed(tenantCode: "alpha", after: -1) }`)).errors?.[0].message).toMatch(/after/);
    });

    it('removals take products out of the shop; a removal before the product arrives is kept as a tombstone', async () => {
        const target = snapshots[2];
        expect(
            await applyOk({
                ...base(),
                snapshots: [],
                removals: [{ masterProductId: target.masterProductId, version: target.version + 1000, reason: 'DELETED' }],
            }),
        ).toMatchObject({ removed: 1 });
        expect((await shopProducts('alpha')).map((p: { slug: string }) => p.slug)).not.toContain(target.translations[0].slug);
        // An older snapshot arriving late does not bring it back.
        expect(await applyOk({ ...base(), snapshots: [target] })).toMatchObject({ stale: 1, applied: 0 });
        const replicas = await ecommerceApi(`query { replicatedProducts(tenantCode: "alpha") }`);
        expect(replicas.data.replicatedProducts.items.map((r: { masterProductId: string }) => r.masterProductId)).not.toContain(
            target.masterProductId,
        );
    });

    it('two tenants applying at once: every apply that answered success is kept, data and checkpoint', async () => {
        const bravoProduct = pair.products[3].id;
        await assignToTenant(pair, [bravoProduct], 'bravo');
        const [{ snapshot: forBravo }] = await masterSnapshots('bravo', [bravoProduct]);
        const alphaProduct = snapshots[0];
        const catalogPosition = async (tenantCode: string) =>
            (await ecommerceApi(`query ($t: String!) { syncInbox(tenantCode: $t) }`, { t: tenantCode })).data.syncInbox.positions.find(
                (p: { stream: string }) => p.stream === 'catalog',
            ).position as number;
        const renamed = (snapshot: ProductSnapshot, round: number): ProductSnapshot => ({
            ...snapshot,
            version: snapshot.version + 2000 + round,
            translations: snapshot.translations.map(t => ({ ...t, name: `${t.name} (round ${round})` })),
        });
        // A new product whose variant names an option its groups lack: refused (bad data) while the others apply.
        const failsInside = (round: number): ProductSnapshot => ({
            ...(forBravo as ProductSnapshot),
            masterProductId: `9${round}000`,
            version: 1,
            translations: (forBravo as ProductSnapshot).translations.map(t => ({ ...t, slug: `${t.slug}-broken-${round}` })),
            variants: (forBravo as ProductSnapshot).variants.map(v => ({
                ...v,
                sku: `${v.sku}-B${round}`,
                masterVariantId: `9${round}00${v.masterVariantId}`,
                optionCodes: ['no-such-option'],
            })),
        });
        for (let round = 1; round <= 6; round++) {
            const feedPosition = 2000 + round;
            const [failed, ...results] = await Promise.all([
                apply({ ...base(), tenantCode: 'bravo', snapshots: [failsInside(round)] }),
                apply({ ...base(), snapshots: [renamed(alphaProduct, round)], feedPosition }),
                apply({ ...base(), tenantCode: 'bravo', snapshots: [renamed(forBravo as ProductSnapshot, round)], feedPosition }),
            ]);
            expect(failed.errors).toBeUndefined();
            expect(failed.data.applyProductSnapshots.outcomes).toEqual([
                expect.objectContaining({
                    status: 'REFUSED',
                    refusal: expect.objectContaining({
                        code: 'INVALID_ITEM',
                        message: expect.stringMatching(/no-such-option is in none of the product's option groups/),
                    }),
                }),
            ]);
            expect(results.map(r => r.errors)).toEqual([undefined, undefined]);
            expect([await catalogPosition('alpha'), await catalogPosition('bravo')]).toEqual([feedPosition, feedPosition]);
            const names = [...(await shopProducts('alpha')), ...(await shopProducts('bravo'))].map((p: { name: string }) => p.name);
            expect(names).toContain(`${alphaProduct.translations[0].name} (round ${round})`);
            expect(names).toContain(`${(forBravo as ProductSnapshot).translations[0].name} (round ${round})`);
        }
    });

    it('two tenants bringing the same new facet at once both succeed (facets are shared by the shops of a server)', async () => {
        const bravoProduct = pair.products[3].id;
        await assignToTenant(pair, [bravoProduct], 'bravo');
        const [{ snapshot: forBravo }] = await masterSnapshots('bravo', [bravoProduct]);
        const withFacet = (snapshot: ProductSnapshot, round: number): ProductSnapshot => ({
            ...snapshot,
            version: snapshot.version + 3000 + round,
            facetValues: [
                ...snapshot.facetValues,
                {
                    facetCode: `season-${round}`,
                    code: 'winter',
                    translations: [{ languageCode: 'en', name: 'Winter' }],
                    facetTranslations: [{ languageCode: 'en', name: 'Season' }],
                },
            ],
        });
        for (let round = 1; round <= 4; round++) {
            const results = await Promise.all([
                apply({ ...base(), snapshots: [withFacet(snapshots[0], round)] }),
                apply({ ...base(), tenantCode: 'bravo', snapshots: [withFacet(forBravo as ProductSnapshot, round)] }),
            ]);
            expect(
                results.map(r => r.errors?.[0].message),
                `round ${round}`,
            ).toEqual([undefined, undefined]);
        }
        const { facets } = await adminQuery(
            pair.ecommerce.baseUrl,
            pair.ecommerceSuperadmin,
            'alpha',
            `{ facets(options: { filter: { code: { contains: "season-" } } }) { items { code values { code } } } }`,
        );
        expect(facets.items.map((f: { code: string }) => f.code).sort()).toEqual(['season-1', 'season-2', 'season-3', 'season-4']);
        expect(facets.items.every((f: { values: unknown[] }) => f.values.length === 1)).toBe(true);
    });

    it('field coverage: a change of every replicated field reaches the shop through both writers and reads back as master’s view', async () => {
        const [{ snapshot: source }] = await masterSnapshots('alpha', [pair.products[0].id]);
        // Copies under ids of their own, so that every field is tried on a product the shop never held
        // (the bulk creator) and on one it holds (the product writer).
        const copy = (s: ProductSnapshot, n: number): ProductSnapshot => ({
            ...s,
            masterProductId: String(90_000 + n),
            version: 1,
            translations: s.translations.map(t => ({ ...t, slug: `${t.slug}-field-${n}` })),
            variants: s.variants.map(v => ({ ...v, masterVariantId: `${90_000 + n}${v.masterVariantId}` })),
        });
        const viewHashes = async () =>
            new Map<string, string | null>(
                (await ecommerceApi(`query { replicatedProducts(tenantCode: "alpha", take: 5000) }`)).data.replicatedProducts.items.map(
                    (i: { masterProductId: string; viewHash: string | null }) => [i.masterProductId, i.viewHash],
                ),
            );
        const masterView = (s: ProductSnapshot) => replicatedViewHash(replicatedView(s));
        const channel = (
            await adminQuery(pair.ecommerce.baseUrl, pair.ecommerceSuperadmin, 'alpha', `{ activeChannel { id defaultCurrencyCode } }`)
        ).activeChannel;
        const sellIn = (defaultCurrencyCode: string) =>
            adminQuery(
                pair.ecommerce.baseUrl,
                pair.ecommerceSuperadmin,
                'alpha',
                `mutation ($i: UpdateChannelInput!) { updateChannel(input: $i) { ... on Channel { id } } }`,
                {
                    i: { id: channel.id, defaultCurrencyCode, availableCurrencyCodes: ['USD', 'EUR'] },
                },
            );
        const paths = SNAPSHOT_FIELD_PATHS.filter(path => snapshotFieldRole(path).role !== 'envelope');
        const misses: string[] = [];
        const copies: string[] = [];
        for (const [i, path] of paths.entries()) {
            const change = FIELD_CHANGES[path]!;
            const held = copy(source, 2 * i);
            await applyOk({ ...base(), snapshots: [held] });
            const changedOver = { ...change(held), version: 2 };
            const created = change(copy(source, 2 * i + 1));
            // A currency the shop sells in: the tenant's channel is switched to it for this field.
            if (path === 'variants.currencyCode') await sellIn(created.variants[0].currencyCode);
            const answer = await applyOk({ ...base(), snapshots: [changedOver, created] });
            expect(
                answer.outcomes.map((o: { status: string }) => o.status),
                path,
            ).toEqual(['APPLIED', 'APPLIED']);
            const hashes = await viewHashes();
            if (hashes.get(changedOver.masterProductId) !== masterView(changedOver)) misses.push(`${path} (product writer)`);
            if (hashes.get(created.masterProductId) !== masterView(created)) misses.push(`${path} (bulk creator)`);
            if (path === 'variants.currencyCode') await sellIn(channel.defaultCurrencyCode);
            copies.push(changedOver.masterProductId, created.masterProductId);
        }
        expect(misses).toEqual([]);
        await applyOk({ ...base(), snapshots: [], removals: copies.map(id => ({ masterProductId: id, version: 3, reason: 'DELETED' })) });
    });

    it('a body over 100 kB is read only for the sync operations, after the API key is checked: an unauthenticated 50 MB POST is refused unread', async () => {
        const url = new URL(`${pair.ecommerce.baseUrl}/admin-api`);
        /** Announces `announced` bytes, sends only the first 64 kB, and waits for an answer. */
        const announceLargeBody = (headers: Record<string, string>, announced = 50 * 1024 * 1024) =>
            new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
                const chunk = Buffer.alloc(64 * 1024, ' ');
                const req = http.request(url, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json', 'content-length': String(announced), ...headers },
                });
                req.on('response', res => {
                    let body = '';
                    res.on('data', (d: Buffer) => (body += d.toString()));
                    res.on('end', () => {
                        resolve({ status: res.statusCode ?? 0, body, sent: chunk.length });
                        req.destroy();
                    });
                });
                req.on('error', reject);
                req.write(chunk);
                setTimeout(() => reject(new Error('no answer within 10 s: the server waited for the body')), 10_000).unref();
            });
        const anonymous = await announceLargeBody({});
        expect(anonymous.status).toBe(413);
        expect(JSON.parse(anonymous.body).errors[0].message).toMatch(
            /a request body over 100 kB is only accepted for sync operations sent with an API key holding SyncTenantShops; this one has none \(the body was not read\)/,
        );
        const readCatalogKey = await createApiKey(pair.ecommerce.baseUrl, pair.ecommerceSuperadmin, 'read-only', ['ReadCatalog']);
        expect((await announceLargeBody({ 'vendure-api-key': readCatalogKey })).status).toBe(413);
        expect((await announceLargeBody({ 'vendure-api-key': 'not-a-key' })).status).toBe(413);

        // The sync key: a large call of a sync operation is read and applied, any other large call refused.
        const padding = ' '.repeat(300 * 1024);
        const large = async (query: string, variables: Record<string, unknown>) => {
            const res = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'vendure-api-key': pair.ecommerceApiKey },
                body: JSON.stringify({ query: `${query}${padding}`, variables }),
            });
            return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string }> } };
        };
        const sync = await large(`mutation ($input: JSON!) { applyProductSnapshots(input: $input) }`, {
            input: { ...base(), snapshots: [] },
        });
        expect(sync.status).toBe(200);
        expect(sync.body.data.applyProductSnapshots).toMatchObject({ committed: true, outcomes: [] });
        const other = await large(`query { syncInbox(tenantCode: "alpha") }`, {});
        expect(other.status).toBe(413);
        expect(other.body.errors?.[0].message).toMatch(/only accepted for applyProductSnapshots and applyMasterStockMovements/);
    });

    /** A replicated variant's stock in alpha's shop, from its tables: exact numbers, not `IN_STOCK`. */
    async function stockOf(masterVariantId: string): Promise<{ onHand: number; allocated: number }> {
        const [row] = await queryEcommerceDatabase<{ onHand: string | null; allocated: string | null }>(
            pair,
            `SELECT sum(sl."stockOnHand") AS "onHand", sum(sl."stockAllocated") AS allocated FROM eos_replica_variant rv
             JOIN stock_level sl ON sl."productVariantId" = rv."variantId"
             WHERE rv."tenantCode" = 'alpha' AND rv."masterVariantId" = '${masterVariantId}'`,
        );
        return { onHand: Number(row.onHand), allocated: Number(row.allocated) };
    }

    async function shopStaffToken(): Promise<string> {
        const email = `staff-${Date.now()}@alpha.test`;
        const { roles } = await adminQuery(
            pair.ecommerce.baseUrl,
            pair.ecommerceSuperadmin,
            undefined,
            `{ roles(options: { filter: { code: { eq: "alpha-shop-staff" } } }) { items { id } } }`,
        );
        await adminQuery(
            pair.ecommerce.baseUrl,
            pair.ecommerceSuperadmin,
            undefined,
            `mutation ($i: CreateAdministratorInput!) { createAdministrator(input: $i) { id } }`,
            {
                i: { emailAddress: email, password: 'staff-password', firstName: 'Staff', lastName: 'Alpha', roleIds: [roles.items[0].id] },
            },
        );
        const res = await fetch(`${pair.ecommerce.baseUrl}/admin-api?vendure-token=alpha`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
                query: `mutation ($u: String!) { login(username: $u, password: "staff-password") { ... on CurrentUser { id } } }`,
                variables: { u: email },
            }),
        });
        return res.headers.get('vendure-auth-token')!;
    }
});
