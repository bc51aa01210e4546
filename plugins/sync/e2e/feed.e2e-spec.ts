import { createHash } from 'node:crypto';

import { masterApp } from '@entrepreneur-os/master';
import {
    adminCall,
    adminQuery,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
} from '@entrepreneur-os/testing';
import { ProductSnapshot, snapshotContentHash, validateProductSnapshot } from '@entrepreneur-os/sync-contract';
import { SyncFeedEntry } from '@entrepreneur-os/sync-plugin/master';
import { TransactionalConnection } from '@vendure/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Master's change feed (outbox): every change of a product a tenant's shop shows gets one entry in
// that tenant's feed, written in the transaction of the change.
describe(`sync: master's change feed`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    let products: Array<{ id: string; variants: Array<{ id: string; price: number }> }>;
    const FEED = `query ($after: Int!, $take: Int) { syncFeed(after: $after, take: $take) { lastPosition entries { position kind masterProductId } } }`;

    const inTenant = (tenant: string, query: string, variables: Record<string, unknown> = {}) =>
        adminQuery(master.baseUrl, superadmin, `master-${tenant}`, query, variables);
    const feed = async (tenant: string, after = 0) => (await inTenant(tenant, FEED, { after, take: 1000 })).syncFeed;
    /** What the change did to each tenant's feed: the product ids of its new entries. */
    async function entriesDuring(change: () => Promise<unknown>): Promise<Record<string, string[]>> {
        const before = { north: (await feed('north')).lastPosition, south: (await feed('south')).lastPosition };
        await change();
        const result: Record<string, string[]> = {};
        for (const tenant of ['north', 'south'] as const) {
            result[tenant] = (await feed(tenant, before[tenant])).entries.map((e: { masterProductId: string }) => e.masterProductId);
        }
        return result;
    }

    beforeAll(async () => {
        master = await createAppTestEnvironment(masterApp, 'sync_feed');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
        products = (
            await adminQuery(
                master.baseUrl,
                superadmin,
                undefined,
                `{ products(options: { sort: { id: ASC } }) { items { id variants { id price } } } }`,
            )
        ).products.items;
        const { channels } = await adminQuery(master.baseUrl, superadmin, undefined, `{ channels { items { id code } } }`);
        const channel = (code: string) => channels.items.find((c: { code: string }) => c.code === code).id;
        const assign = (ids: string[], tenant: string) =>
            adminQuery(
                master.baseUrl,
                superadmin,
                undefined,
                `mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`,
                {
                    p: ids,
                    c: channel(tenant),
                },
            );
        // Products 0 and 1 are north's, 2 is south's, 3 is in both, 4 in neither.
        await assign([products[0].id, products[1].id, products[3].id], 'north');
        await assign([products[2].id, products[3].id], 'south');
    }, 300_000);

    afterAll(async () => {
        await master?.destroy();
    });

    it('an update of a product is one entry in the feed of the tenant that holds it, and none elsewhere', async () => {
        const during = await entriesDuring(() =>
            inTenant(
                'north',
                `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Renamed", description: "new" }] }) { id } }`,
                {
                    id: products[0].id,
                },
            ),
        );
        expect(during).toEqual({ north: [products[0].id], south: [] });
    });

    it('variant prices, product of two tenants, and changes outside any tenant', async () => {
        const v = products[1].variants[0];
        expect(
            await entriesDuring(() =>
                inTenant('north', `mutation ($id: ID!, $p: Money!) { updateProductVariants(input: [{ id: $id, price: $p }]) { id } }`, {
                    id: v.id,
                    p: v.price + 100,
                }),
            ),
        ).toEqual({ north: [products[1].id], south: [] });
        expect(
            await entriesDuring(() =>
                adminQuery(
                    master.baseUrl,
                    superadmin,
                    undefined,
                    `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: false }) { id } }`,
                    { id: products[3].id },
                ),
            ),
        ).toEqual({ north: [products[3].id], south: [products[3].id] });
        expect(
            await entriesDuring(() =>
                adminQuery(
                    master.baseUrl,
                    superadmin,
                    undefined,
                    `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: false }) { id } }`,
                    { id: products[4].id },
                ),
            ),
        ).toEqual({ north: [], south: [] });
    });

    it('a change that is rolled back leaves no entry; a delete does', async () => {
        const [first] = products[0].variants;
        const failed = await entriesDuring(async () => {
            // The first variant is updated, then the second id fails: the whole mutation is rolled back.
            const res = await adminCall(
                master.baseUrl,
                superadmin,
                'master-north',
                `mutation ($a: ID!) { updateProductVariants(input: [{ id: $a, price: 1 }, { id: "999999", price: 1 }]) { id } }`,
                {
                    a: first.id,
                },
            );
            expect(res.errors?.[0].message).toMatch(/999999/);
        });
        expect(failed).toEqual({ north: [], south: [] });
        const { productVariant } = await inTenant('north', `query ($id: ID!) { productVariant(id: $id) { price } }`, { id: first.id });
        expect(productVariant.price).toBe(first.price);

        expect(
            await entriesDuring(() =>
                inTenant('north', `mutation ($id: ID!) { deleteProduct(id: $id) { result } }`, { id: products[1].id }),
            ),
        ).toEqual({
            north: [products[1].id],
            south: [],
        });
    });

    it('assigning a product to a tenant, or removing it, is an entry in that tenant’s feed', async () => {
        const { channels } = await adminQuery(master.baseUrl, superadmin, undefined, `{ channels { items { id code } } }`);
        const south = channels.items.find((c: { code: string }) => c.code === 'south').id;
        const change = (mutation: string) =>
            entriesDuring(() =>
                adminQuery(
                    master.baseUrl,
                    superadmin,
                    undefined,
                    `mutation ($p: [ID!]!, $c: ID!) { ${mutation}(input: { productIds: $p, channelId: $c }) { id } }`,
                    {
                        p: [products[4].id],
                        c: south,
                    },
                ),
            );
        // An assignment may be recorded twice (the assignment and the prices it creates): the engine reads a product once per batch.
        const unique = (entries: Record<string, string[]>) =>
            Object.fromEntries(Object.entries(entries).map(([t, ids]) => [t, [...new Set(ids)]]));
        expect(unique(await change('assignProductsToChannel'))).toEqual({ north: [], south: [products[4].id] });
        expect(unique(await change('removeProductsFromChannel'))).toEqual({ north: [], south: [products[4].id] });
    });

    it('snapshots: a tenant’s product in full, with its tenant prices and assets by content hash; others get the reason', async () => {
        await inTenant(
            'north',
            `mutation { createPricingRule(input: { name: "North +1.00", scopeType: "ALL", method: "FIXED_OFFSET", value: 100 }) { id } }`,
        );
        await inTenant(
            'north',
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, description: "" }] }) { id } }`,
            { id: products[3].id },
        );
        const ids = [products[0].id, products[1].id, products[2].id, products[3].id];
        const { productSnapshots } = await inTenant(
            'north',
            `query ($ids: [ID!]!) { productSnapshots(masterProductIds: $ids) { masterProductId snapshot reason missing } }`,
            { ids },
        );
        const [own, deleted, foreign, incomplete] = productSnapshots;
        expect(deleted).toMatchObject({ snapshot: null, reason: 'DELETED' });
        expect(foreign).toMatchObject({ snapshot: null, reason: 'NOT_IN_CATALOG' });
        expect(incomplete).toMatchObject({ snapshot: null, reason: 'INCOMPLETE', missing: ['description (en)'] });

        const snapshot = own.snapshot as ProductSnapshot;
        expect(own.reason).toBeNull();
        expect(validateProductSnapshot(snapshot)).toEqual([]);
        expect(snapshot).toMatchObject({
            tenantCode: 'north',
            masterProductId: products[0].id,
            translations: [expect.objectContaining({ name: 'Renamed' })],
        });
        const entries = (await feed('north')).entries.filter((e: { masterProductId: string }) => e.masterProductId === products[0].id);
        expect(snapshot.version).toBe(entries.at(-1).position);
        // Prices are the tenant's, from the pricing rules.
        const { previewTenantPrices } = await inTenant(
            'north',
            `query ($v: [ID!]) { previewTenantPrices(options: { productVariantIds: $v }) { productVariantId price } }`,
            {
                v: snapshot.variants.map(v => v.masterVariantId),
            },
        );
        expect(snapshot.variants.map(v => [v.masterVariantId, v.price])).toEqual(
            previewTenantPrices.map((p: any) => [p.productVariantId, p.price]),
        );
        expect(snapshot.variants.every(v => v.price === products[0].variants.find(x => x.id === v.masterVariantId)!.price + 100)).toBe(
            true,
        );
        // Assets by the SHA-256 of the very bytes master serves.
        expect(snapshot.assets.length).toBeGreaterThan(0);
        for (const asset of snapshot.assets) {
            const bytes = Buffer.from(await (await fetch(`${master.baseUrl}/assets/${asset.sourceUrl}`)).arrayBuffer());
            expect(createHash('sha256').update(bytes).digest('hex')).toBe(asset.contentHash);
        }
        expect(snapshot.featuredAssetHash).toBe(snapshot.assets[0].contentHash);
        // The same content later hashes the same; the version follows the feed.
        const again = (
            await inTenant('north', `query ($ids: [ID!]!) { productSnapshots(masterProductIds: $ids) { snapshot } }`, {
                ids: [products[0].id],
            })
        ).productSnapshots[0].snapshot;
        expect(snapshotContentHash(again)).toBe(snapshotContentHash(snapshot));
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        expect(
            (await adminCall(master.baseUrl, cm, 'master-north', `{ productSnapshots(masterProductIds: ["1"]) { reason } }`)).errors?.[0]
                .extensions?.code,
        ).toBe('FORBIDDEN');
    });

    it('positions only grow; bad input and callers without the permission or outside a tenant are refused', async () => {
        const { entries, lastPosition } = await feed('north');
        const positions = entries.map((e: { position: number }) => e.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(positions.at(-1)).toBe(lastPosition);
        expect((await feed('north', lastPosition)).entries).toEqual([]);

        const call = (token: string, channel: string | undefined, variables: Record<string, unknown>) =>
            adminCall(master.baseUrl, token, channel, FEED, variables);
        expect((await call(superadmin, 'master-north', { after: -1 })).errors?.[0].message).toMatch(/after: a feed position/);
        expect((await call(superadmin, 'master-north', { after: 0, take: 5000 })).errors?.[0].message).toMatch(/take: 1–1000/);
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        expect((await call(cm, 'master-north', { after: 0 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('tenantCode selects the tenant in the default channel, must match in a tenant channel, and names an unknown one', async () => {
        const FEED_OF = `query ($t: String, $after: Int!) { syncFeed(tenantCode: $t, after: $after, take: 1000) { lastPosition entries { masterProductId } } }`;
        const call = (channel: string | undefined, tenantCode: string | undefined) =>
            adminCall(master.baseUrl, superadmin, channel, FEED_OF, { t: tenantCode, after: 0 });
        // The default channel reads the named tenant's feed: the same as inside that tenant's channel.
        expect((await call(undefined, 'south')).data?.syncFeed).toEqual((await call('master-south', undefined)).data?.syncFeed);
        expect((await call('master-south', 'south')).data?.syncFeed).toEqual((await call('master-south', undefined)).data?.syncFeed);
        const ids = (feedOf: any) => new Set(feedOf.data.syncFeed.entries.map((e: any) => e.masterProductId));
        expect(ids(await call(undefined, 'north'))).not.toEqual(ids(await call(undefined, 'south')));

        const refusal = async (channel: string | undefined, tenantCode: string | undefined) => {
            const { errors } = await call(channel, tenantCode);
            return { code: errors?.[0].extensions?.code, message: errors?.[0].message };
        };
        expect(await refusal(undefined, undefined)).toEqual({
            code: 'USER_INPUT_ERROR',
            message: 'tenantCode: required in the default channel',
        });
        expect(await refusal(undefined, 'nowhere')).toEqual({ code: 'USER_INPUT_ERROR', message: 'tenantCode: no tenant "nowhere"' });
        expect(await refusal('master-north', 'south')).toEqual({
            code: 'USER_INPUT_ERROR',
            message: 'tenantCode: "south" is not the tenant of this channel (north)',
        });
        const snapshots = await adminCall(
            master.baseUrl,
            superadmin,
            undefined,
            `query ($ids: [ID!]!) { productSnapshots(tenantCode: "north", masterProductIds: $ids) { masterProductId reason } }`,
            { ids: [products[2].id] },
        );
        expect(snapshots.data?.productSnapshots).toEqual([{ masterProductId: products[2].id, reason: 'NOT_IN_CATALOG' }]);
    });
    // PostgreSQL: two transactions can commit out of id order. A reader must not pass an entry that
    // is still uncommitted (it would move its checkpoint past it and never read it).
    it('a reader never passes an entry that commits later than a higher one', async () => {
        const start = (await feed('north')).lastPosition;
        const runner = master.server.app.get(TransactionalConnection).rawConnection.createQueryRunner();
        await runner.startTransaction();
        try {
            // The slow transaction takes its position first and has not committed yet …
            await runner.manager.insert(SyncFeedEntry, { tenantCode: 'north', kind: 'PRODUCT', masterProductId: products[1].id });
            // … while a later change commits a higher position.
            await inTenant(
                'north',
                `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, name: "Committed first" }] }) { id } }`,
                { id: products[0].id },
            );
            const whileOpen = await feed('north', start);
            expect(whileOpen.entries).toEqual([]);
            expect(whileOpen.lastPosition).toBeGreaterThan(start);
            await runner.commitTransaction();
        } finally {
            if (runner.isTransactionActive) await runner.rollbackTransaction();
            await runner.release();
        }
        const settled = await feed('north', start);
        expect(settled.entries.map((e: { masterProductId: string }) => e.masterProductId)).toEqual([products[1].id, products[0].id]);
        expect(settled.entries.map((e: { position: number }) => e.position).at(-1)).toBe(settled.lastPosition);
    }, 30_000);
});
