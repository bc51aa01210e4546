import { masterApp } from '@entrepreneur-os/master';
import {
    adminQuery,
    assignToTenant,
    graphql,
    placeTestOrder,
    prepareSidecar,
    queryEcommerceDatabase,
    receivePurchaseOrder,
    startSyncTestPair,
    SyncTestPair,
    TestSidecar,
    waitFor,
} from '@entrepreneur-os/testing';
import { signPush } from '@entrepreneur-os/sync-contract';
import { SimpleGraphQLClient } from '@vendure/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The whole sync with real parts: master, ecommerce and the real sidecar process (BullMQ with
// TEST_WITH_SERVICES, the in-process loop otherwise), changes made through master's Admin API and
// checked through the ecommerce Shop and Admin APIs.
describe(`sync: master → shops through the sidecar`, () => {
    let pair: SyncTestPair;
    let sidecar: TestSidecar;

    const inMaster = (tenant: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
        adminQuery(pair.master.baseUrl, pair.masterSuperadmin, tenant && `master-${tenant}`, query, variables);
    const inShopAdmin = (tenant: string, query: string, variables: Record<string, unknown> = {}) =>
        adminQuery(pair.ecommerce.baseUrl, pair.ecommerceSuperadmin, tenant, query, variables);
    const shopQuery = (tenant: string, query: string, variables: Record<string, unknown> = {}, languageCode?: string) =>
        graphql(
            `${pair.ecommerce.baseUrl}/shop-api?vendure-token=${tenant}${languageCode ? `&languageCode=${languageCode}` : ''}`,
            query,
            variables,
        );
    const shopProducts = async (tenant: string, languageCode?: string) =>
        (
            await shopQuery(
                tenant,
                `{ products(options: { sort: { id: ASC }, take: 100 }) { items { name slug description featuredAsset { name } variants { sku price currencyCode } } } }`,
                {},
                languageCode,
            )
        ).products.items as Array<{
            name: string;
            slug: string;
            description: string;
            featuredAsset: { name: string } | null;
            variants: Array<{ sku: string; price: number; currencyCode: string }>;
        }>;
    /** Master's prices for the tenant, as the PIM's pricing module computes them. */
    const tenantPrices = async (tenant: string) =>
        new Map<string, number>(
            (await inMaster(tenant, `{ previewTenantPrices { sku price } }`)).previewTenantPrices.map(
                (p: { sku: string; price: number }) => [p.sku, p.price],
            ),
        );
    const until = <T>(what: string, check: () => Promise<T | undefined | false>) =>
        waitFor(what, check, { timeoutMs: 60_000, intervalMs: 100 });

    beforeAll(async () => {
        pair = await startSyncTestPair(masterApp, 'sync_sidecar', [{ code: 'alpha' }, { code: 'bravo', currency: 'EUR' }]);
        sidecar = await prepareSidecar(pair, 'a-test-push-secret-of-some-length');
        await sidecar.start();
        await assignToTenant(
            pair,
            pair.products.slice(0, 3).map(p => p.id),
            'alpha',
        );
        await assignToTenant(
            pair,
            pair.products.slice(2, 4).map(p => p.id),
            'bravo',
        );
    }, 400_000);

    // What the sidecar and the shop printed is the only record of why a change did not arrive.
    afterEach(({ task }) => {
        if (task.result?.state !== 'fail') return;
        console.log(`sidecar output:\n${sidecar?.process?.output().slice(-6000)}`);
        console.log(`ecommerce output:\n${pair?.ecommerceProcess?.output().slice(-6000)}`);
    });

    afterAll(async () => {
        await sidecar?.stop();
        await pair?.destroy();
    });

    it("each tenant's catalog reaches its own shop with its own prices, and no other", async () => {
        const alphaSkus = pair.products.slice(0, 3).flatMap(p => p.variants.map(v => v.sku));
        const bravoSkus = pair.products.slice(2, 4).flatMap(p => p.variants.map(v => v.sku));
        await until('alpha and bravo to hold their catalogs', async () => {
            const [a, b] = [await shopProducts('alpha'), await shopProducts('bravo')];
            return a.length === 3 && b.length === 2;
        });
        const [alpha, bravo] = [await shopProducts('alpha'), await shopProducts('bravo')];
        expect(alpha.flatMap(p => p.variants.map(v => v.sku)).sort()).toEqual([...alphaSkus].sort());
        expect(bravo.flatMap(p => p.variants.map(v => v.sku)).sort()).toEqual([...bravoSkus].sort());
        const [alphaPrices, bravoPrices] = [await tenantPrices('alpha'), await tenantPrices('bravo')];
        for (const v of alpha.flatMap(p => p.variants)) expect([v.price, v.currencyCode]).toEqual([alphaPrices.get(v.sku), 'USD']);
        for (const v of bravo.flatMap(p => p.variants)) expect([v.price, v.currencyCode]).toEqual([bravoPrices.get(v.sku), 'EUR']);
    });

    it('an edit in master is pushed to the shop that holds the product, not to others', async () => {
        const [shared] = pair.products.slice(2, 3);
        await inMaster(
            undefined,
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Shared, renamed" }] }) { id } }`,
            {
                id: shared.id,
            },
        );
        await until('both shops to show the new name', async () => {
            const names = [...(await shopProducts('alpha')), ...(await shopProducts('bravo'))].map(p => p.name);
            return names.filter(n => n === 'Shared, renamed').length === 2;
        });
        const [first] = pair.products;
        await inMaster(
            'alpha',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Alpha only" }] }) { id } }`,
            {
                id: first.id,
            },
        );
        await until('alpha to show it', async () => (await shopProducts('alpha')).some(p => p.name === 'Alpha only'));
        expect((await shopProducts('bravo')).some(p => p.name === 'Alpha only')).toBe(false);
    });

    it('translations, re-pricing by a pricing rule and asset changes arrive', async () => {
        const [first] = pair.products;
        await inMaster(
            'alpha',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: de, name: "Nur Alpha", slug: "nur-alpha", description: "Deutsch" }] }) { id } }`,
            {
                id: first.id,
            },
        );
        await until('the German name in alpha', async () => (await shopProducts('alpha', 'de')).some(p => p.name === 'Nur Alpha'));

        await inMaster('alpha', `mutation ($i: CreatePricingRuleInput!) { createPricingRule(input: $i) { id } }`, {
            i: { name: 'Double', method: 'MULTIPLIER_ON_PRICE', value: 2, scopeType: 'ALL' },
        });
        const repriced = await tenantPrices('alpha');
        await until('alpha prices to follow the rule', async () =>
            (await shopProducts('alpha')).flatMap(p => p.variants).every(v => v.price === repriced.get(v.sku)),
        );
        const bravoPrices = await tenantPrices('bravo');
        expect((await shopProducts('bravo')).flatMap(p => p.variants).every(v => v.price === bravoPrices.get(v.sku))).toBe(true);

        const { assets } = await inMaster(undefined, `{ assets { items { id name } } }`);
        const current = (await shopProducts('alpha'))[0].featuredAsset?.name;
        const other = assets.items.find((a: { name: string }) => a.name !== current);
        await inMaster(
            undefined,
            `mutation ($id: ID!, $a: ID!) { updateProduct(input: { id: $id, featuredAssetId: $a, assetIds: [$a] }) { id } }`,
            {
                id: first.id,
                a: other.id,
            },
        );
        await until('the new featured asset in alpha', async () => (await shopProducts('alpha'))[0].featuredAsset?.name === other.name);
    });

    it('an incomplete product is not synced until it is complete; a deleted one leaves the shop', async () => {
        const { createProduct } = await inMaster(
            'alpha',
            `mutation { createProduct(input: { translations: [{ languageCode: en, name: "Half done", slug: "half-done", description: "" }] }) { id } }`,
        );
        await inMaster(
            'alpha',
            `mutation ($p: ID!) { createProductVariants(input: [{ productId: $p, sku: "HALF-1", price: 1000, translations: [{ languageCode: en, name: "Half" }] }]) { id } }`,
            {
                p: createProduct.id,
            },
        );
        const { syncFeed } = await inMaster(undefined, `query { syncFeed(tenantCode: "alpha", after: 0, take: 1000) { lastPosition } }`);
        await until('the sidecar to catch up with alpha', async () => {
            const { syncStatus } = await inMaster(undefined, `{ syncStatus { tenantCode stream appliedPosition } }`);
            return syncStatus.some(
                (s: { tenantCode: string; stream: string; appliedPosition: number }) =>
                    s.tenantCode === 'alpha' && s.stream === 'catalog' && s.appliedPosition >= syncFeed.lastPosition,
            );
        });
        expect((await shopProducts('alpha')).some(p => p.slug === 'half-done')).toBe(false);
        const { assets } = await inMaster(undefined, `{ assets { items { id } } }`);
        await inMaster(
            'alpha',
            `mutation ($id: ID!, $a: ID!) { updateProduct(input: { id: $id, featuredAssetId: $a, assetIds: [$a], translations: [{ languageCode: en, description: "Now complete" }] }) { id } }`,
            {
                id: createProduct.id,
                a: assets.items[0].id,
            },
        );
        await until('the completed product in alpha', async () => (await shopProducts('alpha')).some(p => p.slug === 'half-done'));

        await inMaster('alpha', `mutation ($id: ID!) { deleteProduct(id: $id) { result } }`, { id: createProduct.id });
        await until('the deleted product to leave alpha', async () => !(await shopProducts('alpha')).some(p => p.slug === 'half-done'));
    });

    it('an order in the shop lowers master’s stock by a movement and shows as an order summary; a receipt in master raises the shop’s stock; both at once add up', async () => {
        const [variant] = pair.products[1].variants;
        const masterStock = async () =>
            (await inMaster(undefined, `query ($id: ID!) { productVariant(id: $id) { stockOnHand } }`, { id: variant.id })).productVariant
                .stockOnHand as number;
        const shopVariant = async () => {
            const { productVariants } = await inShopAdmin(
                'alpha',
                `query ($s: String!) { productVariants(options: { filter: { sku: { eq: $s } } }) { items { id stockOnHand stockAllocated } } }`,
                {
                    s: variant.sku,
                },
            );
            return productVariants.items[0] as { id: string; stockOnHand: number; stockAllocated: number };
        };
        const receive = async (quantity: number, key: string) => {
            const { createSupplier } = await inMaster('alpha', `mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { id } }`, {
                i: { code: `sup-${key}`, name: `Supplier ${key}`, currencyCode: 'USD', leadTimeDays: 1 },
            });
            await receivePurchaseOrder((q, v) => inMaster('alpha', q, v), createSupplier.id, [{ variantId: variant.id, quantity }], key);
        };
        const shop = new SimpleGraphQLClient(pair.master.config, `${pair.ecommerce.baseUrl}/shop-api`);
        shop.setChannelToken('alpha');

        const masterBefore = await masterStock();
        await receive(20, 'first');
        await until('the receipt to reach the shop', async () => (await shopVariant()).stockOnHand === 20);
        expect(await masterStock()).toBe(masterBefore + 20);

        const order = await placeTestOrder(shop, [{ variantId: (await shopVariant()).id, quantity: 3 }]);
        await until('the sale to reach master', async () => (await masterStock()) === masterBefore + 20 - 3);
        const summaries = await until('the order summary in master', async () => {
            const { orderSummaries } = await inMaster(
                'alpha',
                `{ orderSummaries { items { orderCode state totalWithTax lines { masterVariantId quantity } } } }`,
            );
            return orderSummaries.items.find((s: { orderCode: string }) => s.orderCode === order.code);
        });
        expect(summaries).toMatchObject({ totalWithTax: order.totalWithTax });
        expect(summaries.lines[0]).toMatchObject({ masterVariantId: variant.id, quantity: 3 });

        // Both sides at once: an order in the shop while a receipt is booked in master. (Two orders
        // at the same moment would test Vendure's own allocation, which reads and writes back.)
        const shopVariantId = (await shopVariant()).id;
        await Promise.all([
            receive(10, 'second'),
            placeTestOrder(new SimpleGraphQLClient(pair.master.config, `${pair.ecommerce.baseUrl}/shop-api?vendure-token=alpha`), [
                { variantId: shopVariantId, quantity: 2 },
            ]),
        ]);
        await until('master to count every movement', async () => (await masterStock()) === masterBefore + 20 - 3 + 10 - 2);
        await until('the shop to count every movement', async () => {
            const v = await shopVariant();
            return v.stockOnHand === 30 && v.stockAllocated === 5;
        });
    });

    it('the sidecar refuses a push without a good signature, and verify finds no drift', async () => {
        const body = JSON.stringify({ tenantCode: 'alpha', stream: 'catalog', lastPosition: 1, sentAt: new Date().toISOString() });
        const post = (signature?: string) =>
            fetch(`${sidecar.url}/push`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', ...(signature ? { 'x-eos-signature': signature } : {}) },
                body,
            });
        expect((await post()).status).toBe(401);
        expect((await post(signPush('not-the-secret-at-all', body))).status).toBe(401);
        expect((await post(signPush(sidecar.env.SYNC_PUSH_SECRET, body, Math.floor(Date.now() / 1000) - 3600))).status).toBe(401);
        expect((await post(signPush(sidecar.env.SYNC_PUSH_SECRET, body))).status).toBe(202);

        for (const tenant of ['alpha', 'bravo']) {
            const verify = sidecar.cli(['verify', '--tenant', tenant]);
            expect(await verify.exited, verify.output()).toBe(0);
        }
    });
    it('verify reads the shop’s tables: a name changed behind the sync’s back is drift, and repair puts it back', async () => {
        const [replica] = await queryEcommerceDatabase<{ productId: number; masterProductId: string }>(
            pair,
            `SELECT "productId", "masterProductId" FROM "eos_replica_product" WHERE "tenantCode" = 'alpha' AND "productId" IS NOT NULL ORDER BY "id" LIMIT 1`,
        );
        const names = () =>
            queryEcommerceDatabase<{ name: string }>(
                pair,
                `SELECT "name" FROM "product_translation" WHERE "baseId" = ${replica.productId}`,
            );
        const before = (await names()).map(n => n.name).sort();
        await queryEcommerceDatabase(pair, `UPDATE "product_translation" SET "name" = 'Tampered' WHERE "baseId" = ${replica.productId}`, {
            write: true,
        });

        const verify = sidecar.cli(['verify', '--tenant', 'alpha']);
        expect(await verify.exited, verify.output()).toBe(1); // 1: drift (2 would be: could not check)
        expect(verify.output()).toContain(
            `differing  product ${replica.masterProductId}: the shop's tables no longer hold what it applied`,
        );
        const repair = sidecar.cli(['repair', '--tenant', 'alpha']);
        expect(await repair.exited, repair.output()).toBe(0);
        expect((await names()).map(n => n.name).sort()).toEqual(before);
        const again = sidecar.cli(['verify', '--tenant', 'alpha']);
        expect(await again.exited, again.output()).toBe(0);
    });

    it('a product the shop cannot take for a reason of its own waits: the checkpoint stays, the status says why, and it arrives once the shop is fixed', async () => {
        const catalogPosition = async () =>
            Number(
                (
                    await queryEcommerceDatabase<{ position: number }>(
                        pair,
                        `SELECT "position" FROM "eos_shop_sync_checkpoint" WHERE "tenantCode" = 'alpha' AND "stream" = 'catalog'`,
                    )
                )[0].position,
            );
        const catalogStatus = async () =>
            (await inMaster(undefined, `{ syncStatus { tenantCode stream lastError deadLetters } }`)).syncStatus.find(
                (s: { tenantCode: string; stream: string }) => s.tenantCode === 'alpha' && s.stream === 'catalog',
            ) as { lastError: string | null; deadLetters: unknown[] };
        const channel = (await inShopAdmin('alpha', `{ activeChannel { id defaultCurrencyCode availableCurrencyCodes } }`)).activeChannel;
        const setCurrency = (currency: string) =>
            inShopAdmin('alpha', `mutation ($i: UpdateChannelInput!) { updateChannel(input: $i) { ... on Channel { id } } }`, {
                i: { id: channel.id, defaultCurrencyCode: currency, availableCurrencyCodes: [currency] },
            });
        // The shop's staff switch alpha's channel to a currency master does not price in.
        await setCurrency('GBP');
        const position = await catalogPosition();
        const [product] = pair.products;
        await inMaster(
            undefined,
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Waits for the shop" }] }) { id } }`,
            { id: product.id },
        );
        const status = await until('master to show why the catalog does not move', async () => {
            const current = await catalogStatus();
            return current?.lastError?.includes('CURRENCY_NOT_AVAILABLE') ? current : undefined;
        });
        expect(status.lastError).toContain('1 of 1 item(s) refused by the receiver, nothing written');
        expect(status.lastError).toContain('does not sell in USD');
        expect(status.deadLetters).toEqual([]);
        expect(await catalogPosition()).toBe(position);
        expect((await shopProducts('alpha')).map(p => p.name)).not.toContain('Waits for the shop');

        // Fixed in the shop: the next run brings the product, with nothing pressed.
        await setCurrency(channel.defaultCurrencyCode);
        await until('the product to arrive once the shop is fixed', async () =>
            (await shopProducts('alpha')).some(p => p.name === 'Waits for the shop'),
        );
        expect(await catalogPosition()).toBeGreaterThan(position);
        await until('the status to clear', async () => (await catalogStatus())?.lastError === null);
        expect((await catalogStatus()).deadLetters).toEqual([]);
    });
});
