import http from 'node:http';
import { AddressInfo } from 'node:net';

import { masterApp } from '@entrepreneur-os/master';
import { PushNotification, PUSH_SIGNATURE_HEADER, pushSignatureProblem } from '@entrepreneur-os/sync-contract';
import { DEFAULT_MASTER_SYNC_OPTIONS, SyncFeedEntry } from '@entrepreneur-os/sync-plugin/master';
import {
    adminCall,
    adminQuery,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    freePort,
    receivePurchaseOrder,
    waitFor,
} from '@entrepreneur-os/testing';
import { TransactionalConnection } from '@vendure/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

interface Received {
    path: string;
    notification: PushNotification;
    /** Why the signature is refused (checked with the secret registered for the path); null: good. */
    signatureProblem: string | null;
    /** The feed's lastPosition read the moment the push arrived: the change had committed by then. */
    feedPositionOnArrival: number;
}

// Master pushes a signed notification to the registered subscribers after a commit that grew a
// tenant's stream; a tiny HTTP server stands in for the sidecars.
describe(`sync: push to subscribers after commit`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    let receiver: http.Server;
    let receiverUrl: string;
    let products: Array<{ id: string; variants: Array<{ id: string }> }>;
    const secrets: Record<string, string> = { '/north': 'north-secret-0123456789', '/all': 'all-tenants-secret-0123456789' };
    let received: Received[] = [];

    const query = (q: string, variables: Record<string, unknown> = {}, channel?: string) =>
        adminQuery(master.baseUrl, superadmin, channel, q, variables);
    const REGISTER = `mutation ($u: String!, $s: String!, $t: [String!]) { registerSyncSubscriber(url: $u, secret: $s, tenantCodes: $t) }`;
    const feedLast = async (tenant: string) =>
        (await query(`query ($t: String!) { syncFeed(tenantCode: $t, after: 0, take: 1) { lastPosition } }`, { t: tenant })).syncFeed
            .lastPosition as number;
    const rename = (productId: string, name: string, channel = 'master-north') =>
        query(
            `mutation ($id: ID!, $n: String!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: $n }] }) { id } }`,
            { id: productId, n: name },
            channel,
        );
    const of = (path: string, tenant: string, stream: string) =>
        received.filter(r => r.path === path && r.notification.tenantCode === tenant && r.notification.stream === stream);
    /** Waits until a notification has been quiet for a while: coalesced bursts are over. */
    const settled = async () => {
        let count = -1;
        await waitFor(
            'pushes to settle',
            () => {
                const same = received.length === count;
                count = received.length;
                return same;
            },
            { intervalMs: 150 },
        );
    };

    beforeAll(async () => {
        receiver = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
                void (async () => {
                    const body = Buffer.concat(chunks).toString('utf8');
                    const notification = JSON.parse(body) as PushNotification;
                    const header = req.headers[PUSH_SIGNATURE_HEADER] as string | undefined;
                    const feedPositionOnArrival = await feedLast(notification.tenantCode);
                    received.push({
                        path: req.url ?? '',
                        notification,
                        signatureProblem: pushSignatureProblem(secrets[req.url ?? ''] ?? 'unknown', body, header),
                        feedPositionOnArrival,
                    });
                    res.writeHead(202).end();
                })();
            });
        });
        await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve));
        receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

        master = await createAppTestEnvironment(masterApp, 'sync_push');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
        products = (await query(`{ products(options: { sort: { id: ASC } }) { items { id variants { id } } } }`)).products.items;
        const { channels } = await query(`{ channels { items { id code } } }`);
        const channel = (code: string) => channels.items.find((c: { code: string }) => c.code === code).id;
        await query(`mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`, {
            p: [products[0].id, products[1].id],
            c: channel('north'),
        });
        await query(`mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`, {
            p: [products[2].id],
            c: channel('south'),
        });
        // An unreachable subscriber must not hold up or break the others.
        await query(REGISTER, { u: `http://127.0.0.1:${await freePort()}/gone`, s: 'gone-secret-0123456789', t: null });
        await query(REGISTER, { u: `${receiverUrl}/north`, s: 'an-old-secret-0123456789', t: ['north'] });
        // Registering the same url again replaces its secret and tenants.
        await query(REGISTER, { u: `${receiverUrl}/north`, s: secrets['/north'], t: ['north'] });
        await query(REGISTER, { u: `${receiverUrl}/all`, s: secrets['/all'], t: null });
        await settled();
    }, 300_000);

    beforeEach(() => {
        received = [];
    });

    afterAll(async () => {
        await master?.destroy();
        await new Promise(resolve => receiver?.close(resolve));
    });

    it('a catalog change is pushed, signed, after its commit, to the tenant’s subscribers only', async () => {
        await rename(products[0].id, 'Pushed laptop');
        const newest = await feedLast('north');
        await waitFor('north pushes', () => of('/north', 'north', 'catalog').length > 0 && of('/all', 'north', 'catalog').length > 0);
        await settled();
        for (const r of received) {
            expect(r.signatureProblem).toBeNull();
            expect(r.feedPositionOnArrival).toBeGreaterThanOrEqual(r.notification.lastPosition);
        }
        expect(of('/north', 'north', 'catalog').at(-1)!.notification.lastPosition).toBe(newest);

        received = [];
        await rename(products[2].id, 'Pushed monitor', 'master-south');
        await waitFor('south push', () => of('/all', 'south', 'catalog').length > 0);
        await settled();
        expect(received.filter(r => r.path === '/north')).toEqual([]);
        expect(of('/all', 'south', 'catalog').at(-1)!.notification.lastPosition).toBe(await feedLast('south'));
    });

    it('a burst of commits is coalesced: at most one push per window, the last with the newest position', async () => {
        const feed = master.server.app.get(TransactionalConnection).rawConnection.getRepository(SyncFeedEntry);
        const started = Date.now();
        // 30 commits at once (each insert commits on its own).
        await Promise.all(
            Array.from({ length: 30 }, () => feed.insert({ tenantCode: 'north', kind: 'PRODUCT', masterProductId: products[1].id })),
        );
        const windows = Math.ceil((Date.now() - started) / DEFAULT_MASTER_SYNC_OPTIONS.pushCoalesceMs) + 1;
        const newest = await feedLast('north');
        // The burst ends with a push of the newest position, and nothing after it.
        await waitFor('the newest position pushed', () => of('/north', 'north', 'catalog').at(-1)?.notification.lastPosition === newest);
        await settled();
        const pushes = of('/north', 'north', 'catalog');
        expect(pushes.at(-1)!.notification.lastPosition).toBe(newest);
        expect(pushes.length).toBeLessThanOrEqual(Math.min(windows, 29));
    });

    it('a rolled-back change pushes nothing', async () => {
        const connection = master.server.app.get(TransactionalConnection).rawConnection;
        await expect(
            connection.transaction(async manager => {
                await manager
                    .getRepository(SyncFeedEntry)
                    .insert({ tenantCode: 'south', kind: 'PRODUCT', masterProductId: products[2].id });
                throw new Error('abort');
            }),
        ).rejects.toThrow('abort');
        await new Promise(resolve => setTimeout(resolve, 300));
        // south: no other test is changing it now (a late push of north's burst may still arrive).
        expect(of('/all', 'south', 'catalog')).toEqual([]);
    });

    it('master stock movements push stock-to-ecommerce; retrySync pushes a retry', async () => {
        const north = (q: string, v: Record<string, unknown> = {}) => query(q, v, 'master-north');
        const { createSupplier } = await north(
            `mutation { createSupplier(input: { code: "push-supplier", name: "Push", currencyCode: USD, leadTimeDays: 1 }) { id } }`,
        );
        await receivePurchaseOrder(north, createSupplier.id, [{ variantId: products[0].variants[0].id, quantity: 3 }], 'push-1');
        const { masterStockMovements } = await query(`{ masterStockMovements(tenantCode: "north", after: 0) }`);
        await waitFor('stock push', () => of('/north', 'north', 'stock-to-ecommerce').length > 0);
        await settled();
        expect(of('/north', 'north', 'stock-to-ecommerce').at(-1)!.notification.lastPosition).toBe(masterStockMovements.lastPosition);

        received = [];
        await query(`mutation { retrySync(tenantCode: "north") }`);
        await waitFor('retry push', () => of('/north', 'north', 'retry').length > 0);
        expect(of('/north', 'north', 'retry')[0].signatureProblem).toBeNull();
    });

    it('registration: an http(s) url, a real secret, known tenants — or a clear refusal', async () => {
        const refusal = async (variables: Record<string, unknown>) => {
            const { errors } = await adminCall(master.baseUrl, superadmin, undefined, REGISTER, variables);
            return { code: errors?.[0].extensions?.code, message: errors?.[0].message };
        };
        expect(await refusal({ u: 'ftp://example.com/push', s: secrets['/all'], t: null })).toEqual({
            code: 'USER_INPUT_ERROR',
            message: 'Subscriber refused: url: http or https, not ftp:',
        });
        expect((await refusal({ u: 'not a url', s: secrets['/all'] })).message).toContain('url: "not a url" is not a URL');
        expect((await refusal({ u: `${receiverUrl}/x`, s: 'short' })).message).toContain('secret: 16–500 characters');
        expect((await refusal({ u: `${receiverUrl}/x`, s: secrets['/all'], t: ['north', 'west'] })).message).toContain(
            'tenantCodes: no tenant "west"',
        );
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        const { errors } = await adminCall(master.baseUrl, cm, 'master-north', REGISTER, { u: `${receiverUrl}/x`, s: secrets['/all'] });
        expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
});
