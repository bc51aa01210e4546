import { masterApp } from '@entrepreneur-os/master';
import type { OrderSummary, SyncStatusReport } from '@entrepreneur-os/sync-contract';
import {
    adminQuery,
    adminToken,
    AppTestEnvironment,
    assertDashboardBuilt,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    dashboardLogin,
    dashboardScreenshot,
    launchChromium,
    waitFor,
} from '@entrepreneur-os/testing';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Sync pages of master's React Dashboard in a real browser (Debian's Chromium): Settings → Sync
// for operators, PIM → Orders (from shops) for a tenant's catalog managers.
describe(`sync in master's Dashboard`, () => {
    let master: AppTestEnvironment;
    let browser: Browser;
    let superadmin: string;

    const query = (q: string, variables: Record<string, unknown> = {}, channel?: string) =>
        adminQuery(master.baseUrl, superadmin, channel, q, variables);
    const login = (username: string, password: string) => dashboardLogin(browser, master.baseUrl, username, password);

    beforeAll(async () => {
        assertDashboardBuilt(masterApp.packageDir, 'Sync', 'SyncStatusPage');
        master = await createAppTestEnvironment(masterApp, 'dashboard_sync');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
        const { products, channels } = await query(`{ products { items { id } } channels { items { id code } } }`);
        await query(`mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`, {
            p: products.items.map((p: { id: string }) => p.id),
            c: channels.items.find((c: { code: string }) => c.code === 'north').id,
        });
        browser = await launchChromium();
    }, 300_000);

    afterAll(async () => {
        await browser?.close();
        await master?.destroy();
    });

    it('Sync shows each tenant’s streams — positions, lag, last error, dead letters — and Retry clears the dead letters', async () => {
        const report: SyncStatusReport = {
            tenantCode: 'north',
            stream: 'catalog',
            sourcePosition: 3,
            appliedPosition: 2,
            lagSeconds: 4,
            lastSuccessAt: new Date().toISOString(),
            lastError: 'product 42: asset download timed out',
            deadLetters: [
                {
                    stream: 'catalog',
                    itemKey: '42',
                    error: 'asset download timed out',
                    attempts: 5,
                    firstFailedAt: new Date().toISOString(),
                    lastFailedAt: new Date().toISOString(),
                },
            ],
        };
        await query(`mutation ($r: JSON!) { reportSyncStatus(report: $r) }`, { r: report });
        const feedLast = (await query(`{ syncFeed(tenantCode: "north", after: 0, take: 1) { lastPosition } }`)).syncFeed.lastPosition;
        expect(feedLast).toBeGreaterThan(3);

        const page = await login('superadmin', 'superadmin');
        await page.goto(`${master.baseUrl}/dashboard/sync`);
        const north = page.locator('[data-testid="sync-tenant"][data-tenant="north"]');
        await north.waitFor();
        await page.locator('[data-testid="sync-tenant"][data-tenant="south"]').waitFor();
        const catalog = north.locator('[data-testid="sync-stream"][data-stream="catalog"]');
        // The sender's position is master's own feed, fresher than the report; lag = sender − applied.
        expect(await catalog.getByTestId('sync-source').innerText()).toBe(String(feedLast));
        expect(await catalog.getByTestId('sync-applied').innerText()).toBe('2');
        expect(await catalog.getByTestId('sync-lag').innerText()).toContain(String(feedLast - 2));
        expect(await catalog.getByTestId('sync-last-error').innerText()).toBe(report.lastError);
        expect(await catalog.getByTestId('sync-dead-letters').getAttribute('data-count')).toBe('1');
        expect(await north.locator('[data-testid="sync-stream"]').count()).toBe(4);
        await dashboardScreenshot(page, 'sync-status');

        await north.getByTestId('sync-retry').click();
        await page.locator('[data-sonner-toast]', { hasText: 'Retry sent to north' }).waitFor();
        await waitFor(
            'the dead letters to be cleared',
            async () => (await catalog.getByTestId('sync-dead-letters').getAttribute('data-count')) === '0',
        );
        const { syncStatus } = await query(`{ syncStatus { tenantCode stream deadLetters } }`);
        expect(
            syncStatus.find((s: { tenantCode: string; stream: string }) => s.tenantCode === 'north' && s.stream === 'catalog').deadLetters,
        ).toEqual([]);
        await page.context().close();
    });

    it('Orders (from shops) lists the tenant’s orders for its catalog manager; the default channel is told to choose a tenant', async () => {
        const summary = (orderCode: string, state: string, version: number): OrderSummary => ({
            tenantCode: 'north',
            orderCode,
            state,
            currencyCode: 'USD',
            subTotalWithTax: 12900,
            shippingWithTax: 500,
            totalWithTax: 13400,
            totalQuantity: 1,
            customerEmail: 'shopper@north.test',
            placedAt: '2026-03-01T10:00:00.000Z',
            updatedAt: '2026-03-01T10:05:00.000Z',
            version,
            lines: [
                {
                    masterVariantId: '1',
                    sku: 'L2201308',
                    productName: 'Laptop 13 inch 8GB',
                    quantity: 1,
                    unitPriceWithTax: 12900,
                    linePriceWithTax: 12900,
                },
            ],
        });
        await query(`mutation ($s: [JSON!]!) { applyOrderSummaries(tenantCode: "north", summaries: $s, feedPosition: 2) }`, {
            s: [summary('NORTH-1', 'PaymentSettled', 1), summary('NORTH-2', 'Shipped', 2)],
        });

        const page = await login('cm@north.test', 'north-password');
        await page.goto(`${master.baseUrl}/dashboard/shop-orders`);
        await page.getByTestId('shop-order-code').first().waitFor();
        const codes = await page.getByTestId('shop-order-code').allInnerTexts();
        expect(codes.sort()).toEqual(['NORTH-1', 'NORTH-2']);
        expect(await page.getByTestId('shop-order-state').allInnerTexts()).toEqual(expect.arrayContaining(['Shipped', 'PaymentSettled']));
        await page.getByText('Laptop 13 inch 8GB').first().waitFor();
        await dashboardScreenshot(page, 'sync-shop-orders');
        await page.context().close();

        const admin = await login('superadmin', 'superadmin');
        await admin.goto(`${master.baseUrl}/dashboard/shop-orders`);
        await admin.getByTestId('shop-orders-not-a-tenant').waitFor();
        await admin.context().close();
    });
});
