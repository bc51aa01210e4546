import { masterApp } from '@entrepreneur-os/master';
import {
    ADMIN_LOGIN,
    ADMIN_ME,
    ADMIN_PRODUCTS,
    AppTestEnvironment,
    createAppTestEnvironment,
    SHOP_COLLECTIONS,
    SHOP_PRODUCTS,
    SHOP_SEARCH,
    TEST_CATALOG,
    waitFor,
    inspectQueueBackend,
    REINDEX,
    JOB,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe(`master server`, () => {
    let env: AppTestEnvironment;

    beforeAll(async () => {
        env = await createAppTestEnvironment(masterApp, 'master');
        await env.start();
        await env.adminClient.asSuperAdmin();
    });

    afterAll(async () => {
        await env?.destroy();
    });

    it('answers /health', async () => {
        const res = await fetch(`${env.baseUrl}/health`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ status: 'ok' });
    });

    it('lists the catalog through the Shop API, with asset URLs on this server', async () => {
        const { products } = await env.shopClient.query(SHOP_PRODUCTS, { take: 100 });
        expect(products.totalItems).toBe(TEST_CATALOG.products);
        expect(products.items.flatMap(p => p.variants)).toHaveLength(TEST_CATALOG.variants);
        const laptop = products.items.find(p => p.slug === 'laptop');
        expect(laptop?.variants.map(v => v.sku).sort()).toEqual(['L2201308', 'L2201316', 'L2201508', 'L2201516']);
        expect(laptop?.featuredAsset?.preview.startsWith(`${env.baseUrl}/assets/`)).toBe(true);
        const { collections } = await env.shopClient.query(SHOP_COLLECTIONS);
        expect(collections.items.map(c => c.slug)).toContain('electronics');
    });

    it('serves asset files through the asset server', async () => {
        const { products } = await env.shopClient.query(SHOP_PRODUCTS, { take: 1 });
        const res = await fetch(`${products.items[0].featuredAsset!.preview}?preset=thumb`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^image\//);
    });

    it('finds products through search once the job queue has indexed them', async () => {
        const skus = await waitFor('laptop in the search index', async () => {
            const { search } = await env.shopClient.query(SHOP_SEARCH, { term: 'laptop' });
            return search.totalItems > 0 && search.items.map(i => i.sku);
        });
        expect(skus).toContain('L2201308');
    });

    it('runs jobs on the configured backend: the SQL job queue, or BullMQ on Redis', async () => {
        const { reindex } = await env.adminClient.query(REINDEX);
        await waitFor(
            'the reindex job to complete',
            async () => (await env.adminClient.query(JOB, { id: reindex.id })).job?.state === 'COMPLETED',
        );
        const backend = await inspectQueueBackend(env);
        if (env.settings.redisUrl) {
            expect(backend.redisQueueKeys).toBeGreaterThan(0);
            expect(backend.redisCacheKeys).toBeGreaterThan(0);
        } else {
            expect(backend.sqlJobRecords).toBeGreaterThan(0);
        }
    });

    it('logs the superadmin in and refuses a wrong password', async () => {
        const ok = await env.adminClient.query(ADMIN_LOGIN, {
            username: env.settings.superadmin.username,
            password: env.settings.superadmin.password,
        });
        expect(ok.login.identifier).toBe(env.settings.superadmin.username);
        const { me } = await env.adminClient.query(ADMIN_ME);
        expect(me?.channels[0].permissions).toContain('SuperAdmin');
        const bad = await env.adminClient.query(ADMIN_LOGIN, { username: env.settings.superadmin.username, password: 'wrong' });
        expect(bad.login.errorCode).toBe('INVALID_CREDENTIALS_ERROR');
        await env.adminClient.asSuperAdmin();
    });

    it('protects the Admin API from anonymous callers', async () => {
        await env.adminClient.asAnonymousUser();
        await expect(env.adminClient.query(ADMIN_PRODUCTS, { take: 1 })).rejects.toThrow(/not currently authorized/i);
        await env.adminClient.asSuperAdmin();
        const { products } = await env.adminClient.query(ADMIN_PRODUCTS, { take: 100 });
        expect(products.totalItems).toBe(TEST_CATALOG.products);
    });

    it('serves the React Dashboard at /dashboard and the Angular Admin UI at /admin', async () => {
        const dashboard = await fetch(`${env.baseUrl}/dashboard/`);
        expect(dashboard.status).toBe(200);
        const html = await dashboard.text();
        expect(html).toContain('<base href="/dashboard/">');
        const script = html.match(/src="(assets\/[^"]+\.js)"/)?.[1];
        expect(script, 'the Dashboard index references its bundle').toBeTruthy();
        expect((await fetch(`${env.baseUrl}/dashboard/${script}`)).status).toBe(200);

        const admin = await fetch(`${env.baseUrl}/admin/`);
        expect(admin.status).toBe(200);
        expect(await admin.text()).toContain('<vdr-root>');
    });
});
