import { masterApp } from '@entrepreneur-os/master';
import {
    adminCall,
    adminQuery,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Master's change feed (outbox): every change of a product a tenant's shop shows gets one entry in
// that tenant's feed, written in the transaction of the change.
describe(`sync: master's change feed (${process.env.E2E_DB ?? 'sqlite'})`, () => {
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
        expect((await call(superadmin, undefined, { after: 0 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        expect((await call(cm, 'master-north', { after: 0 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
});
