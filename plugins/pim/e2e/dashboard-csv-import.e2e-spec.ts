import fs from 'node:fs';
import path from 'node:path';

import { masterApp } from '@entrepreneur-os/master';
import {
    adminQuery,
    adminToken,
    AppTestEnvironment,
    assertDashboardBuilt,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    dashboardLogin,
    dashboardScreenshot,
    graphql,
    launchChromium,
    waitFor,
} from '@entrepreneur-os/testing';
import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CSV import page of master's React Dashboard in a real browser (Debian's Chromium, no download),
// against the built Dashboard that the in-process master serves at /dashboard, as a tenant's catalog
// manager: the file goes up through the Dashboard's own api client as a multipart request.
const FIXTURES = path.join(__dirname, 'fixtures', 'dashboard-csv');
/** 5 rows: row 3 has a negative cost, row 5 an unknown SKU; rows 2, 4 and 6 are valid. */
const WITH_ERRORS = path.join(FIXTURES, 'supplier-prices-with-errors.csv');
/** Latin-1: "café" in row 3 is the byte 0xE9, not UTF-8. */
const LATIN1 = path.join(FIXTURES, 'supplier-prices-latin1.csv');
const PRICES = `{ supplierPrices(options: { take: 100, sort: { id: ASC } }) { totalItems items { productVariantId costPrice currencyCode minOrderQuantity validFrom validTo preferred supplier { code } } } }`;

