import path from 'node:path';

import { masterApp } from '@entrepreneur-os/master';
import {
    adminQuery,
    adminToken,
    assertDashboardBuilt,
    assignToTenant,
    dashboardLogin,
    dashboardScreenshot,
    graphql,
    launchChromium,
    REPO_ROOT,
    startSyncTestPair,
    SyncTestPair,
} from '@entrepreneur-os/testing';
import { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The shop's Dashboard (ecommerce) for a product replicated from master, in a real browser, as the
// tenant's shop staff: master's fields are read-only, and Update saves only the shop's own fields.
describe(`a replicated product in the shop's Dashboard`, () => {
    let pair: SyncTestPair;
    let browser: Browser;
    let staffEmail: string;
    let productId: string;
    let masterProductId: string;

    const REPLICATED = `
        id
        name
        slug
        description
        featuredAsset { id }
        assets { id }
        facetValues { id }
        optionGroups { id }
        translations { languageCode name slug description }
        variants { id sku price enabled }
    `;
    const shopProduct = async () =>
        (
            await adminQuery(
                pair.ecommerce.baseUrl,
                pair.ecommerceSuperadmin,
                'alpine',
                `query ($id: ID!) { product(id: $id) { ${REPLICATED} enabled customFields { shopSeoTitle shopSeoDescription } } }`,
                { id: productId },
            )
        ).product;

    beforeAll(async () => {
        assertDashboardBuilt(path.join(REPO_ROOT, 'ecommerce'), 'replicated products', 'UpdateShopLocalProductFields');
        pair = await startSyncTestPair(masterApp, 'dashboard_replica', [{ code: 'alpine' }]);
        masterProductId = pair.products[0].id;
        await assignToTenant(pair, [masterProductId], 'alpine');
        const { productSnapshots } = await adminQuery(
            pair.master.baseUrl,
            pair.masterSuperadmin,
            'master-alpine',
            `query ($ids: [ID!]!) { productSnapshots(masterProductIds: $ids) { snapshot missing } }`,
            { ids: [masterProductId] },
        );
        expect(productSnapshots[0].missing).toEqual([]);
        const applied = await fetch(`${pair.ecommerce.baseUrl}/admin-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'vendure-api-key': pair.ecommerceApiKey },
            body: JSON.stringify({
                query: `mutation ($i: JSON!) { applyProductSnapshots(input: $i) }`,
                variables: {
                    i: {
                        tenantCode: 'alpine',
                        assetBaseUrl: `${pair.master.baseUrl}/assets`,
                        removals: [],
                        snapshots: [productSnapshots[0].snapshot],
                        feedPosition: 1,
                    },
                },
            }),
        });
        expect(((await applied.json()) as { errors?: unknown }).errors).toBeUndefined();
        const { products } = await adminQuery(pair.ecommerce.baseUrl, pair.ecommerceSuperadmin, 'alpine', `{ products { items { id } } }`);
        productId = products.items[0].id;

        staffEmail = `staff-${Date.now()}@alpine.test`;
        const { roles } = await adminQuery(
            pair.ecommerce.baseUrl,
            pair.ecommerceSuperadmin,
            undefined,
            `{ roles(options: { filter: { code: { eq: "alpine-shop-staff" } } }) { items { id } } }`,
        );
        await adminQuery(
            pair.ecommerce.baseUrl,
            pair.ecommerceSuperadmin,
            undefined,
            `mutation ($i: CreateAdministratorInput!) { createAdministrator(input: $i) { id } }`,
            {
                i: {
                    emailAddress: staffEmail,
                    password: 'staff-password',
                    firstName: 'Staff',
                    lastName: 'Alpine',
                    roleIds: [roles.items[0].id],
                },
            },
        );
        browser = await launchChromium();
    }, 400_000);

    afterAll(async () => {
        await browser?.close();
        await pair?.destroy();
    });

    it('shows master’s fields read-only with a link to master, and Update saves the SEO title and the enabled flag only', async () => {
        const before = await shopProduct();
        expect(before.enabled).toBe(true);
        const replicatedBefore = Object.fromEntries(
            Object.keys(before)
                .filter(k => k !== 'enabled' && k !== 'customFields')
                .map(k => [k, before[k]]),
        );

        const page = await dashboardLogin(browser, pair.ecommerce.baseUrl, staffEmail, 'staff-password');
        await page.goto(`${pair.ecommerce.baseUrl}/dashboard/products/${productId}`);
        await page.getByTestId('replica-notice').waitFor();
        expect(await page.getByTestId('replica-master-link').getAttribute('href')).toMatch(
            new RegExp(`/dashboard/products/${masterProductId}$`),
        );
        const name = page.locator('[data-replicated-field="name"] input');
        expect(await name.inputValue()).toBe(before.name);
        expect(await name.isDisabled()).toBe(true);
        expect(await page.locator('[data-replicated-field="slug"] input').isDisabled()).toBe(true);
        // Facet values and options cannot be removed (nor assets changed): read-only blocks replace the editors.
        await page.getByTestId('replica-facet-values').waitFor();
        await page.getByTestId('replica-assets').waitFor();
        expect(await page.getByTestId('replica-facet-values').locator('button').count()).toBe(0);

        await page.locator('input[name="customFields.shopSeoTitle"]').fill('Bergschuhe im Alpine-Shop');
        await page.getByRole('switch', { name: 'Enabled' }).click();
        await dashboardScreenshot(page, 'replica-product');
        await page.getByRole('button', { name: 'Update', exact: true }).click();
        // The first toast says how the save went (a refusal names the fields the server refused).
        const toast = page.locator('[data-sonner-toast]').first();
        await toast.waitFor();
        expect(await toast.innerText()).toContain(`Saved this shop's settings of the product`);
        await page.context().close();

        const after = await shopProduct();
        expect(after.enabled).toBe(false);
        expect(after.customFields.shopSeoTitle).toBe('Bergschuhe im Alpine-Shop');
        for (const [key, value] of Object.entries(replicatedBefore)) expect(after[key], key).toEqual(value);
        // The shop's storefront hides the product it disabled.
        const shown = await graphql(
            `${pair.ecommerce.baseUrl}/shop-api?vendure-token=alpine`,
            `
                {
                    products {
                        totalItems
                    }
                }
            `,
        );
        expect(shown.products.totalItems).toBe(0);
    });

    it('speaks German to alpine’s staff when they choose it', async () => {
        // The Dashboard keeps a user's display language on the server (its settings store wins over
        // the browser's copy): choose German there, as the language menu does.
        const token = await adminToken(pair.ecommerce.baseUrl, staffEmail, 'staff-password');
        const { setSettingsStoreValue } = await graphql<{ setSettingsStoreValue: { result: boolean; error: string | null } }>(
            `${pair.ecommerce.baseUrl}/admin-api?vendure-token=alpine`,
            `
                mutation ($i: SettingsStoreInput!) {
                    setSettingsStoreValue(input: $i) {
                        result
                        error
                    }
                }
            `,
            { i: { key: 'vendure.dashboard.userSettings', value: { displayLanguage: 'de' } } },
            token,
        );
        expect(setSettingsStoreValue).toEqual({ result: true, error: null });
        const page = await dashboardLogin(browser, pair.ecommerce.baseUrl, staffEmail, 'staff-password');
        await page.goto(`${pair.ecommerce.baseUrl}/dashboard/products/${productId}`);
        const notice = page.getByTestId('replica-notice');
        await notice.getByText('Wird in Master gepflegt').waitFor();
        expect(await page.getByTestId('replica-master-link').innerText()).toBe('Im Dashboard von Master öffnen');
        await dashboardScreenshot(page, 'replica-product-de');
        await page.context().close();
    });
});
