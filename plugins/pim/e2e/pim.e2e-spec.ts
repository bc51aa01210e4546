import { masterApp } from '@entrepreneur-os/master';
import {
    adminCall,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    graphql,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Suppliers, supplier prices, purchase orders and their stock movements, as a tenant's catalog
// manager uses them through the Admin API of a real master.
describe(`PIM: suppliers, supplier prices, purchase orders`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    const cm: Record<string, string> = {};
    let viewer: string;
    let variants: Array<{ id: string; sku: string; stockOnHand: number }>;

    const call = (token: string, channel: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
        adminCall(master.baseUrl, token, channel, query, variables);
    /** As the catalog manager of `tenant`, in its channel; fails the test on any error. */
    async function as(tenant: string, query: string, variables: Record<string, unknown> = {}) {
        const res = await call(cm[tenant], `master-${tenant}`, query, variables);
        if (res.errors?.length) throw new Error(res.errors.map(e => e.message).join('; '));
        return res.data;
    }
    /** The error message of a call that must fail. */
    async function refused(tenant: string, query: string, variables: Record<string, unknown> = {}) {
        const res = await call(cm[tenant], `master-${tenant}`, query, variables);
        expect(res.errors, `expected an error, got ${JSON.stringify(res.data)}`).toBeDefined();
        return res.errors![0].message;
    }

    beforeAll(async () => {
        master = await createAppTestEnvironment(masterApp, 'pim');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['acme', 'other']) {
            const { catalogManager } = await createMasterOnlyTenant(master.baseUrl, superadmin, code, { currency: 'EUR' });
            cm[code] = await adminToken(master.baseUrl, catalogManager.username, catalogManager.password);
        }
        // acme sells the test catalog: assign it to acme's channel.
        const { products, channels } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                {
                    products {
                        items {
                            id
                        }
                    }
                    channels {
                        items {
                            id
                            code
                        }
                    }
                }
            `,
            {},
            superadmin,
        );
        const acme = channels.items.find((c: { code: string }) => c.code === 'acme');
        await graphql(
            `${master.baseUrl}/admin-api`,
            `
                mutation ($p: [ID!]!, $c: ID!) {
                    assignProductsToChannel(input: { productIds: $p, channelId: $c }) {
                        id
                    }
                }
            `,
            { p: products.items.map((p: { id: string }) => p.id), c: acme.id },
            superadmin,
        );
        variants = (await as('acme', `{ productVariants(options: { sort: { id: ASC } }) { items { id sku stockOnHand } } }`))
            .productVariants.items;
        // A viewer of acme: may read the PIM, not change it.
        const { roles } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                {
                    roles(options: { filter: { code: { eq: "acme-viewer" } } }) {
                        items {
                            id
                            permissions
                        }
                    }
                }
            `,
            {},
            superadmin,
        );
        expect(roles.items[0].permissions).toEqual(expect.arrayContaining(['ReadSupplier', 'ReadPurchaseOrder', 'ReadPricingRule']));
        expect(roles.items[0].permissions).not.toContain('CreateSupplier');
        await graphql(
            `${master.baseUrl}/admin-api`,
            `
                mutation ($r: ID!) {
                    createAdministrator(
                        input: {
                            emailAddress: "viewer@acme.test"
                            firstName: "V"
                            lastName: "V"
                            password: "viewer-password"
                            roleIds: [$r]
                        }
                    ) {
                        id
                    }
                }
            `,
            { r: roles.items[0].id },
            superadmin,
        );
        viewer = await adminToken(master.baseUrl, 'viewer@acme.test', 'viewer-password');
    }, 300_000);

    afterAll(async () => {
        await master?.destroy();
    });

    const SUPPLIER = `id code name currencyCode leadTimeDays status`;
    let supplierId: string;

    it('suppliers: create, read, update, delete; bad input named and nothing written', async () => {
        const { createSupplier } = await as('acme', `mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { ${SUPPLIER} } }`, {
            i: {
                code: 'alpenhof',
                name: 'Alpenhof GmbH',
                currencyCode: 'EUR',
                leadTimeDays: 5,
                contactName: 'Anna',
                emailAddress: 'anna@alpenhof.test',
            },
        });
        supplierId = createSupplier.id;
        expect(createSupplier).toMatchObject({ code: 'alpenhof', status: 'ACTIVE', leadTimeDays: 5 });

        expect(
            await refused(
                'acme',
                `mutation { createSupplier(input: { code: "alpenhof", name: "Again", currencyCode: EUR, leadTimeDays: 1 }) { id } }`,
            ),
        ).toMatch(/code: a supplier "alpenhof" already exists/);
        expect(
            await refused(
                'acme',
                `mutation { createSupplier(input: { code: "Bad Code", name: "", currencyCode: EUR, leadTimeDays: -2 }) { id } }`,
            ),
        ).toMatch(/code: .*name: required.*leadTimeDays: a whole number of days/);
        const { updateSupplier } = await as(
            'acme',
            `mutation ($id: ID!) { updateSupplier(input: { id: $id, leadTimeDays: 7 }) { leadTimeDays name } }`,
            { id: supplierId },
        );
        expect(updateSupplier).toEqual({ leadTimeDays: 7, name: 'Alpenhof GmbH' });
        const { createSupplier: temp } = await as(
            'acme',
            `mutation { createSupplier(input: { code: "temp", name: "Temp", currencyCode: USD, leadTimeDays: 1 }) { id } }`,
        );
        await as('acme', `mutation ($id: ID!) { deleteSupplier(id: $id) { result } }`, { id: temp.id });
        const { suppliers } = await as('acme', `{ suppliers(options: { sort: { code: ASC } }) { totalItems items { code } } }`);
        expect(suppliers).toEqual({ totalItems: 1, items: [{ code: 'alpenhof' }] });
    });

    it('permissions: a viewer reads but cannot write; no tenant, no PIM; another tenant sees nothing of acme', async () => {
        const read = await call(viewer, 'master-acme', `{ suppliers { totalItems } }`);
        expect(read.data?.suppliers.totalItems).toBe(1);
        const write = await call(
            viewer,
            'master-acme',
            `mutation { createSupplier(input: { code: "x", name: "x", currencyCode: EUR, leadTimeDays: 1 }) { id } }`,
        );
        expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const noTenant = await call(superadmin, undefined, `{ suppliers { totalItems } }`);
        expect(noTenant.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect((await as('other', `query ($id: ID!) { supplier(id: $id) { id } }`, { id: supplierId })).supplier).toBeNull();
        expect((await as('other', `{ suppliers { totalItems } }`)).suppliers.totalItems).toBe(0);
        expect(
            await refused('other', `mutation ($id: ID!) { updateSupplier(input: { id: $id, name: "stolen" }) { id } }`, { id: supplierId }),
        ).toMatch(/No Supplier with the id/);
        expect((await as('acme', `query ($id: ID!) { supplier(id: $id) { name } }`, { id: supplierId })).supplier.name).toBe(
            'Alpenhof GmbH',
        );
    });

    it('supplier prices: one preferred per variant and period, the supplier currency, non-negative costs', async () => {
        const create = (input: Record<string, unknown>) =>
            call(
                cm.acme,
                'master-acme',
                `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id costPrice preferred supplier { code } } }`,
                {
                    i: { supplierId, productVariantId: variants[0].id, costPrice: 1000, currencyCode: 'EUR', ...input },
                },
            );
        const first = await create({ preferred: true });
        expect(first.errors).toBeUndefined();
        expect(first.data?.createSupplierPrice).toMatchObject({ costPrice: 1000, preferred: true, supplier: { code: 'alpenhof' } });
        const { createSupplier: second } = await as(
            'acme',
            `mutation { createSupplier(input: { code: "bergwerk", name: "Bergwerk", currencyCode: EUR, leadTimeDays: 3 }) { id } }`,
        );
        const clash = await call(
            cm.acme,
            'master-acme',
            `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`,
            {
                i: { supplierId: second.id, productVariantId: variants[0].id, costPrice: 900, currencyCode: 'EUR', preferred: true },
            },
        );
        expect(clash.errors?.[0].message).toMatch(/preferred: variant .* already has a preferred price from supplier alpenhof/);
        // Not preferred, or preferred after the first one's period: fine.
        const later = await call(
            cm.acme,
            'master-acme',
            `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`,
            {
                i: { supplierId: second.id, productVariantId: variants[0].id, costPrice: 900, currencyCode: 'EUR', preferred: false },
            },
        );
        expect(later.errors).toBeUndefined();
        expect((await create({ currencyCode: 'USD' })).errors?.[0].message).toMatch(
            /currencyCode: USD does not match supplier alpenhof's currency EUR/,
        );
        expect((await create({ costPrice: -5 })).errors?.[0].message).toMatch(/costPrice: a whole, non-negative amount/);
        expect((await create({ validFrom: '2027-01-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z' })).errors?.[0].message).toMatch(
            /validTo: must be after validFrom/,
        );
        const { variantSupplierPrices } = await as(
            'acme',
            `query ($v: ID!) { variantSupplierPrices(productVariantId: $v) { costPrice preferred supplier { code } } }`,
            {
                v: variants[0].id,
            },
        );
        expect(variantSupplierPrices).toEqual([
            { costPrice: 1000, preferred: true, supplier: { code: 'alpenhof' } },
            { costPrice: 900, preferred: false, supplier: { code: 'bergwerk' } },
        ]);
        // A variant outside the tenant's catalog cannot get a price.
        const otherVariant = await call(
            cm.other,
            'master-other',
            `mutation { createSupplier(input: { code: "s", name: "S", currencyCode: EUR, leadTimeDays: 1 }) { id } }`,
        );
        const foreign = await call(
            cm.other,
            'master-other',
            `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`,
            {
                i: { supplierId: otherVariant.data.createSupplier.id, productVariantId: variants[0].id, costPrice: 1, currencyCode: 'EUR' },
            },
        );
        expect(foreign.errors?.[0].message).toMatch(/productVariantId: no variant .* in this tenant's catalog/);
    });

    const PO = `id code state total lines { id sku quantity unitCost receivedQuantity } history { fromState toState actor note }`;

    it('purchase orders: draft → submitted → partially received → received, guarded, with history and exactly-once stock movements', async () => {
        const bad = await call(
            cm.acme,
            'master-acme',
            `mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id } }`,
            {
                i: { supplierId, lines: [{ productVariantId: variants[0].id, quantity: -3, unitCost: 1000 }] },
            },
        );
        expect(bad.errors?.[0].message).toMatch(/lines\[0\]\.quantity: a whole number, at least 1/);
        expect((await as('acme', `{ purchaseOrders { totalItems } }`)).purchaseOrders.totalItems).toBe(0);

        const { createPurchaseOrder: po } = await as(
            'acme',
            `mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { ${PO} } }`,
            {
                i: {
                    supplierId,
                    lines: [
                        { productVariantId: variants[0].id, quantity: 10, unitCost: 1000 },
                        { productVariantId: variants[1].id, quantity: 4, unitCost: 2500 },
                    ],
                },
            },
        );
        expect(po).toMatchObject({ code: 'PO-00001', state: 'DRAFT', total: 20000 });
        const [line1, line2] = po.lines;

        expect(
            await refused('acme', `mutation ($id: ID!) { receivePurchaseOrder(id: $id, lines: [], receiptKey: "r0") { id } }`, {
                id: po.id,
            }),
        ).toMatch(/lines: say what arrived/);
        expect(
            await refused(
                'acme',
                `mutation ($id: ID!, $l: ID!) { receivePurchaseOrder(id: $id, lines: [{ lineId: $l, quantity: 1 }], receiptKey: "r0") { id } }`,
                {
                    id: po.id,
                    l: line1.id,
                },
            ),
        ).toMatch(/PO-00001 is DRAFT: only a SUBMITTED or PARTIALLY_RECEIVED order can be received/);
        await as('acme', `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { state } }`, { id: po.id });
        expect(await refused('acme', `mutation ($id: ID!) { submitPurchaseOrder(id: $id) { state } }`, { id: po.id })).toMatch(
            /cannot go from SUBMITTED to SUBMITTED/,
        );

        const receive = (lines: Array<{ lineId: string; quantity: number }>, receiptKey: string) =>
            call(
                cm.acme,
                'master-acme',
                `mutation ($id: ID!, $l: [ReceiptLineInput!]!, $k: String!) { receivePurchaseOrder(id: $id, lines: $l, receiptKey: $k) { ${PO} } }`,
                {
                    id: po.id,
                    l: lines,
                    k: receiptKey,
                },
            );
        const tooMany = await receive(
            [
                { lineId: line1.id, quantity: 6 },
                { lineId: line2.id, quantity: 5 },
            ],
            'r1',
        );
        expect(tooMany.errors?.[0].message).toMatch(/lines\[1\]\.quantity: 5 is more than the 4 still open/);
        const first = await receive([{ lineId: line1.id, quantity: 6 }], 'r1');
        expect(first.data?.receivePurchaseOrder).toMatchObject({ state: 'PARTIALLY_RECEIVED' });
        // The same receipt again (a retried request) books nothing more.
        const replay = await receive([{ lineId: line1.id, quantity: 6 }], 'r1');
        expect(replay.data?.receivePurchaseOrder.lines[0].receivedQuantity).toBe(6);
        const last = await receive(
            [
                { lineId: line1.id, quantity: 4 },
                { lineId: line2.id, quantity: 4 },
            ],
            'r2',
        );
        expect(last.data?.receivePurchaseOrder.state).toBe('RECEIVED');
        expect(last.data?.receivePurchaseOrder.history.map((h: any) => `${h.fromState ?? '-'}→${h.toState} by ${h.actor}`)).toEqual([
            '-→DRAFT by cm@acme.test',
            'DRAFT→SUBMITTED by cm@acme.test',
            'SUBMITTED→PARTIALLY_RECEIVED by cm@acme.test',
            'PARTIALLY_RECEIVED→RECEIVED by cm@acme.test',
        ]);
        expect(await refused('acme', `mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { state } }`, { id: po.id })).toMatch(
            /cannot go from RECEIVED to CANCELLED \(RECEIVED is final\)/,
        );

        const { stockMovements } = await as(
            'acme',
            `{ stockMovements(options: { sort: { id: ASC } }) { totalItems items { reason origin delta sku sourceRef idempotencyKey } } }`,
        );
        expect(stockMovements.items.map((m: any) => `${m.reason} ${m.sku} ${m.delta}`)).toEqual([
            `PURCHASE_RECEIPT ${variants[0].sku} 6`,
            `PURCHASE_RECEIPT ${variants[0].sku} 4`,
            `PURCHASE_RECEIPT ${variants[1].sku} 4`,
        ]);
        expect(new Set(stockMovements.items.map((m: any) => m.idempotencyKey)).size).toBe(3);
        const after = (await as('acme', `{ productVariants(options: { sort: { id: ASC } }) { items { id stockOnHand } } }`)).productVariants
            .items;
        expect(after[0].stockOnHand).toBe(variants[0].stockOnHand + 10);
        expect(after[1].stockOnHand).toBe(variants[1].stockOnHand + 4);
    });

    it('purchase orders: a draft can be edited and cancelled; other tenants cannot touch it', async () => {
        const { createPurchaseOrder: po } = await as(
            'acme',
            `mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id code } }`,
            {
                i: { supplierId, lines: [{ productVariantId: variants[2].id, quantity: 1, unitCost: 100 }] },
            },
        );
        const { setPurchaseOrderLines } = await as(
            'acme',
            `mutation ($id: ID!, $l: [PurchaseOrderLineInput!]!) { setPurchaseOrderLines(id: $id, lines: $l) { total lines { quantity } } }`,
            {
                id: po.id,
                l: [{ productVariantId: variants[2].id, quantity: 3, unitCost: 100 }],
            },
        );
        expect(setPurchaseOrderLines).toEqual({ total: 300, lines: [{ quantity: 3 }] });
        expect(await refused('other', `mutation ($id: ID!) { cancelPurchaseOrder(id: $id) { state } }`, { id: po.id })).toMatch(
            /No PurchaseOrder with the id/,
        );
        expect((await as('other', `query ($id: ID!) { purchaseOrder(id: $id) { id } }`, { id: po.id })).purchaseOrder).toBeNull();
        const { cancelPurchaseOrder } = await as(
            'acme',
            `mutation ($id: ID!) { cancelPurchaseOrder(id: $id, reason: "ordered by mistake") { state history { note } } }`,
            { id: po.id },
        );
        expect(cancelPurchaseOrder.state).toBe('CANCELLED');
        expect(cancelPurchaseOrder.history.at(-1).note).toBe('ordered by mistake');
        expect(
            await refused(
                'acme',
                `mutation ($id: ID!, $l: [PurchaseOrderLineInput!]!) { setPurchaseOrderLines(id: $id, lines: $l) { id } }`,
                { id: po.id, l: [] },
            ),
        ).toMatch(/is CANCELLED: only a DRAFT's lines can change/);
    });

    it('pricing rules: validated, per tenant; the preview says which rule produced each price', async () => {
        const invalid = await call(
            cm.acme,
            'master-acme',
            `mutation { createPricingRule(input: { name: "", scopeType: "PRODUCT", method: "MULTIPLIER_ON_PRICE", value: -1 }) { id } }`,
        );
        expect(invalid.errors?.[0].message).toMatch(/Pricing rule: .*name.*scope.*value/);
        expect((await as('acme', `{ pricingRules { totalItems } }`)).pricingRules.totalItems).toBe(0);

        await as(
            'acme',
            `mutation { createPricingRule(input: { name: "Acme markup", scopeType: "ALL", method: "MARKUP_ON_COST", value: 80, rounding: "END_99", minMarginPercent: 30 }) { id } }`,
        );
        const { products } = await as('acme', `{ products(options: { sort: { id: ASC } }) { items { id variants { id } } } }`);
        const productOf = (variantId: string) => products.items.find((p: any) => p.variants.some((v: any) => v.id === variantId)).id;
        // A variant of another product than variant 0's gets its product's own rule.
        const specialVariant = variants.find(v => productOf(v.id) !== productOf(variants[0].id))!;
        const plainVariant = variants.find(
            v => productOf(v.id) !== productOf(variants[0].id) && productOf(v.id) !== productOf(specialVariant.id),
        )!;
        const { createPricingRule: special } = await as(
            'acme',
            `mutation ($p: String!) { createPricingRule(input: { name: "Special uplift", scopeType: "PRODUCT", scopeId: $p, method: "MULTIPLIER_ON_PRICE", value: 1.1, rounding: "WHOLE", priority: 10 }) { id } }`,
            { p: productOf(specialVariant.id) },
        );
        const { previewTenantPrices } = await as(
            'acme',
            `query ($ids: [ID!]) { previewTenantPrices(options: { productVariantIds: $ids }) { productVariantId masterPrice price basis ruleId ruleName explanation warnings } }`,
            { ids: [variants[0].id, specialVariant.id, plainVariant.id] },
        );
        const byId = Object.fromEntries(previewTenantPrices.map((p: any) => [p.productVariantId, p]));
        // variant 0: preferred cost 10.00 EUR (alpenhof) +80 % = 18.00 → .99
        expect(byId[variants[0].id]).toMatchObject({ price: 1899, basis: 'RULE', ruleName: 'Acme markup' });
        expect(byId[variants[0].id].explanation).toMatch(/Acme markup/);
        // the special variant: its product's rule has the higher priority: master price × 1.1, whole units
        const v2 = byId[specialVariant.id];
        expect(v2).toMatchObject({ basis: 'RULE', ruleId: special.id });
        expect(v2.price).toBe(Math.ceil((v2.masterPrice * 1.1) / 100) * 100);
        // a plain variant: no supplier cost, so the markup cannot apply: master price, and a warning says why
        expect(byId[plainVariant.id]).toMatchObject({ basis: 'MASTER_PRICE', ruleId: null });
        expect(byId[plainVariant.id].price).toBe(byId[plainVariant.id].masterPrice);
        expect(byId[plainVariant.id].warnings.join(' ')).toMatch(/no preferred supplier cost|skipped/);

        // The whole catalog in one call; another tenant's rules do not leak in.
        const all = await as('acme', `{ previewTenantPrices { productVariantId } }`);
        expect(all.previewTenantPrices).toHaveLength(variants.length);
        expect((await as('other', `{ pricingRules { totalItems } }`)).pricingRules.totalItems).toBe(0);
        const viewerWrite = await call(
            viewer,
            'master-acme',
            `mutation { createPricingRule(input: { name: "x", scopeType: "ALL", method: "FIXED_OFFSET", value: 100 }) { id } }`,
        );
        expect(viewerWrite.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const viewerRead = await call(viewer, 'master-acme', `{ previewTenantPrices(options: { take: 1 }) { price } }`);
        expect(viewerRead.data?.previewTenantPrices).toHaveLength(1);
    });

    it('completeness: a score per product under the tenant’s requirements, and the list of what incomplete products miss', async () => {
        const { products } = await as(
            'acme',
            `{ products(options: { sort: { id: ASC } }) { items { id name tenantCompleteness { score complete missing } } } }`,
        );
        expect(products.items.length).toBeGreaterThan(0);
        for (const p of products.items) {
            expect(p.tenantCompleteness.score).toBeGreaterThanOrEqual(0);
            expect(p.tenantCompleteness.complete).toBe(p.tenantCompleteness.missing.length === 0);
        }
        const incompleteBefore = products.items.filter((p: any) => !p.tenantCompleteness.complete).map((p: any) => p.id);
        const list = async () =>
            (await as('acme', `{ incompleteProducts(take: 100) { totalItems items { productId productName score missing } } }`))
                .incompleteProducts;
        expect((await list()).items.map((c: any) => c.productId).sort()).toEqual([...incompleteBefore].sort());

        // Blank a complete product's description: it drops out of completeness, saying why; restore it and it is back.
        const target = products.items.find((p: any) => p.tenantCompleteness.complete);
        expect(target, 'the test catalog has a complete product').toBeDefined();
        const { product } = await as('acme', `query ($id: ID!) { product(id: $id) { description } }`, { id: target.id });
        const setDescription = (description: string) =>
            as(
                'acme',
                `mutation ($id: ID!, $d: String!) { updateProduct(input: { id: $id, translations: [{ languageCode: en, description: $d }] }) { id } }`,
                {
                    id: target.id,
                    d: description,
                },
            );
        await setDescription('<p></p>');
        const afterBlank = await list();
        const entry = afterBlank.items.find((c: any) => c.productId === target.id);
        expect(entry).toMatchObject({ productName: target.name, missing: ['description (en)'] });
        expect(entry.score).toBeLessThan(100);
        await setDescription(product.description);
        expect((await list()).items.map((c: any) => c.productId)).not.toContain(target.id);
    });
});
