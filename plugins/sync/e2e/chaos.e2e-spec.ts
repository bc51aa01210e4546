import { masterApp } from '@entrepreneur-os/master';
import {
    adminQuery,
    graphql,
    placeTestOrder,
    prepareSidecar,
    queryDatabase,
    queryEcommerceDatabase,
    receivePurchaseOrder,
    startSyncTestPair,
    SyncTestPair,
    TestSidecar,
    waitFor,
} from '@entrepreneur-os/testing';
import { ChannelService, Importer, ProductVariant, RequestContextService, TransactionalConnection } from '@vendure/core';
import { SimpleGraphQLClient } from '@vendure/testing';
import { Like } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TENANT = 'chaos';
const PRODUCTS = 1000;
const MIN_KILLS = Number(process.env.CHAOS_KILLS ?? 10);
/** Orders the shop must have confirmed during the chaos (fewer: the selling proved nothing). */
const MIN_ORDERS = 5;
/**
 * The sync is slowed where its work is rather than the catalog made huge: each new product costs the
 * shop's database this many milliseconds (a trigger sleeps), and the sidecar reads the feed in pages
 * of `PAGE_SIZE` entries (~10 products; the catalog is ~95 pages), so its checkpoint moves every
 * second or so. The catalog alone then takes well over a minute, about twice what the kills take.
 */
