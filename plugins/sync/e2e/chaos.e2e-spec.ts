import { masterApp } from '@entrepreneur-os/master';
import { StockMovementRecord } from '@entrepreneur-os/pim-plugin';
import {
    adminQuery,
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
import { ChannelService, Importer, ProductVariant, RequestContextService, StockLevel, TransactionalConnection } from '@vendure/core';
import { SimpleGraphQLClient } from '@vendure/testing';
import { Like } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TENANT = 'chaos';
const PRODUCTS = 1000;
const MIN_KILLS = Number(process.env.CHAOS_KILLS ?? 10);
/** Files of the sample catalog the products share: each is stored once in the shop, by content hash. */
const ASSET_FILES = [
    'derick-david-409858-unsplash.jpg',
    'kelly-sikkema-685291-unsplash.jpg',
    'alexandru-acea-686569-unsplash.jpg',
    'neonbrand-428982-unsplash.jpg',
];
/** Reproduce a failure with CHAOS_SEED=<the seed printed>. */
const SEED = Number(process.env.CHAOS_SEED) || Date.now() % 2 ** 31;

/** A small seeded PRNG (mulberry32): the kill schedule and the stock movements follow the seed. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** `PRODUCTS` complete products (description, a shared image) of two or three variants, in Vendure's CSV import format. */
function chaosCatalogCsv(): string {
    const lines = [
        'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets',
    ];
    for (let i = 1; i <= PRODUCTS; i++) {
        const sizes = i % 2 ? ['S', 'M', 'L'] : ['S', 'M'];
        const price = (5 + (i % 95)).toFixed(2);
        const asset = ASSET_FILES[i % ASSET_FILES.length];
        sizes.forEach((size, j) =>
            lines.push(
                j === 0
                    ? `Chaos product ${i},chaos-product-${i},Description of chaos product ${i},${asset},,size,${size},CHAOS-${i}-${size},${price},standard,0,,,`
                    : `,,,,,,${size},CHAOS-${i}-${size},${price},standard,0,,,`,
            ),
        );
    }
    return lines.join('\n');
}

// Chaos: master's whole catalog (1,000 products) syncs to a shop through the real sidecar while the
// sidecar and the ecommerce server are killed with SIGKILL at random moments and restarted, master
// receives purchase orders and the shop takes orders. Afterwards nothing drifted, nothing is there
// twice, and every stock movement was applied exactly once. The seed of the schedule is printed.
// It takes ~10 minutes on 2 cores.
describe(`sync chaos: kill -9 during a full sync`, () => {
    let pair: SyncTestPair;
    let sidecar: TestSidecar | undefined;
    /** Output of every process that was killed, for the failure message. */
    const deadOutputs: string[] = [];
    let masterVariants: Array<{ id: string; sku: string }> = [];
    let supplierId: string;

    /** Master stays up; a keep-alive socket it closed while this process was busy is just tried again. */
    const againOnReset = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
            return await fn();
        } catch (err) {
            if (!(err instanceof TypeError && /fetch failed/.test(err.message))) throw err;
            return fn();
        }
    };
    const inMaster = (query: string, variables: Record<string, unknown> = {}) =>
        againOnReset(() => adminQuery(pair.master.baseUrl, pair.masterSuperadmin, `master-${TENANT}`, query, variables));
    const inMasterDefault = (query: string, variables: Record<string, unknown> = {}) =>
        againOnReset(() => adminQuery(pair.master.baseUrl, pair.masterSuperadmin, undefined, query, variables));
    const inEcommerce = async (query: string, variables: Record<string, unknown> = {}) => {
        const res = await fetch(`${pair.ecommerce.baseUrl}/admin-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'vendure-api-key': pair.ecommerceApiKey },
            body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data: any; errors?: Array<{ message: string }> };
        if (body.errors?.length) throw new Error(body.errors.map(e => e.message).join('; '));
        return body.data;
    };
    const ecommerceDb = <T = Record<string, unknown>>(sql: string) => queryEcommerceDatabase<T>(pair, sql);
    const log = (message: string) => process.stdout.write(`[chaos seed=${SEED}] ${message}\n`);

    /** Sender and receiver positions of every stream of the tenant, read live. */
    async function positions() {
        const master = await inMasterDefault(
            `query ($t: String!) {
                syncFeed(tenantCode: $t, after: 0, take: 1) { lastPosition }
                masterStockMovements(tenantCode: $t, after: 0, take: 1)
                syncInbox(tenantCode: $t)
            }`,
            { t: TENANT },
        );
        const shop = await inEcommerce(
            `query ($t: String!) {
                syncInbox(tenantCode: $t)
                shopStockMovements(tenantCode: $t, after: 0, take: 1)
                orderStatusFeed(tenantCode: $t, after: 0, take: 1)
            }`,
            { t: TENANT },
        );
        const at = (inbox: { positions: Array<{ stream: string; position: number }> }, stream: string) =>
            inbox.positions.find(p => p.stream === stream)?.position ?? 0;
        return {
            catalog: { sender: master.syncFeed.lastPosition as number, applied: at(shop.syncInbox, 'catalog') },
            'stock-to-ecommerce': {
                sender: master.masterStockMovements.lastPosition as number,
                applied: at(shop.syncInbox, 'stock-to-ecommerce'),
            },
            'stock-to-master': { sender: shop.shopStockMovements.lastPosition as number, applied: at(master.syncInbox, 'stock-to-master') },
            orders: { sender: shop.orderStatusFeed.lastPosition as number, applied: at(master.syncInbox, 'orders') },
        };
    }

    /** Books a purchase-order receipt in master for some variants. */
    const receive = (lines: Array<{ variantId: string; quantity: number }>, key: string) =>
        receivePurchaseOrder(inMaster, supplierId, lines, key);

    beforeAll(async () => {
        log(`starting (reproduce with CHAOS_SEED=${SEED})`);
        const t0 = Date.now();
        pair = await startSyncTestPair(masterApp, 'sync_chaos', [{ code: TENANT }]);
        log(`servers up and tenant provisioned in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        const t1 = Date.now();
        const app = pair.master.server.app;
        // The catalog straight into the tenant's channel with Vendure's importer, in this process (as the
        // seeding does): far faster than 1,000 createProduct calls, and the same entities and feed entries.
        const channel = await app.get(ChannelService).getChannelFromToken(`master-${TENANT}`);
        const ctx = await app.get(RequestContextService).create({ apiType: 'admin', channelOrToken: channel });
        const errors = await new Promise<string[]>((resolve, reject) => {
            let last: string[] = [];
            app.get(Importer)
                .parseAndImport(chaosCatalogCsv(), ctx, true)
                .subscribe({ next: p => (last = p.errors ?? last), error: reject, complete: () => resolve(last) });
        });
        expect(errors).toEqual([]);
        const connection = app.get(TransactionalConnection).rawConnection;
        masterVariants = (
            await connection.getRepository(ProductVariant).find({ where: { sku: Like('CHAOS-%') }, select: { id: true, sku: true } })
        ).map(v => ({ id: String(v.id), sku: v.sku }));
        log(`imported ${PRODUCTS} products, ${masterVariants.length} variants in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

        const { createSupplier } = await inMaster(`mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { id } }`, {
            i: { code: 'chaos-supplier', name: 'Chaos supplier', currencyCode: 'USD', leadTimeDays: 1 },
        });
        supplierId = createSupplier.id;
        sidecar = await prepareSidecar(pair, 'a-chaos-push-secret-of-some-length');
    }, 900_000);

    afterAll(async () => {
        await sidecar?.stop();
        await pair?.destroy();
    });

    it(`survives ≥ ${MIN_KILLS} kill -9 of the sidecar and the ecommerce server: no drift, no duplicates, every movement once`, async () => {
        const random = prng(SEED);
        const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
        const t0 = Date.now();
        const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
        let chaosOver = false;
        const kills: Array<{ victim: 'sidecar' | 'ecommerce'; at: string; catalog: string }> = [];
        let lastCatalog = 'unknown';

        await sidecar!.start();

        // Master receives goods all along: movements master → shop, some for variants not in the shop yet.
        let receipts = 0;
        const receiving = (async () => {
            while (!chaosOver) {
                const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
                    variantId: pick(masterVariants).id,
                    quantity: 5 + Math.floor(random() * 20),
                }));
                const unique = [...new Map(lines.map(l => [l.variantId, l])).values()];
                await receive(unique, `chaos-${++receipts}`);
                await sleep(300 + random() * 1500);
            }
        })();

        // The shop sells what has arrived: movements shop → master. An order cut off by a kill may or may
        // not have been placed; what counts below is what the shop's database holds.
        let ordersPlaced = 0;
        let ordersFailed = 0;
        const selling = (async () => {
            const shop = new SimpleGraphQLClient(pair.master.config, `${pair.ecommerce.baseUrl}/shop-api`);
            shop.setChannelToken(TENANT);
            while (!chaosOver) {
                await sleep(1000 + random() * 2000);
                try {
                    const [inStock] = await ecommerceDb<{ variantId: number | string }>(
                        `SELECT sl."productVariantId" AS "variantId" FROM stock_level sl
                         JOIN eos_replica_variant rv ON rv."variantId" = sl."productVariantId"
                         WHERE sl."stockOnHand" - sl."stockAllocated" >= 3 ORDER BY sl.id DESC LIMIT 1`,
                    );
                    if (!inStock) continue;
                    await placeTestOrder(shop, [{ variantId: String(inStock.variantId), quantity: 1 + Math.floor(random() * 2) }]);
                    ordersPlaced++;
                } catch {
                    ordersFailed++;
                }
            }
        })();

        // Catalog progress as the test sees it (best effort: the shop may be down).
        const watching = (async () => {
            while (!chaosOver) {
                try {
                    const p = await positions();
                    lastCatalog = `${p.catalog.applied}/${p.catalog.sender}`;
                } catch {
                    // down
                }
                await sleep(500);
            }
        })();

        let victim: 'sidecar' | 'ecommerce' = random() < 0.5 ? 'sidecar' : 'ecommerce';
        let edited = false;
        try {
            while (kills.length < MIN_KILLS) {
                await sleep(1000 + random() * 7000);
                kills.push({ victim, at: elapsed(), catalog: lastCatalog });
                log(`kill -9 #${kills.length}: ${victim} at ${elapsed()} (catalog applied/sender ${lastCatalog})`);
                if (victim === 'sidecar') {
                    const killed = sidecar!.process!;
                    await killed.kill9();
                    deadOutputs.push(`sidecar #${kills.length}:\n${killed.output().slice(-3000)}`);
                    await sleep(random() * 1000);
                    await sidecar!.start();
                } else {
                    const killed = pair.ecommerceProcess;
                    await pair.restartEcommerce({ kill9: true, downMs: Math.floor(random() * 1000) });
                    deadOutputs.push(`ecommerce #${kills.length}:\n${killed.output().slice(-3000)}`);
                }
                victim = victim === 'sidecar' ? 'ecommerce' : 'sidecar';
                if (!edited && kills.length >= MIN_KILLS / 2) {
                    // Mid-chaos edits: newer versions of some products race the replays of older ones.
                    edited = true;
                    const ids = (
                        await inMaster(`{ products(options: { take: 20, sort: { id: DESC } }) { items { id } } }`)
                    ).products.items.map((p: { id: string }) => p.id);
                    for (const id of ids) {
                        await inMaster(
                            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, description: "Edited mid-chaos" }] }) { id } }`,
                            { id },
                        );
                    }
                    log(`${ids.length} products edited at ${elapsed()}`);
                }
            }
        } finally {
            chaosOver = true;
            await Promise.all([receiving, selling, watching]);
        }
        log(`chaos over at ${elapsed()}: ${kills.length} kills, ${receipts} receipts, ${ordersPlaced} orders (${ordersFailed} cut off)`);

        try {
            await waitFor(
                'the sidecar to catch up on every stream',
                async () => {
                    const p = await positions();
                    lastCatalog = JSON.stringify(p);
                    return Object.values(p).every(s => s.applied === s.sender) && p.catalog.applied > 0;
                },
                { timeoutMs: 600_000, intervalMs: 500 },
            );
        } catch (err) {
            throw new Error(
                `${(err as Error).message}\npositions: ${lastCatalog}\nsidecar:\n${sidecar?.process?.output().slice(-4000)}\n${deadOutputs.slice(-3).join('\n')}`,
            );
        }
        log(`caught up at ${elapsed()}: ${lastCatalog}`);
        if (process.env.CHAOS_DEBUG) log(`sidecar output:\n${sidecar?.process?.output().slice(-6000)}`);
        expect(kills.filter(k => k.victim === 'sidecar').length).toBeGreaterThanOrEqual(MIN_KILLS / 2);
        expect(kills.filter(k => k.victim === 'ecommerce').length).toBeGreaterThanOrEqual(MIN_KILLS / 2);

        // No drift by content hash.
        const verify = sidecar!.cli(['verify', '--tenant', TENANT]);
        expect(await verify.exited, verify.output()).toBe(0);

        // The shop shows master's complete catalog, each product once.
        const { syncCatalogProductIds } = await inMasterDefault(
            `query ($t: String!) { syncCatalogProductIds(tenantCode: $t, take: 5000) { totalItems } }`,
            { t: TENANT },
        );
        expect(syncCatalogProductIds.totalItems).toBe(PRODUCTS);
        const shopProducts = await graphql(
            `${pair.ecommerce.baseUrl}/shop-api?vendure-token=${TENANT}`,
            `
                {
                    products(options: { take: 1 }) {
                        totalItems
                    }
                }
            `,
        );
        expect(shopProducts.products.totalItems).toBe(PRODUCTS);

        const count = async (sql: string) => Number((await ecommerceDb<{ n: number | string }>(sql))[0].n);
        const duplicates = (table: string, key: string) =>
            count(`SELECT count(*) AS n FROM (SELECT ${key} FROM ${table} GROUP BY ${key} HAVING count(*) > 1) d`);
        // Products: one replica per master id, one live Vendure product per replica, nothing else.
        expect(await duplicates('eos_replica_product', `"tenantCode", "masterProductId"`)).toBe(0);
        expect(await count(`SELECT count(*) AS n FROM eos_replica_product WHERE NOT removed`)).toBe(PRODUCTS);
        expect(await count(`SELECT count(DISTINCT "productId") AS n FROM eos_replica_product WHERE NOT removed`)).toBe(PRODUCTS);
        expect(await count(`SELECT count(*) AS n FROM product WHERE "deletedAt" IS NULL`)).toBe(PRODUCTS);
        // Variants: likewise, by master variant id.
        expect(await duplicates('eos_replica_variant', `"tenantCode", "masterVariantId"`)).toBe(0);
        expect(await count(`SELECT count(*) AS n FROM eos_replica_variant`)).toBe(masterVariants.length);
        expect(await count(`SELECT count(DISTINCT "variantId") AS n FROM eos_replica_variant`)).toBe(masterVariants.length);
        expect(await count(`SELECT count(*) AS n FROM product_variant WHERE "deletedAt" IS NULL`)).toBe(masterVariants.length);
        // Assets: one per content hash, however many products, master assets and attempts.
        expect(await duplicates('eos_replica_asset', `"contentHash"`)).toBe(0);
        expect(await count(`SELECT count(*) AS n FROM eos_replica_asset`)).toBe(ASSET_FILES.length);
        expect(await count(`SELECT count(*) AS n FROM asset`)).toBe(ASSET_FILES.length);

        // Master → shop: every receipt movement once in the shop's inbox, applied, and the shop's stock on
        // hand of each variant is the sum of master's receipts for it (orders only allocate).
        const connection = pair.master.server.app.get(TransactionalConnection).rawConnection;
        const records = await connection.getRepository(StockMovementRecord).find({ where: { tenantCode: TENANT } });
        const fromMaster = records.filter(r => r.origin === 'master');
        expect(fromMaster.length).toBeGreaterThan(0);
        const inbox = await ecommerceDb<{ idempotencyKey: string; masterVariantId: string; delta: number; appliedAt: string | null }>(
            `SELECT "idempotencyKey", "masterVariantId", delta, "appliedAt" FROM eos_shop_stock_inbox WHERE "tenantCode" = '${TENANT}'`,
        );
        expect(inbox.map(e => e.idempotencyKey).sort()).toEqual(fromMaster.map(r => r.idempotencyKey).sort());
        expect(inbox.filter(e => !e.appliedAt)).toEqual([]);
        const received = new Map<string, number>();
        for (const r of fromMaster) received.set(String(r.productVariantId), (received.get(String(r.productVariantId)) ?? 0) + r.delta);
        const shopStock = await ecommerceDb<{ masterVariantId: string; stockOnHand: number | string }>(
            `SELECT rv."masterVariantId", sum(sl."stockOnHand") AS "stockOnHand" FROM eos_replica_variant rv
             JOIN stock_level sl ON sl."productVariantId" = rv."variantId" GROUP BY rv."masterVariantId"`,
        );
        const shopOnHand = new Map(shopStock.map(s => [String(s.masterVariantId), Number(s.stockOnHand)]));
        for (const v of masterVariants) expect([v.sku, shopOnHand.get(v.id) ?? 0]).toEqual([v.sku, received.get(v.id) ?? 0]);

        // Shop → master: every movement of the shop's feed once in master, and master's stock on hand is
        // its receipts minus what the shop sold.
        const shopFeed = (
            await inEcommerce(`query ($t: String!) { shopStockMovements(tenantCode: $t, after: 0, take: 1000) }`, { t: TENANT })
        ).shopStockMovements.movements as Array<{ idempotencyKey: string }>;
        const fromShop = records.filter(r => r.origin === 'ecommerce');
        expect(fromShop.map(r => r.idempotencyKey).sort()).toEqual(shopFeed.map(m => m.idempotencyKey).sort());
        const masterStock = await connection
            .getRepository(StockLevel)
            .createQueryBuilder('sl')
            .select('sl.productVariantId', 'variantId')
            .addSelect('SUM(sl.stockOnHand)', 'stockOnHand')
            .groupBy('sl.productVariantId')
            .getRawMany<{ variantId: string | number; stockOnHand: string | number }>();
        const masterOnHand = new Map(masterStock.map(s => [String(s.variantId), Number(s.stockOnHand)]));
        const booked = new Map<string, number>();
        for (const r of records) booked.set(String(r.productVariantId), (booked.get(String(r.productVariantId)) ?? 0) + r.delta);
        for (const v of masterVariants) expect([v.sku, masterOnHand.get(v.id) ?? 0]).toEqual([v.sku, booked.get(v.id) ?? 0]);

        log(
            `done at ${elapsed()}: ${kills.length} kills (${kills.map(k => `${k.victim[0]}@${k.at}[${k.catalog}]`).join(' ')}), ` +
                `${fromMaster.length} master movements, ${fromShop.length} shop movements, ${ordersPlaced} orders`,
        );
    }, 1_200_000);
});
