import { masterApp } from '@entrepreneur-os/master';
import {
    adminToken,
    AppTestEnvironment,
    assertDashboardBuilt,
    createAppTestEnvironment,
    dashboardLogin,
    dashboardScreenshot,
    graphql,
    launchChromium,
    waitFor,
} from '@entrepreneur-os/testing';
import { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The Tenants pages of master's React Dashboard, in a real browser (Debian's Chromium, no download)
// against the built Dashboard that the in-process master serves at /dashboard.

describe(`Tenants in master's Dashboard`, () => {
    let master: AppTestEnvironment;
    let browser: Browser;
    let superadmin: string;
    const tenantIds: Record<string, string> = {};

    async function tenantStatus(code: string): Promise<{ status: string; events: Array<{ step: string; outcome: string }> }> {
        const res = await graphql(
            `${master.baseUrl}/admin-api`,
            'query ($id: ID!) { tenant(id: $id) { status events { step outcome } } }',
            { id: tenantIds[code] },
            superadmin,
        );
        return res.tenant;
    }

    /** A fresh browser context (own storage) logged in to master's Dashboard. */
    const login = (username: string, password: string) => dashboardLogin(browser, master.baseUrl, username, password);

    const screenshot = (page: Page, name: string, fullPage = true) => dashboardScreenshot(page, `${name}`, fullPage);

    function sidebarButton(page: Page, text: string | RegExp) {
        return page.locator('[data-sidebar="menu-button"]', { hasText: text });
    }

    /** Opens the sidebar's Settings section (Tenants lives there) and waits for its entries. */
    async function openSettingsSection(page: Page): Promise<void> {
        const settings = sidebarButton(page, /^Settings$/);
        await settings.click();
        await page.locator('[data-sidebar="menu-sub-button"]').first().waitFor();
    }

    beforeAll(async () => {
        assertDashboardBuilt(masterApp.packageDir, 'Tenants', 'retryTenantProvisioning');
        master = await createAppTestEnvironment(masterApp, 'dashboard_tenants');
        await master.start({ withCatalog: false });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) {
            // No API key (env:UNUSED_KEY is unset) and nothing listens at the ecommerce URL: provisioning
            // creates the master channel, roles and catalog manager, then FAILS at the ecommerce step.
            const res = await graphql(
                `${master.baseUrl}/admin-api`,
                'mutation ($i: CreateTenantInput!) { createTenant(input: $i) { id } }',
                {
                    i: {
                        code,
                        name: `${code[0].toUpperCase()}${code.slice(1)} Outfitters`,
                        defaultLanguageCode: 'en',
                        currencyCode: code === 'north' ? 'EUR' : 'USD',
                        ecommerceUrl: 'http://127.0.0.1:9',
                        ecommerceCredentialsRef: 'env:UNUSED_KEY',
                        firstAdministrator: {
                            emailAddress: `cm@${code}.test`,
                            password: `${code}-password`,
                            firstName: code,
                            lastName: 'CM',
                        },
                    },
                },
                superadmin,
            );
            tenantIds[code] = res.createTenant.id;
        }
        for (const code of ['north', 'south']) {
            await waitFor(`${code} to fail provisioning`, async () => (await tenantStatus(code)).status === 'FAILED');
        }
        browser = await launchChromium();
    });

    afterAll(async () => {
        await browser?.close();
        await master?.destroy();
    });

    it('lists the tenants under Settings → Tenants with status, failure reason, currency, language and channel', async () => {
        const page = await login('superadmin', 'superadmin');
        await openSettingsSection(page);
        await page.locator('a[href="/dashboard/tenants"]').click();
        await page.waitForURL(url => url.pathname === '/dashboard/tenants');

        const northRow = page.locator('tbody tr', { hasText: 'North Outfitters' });
        const southRow = page.locator('tbody tr', { hasText: 'South Outfitters' });
        await northRow.waitFor();
        await southRow.waitFor();
        expect(await northRow.locator('[data-tenant-status]').getAttribute('data-tenant-status')).toBe('FAILED');
        expect(await southRow.locator('[data-tenant-status]').getAttribute('data-tenant-status')).toBe('FAILED');
        const northText = await northRow.innerText();
        expect(northText).toContain('north');
        expect(northText).toContain('EUR');
        expect(northText).toContain('en');
        // Why it failed: the ecommerce step found no API key.
        expect(await northRow.getByTestId('tenant-last-error').innerText()).toMatch(/^ecommerce-shop: .*UNUSED_KEY/);
        await screenshot(page, 'tenant-list');
        await page.context().close();
    });

    it("shows a FAILED tenant's log and last error, and Retry provisioning runs it again", async () => {
        const page = await login('superadmin', 'superadmin');
        await page.goto(`${master.baseUrl}/dashboard/tenants`);
        await page.locator('tbody tr', { hasText: 'South Outfitters' }).locator(`a[href="/dashboard/tenants/${tenantIds.south}"]`).click();
        await page.waitForURL(url => url.pathname === `/dashboard/tenants/${tenantIds.south}`);

        const log = page.getByTestId('tenant-event-log');
        await log.locator('tbody tr').first().waitFor();
        const before = await tenantStatus('south');
        // Every event of the log, oldest first, ending with the failed ecommerce step.
        await waitFor('the whole log', async () => (await log.locator('tbody tr').count()) === before.events.length);
        const lastRow = log.locator('tbody tr').last();
        expect(await lastRow.getAttribute('data-event-step')).toBe(before.events.at(-1)!.step);
        expect(await lastRow.getAttribute('data-event-outcome')).toBe('FAILED');
        expect(await page.getByTestId('tenant-last-error').innerText()).not.toBe('');
        expect(await page.getByTestId('tenant-settings').innerText()).toContain('"syncEnabled": true');
        await screenshot(page, 'tenant-detail-failed');

        await page.getByRole('button', { name: 'Retry provisioning' }).click();
        await page.locator('[data-sonner-toast]', { hasText: 'Provisioning of south restarted' }).waitFor();
        // The server logged the retry, ran provisioning again and failed again: the page follows it.
        await log.locator('tbody tr[data-event-step="retry"]').waitFor();
        const failedBefore = before.events.filter(e => e.outcome === 'FAILED').length;
        await waitFor(
            'the retried run to fail again on the page',
            async () =>
                (await page.locator('[data-tenant-status]').first().getAttribute('data-tenant-status')) === 'FAILED' &&
                (await log.locator('tbody tr[data-event-outcome="FAILED"]').count()) > failedBefore,
        );
        const after = await tenantStatus('south');
        expect(after.status).toBe('FAILED');
        expect(after.events.length).toBeGreaterThan(before.events.length);
        await screenshot(page, 'tenant-detail-retried');
        await page.context().close();
    });

    it("creates a tenant from the New tenant form, then disables and enables it, with the server's messages", async () => {
        const page = await login('superadmin', 'superadmin');
        await page.goto(`${master.baseUrl}/dashboard/tenants`);
        await page.getByRole('button', { name: 'New tenant' }).click();
        await page.waitForURL(url => url.pathname === '/dashboard/tenants/new');
        await page.fill('#field-code', 'East!');
        await page.fill('#field-name', 'East Outfitters');
        await page.fill('#field-ecommerceUrl', 'http://127.0.0.1:9');
        await page.fill('#field-ecommerceCredentialsRef', 'env:UNUSED_KEY');
        await screenshot(page, 'tenant-new');
        await page.getByRole('button', { name: 'Create' }).click();
        // The server's validation message, as it said it.
        await page.locator('[data-sonner-toast]', { hasText: 'code "East!" must be' }).waitFor();

        await page.fill('#field-code', 'east');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.locator('[data-sonner-toast]', { hasText: 'Tenant east created; provisioning started' }).waitFor();
        await page.waitForURL(url => /^\/dashboard\/tenants\/\d+$/.test(url.pathname));
        await page.locator('h1', { hasText: 'East Outfitters' }).waitFor();
        // The page follows provisioning until it settles.
        const status = page.locator('h1 [data-tenant-status]');
        await waitFor('east to fail provisioning on the page', async () => (await status.getAttribute('data-tenant-status')) === 'FAILED');

        await page.getByRole('button', { name: 'Disable' }).click();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Disable' }).click();
        await page.locator('[data-sonner-toast]', { hasText: 'Tenant east disabled; its data is kept' }).waitFor();
        await waitFor('east to show DISABLED', async () => (await status.getAttribute('data-tenant-status')) === 'DISABLED');
        await page.getByRole('button', { name: 'Enable' }).click();
        await page.locator('[data-sonner-toast]', { hasText: 'Tenant east enabled (FAILED)' }).waitFor();
        await waitFor('east to show FAILED again', async () => (await status.getAttribute('data-tenant-status')) === 'FAILED');
        await page.context().close();
    });

    it("offers the tenants' channels in the channel switcher", async () => {
        const page = await login('superadmin', 'superadmin');
        await sidebarButton(page, 'Default channel').click();
        await page.getByRole('menuitem', { name: /north/ }).waitFor();
        await page.getByRole('menuitem', { name: /south/ }).waitFor();
        await screenshot(page, 'channel-switcher', false);
        await page.context().close();
    });

    it("does not show Tenants to a tenant's catalog manager", async () => {
        const page = await login('cm@north.test', 'north-password');
        // The catalog manager's own pages are there (permissions are loaded) ...
        await sidebarButton(page, /^Catalog$/).waitFor();
        await openSettingsSection(page);
        const settingsEntries = await page.locator('[data-sidebar="menu-sub-button"]').allInnerTexts();
        expect(settingsEntries.length).toBeGreaterThan(0);
        // ... and Tenants is not among them, while superadmin sees it the same way.
        expect(settingsEntries).not.toContain('Tenants');
        expect(await page.locator('a[href="/dashboard/tenants"]').count()).toBe(0);
        await screenshot(page, 'catalog-manager-nav', false);
        await page.context().close();

        const admin = await login('superadmin', 'superadmin');
        await openSettingsSection(admin);
        await admin.locator('a[href="/dashboard/tenants"]').waitFor();
        await admin.context().close();
    });
});