const APPLY_DELAY_MS = Number(process.env.CHAOS_APPLY_DELAY_MS ?? 75);
const PAGE_SIZE = 100;
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
// receives purchase orders and the shop takes orders. Every kill hits a live process while the
// catalog is still on its way (the shop's checkpoint, read after the kill, is below the catalog's
// end). Afterwards nothing drifted, nothing is there twice, and both servers' tables hold exactly
// what the test did: stock per variant is what it received minus what it ordered, the shop's orders
// and master's order summaries are its orders. The seed of the schedule is printed.
// ~4 minutes on 2 cores; with Redis (TEST_WITH_SERVICES) ~8: a killed sidecar's stream locks stay
// until they expire (60 s), and the test waits for the catalog to move again before the next kill.
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
    const masterDb = <T = Record<string, unknown>>(sql: string) => queryDatabase<T>(pair.master.databaseUrl, sql);
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
        // The slow-down: every product the shop creates costs APPLY_DELAY_MS inside the apply's transaction.
        await queryEcommerceDatabase(
            pair,
            `CREATE FUNCTION chaos_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN PERFORM pg_sleep(${APPLY_DELAY_MS / 1000}); RETURN NEW; END $$;
             CREATE TRIGGER chaos_slow_insert BEFORE INSERT ON product FOR EACH ROW EXECUTE FUNCTION chaos_slow_insert();`,
            { write: true },
        );
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
            await connection
                .getRepository(ProductVariant)
                .find({ where: { sku: Like('CHAOS-%') }, select: { id: true, sku: true }, order: { id: 'ASC' } })
        ).map(v => ({ id: String(v.id), sku: v.sku }));
        log(`imported ${PRODUCTS} products, ${masterVariants.length} variants in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

        const { createSupplier } = await inMaster(`mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { id } }`, {
            i: { code: 'chaos-supplier', name: 'Chaos supplier', currencyCode: 'USD', leadTimeDays: 1 },
        });
        supplierId = createSupplier.id;
        sidecar = await prepareSidecar(pair, 'a-chaos-push-secret-of-some-length');
        sidecar.env.SYNC_PAGE_SIZE = String(PAGE_SIZE);
    }, 900_000);

    afterAll(async () => {
        await sidecar?.stop();
        await pair?.destroy();
    });

    it(`survives ≥ ${MIN_KILLS} kill -9 of the sidecar and the ecommerce server mid-sync: the tables hold exactly what the test did`, async () => {
        const random = prng(SEED);
        const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
        const t0 = Date.now();
        const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
        let chaosOver = false;
        /** `checkpoint`: the shop's catalog checkpoint read after the victim died (checkpoints only grow). */
        const kills: Array<{ victim: 'sidecar' | 'ecommerce'; at: string; checkpoint: number }> = [];
        let lastCatalog = 'unknown';

        // What the test itself did — the ledger both servers' tables are compared with at the end.
        /** Units received in master per master variant id (the catalog is imported with 0 on hand). */
        const received = new Map<string, number>();
        let receiptLines = 0;
        /** Every order the shop confirmed, by code: its state, master variant id and quantity of its one line. */
        const orders = new Map<string, { state: string; masterVariantId: string; sku: string; quantity: number }>();
        const orderErrors: string[] = [];
        const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

        // Where the catalog as imported ends in master's feed: every kill must land before the shop got there.
        const importedUpTo = (
            await inMasterDefault(`query ($t: String!) { syncFeed(tenantCode: $t, after: 0, take: 1) { lastPosition } }`, { t: TENANT })
        ).syncFeed.lastPosition as number;
        const catalogCheckpoint = async () =>
            Number(
                (
                    await ecommerceDb<{ position: number }>(
                        `SELECT position FROM eos_shop_sync_checkpoint WHERE "tenantCode" = '${TENANT}' AND stream = 'catalog'`,
                    )
                )[0]?.position ?? 0,
            );

        await sidecar!.start();

        // Master receives goods all along: movements master → shop. Most lines are for the first products
        // (in the shop early, so it has stock to sell), some for any variant (most not in the shop yet:
        // the shop holds them until the variant arrives).
        const early = masterVariants.slice(0, 60);
        const receiving = (async () => {
            while (!chaosOver) {
                const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
                    variantId: pick(random() < 0.8 ? early : masterVariants).id,
                    quantity: 5 + Math.floor(random() * 20),
                }));
                const unique = [...new Map(lines.map(l => [l.variantId, l])).values()];
                await receive(unique, `chaos-${receiptLines}`);
                for (const l of unique) add(received, l.variantId, l.quantity);
                receiptLines += unique.length;
                await sleep(300 + random() * 1500);
            }
        })();

        // The shop sells what has arrived: movements shop → master. An order is never cut off by a kill
        // of the shop (the kill waits for the order in progress, and no order starts while the shop is
        // down), so every attempt either is a confirmed order of the ledger or fails the test.
        let shopDown = false;
        let ordering: Promise<void> = Promise.resolve();
        const sellOne = async (shop: SimpleGraphQLClient) => {
            const [inStock] = await ecommerceDb<{ variantId: number | string; masterVariantId: string; sku: string }>(
                `SELECT sl."productVariantId" AS "variantId", rv."masterVariantId", pv.sku FROM stock_level sl
                 JOIN eos_replica_variant rv ON rv."variantId" = sl."productVariantId"
                 JOIN product_variant pv ON pv.id = sl."productVariantId"
                 WHERE sl."stockOnHand" - sl."stockAllocated" >= 3 ORDER BY random() LIMIT 1`,
            );
            if (!inStock) return;
            const quantity = 1 + Math.floor(random() * 2);
            try {
                const order = await placeTestOrder(shop, [{ variantId: String(inStock.variantId), quantity }]);
                if (!/^Payment(Settled|Authorized)$/.test(order.state ?? '')) throw new Error(`order ${order.code} is ${order.state}`);
                orders.set(order.code!, {
                    state: order.state!,
                    masterVariantId: String(inStock.masterVariantId),
                    sku: inStock.sku,
                    quantity,
                });
            } catch (err) {
                orderErrors.push(`${elapsed()}: ${(err as Error).message}`);
            }
        };
        const selling = (async () => {
            const shop = new SimpleGraphQLClient(pair.master.config, `${pair.ecommerce.baseUrl}/shop-api`);
            shop.setChannelToken(TENANT);
            while (!chaosOver) {
                await sleep(700 + random() * 1500);
                if (shopDown || chaosOver) continue;
                ordering = sellOne(shop);
                await ordering;
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
                await sleep(1000 + random() * 5000);
                const n = kills.length + 1;
                // Each kill interrupts a sync that is moving: the catalog went on since the last one.
                const previous = kills.at(-1)?.checkpoint ?? 0;
                await waitFor(`the catalog to move on after kill #${n - 1}`, async () => (await catalogCheckpoint()) > previous, {
                    timeoutMs: 120_000,
                    intervalMs: 200,
                });
                // A kill must hit a live process: one that had already exited would answer its own exit code.
                if (victim === 'sidecar') {
                    const killed = sidecar!.process!;
                    expect(await killed.kill9(), `sidecar #${n} was not alive when killed:\n${killed.output().slice(-2000)}`).toBe(
                        'SIGKILL',
                    );
                    deadOutputs.push(`sidecar #${n}:\n${killed.output().slice(-3000)}`);
                    kills.push({ victim, at: elapsed(), checkpoint: await catalogCheckpoint() });
                    await sleep(random() * 1000);
                    await sidecar!.start();
                } else {
                    shopDown = true;
                    await ordering;
                    const killed = pair.ecommerceProcess;
                    expect(await killed.kill9(), `ecommerce #${n} was not alive when killed:\n${killed.output().slice(-2000)}`).toBe(
                        'SIGKILL',
                    );
                    deadOutputs.push(`ecommerce #${n}:\n${killed.output().slice(-3000)}`);
                    kills.push({ victim, at: elapsed(), checkpoint: await catalogCheckpoint() });
                    await pair.restartEcommerce({ kill9: true, downMs: Math.floor(random() * 1000) });
                    shopDown = false;
                }
                log(`kill -9 #${n}: ${victim} at ${kills[n - 1].at}, catalog checkpoint ${kills[n - 1].checkpoint}/${importedUpTo}`);
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
        log(`chaos over at ${elapsed()}: ${kills.length} kills, ${receiptLines} receipt lines, ${orders.size} orders`);

        // Every kill landed while the catalog was still on its way (a kill after it was done proves nothing).
        expect(
            kills.filter(k => k.checkpoint >= importedUpTo),
            `kills after the catalog had arrived (of ${importedUpTo})`,
        ).toEqual([]);
        expect(kills.filter(k => k.victim === 'sidecar').length).toBeGreaterThanOrEqual(MIN_KILLS / 2);
        expect(kills.filter(k => k.victim === 'ecommerce').length).toBeGreaterThanOrEqual(MIN_KILLS / 2);
        expect(orderErrors, 'orders the shop refused or lost').toEqual([]);
        expect(orders.size, 'confirmed orders during the chaos').toBeGreaterThanOrEqual(MIN_ORDERS);

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

        // No drift by content hash (verify exits 2 when it cannot compare, so 0 means it did and found none).
        const verify = sidecar!.cli(['verify', '--tenant', TENANT]);
        expect(await verify.exited, verify.output()).toBe(0);
        expect(verify.output()).toContain(`${TENANT}: in sync (${PRODUCTS} products compared)`);

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

        // Both servers' tables against the ledger, variant by variant: [sku, on hand, allocated].
        const ordered = new Map<string, number>();
        for (const o of orders.values()) add(ordered, o.masterVariantId, o.quantity);
        const expected = masterVariants.map(v => [v.sku, (received.get(v.id) ?? 0) - (ordered.get(v.id) ?? 0)]);
        // Master: what the test received minus what the test's orders took, nothing else.
        const masterStock = await masterDb<{ variantId: number | string; onHand: number | string }>(
            `SELECT sl."productVariantId" AS "variantId", sum(sl."stockOnHand") AS "onHand" FROM stock_level sl
             JOIN product_variant pv ON pv.id = sl."productVariantId" WHERE pv.sku LIKE 'CHAOS-%' GROUP BY sl."productVariantId"`,
        );
        const masterOnHand = new Map(masterStock.map(s => [String(s.variantId), Number(s.onHand)]));
        expect(masterVariants.map(v => [v.sku, masterOnHand.get(v.id) ?? 0])).toEqual(expected);
        // The shop: every unit the test received on hand (orders only allocate), the test's orders allocated.
        const shopStock = await ecommerceDb<{ masterVariantId: string; onHand: number | string; allocated: number | string }>(
            `SELECT rv."masterVariantId", sum(sl."stockOnHand") AS "onHand", sum(sl."stockAllocated") AS allocated
             FROM eos_replica_variant rv JOIN stock_level sl ON sl."productVariantId" = rv."variantId" GROUP BY rv."masterVariantId"`,
        );
        const shopLevels = new Map(shopStock.map(s => [String(s.masterVariantId), [Number(s.onHand), Number(s.allocated)]]));
        expect(masterVariants.map(v => [v.sku, ...(shopLevels.get(v.id) ?? [0, 0])])).toEqual(
            masterVariants.map(v => [v.sku, received.get(v.id) ?? 0, ordered.get(v.id) ?? 0]),
        );
        // Movement rows: one per receipt line and one per order line in master; every receipt line once
        // in the shop's inbox, applied.
        const movementRows = await masterDb<{ origin: string; n: number | string }>(
            `SELECT origin, count(*) AS n FROM eos_stock_movement WHERE "tenantCode" = '${TENANT}' GROUP BY origin ORDER BY origin`,
        );
        expect(movementRows.map(r => [r.origin, Number(r.n)])).toEqual([
            ['ecommerce', orders.size],
            ['master', receiptLines],
        ]);
        expect(
            await count(`SELECT count(*) AS n FROM eos_shop_stock_inbox WHERE "tenantCode" = '${TENANT}' AND "appliedAt" IS NOT NULL`),
        ).toBe(receiptLines);
        expect(await count(`SELECT count(*) AS n FROM eos_shop_stock_inbox`)).toBe(receiptLines);

        // Orders: the shop holds exactly the test's orders, and so do master's order summaries (codes,
        // state, lines by sku and quantity).
        const ledger = [...orders.entries()].map(([code, o]) => [code, o.sku, o.quantity]).sort();
        const shopOrders = await ecommerceDb<{ code: string; sku: string; quantity: number | string; placed: boolean }>(
            `SELECT o.code, pv.sku, ol.quantity, o."orderPlacedAt" IS NOT NULL AS placed FROM "order" o
             JOIN order_line ol ON ol."orderId" = o.id JOIN product_variant pv ON pv.id = ol."productVariantId"`,
        );
        expect(shopOrders.filter(o => !o.placed).map(o => o.code)).toEqual([]);
        expect(shopOrders.map(o => [o.code, o.sku, Number(o.quantity)]).sort()).toEqual(ledger);
        const summaries = await masterDb<{ orderCode: string; state: string; totalQuantity: number; lines: string }>(
            `SELECT "orderCode", state, "totalQuantity", lines FROM eos_order_summary WHERE "tenantCode" = '${TENANT}'`,
        );
        expect(summaries.map(s => [s.orderCode, s.state]).sort()).toEqual([...orders].map(([c, o]) => [c, o.state]).sort());
        expect(
            summaries
                .flatMap(s => (JSON.parse(s.lines) as Array<{ sku: string; quantity: number }>).map(l => [s.orderCode, l.sku, l.quantity]))
                .sort(),
        ).toEqual(ledger);
        expect(summaries.map(s => [s.orderCode, s.totalQuantity]).sort()).toEqual([...orders].map(([c, o]) => [c, o.quantity]).sort());

        log(
            `done at ${elapsed()}: ${kills.length} kills (${kills.map(k => `${k.victim[0]}@${k.at}[${k.checkpoint}/${importedUpTo}]`).join(' ')}), ` +
                `${receiptLines} receipt lines, ${orders.size} orders`,
        );
    }, 1_200_000);
});
