import fs from 'node:fs';
import path from 'node:path';

import { adminToken, AppProcessEnv, graphql, prepareAppProcessEnv, spawnNode, SpawnedProcess, waitFor } from '@entrepreneur-os/testing';
import { afterEach, describe, expect, it } from 'vitest';

// First start as a user gets it: the real server process, the real seed, PostgreSQL.

const CATALOG_COUNTS = `{
    products(options: { take: 100 }) { totalItems items { variants { id } featuredAsset { id } } }
    collections { totalItems }
    facets { totalItems }
}`;

async function startAndWait(script: string, proc: AppProcessEnv): Promise<SpawnedProcess> {
    const server = spawnNode(script, proc.env);
    await waitFor(
        `${script} to answer /health`,
        async () => {
            if ((await Promise.race([server.exited, Promise.resolve('running')])) !== 'running')
                throw new Error(server.output().slice(-3000));
            return (await fetch(`${proc.baseUrl}/health`).catch(() => undefined))?.ok;
        },
        { timeoutMs: 180_000, intervalMs: 250 },
    );
    return server;
}

describe('first start', () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterEach(async () => {
        for (const fn of cleanups.splice(0).reverse()) await fn();
    });

    it('master seeds the demo catalog once: ≥ 60 products, multi-variant, with images, facets and collections; a restart re-seeds nothing', async () => {
        const proc = await prepareAppProcessEnv('master', 'seed');
        cleanups.push(() => proc.cleanup());
        let server = await startAndWait('master/dist/index.js', proc);
        cleanups.push(() => server.stop());
        expect(server.output()).toMatch(/seeded 64 products and 9 collections/);
        expect(server.output()).toMatch(/sample products 54\/54 \(100%\)/);

        const first = await graphql(`${proc.baseUrl}/shop-api`, CATALOG_COUNTS);
        expect(first.products.totalItems).toBeGreaterThanOrEqual(60);
        const variants = first.products.items.reduce((n: number, p: any) => n + p.variants.length, 0);
        expect(variants).toBeGreaterThan(first.products.totalItems + 20);
        expect(first.products.items.filter((p: any) => p.variants.length > 1).length).toBeGreaterThanOrEqual(20);
        expect(first.products.items.every((p: any) => p.featuredAsset)).toBe(true);
        expect(first.collections.totalItems).toBeGreaterThanOrEqual(9);

        await server.stop();
        server = await startAndWait('master/dist/index.js', proc);
        expect(server.output()).not.toMatch(/first start/);
        expect(await graphql(`${proc.baseUrl}/shop-api`, CATALOG_COUNTS)).toEqual(first);
    });

    it('ecommerce seeds its shop set-up and no products', async () => {
        const proc = await prepareAppProcessEnv('ecommerce', 'seed');
        cleanups.push(() => proc.cleanup());
        const server = await startAndWait('ecommerce/dist/index.js', proc);
        cleanups.push(() => server.stop());
        const shop = await graphql(
            `${proc.baseUrl}/shop-api`,
            `
                {
                    products {
                        totalItems
                    }
                    availableCountries {
                        code
                    }
                }
            `,
        );
        expect(shop.products.totalItems).toBe(0);
        expect(shop.availableCountries.length).toBeGreaterThan(200);
        const token = await (await import('@entrepreneur-os/testing')).adminToken(proc.baseUrl, 'superadmin', 'superadmin');
        const admin = await graphql(
            `${proc.baseUrl}/admin-api`,
            `
                {
                    shippingMethods {
                        totalItems
                    }
                    paymentMethods {
                        items {
                            code
                            enabled
                            handler {
                                code
                            }
                        }
                    }
                    taxRates {
                        totalItems
                    }
                    zones {
                        totalItems
                    }
                    stockLocations {
                        totalItems
                    }
                }
            `,
            {},
            token,
        );
        expect(admin.shippingMethods.totalItems).toBe(2);
        expect(admin.paymentMethods.items).toEqual([
            { code: 'standard-payment', enabled: true, handler: { code: 'dummy-payment-handler' } },
        ]);
        expect(admin.taxRates.totalItems).toBeGreaterThan(0);
        expect(admin.zones.totalItems).toBeGreaterThan(0);
        expect(admin.stockLocations.totalItems).toBe(1);
    });

    it('a kill -9 in the middle of seeding leaves nothing half-done: the next start seeds exactly once', async () => {
        const proc = await prepareAppProcessEnv('master', 'crash');
        cleanups.push(() => proc.cleanup());
        const crashed = spawnNode('master/dist/index.js', proc.env);
        await crashed.waitForOutput(/sample products \d+\/54/, 180_000);
        await crashed.kill9();
        const assetsBefore = fs.readdirSync(`${proc.dataDir}/assets/master`, { recursive: true }).length;
        expect(assetsBefore, 'the interrupted seed had written asset files').toBeGreaterThan(0);

        const server = await startAndWait('master/dist/index.js', proc);
        cleanups.push(() => server.stop());
        expect(server.output()).toMatch(/interrupted while seeding: resetting schema "public"/);
        const { products } = await graphql(
            `${proc.baseUrl}/shop-api`,
            `
                {
                    products(options: { take: 100 }) {
                        totalItems
                        items {
                            slug
                        }
                    }
                }
            `,
        );
        expect(products.totalItems).toBe(64);
        expect(new Set(products.items.map((p: any) => p.slug)).size).toBe(64);
        // The interrupted seed's asset files went with its schema: each asset is stored once.
        const { assets } = await graphql(
            `${proc.baseUrl}/admin-api`,
            '{ assets { totalItems } }',
            {},
            await adminToken(proc.baseUrl, 'superadmin', 'superadmin'),
        );
        const assetFiles = fs
            .readdirSync(`${proc.dataDir}/assets/master`, { recursive: true, withFileTypes: true })
            .filter(d => d.isFile());
        expect(assetFiles.filter(d => d.parentPath.includes(`${path.sep}source`))).toHaveLength(assets.totalItems);
    });
});
