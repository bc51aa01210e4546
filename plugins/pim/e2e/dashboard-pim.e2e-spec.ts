import { masterApp } from '@entrepreneur-os/master';
import {
    adminQuery,
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
import { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The PIM pages of master's React Dashboard, in a real browser (Debian's Chromium, no download) against
// the built Dashboard that the in-process master serves at /dashboard, as a tenant's catalog manager.
const CM = { username: 'cm@acme.test', password: 'acme-password' };

interface Variant {
    id: string;
    sku: string;
    name: string;
    stockOnHand: number;
    product: { id: string; name: string };
}

describe(`PIM in master's Dashboard`, () => {
    let master: AppTestEnvironment;
    let browser: Browser;
    let superadmin: string;
    let cm: string;
    let variants: Variant[];

    /** The Admin API as acme's catalog manager, in acme's channel. */
    const asCm = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
        adminQuery<T>(master.baseUrl, cm, 'master-acme', query, variables);

    async function createSupplier(code: string): Promise<string> {
        const { createSupplier } = await asCm(
            `mutation ($code: String!) { createSupplier(input: { code: $code, name: $code, currencyCode: EUR, leadTimeDays: 2 }) { id } }`,
            { code },
        );
        return createSupplier.id;
    }

    async function createSupplierPrice(supplierId: string, variantId: string, costPrice: number): Promise<void> {
        await asCm(`mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`, {
            i: { supplierId, productVariantId: variantId, costPrice, currencyCode: 'EUR', preferred: true },
        });
    }

    /** A fresh browser context (own storage) logged in to master's Dashboard. */
    const login = (username: string, password: string) => dashboardLogin(browser, master.baseUrl, username, password);

    const screenshot = (page: Page, name: string, fullPage = true) => dashboardScreenshot(page, `pim-${name}`, fullPage);

    function sidebarButton(page: Page, text: string | RegExp) {
        return page.locator('[data-sidebar="menu-button"]', { hasText: text });
    }

    function toast(page: Page, text: string | RegExp) {
        return page.locator('[data-sonner-toast]', { hasText: text });
    }

    /**
     * Opens a PIM page the way a user does: the sidebar's PIM section, then its entry. The sidebar
     * re-collapses its sections when its items reload right after login, so a step that lost that race
     * is tried again.
     */
    async function openPim(page: Page, url: string): Promise<void> {
        const entry = page.locator(`a[data-sidebar="menu-sub-button"][href="/dashboard${url}"]`);
        await waitFor(`the PIM entry ${url} to open its page`, async () => {
            if (!(await entry.isVisible())) {
                await sidebarButton(page, /^PIM$/).click();
                await entry.waitFor({ timeout: 2_000 });
            }
            await entry.click({ timeout: 2_000 });
            await page.waitForURL(u => u.pathname === `/dashboard${url}`, { timeout: 2_000 });
            return true;
        });
    }

    /**
     * The input of a form field by its label. Needed where the Dashboard's MoneyInput and affixed
     * NumberInput (a currency symbol or unit beside the value) drop the id the label points to.
     */
    function fieldInput(scope: Page | Locator, label: string) {
        const page = 'page' in scope ? scope.page() : scope;
        return scope
            .locator('[data-slot="field"]', { has: page.locator('[data-slot="field-label"]', { hasText: label }) })
            .locator('input')
            .first();
    }

    /** Picks an option of one of the Dashboard's selects (Base UI), opened by its trigger. */
    async function choose(page: Page, trigger: string, option: string | RegExp): Promise<void> {
        await page.locator(trigger).click();
        await page.getByRole('option', { name: option }).click();
    }

    beforeAll(async () => {
        assertDashboardBuilt(masterApp.packageDir, 'PIM', 'receivePurchaseOrder');
        master = await createAppTestEnvironment(masterApp, 'dashboard_pim');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        // A tenant as in pim.e2e-spec.ts: its ecommerce step fails (nothing listens there); the master
        // side (channel, roles, the catalog manager) is all the PIM needs.
        const { createTenant } = await graphql(
            `${master.baseUrl}/admin-api`,
            'mutation ($i: CreateTenantInput!) { createTenant(input: $i) { id } }',
            {
                i: {
                    code: 'acme',
                    name: 'Acme',
                    defaultLanguageCode: 'en',
                    currencyCode: 'EUR',
                    ecommerceUrl: 'http://127.0.0.1:9',
                    ecommerceCredentialsRef: 'env:UNUSED_KEY',
                    firstAdministrator: { emailAddress: CM.username, password: CM.password, firstName: 'Anna', lastName: 'CM' },
                },
            },
            superadmin,
        );
        await waitFor(
            'acme to finish provisioning its master side',
            async () =>
                (
                    await graphql(
                        `${master.baseUrl}/admin-api`,
                        'query ($id: ID!) { tenant(id: $id) { status } }',
                        { id: createTenant.id },
                        superadmin,
                    )
                ).tenant.status === 'FAILED',
            { timeoutMs: 60_000 },
        );
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
        cm = await adminToken(master.baseUrl, CM.username, CM.password);
        variants = (
            await asCm(`{ productVariants(options: { sort: { id: ASC } }) { items { id sku name stockOnHand product { id name } } } }`)
        ).productVariants.items;
        browser = await launchChromium();
    }, 300_000);

    afterAll(async () => {
        await browser?.close();
        await master?.destroy();
    });

    it('shows the PIM section to the catalog manager and explains to an operator outside a tenant channel', async () => {
        const page = await login(CM.username, CM.password);
        // Through the PIM section to its first page; all five entries are there.
        await openPim(page, '/suppliers');
        const entries = page.locator('[data-sidebar="menu-sub-button"]');
        for (const entry of ['Suppliers', 'Purchase orders', 'Pricing rules', 'Price preview', 'Incomplete products']) {
            await entries.filter({ hasText: entry }).first().waitFor();
        }
        await screenshot(page, 'nav', false);
        await page.context().close();

        // superadmin works in the Default channel, where the PIM has nothing: the page says what to do.
        const admin = await login('superadmin', 'superadmin');
        await admin.goto(`${master.baseUrl}/dashboard/suppliers`);
        await admin.getByTestId('pim-not-a-tenant').waitFor();
        expect(await admin.getByTestId('pim-not-a-tenant').innerText()).toMatch(/not a tenant.s channel/);
        await screenshot(admin, 'not-a-tenant', false);
        await admin.context().close();
    });

    it('creates a supplier through the form and lists it', async () => {
        const page = await login(CM.username, CM.password);
        await openPim(page, '/suppliers');
        await page.getByRole('button', { name: 'New supplier' }).click();
        await page.waitForURL(u => u.pathname === '/dashboard/suppliers/new');
        await page.fill('#field-code', 'alpenhof');
        await page.fill('#field-name', 'Alpenhof GmbH');
        await fieldInput(page, 'Lead time').fill('5');
        await page.fill('#field-contactName', 'Anna Berg');
        await page.fill('#field-emailAddress', 'anna@alpenhof.test');
        await screenshot(page, 'supplier-new');
        await page.getByRole('button', { name: 'Create' }).click();
        await toast(page, 'Supplier created').waitFor();
        await page.waitForURL(u => /^\/dashboard\/suppliers\/\d+$/.test(u.pathname));
        await page.locator('h1', { hasText: 'Alpenhof GmbH' }).waitFor();
        await screenshot(page, 'supplier-detail');

        const { suppliers } = await asCm(
            `{ suppliers(options: { filter: { code: { eq: "alpenhof" } } }) { items { name currencyCode leadTimeDays status contactName emailAddress } } }`,
        );
        // The tenant's currency and ACTIVE by default.
        expect(suppliers.items).toEqual([
            {
                name: 'Alpenhof GmbH',
                currencyCode: 'EUR',
                leadTimeDays: 5,
                status: 'ACTIVE',
                contactName: 'Anna Berg',
                emailAddress: 'anna@alpenhof.test',
            },
        ]);

        await page.goto(`${master.baseUrl}/dashboard/suppliers`);
        const row = page.locator('tbody tr', { hasText: 'alpenhof' });
        await row.waitFor();
        const text = await row.innerText();
        expect(text).toContain('Alpenhof GmbH');
        expect(text).toContain('EUR');
        expect(text).toContain('5 days');
        expect(await row.locator('[data-supplier-status]').getAttribute('data-supplier-status')).toBe('ACTIVE');
        await screenshot(page, 'supplier-list');
        await page.context().close();
    });

    it('adds, edits and deletes a supplier price on the variant page', async () => {
        await createSupplier('bergwerk');
        const variant = variants[0];
        const page = await login(CM.username, CM.password);
        await page.goto(`${master.baseUrl}/dashboard/product-variants/${variant.id}`);
        const block = page.getByTestId('supplier-prices');
        await block.waitFor();
        await block.getByRole('button', { name: 'Add supplier price' }).click();
        const dialog = page.getByRole('dialog');
        await choose(page, '#field-supplierId', /bergwerk/);
        await fieldInput(dialog, 'Cost').fill('12.50');
        await dialog.locator('#field-minOrderQuantity').fill('5');
        await dialog.getByRole('switch').click();
        await screenshot(page, 'supplier-price-dialog', false);
        await dialog.getByRole('button', { name: 'Add' }).click();
        await toast(page, 'Supplier price added').waitFor();
        const row = block.locator('tr[data-supplier-code="bergwerk"]');
        await row.waitFor();
        expect(await row.getByTestId('supplier-price-cost').innerText()).toMatch(/12\.50/);
        expect(await row.innerText()).toContain('Preferred');
        expect(
            (
                await asCm(
                    `query ($v: ID!) { variantSupplierPrices(productVariantId: $v) { costPrice minOrderQuantity preferred currencyCode } }`,
                    { v: variant.id },
                )
            ).variantSupplierPrices,
        ).toEqual([{ costPrice: 1250, minOrderQuantity: 5, preferred: true, currencyCode: 'EUR' }]);
        // The variant's own form was not submitted by the dialog.
        expect(await toast(page, /product variant/).count()).toBe(0);
        await screenshot(page, 'variant-supplier-prices');

        await row.getByRole('button', { name: "Edit bergwerk's price" }).click();
        await fieldInput(page.getByRole('dialog'), 'Cost').fill('11.00');
        await page.getByRole('dialog').getByRole('button', { name: 'Update' }).click();
        await toast(page, 'Supplier price updated').waitFor();
        await waitFor('the new cost on the page', async () => /11\.00/.test(await row.getByTestId('supplier-price-cost').innerText()));

        await row.getByRole('button', { name: "Delete bergwerk's price" }).click();
        await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
        await toast(page, 'Supplier price deleted').waitFor();
        await row.waitFor({ state: 'detached' });
        expect(
            (await asCm(`query ($v: ID!) { variantSupplierPrices(productVariantId: $v) { id } }`, { v: variant.id })).variantSupplierPrices,
        ).toEqual([]);
        await page.context().close();
    });

    it('creates a purchase order, submits it and receives it in two receipts, with its history', async () => {
        const supplierId = await createSupplier('po-supplier');
        const [a, b] = [variants[1], variants[2]];
        await createSupplierPrice(supplierId, a.id, 700);
        const page = await login(CM.username, CM.password);
        await openPim(page, '/purchase-orders');
        await page.getByRole('button', { name: 'New purchase order' }).click();
        await page.waitForURL(u => u.pathname === '/dashboard/purchase-orders/new');
        await choose(page, '#field-supplierId', /po-supplier/);
        const editor = page.getByTestId('po-lines-editor');
        for (const variant of [a, b]) {
            await page.getByRole('button', { name: 'Add variant' }).click();
            await page.getByPlaceholder('Search by SKU or name…').fill(variant.sku);
            await page.locator(`[cmdk-item][data-sku="${variant.sku}"]`).click();
            await editor.locator(`tr[data-sku="${variant.sku}"]`).waitFor();
        }
        // a's unit cost comes from the supplier's preferred price; b has none, so it is typed in.
        expect(await editor.locator(`tr[data-sku="${a.sku}"] [data-testid="unit-cost"] input`).inputValue()).toBe('7.00');
        await editor.getByRole('spinbutton', { name: `Quantity of ${a.sku}` }).fill('3');
        await editor.locator(`tr[data-sku="${b.sku}"] [data-testid="unit-cost"] input`).fill('2.50');
        await editor.getByRole('spinbutton', { name: `Quantity of ${b.sku}` }).fill('2');
        await waitFor('the total of 3 × 7.00 + 2 × 2.50', async () => /26\.00/.test(await page.getByTestId('po-editor-total').innerText()));
        await screenshot(page, 'purchase-order-new');
        await page.getByRole('button', { name: 'Create draft' }).click();
        await toast(page, /PO-\d+ created as a draft/).waitFor();
        await page.waitForURL(u => /^\/dashboard\/purchase-orders\/\d+$/.test(u.pathname));
        const poId = page.url().split('/').pop()!;
        const state = page.locator('h1 [data-po-state]');
        await waitFor('DRAFT', async () => (await state.getAttribute('data-po-state')) === 'DRAFT');

        // A draft's lines can still change: four of b after all.
        await page.getByRole('button', { name: 'Edit lines' }).click();
        await page
            .getByTestId('po-lines-editor')
            .getByRole('spinbutton', { name: `Quantity of ${b.sku}` })
            .fill('4');
        await page.getByRole('button', { name: 'Save lines' }).click();
        await toast(page, 'Lines saved').waitFor();
        await waitFor('the new total', async () => /31\.00/.test(await page.getByTestId('po-total').innerText()));

        await page.getByRole('button', { name: 'Submit' }).click();
        await toast(page, /submitted to the supplier/).waitFor();
        await waitFor('SUBMITTED', async () => (await state.getAttribute('data-po-state')) === 'SUBMITTED');

        // First receipt: one of a's three arrived, nothing of b.
        await page.getByRole('button', { name: 'Receive' }).click();
        let dialog = page.getByRole('dialog');
        await dialog.getByRole('spinbutton', { name: `Arrived of ${a.sku}` }).fill('1');
        await dialog.getByRole('spinbutton', { name: `Arrived of ${b.sku}` }).fill('0');
        await screenshot(page, 'purchase-order-receive', false);
        await dialog.getByRole('button', { name: 'Book receipt' }).click();
        await toast(page, /is PARTIALLY RECEIVED/).waitFor();
        await waitFor('PARTIALLY_RECEIVED', async () => (await state.getAttribute('data-po-state')) === 'PARTIALLY_RECEIVED');

        // Second receipt: the form offers the rest of each line.
        await page.getByRole('button', { name: 'Receive' }).click();
        dialog = page.getByRole('dialog');
        expect(await dialog.getByRole('spinbutton', { name: `Arrived of ${a.sku}` }).inputValue()).toBe('2');
        expect(await dialog.getByRole('spinbutton', { name: `Arrived of ${b.sku}` }).inputValue()).toBe('4');
        await dialog.getByRole('button', { name: 'Book receipt' }).click();
        await toast(page, /is RECEIVED/).waitFor();
        await waitFor('RECEIVED', async () => (await state.getAttribute('data-po-state')) === 'RECEIVED');
        // No state actions are left on a received order.
        expect(await page.getByRole('button', { name: /^(Submit|Receive|Cancel order)$/ }).count()).toBe(0);

        const history = page.getByTestId('po-history');
        await waitFor('four history entries', async () => (await history.locator('tbody tr').count()) === 4);
        expect(await history.locator('tbody tr').evaluateAll(rows => rows.map(r => r.getAttribute('data-to-state')))).toEqual([
            'DRAFT',
            'SUBMITTED',
            'PARTIALLY_RECEIVED',
            'RECEIVED',
        ]);
        expect(await history.locator('tbody tr').last().innerText()).toContain(CM.username);
        expect(await page.getByTestId('po-total').innerText()).toMatch(/31\.00/);
        await screenshot(page, 'purchase-order-received');

        // The server agrees, and the stock went up by what arrived.
        const { purchaseOrder } = await asCm(
            `query ($id: ID!) { purchaseOrder(id: $id) { state total lines { sku quantity receivedQuantity unitCost } } }`,
            {
                id: poId,
            },
        );
        expect(purchaseOrder).toEqual({
            state: 'RECEIVED',
            total: 3100,
            lines: [
                { sku: a.sku, quantity: 3, receivedQuantity: 3, unitCost: 700 },
                { sku: b.sku, quantity: 4, receivedQuantity: 4, unitCost: 250 },
            ],
        });
        const after = (
            await asCm(
                `query ($ids: [String!]) { productVariants(options: { filter: { id: { in: $ids } }, sort: { id: ASC } }) { items { stockOnHand } } }`,
                {
                    ids: [a.id, b.id],
                },
            )
        ).productVariants.items;
        expect(after.map((v: { stockOnHand: number }) => v.stockOnHand)).toEqual([a.stockOnHand + 3, b.stockOnHand + 4]);

        await page.goto(`${master.baseUrl}/dashboard/purchase-orders`);
        const listRow = page.locator('tbody tr', { hasText: 'po-supplier' });
        await listRow.waitFor();
        expect(await listRow.locator('[data-po-state]').getAttribute('data-po-state')).toBe('RECEIVED');
        expect(await listRow.innerText()).toMatch(/31\.00/);
        await screenshot(page, 'purchase-order-list');
        await page.context().close();
    });

    it('cancels a submitted purchase order with a reason that the history keeps', async () => {
        const supplierId = await createSupplier('cancel-supplier');
        const { createPurchaseOrder: po } = await asCm(
            `mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id code } }`,
            { i: { supplierId, lines: [{ productVariantId: variants[4].id, quantity: 2, unitCost: 100 }] } },
        );
        await asCm(`mutation ($id: ID!) { submitPurchaseOrder(id: $id) { state } }`, { id: po.id });
        const page = await login(CM.username, CM.password);
        await page.goto(`${master.baseUrl}/dashboard/purchase-orders/${po.id}`);
        const state = page.locator('h1 [data-po-state]');
        await waitFor('SUBMITTED', async () => (await state.getAttribute('data-po-state')) === 'SUBMITTED');
        // A submitted order can be received or cancelled, no longer submitted.
        expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(0);
        await page.getByRole('button', { name: 'Cancel order' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Reason').fill('supplier out of stock');
        await dialog.getByRole('button', { name: 'Cancel order' }).click();
        await toast(page, `${po.code} cancelled`).waitFor();
        await waitFor('CANCELLED', async () => (await state.getAttribute('data-po-state')) === 'CANCELLED');
        await page.getByTestId('po-history').locator('tbody tr[data-to-state="CANCELLED"]', { hasText: 'supplier out of stock' }).waitFor();
        expect(await page.getByRole('button', { name: /^(Submit|Receive|Cancel order)$/ }).count()).toBe(0);
        const { purchaseOrder } = await asCm(`query ($id: ID!) { purchaseOrder(id: $id) { state history { toState note } } }`, {
            id: po.id,
        });
        expect(purchaseOrder.state).toBe('CANCELLED');
        expect(purchaseOrder.history.at(-1)).toEqual({ toState: 'CANCELLED', note: 'supplier out of stock' });
        await page.context().close();
    });

    it('creates a pricing rule, and the price preview shows the price it makes', async () => {
        const variant = variants[3];
        await createSupplierPrice(await createSupplier('pricing-supplier'), variant.id, 1000);
        const page = await login(CM.username, CM.password);
        await openPim(page, '/pricing-rules');
        await page.getByRole('button', { name: 'New pricing rule' }).click();
        await page.waitForURL(u => u.pathname === '/dashboard/pricing-rules/new');
        await page.fill('#field-name', 'Dash markup');
        await choose(page, '#field-scopeType', 'Variant');
        await page.fill('#field-scopeId', variant.id);
        await fieldInput(page, 'Value').fill('50');
        await page.fill('#field-priority', '5');
        await screenshot(page, 'pricing-rule-new');
        await page.getByRole('button', { name: 'Create' }).click();
        await toast(page, 'Pricing rule created').waitFor();
        await page.waitForURL(u => /^\/dashboard\/pricing-rules\/\d+$/.test(u.pathname));
        const { pricingRules } = await asCm(
            `{ pricingRules { items { name scopeType scopeId method value rounding priority enabled minMarginPercent } } }`,
        );
        expect(pricingRules.items).toEqual([
            {
                name: 'Dash markup',
                scopeType: 'VARIANT',
                scopeId: variant.id,
                method: 'MARKUP_ON_COST',
                value: 50,
                rounding: 'NONE',
                priority: 5,
                enabled: true,
                minMarginPercent: null,
            },
        ]);

        await page.goto(`${master.baseUrl}/dashboard/pricing-rules`);
        await page.locator('tbody tr', { hasText: 'Dash markup' }).waitFor();
        expect(await page.locator('tbody tr', { hasText: 'Dash markup' }).innerText()).toMatch(/\+50 % on cost/);
        await screenshot(page, 'pricing-rule-list');

        // The preview: 10.00 cost + 50 % = 15.00, by the rule.
        await openPim(page, '/price-preview');
        await page.getByPlaceholder('Filter...').fill(variant.sku);
        const row = page.locator('tbody tr', { hasText: variant.sku });
        await waitFor(
            'the preview narrowed to the variant',
            async () => (await page.locator('tbody tr').count()) === 1 && (await row.count()) === 1,
        );
        await waitFor('the rule price', async () => /15\.00/.test(await row.getByTestId('preview-price').innerText()));
        expect(await row.getByTestId('preview-rule').innerText()).toBe('Dash markup');
        await screenshot(page, 'price-preview');
        const { previewTenantPrices } = await asCm(
            `query ($ids: [ID!]) { previewTenantPrices(options: { productVariantIds: $ids }) { price ruleName } }`,
            {
                ids: [variant.id],
            },
        );
        expect(previewTenantPrices).toEqual([{ price: 1500, ruleName: 'Dash markup' }]);

        // Without a search, the whole catalog, a page at a time.
        await page.getByPlaceholder('Filter...').fill('');
        await waitFor('a full first page', async () => (await page.locator('tbody tr').count()) === Math.min(variants.length, 25));
        await page.context().close();
    });

    it('lists incomplete products with what each misses, and shows completeness in the product list', async () => {
        // A product without a description is incomplete for a tenant that requires one (the default).
        const target = variants[variants.length - 1].product;
        await asCm(
            `mutation ($id: ID!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, description: "<p></p>" }] }) { id } }`,
            { id: target.id },
        );
        const { incompleteProducts } = await asCm(`{ incompleteProducts(take: 25) { totalItems items { productId productName score } } }`);
        const entry = incompleteProducts.items.find((p: { productId: string }) => p.productId === target.id);
        expect(entry).toBeDefined();

        const page = await login(CM.username, CM.password);
        await openPim(page, '/incomplete-products');
        const link = page.locator(`a[href="/dashboard/products/${target.id}"]`);
        await link.waitFor();
        const row = page.locator('tbody tr', { has: link });
        expect(await row.innerText()).toContain('description (en)');
        expect(await row.locator('[data-completeness]').getAttribute('data-completeness')).toBe(String(entry.score));
        expect(await page.getByTestId('incomplete-product').count()).toBe(incompleteProducts.items.length);
        await screenshot(page, 'incomplete-products');

        await link.click();
        await page.waitForURL(u => u.pathname === `/dashboard/products/${target.id}`);

        // Vendure's product list, with the tenant completeness column the extension adds.
        await page.goto(`${master.baseUrl}/dashboard/products`);
        const productRow = page.locator('tbody tr', { hasText: target.name });
        await productRow.locator('[data-completeness]').waitFor();
        expect(await productRow.locator('[data-completeness]').getAttribute('data-completeness')).toBe(String(entry.score));
        await screenshot(page, 'product-list-completeness');
        await page.context().close();
    });
});