describe(`CSV import in master's Dashboard`, () => {
    let master: AppTestEnvironment;
    let browser: Browser;
    let cmLogin: { username: string; password: string };
    let cm: string;
    const variantIds: Record<string, string> = {};

    /** The Admin API as acme's catalog manager, in acme's channel. */
    const asCm = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
        adminQuery<T>(master.baseUrl, cm, 'master-acme', query, variables);

    const login = () => dashboardLogin(browser, master.baseUrl, cmLogin.username, cmLogin.password);

    const screenshot = (page: Page, name: string, fullPage = true) => dashboardScreenshot(page, `csv-import-${name}`, fullPage);

    /** The CSV import page through the sidebar's PIM section (tried again if the sidebar re-collapsed after login). */
    async function openCsvImport(page: Page): Promise<void> {
        const entry = page.locator('a[data-sidebar="menu-sub-button"][href="/dashboard/csv-import"]');
        await waitFor('the PIM entry CSV import to open its page', async () => {
            if (!(await entry.isVisible())) {
                await page.locator('[data-sidebar="menu-button"]', { hasText: /^PIM$/ }).click();
                await entry.waitFor({ timeout: 2_000 });
            }
            await entry.click({ timeout: 2_000 });
            await page.waitForURL(u => u.pathname === '/dashboard/csv-import', { timeout: 2_000 });
            return true;
        });
        await page.locator('h1', { hasText: 'CSV import' }).waitFor();
    }

    async function checkFile(page: Page, file: string): Promise<void> {
        await page.locator('label[for="csv-kind-SUPPLIER_PRICES"]').click();
        await page.getByRole('radio', { name: 'Supplier prices', checked: true }).waitFor();
        await page.setInputFiles('#csv-file', file);
        await page.getByRole('button', { name: 'Check file' }).click();
    }

    beforeAll(async () => {
        assertDashboardBuilt(masterApp.packageDir, 'CSV import', 'importCsvDryRun');
        master = await createAppTestEnvironment(masterApp, 'dashboard_csv_import');
        await master.start({ withCatalog: true });
        const superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        const tenant = await createMasterOnlyTenant(master.baseUrl, superadmin, 'acme', { currency: 'EUR' });
        cmLogin = tenant.catalogManager;
        // acme sells the test catalog.
        const { products, channels } = await graphql(
            `${master.baseUrl}/admin-api`,
            '{ products { items { id } } channels { items { id code } } }',
            {},
            superadmin,
        );
        await graphql(
            `${master.baseUrl}/admin-api`,
            'mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }',
            { p: products.items.map((p: { id: string }) => p.id), c: channels.items.find((c: { code: string }) => c.code === 'acme').id },
            superadmin,
        );
        cm = await adminToken(master.baseUrl, cmLogin.username, cmLogin.password);
        for (const v of (await asCm(`{ productVariants(options: { take: 100 }) { items { id sku } } }`)).productVariants.items) {
            variantIds[v.sku] = v.id;
        }
        await asCm(`mutation { createSupplier(input: { code: "alpen", name: "Alpen GmbH", currencyCode: EUR, leadTimeDays: 3 }) { id } }`);
        browser = await launchChromium();
    }, 300_000);

    afterAll(async () => {
        await browser?.close();
        await master?.destroy();
    });

    it('lists the errors of a supplier price list by row and column, and imports only the valid rows when asked', async () => {
        const before = (await asCm(PRICES)).supplierPrices.totalItems as number;
        const page = await login();
        await openCsvImport(page);
        expect(await page.getByTestId('csv-format-help').innerText()).toContain(
            'supplier_code,sku,cost_price,currency,min_order_qty,valid_from,valid_to,preferred',
        );
        await checkFile(page, WITH_ERRORS);

        const status = page.getByTestId('csv-import-status');
        await status.waitFor();
        await status.locator('[data-import-state="DRY_RUN"]').waitFor();
        expect(await status.getByTestId('csv-total-rows').innerText()).toBe('5 rows');
        expect(await status.getByTestId('csv-valid-rows').innerText()).toBe('3 valid');
        expect(await status.getByTestId('csv-error-count').innerText()).toBe('2 errors');
        const errorRows = status.locator('[data-testid="csv-errors"] tbody tr');
        expect(
            await errorRows.evaluateAll(rows => rows.map(r => [r.getAttribute('data-row'), r.getAttribute('data-column'), r.textContent])),
        ).toEqual([
            ['3', 'cost_price', expect.stringMatching(/^3cost_price.+/)],
            ['5', 'sku', expect.stringMatching(/^5sku.*NOPE-404/)],
        ]);
        // With errors, "Import" stays disabled: nothing is written unless the user picks the valid rows.
        expect(await status.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
        expect((await asCm(PRICES)).supplierPrices.totalItems).toBe(before);
        await screenshot(page, 'dry-run');

        await status.getByRole('button', { name: 'Import only the 3 valid rows' }).click();
        await status.locator('[data-import-state="SUCCEEDED"]').waitFor({ timeout: 60_000 });
        expect(await status.getByTestId('csv-processed').innerText()).toBe('3 / 3 rows');
        expect(await status.getByTestId('csv-summary').innerText()).toContain(
            '3 supplier prices created, 0 updated; 2 errors: the rows concerned were not imported',
        );
        await screenshot(page, 'succeeded');

        // Exactly the valid rows were stored.
        const { supplierPrices } = await asCm(PRICES);
        expect(supplierPrices.totalItems).toBe(before + 3);
        expect(
            (supplierPrices.items as any[])
                .slice(-3)
                .map(p => [p.supplier.code, p.productVariantId, p.costPrice, p.currencyCode, p.minOrderQuantity, p.validFrom, p.preferred]),
        ).toEqual([
            ['alpen', variantIds.L2201308, 1250, 'EUR', 1, '2025-01-01T00:00:00.000Z', true],
            ['alpen', variantIds.L2201316, 999, 'EUR', 5, null, false],
            ['alpen', variantIds.L2201516, 725, 'EUR', 10, null, false],
        ]);

        // The recent imports list it; opening it after a reload shows its result and errors again.
        await page.reload();
        const listed = page.locator('tbody tr', { hasText: 'supplier-prices-with-errors.csv' }).first();
        await listed.locator('[data-import-state="SUCCEEDED"]').waitFor();
        const text = await listed.innerText();
        expect(text).toContain('Supplier prices');
        expect(text).toContain('3/5 valid');
        expect(text).toContain(cmLogin.username);
        await screenshot(page, 'recent');
        await listed.getByTestId('csv-import-open').click();
        await page.getByTestId('csv-summary').waitFor();
        expect(await page.locator('[data-testid="csv-errors"] tbody tr').count()).toBe(2);
        await page.context().close();
    });

    it('refuses a file that is not UTF-8 with the reason, and keeps nothing', async () => {
        const count = `{ csvImports { totalItems } supplierPrices { totalItems } }`;
        const before = await asCm(count);
        const page = await login();
        await openCsvImport(page);
        await checkFile(page, LATIN1);

        const refused = page.getByTestId('csv-refused');
        await refused.waitFor();
        const firstBadByte = fs.readFileSync(LATIN1).indexOf(0xe9) + 1;
        const text = await refused.innerText();
        expect(text).toContain('supplier-prices-latin1.csv was refused');
        expect(await page.getByTestId('csv-refused-reasons').innerText()).toBe(
            `the file is not UTF-8 (first bad byte 0xE9 at byte ${firstBadByte}, row 3): save it as CSV UTF-8`,
        );
        expect(await page.getByTestId('csv-import-status').count()).toBe(0);
        await screenshot(page, 'refused', false);
        expect(await asCm(count)).toEqual(before);
        await page.context().close();
    });
});
