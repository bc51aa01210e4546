import { masterApp } from '@entrepreneur-os/master';
import {
    adminCall,
    adminQuery,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    receivePurchaseOrder,
} from '@entrepreneur-os/testing';
import type { OrderSummary, StockMovement, SyncStatusReport } from '@entrepreneur-os/sync-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the sync exchanges with master beyond the catalog feed: the catalog's ids, stock both ways,
// order summaries, master's checkpoints, the sidecars' status reports — each for one tenant,
// chosen by tenantCode, and refused as a whole on bad input.
describe(`sync: master's exchange operations`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    /** Laptop, Tablet, Curvy Monitor, Boxing Gloves, Cruiser Skateboard. */
    let p: Array<{ id: string; variants: Array<{ id: string; sku: string }> }>;

    const call = (query: string, variables: Record<string, unknown> = {}, channel?: string, token = superadmin) =>
        adminCall(master.baseUrl, token, channel, query, variables);
    const query = (query: string, variables: Record<string, unknown> = {}, channel?: string) =>
        adminQuery(master.baseUrl, superadmin, channel, query, variables);
    const errorOf = async (promise: ReturnType<typeof call>) => {
        const { errors } = await promise;
        return { code: errors?.[0].extensions?.code, message: errors?.[0].message };
    };

    const APPLY_STOCK = `mutation ($t: String!, $m: [JSON!]!, $f: Int) { applyShopStockMovements(tenantCode: $t, movements: $m, feedPosition: $f) }`;
    const APPLY_ORDERS = `mutation ($t: String!, $s: [JSON!]!, $f: Int) { applyOrderSummaries(tenantCode: $t, summaries: $s, feedPosition: $f) }`;
    const INBOX = `query ($t: String!) { syncInbox(tenantCode: $t) }`;
    const inboxPosition = async (tenant: string, stream: string) =>
        (await query(INBOX, { t: tenant })).syncInbox.positions.find((x: { stream: string }) => x.stream === stream).position;
    const stockOnHand = async (variantId: string) =>
        (await query(`query ($id: ID!) { productVariant(id: $id) { stockOnHand } }`, { id: variantId })).productVariant.stockOnHand;

    const sale = (key: string, variant: { id: string; sku: string }, delta = -1, tenantCode = 'north'): StockMovement => ({
        idempotencyKey: key,
        tenantCode,
        origin: 'ecommerce',
        reason: delta < 0 ? 'SALE' : 'RETURN',
        masterVariantId: variant.id,
        sku: variant.sku,
        delta,
        sourceRef: `order:${key}`,
        occurredAt: new Date().toISOString(),
    });
    const summary = (orderCode: string, version: number, state = 'PaymentSettled'): OrderSummary => ({
        tenantCode: 'north',
        orderCode,
        state,
        currencyCode: 'USD',
        subTotalWithTax: 2000,
        shippingWithTax: 500,
        totalWithTax: 2500,
        totalQuantity: 2,
        customerEmail: 'buyer@example.com',
        placedAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:05:00.000Z',
        version,
        lines: [
            {
                masterVariantId: p[0].variants[0].id,
                sku: p[0].variants[0].sku,
                productName: 'Laptop',
                quantity: 2,
                unitPriceWithTax: 1000,
                linePriceWithTax: 2000,
            },
        ],
    });

    beforeAll(async () => {
        master = await createAppTestEnvironment(masterApp, 'sync_exchange');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
        p = (await query(`{ products(options: { sort: { id: ASC } }) { items { id variants { id sku } } } }`)).products.items;
        const { channels } = await query(`{ channels { items { id code } } }`);
        const channel = (code: string) => channels.items.find((c: { code: string }) => c.code === code).id;
        const assign = (indexes: number[], tenant: string) =>
            query(`mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`, {
                p: indexes.map(i => p[i].id),
                c: channel(tenant),
            });
        // Laptop, Tablet and Gloves are north's; Monitor and Gloves south's.
        await assign([0, 1, 3], 'north');
        await assign([2, 3], 'south');
    }, 300_000);

    afterAll(async () => {
        await master?.destroy();
    });

    it('syncCatalogProductIds: the ids of the tenant’s catalog, paged, by tenantCode or in the tenant’s channel', async () => {
        const IDS = `query ($t: String, $s: Int, $k: Int) { syncCatalogProductIds(tenantCode: $t, skip: $s, take: $k) { items totalItems } }`;
        expect((await query(IDS, { t: 'north' })).syncCatalogProductIds).toEqual({ items: [p[0].id, p[1].id, p[3].id], totalItems: 3 });
        expect((await query(IDS, { t: 'north', s: 1, k: 1 })).syncCatalogProductIds).toEqual({ items: [p[1].id], totalItems: 3 });
        expect((await query(IDS, {}, 'master-south')).syncCatalogProductIds).toEqual({ items: [p[2].id, p[3].id], totalItems: 2 });
        expect(await errorOf(call(IDS, { t: 'north', k: 0 }))).toEqual({ code: 'USER_INPUT_ERROR', message: 'take: 1–5000' });
        expect(await errorOf(call(IDS, { t: 'west' }))).toEqual({ code: 'USER_INPUT_ERROR', message: 'tenantCode: no tenant "west"' });
    });

    it('masterStockMovements: the tenant’s own receipts in master, positioned by record id; shop movements are not among them', async () => {
        const north = (q: string, v: Record<string, unknown> = {}) => query(q, v, 'master-north');
        const { createSupplier } = await north(
            `mutation { createSupplier(input: { code: "stock-supplier", name: "Stock", currencyCode: USD, leadTimeDays: 1 }) { id } }`,
        );
        await receivePurchaseOrder(north, createSupplier.id, [{ variantId: p[1].variants[0].id, quantity: 5 }], 'r1');
        await query(APPLY_STOCK, { t: 'north', m: [sale('shop-sale-among-master', p[1].variants[0])] });

        const MOVES = `query ($t: String, $a: Int!, $k: Int) { masterStockMovements(tenantCode: $t, after: $a, take: $k) }`;
        const page = (await query(MOVES, { t: 'north', a: 0 })).masterStockMovements;
        expect(page.movements).toEqual([
            expect.objectContaining({
                tenantCode: 'north',
                origin: 'master',
                reason: 'PURCHASE_RECEIPT',
                masterVariantId: p[1].variants[0].id,
                delta: 5,
                position: page.lastPosition,
            }),
        ]);
        expect((await query(MOVES, { t: 'north', a: page.lastPosition })).masterStockMovements).toEqual({
            movements: [],
            lastPosition: page.lastPosition,
        });
        expect((await query(MOVES, { a: 0 }, 'master-south')).masterStockMovements).toEqual({ movements: [], lastPosition: 0 });
        expect((await errorOf(call(MOVES, { t: 'north', a: -1 }))).message).toBe('after: a feed position, 0 or more');
    });

    it('applyShopStockMovements: applied once each, the checkpoint only grows, stock follows', async () => {
        const variant = p[0].variants[1];
        const before = await stockOnHand(variant.id);
        const batch = [sale('order-A:1', variant, -2), sale('order-A:return', variant, 1)];
        expect((await query(APPLY_STOCK, { t: 'north', m: batch, f: 5 })).applyShopStockMovements).toMatchObject({
            applied: 2,
            duplicates: 0,
            pending: 0,
            position: 5,
        });
        expect(await stockOnHand(variant.id)).toBe(before - 1);
        // A replay, then an older delivery: nothing changes, the checkpoint stays.
        expect((await query(APPLY_STOCK, { t: 'north', m: batch, f: 5 })).applyShopStockMovements).toMatchObject({
            applied: 0,
            duplicates: 2,
            pending: 0,
            position: 5,
        });
        expect((await query(APPLY_STOCK, { t: 'north', m: [], f: 3 })).applyShopStockMovements.position).toBe(5);
        expect(await stockOnHand(variant.id)).toBe(before - 1);
        expect(await inboxPosition('north', 'stock-to-master')).toBe(5);
        expect(await inboxPosition('south', 'stock-to-master')).toBe(0);
        // In the tenant's channel tenantCode must be its own.
        expect((await query(APPLY_STOCK, { t: 'north', m: [], f: 7 }, 'master-north')).applyShopStockMovements.position).toBe(7);
    });

    it('applyShopStockMovements: each bad movement is refused on its own with its code and path; the good ones apply', async () => {
        const variant = p[0].variants[2];
        const before = await stockOnHand(variant.id);
        const position = await inboxPosition('north', 'stock-to-master');
        const good = sale('order-B:1', variant);
        const unknownVariant = p[2].variants[0];
        const answer = (
            await query(APPLY_STOCK, {
                t: 'north',
                m: [
                    good,
                    { ...sale('order-B:2', variant), reason: 'THEFT', delta: 0 },
                    sale('order-B:3', unknownVariant),
                    sale('order-B:4', variant, -1, 'south'),
                    { ...sale('order-B:5', variant), origin: 'master' },
                    'not a movement',
                ],
                f: position + 10,
            })
        ).applyShopStockMovements;
        expect(answer).toMatchObject({ committed: true, applied: 1, duplicates: 0, position: position + 10 });
        const [ok, badReason, notInCatalog, otherTenant, fromMaster, notAMovement] = answer.outcomes;
        expect(ok).toEqual({ key: 'order-B:1', status: 'APPLIED' });
        expect(badReason).toMatchObject({ key: 'order-B:2', status: 'REFUSED', refusal: { code: 'INVALID_ITEM', fault: 'DATA' } });
        expect(badReason.refusal.message).toContain('movements[1].reason: one of PURCHASE_RECEIPT');
        expect(badReason.refusal.message).toContain('movements[1].delta: a whole number other than 0');
        expect(badReason.refusal.message).not.toContain('movements[0]');
        expect(notInCatalog.refusal).toEqual({
            code: 'UNKNOWN_VARIANT',
            fault: 'DATA',
            message: `movements[2].masterVariantId: no variant ${unknownVariant.id} in tenant north's catalog`,
        });
        expect(otherTenant.refusal).toMatchObject({
            code: 'WRONG_TENANT',
            message: 'movements[3].tenantCode: "south" is not the tenant of this call (north)',
        });
        expect(fromMaster.refusal.message).toContain('movements[4].origin');
        expect(notAMovement.refusal.message).toContain('movements[5]: a StockMovement object');
        // Master's table: exactly the good movement's quantity left the stock.
        expect(await stockOnHand(variant.id)).toBe(before + good.delta);
        expect(await inboxPosition('north', 'stock-to-master')).toBe(position + 10);
        // Sent again: a replay, nothing changes.
        expect((await query(APPLY_STOCK, { t: 'north', m: [good] })).applyShopStockMovements).toMatchObject({
            applied: 0,
            duplicates: 1,
            outcomes: [{ key: 'order-B:1', status: 'SKIPPED' }],
        });
        expect(await stockOnHand(variant.id)).toBe(before + good.delta);
        // A malformed call as a whole is still refused, naming the problem.
        expect((await errorOf(call(APPLY_STOCK, { t: 'north', m: [good], f: -1 }))).message).toContain('feedPosition');
    });

    it('order summaries: the newest version wins, the checkpoint only grows, catalog managers list their tenant’s', async () => {
        expect(
            (await query(APPLY_ORDERS, { t: 'north', s: [summary('N-1', 3, 'ArrangingPayment')], f: 3 })).applyOrderSummaries,
        ).toMatchObject({
            applied: 1,
            stale: 0,
            position: 3,
        });
        expect((await query(APPLY_ORDERS, { t: 'north', s: [summary('N-1', 2, 'AddingItems')], f: 2 })).applyOrderSummaries).toMatchObject({
            applied: 0,
            stale: 1,
            position: 3,
        });
        expect(
            (await query(APPLY_ORDERS, { t: 'north', s: [summary('N-1', 6, 'Shipped'), summary('N-2', 6)], f: 6 })).applyOrderSummaries,
        ).toMatchObject({ applied: 2, stale: 0, position: 6 });
        expect(await inboxPosition('north', 'orders')).toBe(6);

        const LIST = `{ orderSummaries(options: { sort: { orderCode: ASC } }) { totalItems items { tenantCode orderCode state version totalWithTax placedAt lines { masterVariantId sku quantity linePriceWithTax } } } }`;
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        const { data } = await call(LIST, {}, 'master-north', cm);
        expect(data?.orderSummaries.totalItems).toBe(2);
        expect(data?.orderSummaries.items[0]).toEqual({
            tenantCode: 'north',
            orderCode: 'N-1',
            state: 'Shipped',
            version: 6,
            totalWithTax: 2500,
            placedAt: '2026-03-01T10:00:00.000Z',
            lines: [{ masterVariantId: p[0].variants[0].id, sku: p[0].variants[0].sku, quantity: 2, linePriceWithTax: 2000 }],
        });
        const southCm = await adminToken(master.baseUrl, 'cm@south.test', 'south-password');
        expect((await call(LIST, {}, 'master-south', southCm)).data?.orderSummaries.totalItems).toBe(0);
        expect((await errorOf(call(LIST, {}, undefined))).code).toBe('FORBIDDEN');
        // Catalog managers read, they do not write.
        expect((await errorOf(call(APPLY_ORDERS, { t: 'north', s: [] }, 'master-north', cm))).code).toBe('FORBIDDEN');
    });

    it('order summaries: a bad one is refused on its own, naming the path; the good one is stored', async () => {
        const broken = { ...summary('N-9', 9), currencyCode: 'usd', lines: [{ ...summary('N-9', 9).lines[0], quantity: -1 }] };
        const answer = (
            await query(APPLY_ORDERS, { t: 'north', s: [summary('N-8', 9), broken, { ...summary('N-7', 9), tenantCode: 'south' }], f: 9 })
        ).applyOrderSummaries;
        expect(answer).toMatchObject({ committed: true, applied: 1, position: 9 });
        expect(
            answer.outcomes.map((o: { key: string; status: string; refusal?: { code: string } }) => [o.key, o.status, o.refusal?.code]),
        ).toEqual([
            ['N-8', 'APPLIED', undefined],
            ['N-9', 'REFUSED', 'INVALID_ITEM'],
            ['N-7', 'REFUSED', 'WRONG_TENANT'],
        ]);
        expect(answer.outcomes[1].refusal.message).toContain('summaries[1].currencyCode: an ISO 4217 code');
        expect(answer.outcomes[1].refusal.message).toContain('summaries[1].lines[0].quantity: a whole number, 0 or more');
        expect(answer.outcomes[2].refusal.message).toContain('summaries[2].tenantCode: "south" is not the tenant of this call (north)');
        expect((await errorOf(call(APPLY_ORDERS, { t: 'north', s: [], f: -4 }))).message).toContain(
            'feedPosition: a feed position, 0 or more',
        );
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        const { data } = await call(`{ orderSummaries { items { orderCode } } }`, {}, 'master-north', cm);
        const stored = data?.orderSummaries.items.map((o: { orderCode: string }) => o.orderCode);
        expect(stored).toContain('N-8');
        expect(stored).not.toContain('N-9');
        expect(stored).not.toContain('N-7');
    });

    it('status reports per tenant and stream, the dead letters a retry clears, and who sees what', async () => {
        const report: SyncStatusReport = {
            tenantCode: 'north',
            stream: 'catalog',
            sourcePosition: 40,
            appliedPosition: 38,
            lagSeconds: 1.5,
            lastSuccessAt: '2026-03-01T10:00:00.000Z',
            lastError: 'product 7: asset download timed out',
            deadLetters: [
                {
                    stream: 'catalog',
                    itemKey: '7',
                    error: 'asset download timed out',
                    attempts: 5,
                    firstFailedAt: '2026-03-01T09:00:00.000Z',
                    lastFailedAt: '2026-03-01T10:00:00.000Z',
                },
            ],
        };
        const REPORT = `mutation ($r: JSON!) { reportSyncStatus(report: $r) }`;
        expect((await query(REPORT, { r: report })).reportSyncStatus).toBe(true);
        const STATUS = `{ syncStatus { tenantCode stream sourcePosition appliedPosition lagSeconds lastSuccessAt lastError deadLetters updatedAt masterPosition } }`;
        const all = (await query(STATUS)).syncStatus;
        expect(all.map((s: { tenantCode: string; stream: string }) => `${s.tenantCode}/${s.stream}`)).toEqual([
            'north/catalog',
            'north/stock-to-ecommerce',
            'north/stock-to-master',
            'north/orders',
            'south/catalog',
            'south/stock-to-ecommerce',
            'south/stock-to-master',
            'south/orders',
        ]);
        const feedLast = (await query(`{ syncFeed(tenantCode: "north", after: 0, take: 1) { lastPosition } }`)).syncFeed.lastPosition;
        expect(all[0]).toMatchObject({ ...report, deadLetters: report.deadLetters, masterPosition: feedLast });
        expect(all[0].updatedAt).not.toBeNull();
        expect(all[4]).toMatchObject({ sourcePosition: 0, deadLetters: [], updatedAt: null });
        // A tenant channel sees its own tenant only.
        expect((await query(STATUS, {}, 'master-south')).syncStatus.map((s: { tenantCode: string }) => s.tenantCode)).toEqual(
            Array(4).fill('south'),
        );

        const refused = await errorOf(call(REPORT, { r: { ...report, stream: 'invoices', deadLetters: [{ itemKey: '' }] } }));
        expect(refused.code).toBe('USER_INPUT_ERROR');
        expect(refused.message).toContain('report.stream: one of catalog, stock-to-ecommerce, stock-to-master, orders');
        expect(refused.message).toContain('report.deadLetters[0].attempts');
        expect((await errorOf(call(REPORT, { r: { ...report, tenantCode: 'west' } }))).message).toBe('tenantCode: no tenant "west"');

        expect((await query(`mutation { retrySync(tenantCode: "north") }`)).retrySync).toBe(true);
        expect((await query(STATUS)).syncStatus[0]).toMatchObject({ deadLetters: [], lastError: report.lastError });
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        expect((await errorOf(call(`mutation { retrySync(tenantCode: "north") }`, {}, 'master-north', cm))).code).toBe('FORBIDDEN');
        expect((await errorOf(call(REPORT, { r: report }, 'master-north', cm))).code).toBe('FORBIDDEN');
    });
});
