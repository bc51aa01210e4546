import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { masterApp } from '@entrepreneur-os/master';
import { sampleCatalogPaths } from '@entrepreneur-os/platform';
import {
    adminToken,
    AppProcessEnv,
    AppTestEnvironment,
    createAppTestEnvironment,
    createProvisioningApiKey,
    prepareAppProcessEnv,
    spawnNode,
    SpawnedProcess,
    waitFor,
} from '@entrepreneur-os/testing';
import gql from 'graphql-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The isolation probe suite. Tenant `alfa` (its catalog manager in master, its shop staff and a
 * customer in ecommerce) attacks every piece of tenant `bravo`'s data it can name by id: read,
 * change, delete, duplicate, assign to its own channel — through its own channel, bravo's channel
 * and the default channel. Every read must come back without bravo's data, every write must itself
 * be refused (an error, an error result, null, NOT_DELETED), and a snapshot of bravo's data taken
 * before and after each write must be identical.
 *
 * What proves isolation is the probes sent through alfa's own channel by an actor whose role allows
 * the operation there (refused by the tenant check, not by a missing permission — FORBIDDEN): their
 * number is printed and has a floor, so a probe list that only exercises permissions fails.
 *
 * Everything of bravo carries the word "bravo" in a name, code or e-mail address: a response to an
 * alfa actor that contains it is a leak. A read probe is also run by the superadmin in bravo's
 * channel, where it must find bravo's data — a probe that finds nothing anywhere proves nothing.
 */

type GqlError = { message: string; extensions?: { code?: string } };
type GqlResponse = { data?: Record<string, unknown> | null; errors?: GqlError[] };
type Server = 'master' | 'ecommerce';
type ChannelChoice = 'own' | 'foreign' | 'none';
type Actor = 'catalogManager' | 'shopStaff' | 'customer' | 'anonymous';

interface Probe {
    name: string;
    actor: Actor;
    /**
     * read: must come back without bravo's data; write: must also be refused (error, error result,
     * null, empty list, false, NOT_DELETED); own-write: creates alfa's own data that merely resembles
     * bravo's (a customer with the same e-mail address), so it may succeed in alfa's channel only.
     */
    kind: 'read' | 'write' | 'own-write';
    query: string;
    variables?: Record<string, unknown>;
    /**
     * A write that comes back as done through alfa's own channel although it changed nothing of
     * bravo's (the snapshot proves it): why. Not counted as a refusal — each one is a false answer to fix.
     */
    knownNoOp?: string;
    /** Channels the probe is sent through; by default all three for admins, own and foreign for the Shop API. */
    channels?: ChannelChoice[];
}

/**
 * Floors of the probes that prove isolation (through alfa's own channel, by a role allowed to do the
 * operation there — refused by the tenant check, not for a missing permission), per suite.
 */
const MIN_HARMFUL = { master: { read: 17, write: 28 }, ecommerce: { read: 16, write: 23 }, shop: { read: 4, write: 2 } };
const BROKEN_PROBE_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT']);
const FINGERPRINT = /bravo/i;

describe(`tenant isolation probes`, () => {
    let master: AppTestEnvironment;
    let ecommerceProc: AppProcessEnv;
    let ecommerce: SpawnedProcess;
    let ecommerceWorker: SpawnedProcess;
    const tokens = {} as Record<'masterSuper' | 'ecoSuper' | 'catalogManager' | 'shopStaff' | 'customer', string>;
    /** Ids of bravo's (and a few of alfa's) data, filled in by the set-up. */
    const ids: Record<string, string> = {};
    let probeCount = 0;
    const refusals = new Map<string, number>();
    /** Probes through alfa's own channel by an actor allowed to do the operation there, by server and kind. */
    const harmful = new Map<string, number>();

    const serverUrl = (server: Server) => (server === 'master' ? master.baseUrl : ecommerceProc.baseUrl);
    const channelToken = (server: Server, choice: ChannelChoice, tenant?: 'alfa' | 'bravo') => {
        const code = tenant ?? (choice === 'own' ? 'alfa' : 'bravo');
        if (choice === 'none') return undefined;
        return server === 'master' ? `master-${code}` : code;
    };

    async function send(
        server: Server,
        api: 'admin' | 'shop',
        query: string,
        variables: Record<string, unknown> = {},
        opts: { token?: string; channel?: string } = {},
    ): Promise<GqlResponse & { authToken: string | null }> {
        const res = await fetch(`${serverUrl(server)}/${api}-api`, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
                ...(opts.channel ? { 'vendure-token': opts.channel } : {}),
            },
            body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as GqlResponse;
        return { ...body, authToken: res.headers.get('vendure-auth-token') };
    }

    /** A set-up call that must succeed; returns its data. */
    async function must(
        server: Server,
        query: string,
        variables: Record<string, unknown> = {},
        channel?: string,
        api: 'admin' | 'shop' = 'admin',
    ) {
        const token = server === 'master' ? tokens.masterSuper : tokens.ecoSuper;
        const res = await send(server, api, query, variables, { token, channel });
        if (res.errors?.length) throw new Error(`set-up failed: ${res.errors.map(e => e.message).join('; ')}\n${query}`);
        const value = Object.values(res.data ?? {})[0] as Record<string, unknown> | null;
        if (value && typeof value === 'object' && 'errorCode' in value)
            throw new Error(`set-up failed: ${JSON.stringify(value)}\n${query}`);
        return res.data as any;
    }

    beforeAll(async () => {
        ecommerceProc = await prepareAppProcessEnv('ecommerce', 'isolation');
        ecommerce = spawnNode('ecommerce/dist/index.js', ecommerceProc.env);
        master = await createAppTestEnvironment(masterApp, 'isolation');
        await master.start({ withCatalog: false });
        await waitFor('ecommerce to answer', async () => (await fetch(`${ecommerceProc.baseUrl}/health`).catch(() => undefined))?.ok, {
            timeoutMs: 120_000,
        });
        tokens.masterSuper = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        tokens.ecoSuper = await adminToken(ecommerceProc.baseUrl, 'superadmin', 'superadmin');
        const secrets = path.join(master.settings.dataDir, 'secrets');
        fs.mkdirSync(secrets, { recursive: true });
        fs.writeFileSync(path.join(secrets, 'ecommerce-api-key'), await createProvisioningApiKey(ecommerceProc.baseUrl, tokens.ecoSuper));

        for (const [code, language, currency] of [
            ['alfa', 'de', 'EUR'],
            ['bravo', 'en', 'USD'],
        ]) {
            const { createTenant } = await must('master', `mutation ($i: CreateTenantInput!) { createTenant(input: $i) { id } }`, {
                i: {
                    code,
                    name: `Shop ${code}`,
                    defaultLanguageCode: language,
                    currencyCode: currency,
                    ecommerceUrl: ecommerceProc.baseUrl,
                    ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
                    firstAdministrator: {
                        emailAddress: `cm@${code}.test`,
                        firstName: code,
                        lastName: 'Manager',
                        password: `${code}-password`,
                    },
                },
            });
            ids[`${code}Tenant`] = createTenant.id;
            await waitFor(
                `tenant ${code} to be READY`,
                async () => {
                    const { tenant } = await must('master', `query ($id: ID!) { tenant(id: $id) { status lastError } }`, {
                        id: createTenant.id,
                    });
                    if (tenant.status === 'FAILED') throw new Error(`tenant ${code} failed: ${tenant.lastError}`);
                    return tenant.status === 'READY';
                },
                { timeoutMs: 60_000 },
            );
        }
        // The worker builds the ecommerce search index (started after the server created the schema).
        ecommerceWorker = spawnNode('ecommerce/dist/index-worker.js', ecommerceProc.env);
        await seedMaster();
        await seedEcommerce();
        await waitFor(
            'bravo’s shop product in the search index',
            async () => {
                const res = await send(
                    'ecommerce',
                    'shop',
                    `{ search(input: { term: "bravo" }) { totalItems } }`,
                    {},
                    { channel: 'bravo' },
                );
                return (res.data?.search as { totalItems: number } | undefined)?.totalItems === 1;
            },
            { timeoutMs: 60_000 },
        );
        tokens.catalogManager = await adminToken(master.baseUrl, 'cm@alfa.test', 'alfa-password');
        tokens.shopStaff = await adminToken(ecommerceProc.baseUrl, 'staff@alfa.test', 'alfa-staff-password');
        tokens.customer = await shopLogin('alfa', 'customer@alfa.test', 'alfa-customer-password');
    }, 300_000);

    afterAll(async () => {
        console.log(`[isolation] ${probeCount} probes; refused or empty by: ${JSON.stringify(Object.fromEntries(refusals))}`);
        console.log(
            `[isolation] through alfa's own channel with a role allowed to do it (what proves isolation): ${JSON.stringify(Object.fromEntries(harmful))}`,
        );
        await ecommerceWorker?.stop();
        await ecommerce?.stop();
        await master?.destroy();
        await ecommerceProc?.cleanup();
    });

    async function shopLogin(channel: string, username: string, password: string): Promise<string> {
        const res = await send(
            'ecommerce',
            'shop',
            `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }`,
            { u: username, p: password },
            { channel },
        );
        const login = res.data?.login as { id?: string; errorCode?: string } | undefined;
        if (!login?.id || !res.authToken) throw new Error(`shop login of ${username} in ${channel} failed: ${JSON.stringify(res)}`);
        return res.authToken;
    }

    /** bravo's catalog in master (and one product of alfa's), created by the superadmin in each tenant's channel. */
    async function seedMaster() {
        const bravo = 'master-bravo';
        const image = path.join(os.tmpdir(), `bravo-secret-${process.pid}.jpg`);
        const sampleImage = fs.readdirSync(sampleCatalogPaths().imagesDir).find(f => f.endsWith('.jpg'));
        fs.copyFileSync(path.join(sampleCatalogPaths().imagesDir, sampleImage!), image);
        master.adminClient.setChannelToken(bravo);
        await master.adminClient.asSuperAdmin();
        const { createAssets } = await master.adminClient.fileUploadMutation({
            mutation: gql`
                mutation CreateBravoAsset($input: [CreateAssetInput!]!) {
                    createAssets(input: $input) {
                        ... on Asset {
                            id
                            source
                        }
                    }
                }
            `,
            filePaths: [image],
            mapVariables: () => ({ input: [{ file: null }] }),
        });
        fs.rmSync(image);
        ids.asset = createAssets[0].id;
        ids.assetSource = createAssets[0].source;

        const en = (name: string, extra: Record<string, unknown> = {}) => [{ languageCode: 'en', name, ...extra }];
        const { createFacet } = await must(
            'master',
            `mutation ($i: CreateFacetInput!) { createFacet(input: $i) { id values { id } } }`,
            {
                i: {
                    code: 'bravo-material',
                    isPrivate: false,
                    translations: en('Bravo Material'),
                    values: [{ code: 'bravo-wool', translations: en('Bravo Wool') }],
                },
            },
            bravo,
        );
        ids.facet = createFacet.id;
        ids.facetValue = createFacet.values[0].id;
        const { createProductOptionGroup } = await must(
            'master',
            `mutation ($i: CreateProductOptionGroupInput!) { createProductOptionGroup(input: $i) { id options { id } } }`,
            {
                i: {
                    code: 'bravo-size',
                    translations: en('Bravo Size'),
                    options: [{ code: 'bravo-small', translations: en('Bravo Small') }],
                },
            },
            bravo,
        );
        ids.optionGroup = createProductOptionGroup.id;
        ids.option = createProductOptionGroup.options[0].id;
        const { createProduct } = await must(
            'master',
            `mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
            {
                i: {
                    translations: en('Bravo Secret Boots', { slug: 'bravo-secret-boots', description: 'bravo only' }),
                    facetValueIds: [ids.facetValue],
                    assetIds: [ids.asset],
                    featuredAssetId: ids.asset,
                },
            },
            bravo,
        );
        ids.product = createProduct.id;
        await must(
            'master',
            `mutation ($p: ID!, $g: ID!) { addOptionGroupToProduct(productId: $p, optionGroupId: $g) { id } }`,
            { p: ids.product, g: ids.optionGroup },
            bravo,
        );
        const { createProductVariants } = await must(
            'master',
            `mutation ($i: [CreateProductVariantInput!]!) { createProductVariants(input: $i) { id } }`,
            {
                i: [
                    {
                        productId: ids.product,
                        sku: 'BRAVO-BOOTS-S',
                        price: 12900,
                        optionIds: [ids.option],
                        stockOnHand: 7,
                        translations: en('Bravo Secret Boots S'),
                    },
                ],
            },
            bravo,
        );
        ids.variant = createProductVariants[0].id;
        const { createCollection } = await must(
            'master',
            `mutation ($i: CreateCollectionInput!) { createCollection(input: $i) { id } }`,
            {
                i: {
                    translations: en('Bravo Picks', { slug: 'bravo-picks', description: 'bravo only' }),
                    filters: [
                        {
                            code: 'facet-value-filter',
                            arguments: [
                                { name: 'facetValueIds', value: JSON.stringify([ids.facetValue]) },
                                { name: 'containsAny', value: 'false' },
                            ],
                        },
                    ],
                },
            },
            bravo,
        );
        ids.collection = createCollection.id;
        const { administrators } = await must(
            'master',
            `{ administrators(options: { filter: { emailAddress: { eq: "cm@bravo.test" } } }) { items { id } } }`,
        );
        ids.administrator = administrators.items[0].id;
        const { administrators: alfaAdmins } = await must(
            'master',
            `{ administrators(options: { filter: { emailAddress: { eq: "cm@alfa.test" } } }) { items { id } } }`,
        );
        ids.alfaAdministrator = alfaAdmins.items[0].id;
        const { roles } = await must(
            'master',
            `{ roles(options: { filter: { code: { eq: "bravo-catalog-manager" } } }) { items { id } } }`,
        );
        ids.role = roles.items[0].id;
        const { channels } = await must('master', `{ channels { items { id code seller { id } } } }`);
        const byCode = (code: string) => channels.items.find((c: { code: string }) => c.code === code);
        ids.channel = byCode('bravo').id;
        ids.seller = byCode('bravo').seller.id;
        ids.alfaChannel = byCode('alfa').id;
        const { createProduct: alfaProduct } = await must(
            'master',
            `mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
            { i: { translations: [{ languageCode: 'de', name: 'Alfa Stiefel', slug: 'alfa-stiefel', description: 'alfa' }] } },
            'master-alfa',
        );
        ids.alfaProduct = alfaProduct.id;
    }

    /** bravo's shop in ecommerce: product, promotion, stock location, customer with address, a paid, part-fulfilled, part-refunded order. */
    async function seedEcommerce() {
        const bravo = 'bravo';
        for (const code of ['alfa', 'bravo']) {
            const { roles } = await must(
                'ecommerce',
                `{ roles(options: { filter: { code: { eq: "${code}-shop-staff" } } }) { items { id } } }`,
            );
            const { createAdministrator } = await must(
                'ecommerce',
                `mutation ($i: CreateAdministratorInput!) { createAdministrator(input: $i) { id } }`,
                {
                    i: {
                        emailAddress: `staff@${code}.test`,
                        firstName: code,
                        lastName: 'Staff',
                        password: `${code}-staff-password`,
                        roleIds: [roles.items[0].id],
                    },
                },
            );
            ids[`${code}ShopAdministrator`] = createAdministrator.id;
            const { createCustomer } = await must(
                'ecommerce',
                `mutation ($i: CreateCustomerInput!, $p: String) { createCustomer(input: $i, password: $p) { ... on Customer { id } ... on ErrorResult { errorCode message } } }`,
                {
                    i: { emailAddress: `customer@${code}.test`, firstName: code === 'bravo' ? 'Bravo' : 'Alfa', lastName: 'Customer' },
                    p: `${code}-customer-password`,
                },
                code,
            );
            ids[`${code}Customer`] = createCustomer.id;
        }
        ids.shopAdministrator = ids.bravoShopAdministrator;
        ids.customer = ids.bravoCustomer;
        const { createCustomerAddress } = await must(
            'ecommerce',
            `mutation ($c: ID!, $i: CreateAddressInput!) { createCustomerAddress(customerId: $c, input: $i) { id } }`,
            {
                c: ids.customer,
                i: { fullName: 'Bravo Customer', streetLine1: 'Bravo Street 1', city: 'Bravotown', postalCode: 'B1', countryCode: 'GB' },
            },
            bravo,
        );
        ids.address = createCustomerAddress.id;
        const en = (name: string, extra: Record<string, unknown> = {}) => [{ languageCode: 'en', name, ...extra }];
        const { createProduct } = await must(
            'ecommerce',
            `mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
            { i: { translations: en('Bravo Shop Boots', { slug: 'bravo-shop-boots', description: 'bravo only' }) } },
            bravo,
        );
        ids.shopProduct = createProduct.id;
        const { createProductVariants } = await must(
            'ecommerce',
            `mutation ($i: [CreateProductVariantInput!]!) { createProductVariants(input: $i) { id } }`,
            {
                i: [
                    {
                        productId: ids.shopProduct,
                        sku: 'BRAVO-SHOP-1',
                        price: 5000,
                        stockOnHand: 100,
                        translations: en('Bravo Shop Boots'),
                    },
                ],
            },
            bravo,
        );
        ids.shopVariant = createProductVariants[0].id;
        const { createProduct: alfaShopProduct } = await must(
            'ecommerce',
            `mutation ($i: CreateProductInput!) { createProduct(input: $i) { id } }`,
            { i: { translations: [{ languageCode: 'de', name: 'Alfa Stiefel', slug: 'alfa-stiefel', description: 'alfa' }] } },
            'alfa',
        );
        const { createProductVariants: alfaShopVariants } = await must(
            'ecommerce',
            `mutation ($i: [CreateProductVariantInput!]!) { createProductVariants(input: $i) { id } }`,
            {
                i: [
                    {
                        productId: alfaShopProduct.id,
                        sku: 'ALFA-SHOP-1',
                        price: 4000,
                        stockOnHand: 100,
                        translations: [{ languageCode: 'de', name: 'Alfa Stiefel' }],
                    },
                ],
            },
            'alfa',
        );
        ids.alfaShopVariant = alfaShopVariants[0].id;
        const { createPromotion } = await must(
            'ecommerce',
            `mutation ($i: CreatePromotionInput!) { createPromotion(input: $i) { ... on Promotion { id } ... on ErrorResult { errorCode message } } }`,
            {
                i: {
                    enabled: true,
                    couponCode: 'B-TEN',
                    translations: en('Bravo Ten'),
                    conditions: [],
                    actions: [{ code: 'order_percentage_discount', arguments: [{ name: 'discount', value: '10' }] }],
                },
            },
            bravo,
        );
        ids.promotion = createPromotion.id;
        const { createStockLocation } = await must(
            'ecommerce',
            `mutation ($i: CreateStockLocationInput!) { createStockLocation(input: $i) { id } }`,
            { i: { name: 'Bravo Warehouse', description: 'bravo only' } },
            bravo,
        );
        ids.stockLocation = createStockLocation.id;
        const { customerGroups } = await must(
            'ecommerce',
            `mutation { createCustomerGroup(input: { name: "Bravo VIPs" }) { id } }`.replace('mutation', 'mutation'),
            {},
            bravo,
        ).then(async () => must('ecommerce', `{ customerGroups { items { id name } } }`, {}, bravo));
        ids.customerGroup = customerGroups.items.find((g: { name: string }) => g.name === 'Bravo VIPs').id;

        // bravo's customer buys two pairs; the order is paid, one pair shipped and one refunded.
        const shopToken = await shopLogin(bravo, 'customer@bravo.test', 'bravo-customer-password');
        const shop = async (query: string, variables: Record<string, unknown> = {}) => {
            const res = await send('ecommerce', 'shop', query, variables, { token: shopToken, channel: bravo });
            const value = Object.values(res.data ?? {})[0] as Record<string, unknown> | null;
            if (res.errors?.length || (value && 'errorCode' in value))
                throw new Error(`shop set-up failed: ${JSON.stringify(res)}\n${query}`);
            return res.data as any;
        };
        await shop(
            `mutation ($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 2) { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
            { v: ids.shopVariant },
        );
        await shop(
            `mutation { setOrderShippingAddress(input: { fullName: "Bravo Customer", streetLine1: "Bravo Street 1", city: "Bravotown", countryCode: "GB" }) { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
        );
        const { eligibleShippingMethods } = await shop(`{ eligibleShippingMethods { id } }`);
        await shop(
            `mutation ($s: [ID!]!) { setOrderShippingMethod(shippingMethodId: $s) { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
            { s: [eligibleShippingMethods[0].id] },
        );
        await shop(
            `mutation { transitionOrderToState(state: "ArrangingPayment") { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
        );
        const { eligiblePaymentMethods } = await shop(`{ eligiblePaymentMethods { code } }`);
        const { addPaymentToOrder } = await shop(
            `mutation ($m: String!) { addPaymentToOrder(input: { method: $m, metadata: {} }) { ... on Order { id code lines { id } payments { id } } ... on ErrorResult { errorCode message } } }`,
            { m: eligiblePaymentMethods[0].code },
        );
        ids.order = addPaymentToOrder.id;
        ids.orderCode = addPaymentToOrder.code;
        ids.orderLine = addPaymentToOrder.lines[0].id;
        ids.payment = addPaymentToOrder.payments[0].id;
        await must(
            'ecommerce',
            `mutation ($p: ID!) { settlePayment(id: $p) { ... on Payment { id } ... on ErrorResult { errorCode message } } }`,
            { p: ids.payment },
            bravo,
        );
        const { addFulfillmentToOrder } = await must(
            'ecommerce',
            `mutation ($l: ID!) { addFulfillmentToOrder(input: { lines: [{ orderLineId: $l, quantity: 1 }], handler: { code: "manual-fulfillment", arguments: [{ name: "method", value: "bravo-courier" }, { name: "trackingCode", value: "BRAVO-1" }] } }) { ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }`,
            { l: ids.orderLine },
            bravo,
        );
        ids.fulfillment = addFulfillmentToOrder.id;
        const { refundOrder } = await must(
            'ecommerce',
            `mutation ($p: ID!, $l: ID!) { refundOrder(input: { paymentId: $p, lines: [{ orderLineId: $l, quantity: 1 }], shipping: 0, adjustment: 0, reason: "bravo refund" }) { ... on Refund { id state } ... on ErrorResult { errorCode message } } }`,
            { p: ids.payment, l: ids.orderLine },
            bravo,
        );
        ids.refund = refundOrder.id;
        const { addNoteToOrder } = await must(
            'ecommerce',
            `mutation ($o: ID!) { addNoteToOrder(input: { id: $o, note: "bravo internal note", isPublic: false }) { id history(options: { sort: { createdAt: DESC }, take: 1 }) { items { id } } } }`,
            { o: ids.order },
            bravo,
        );
        ids.orderNote = addNoteToOrder.history.items[0].id;
        const { addNoteToCustomer } = await must(
            'ecommerce',
            `mutation ($c: ID!) { addNoteToCustomer(input: { id: $c, note: "bravo customer note", isPublic: false }) { id history(options: { sort: { createdAt: DESC }, take: 1 }) { items { id } } } }`,
            { c: ids.customer },
            bravo,
        );
        ids.customerNote = addNoteToCustomer.history.items[0].id;
        // A guest checkout of bravo's: a customer without an account.
        const guest = await send(
            'ecommerce',
            'shop',
            `mutation ($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 1) { ... on Order { id } } }`,
            { v: ids.shopVariant },
            { channel: bravo },
        );
        const guestRes = await send(
            'ecommerce',
            'shop',
            `mutation { setCustomerForOrder(input: { emailAddress: "guest@bravo.test", firstName: "Bravo", lastName: "Guest" }) { ... on Order { customer { id } } ... on ErrorResult { errorCode message } } }`,
            {},
            { channel: bravo, token: guest.authToken! },
        );
        ids.guestCustomer = (guestRes.data?.setCustomerForOrder as { customer: { id: string } }).customer.id;
        const { roles } = await must('ecommerce', `{ roles(options: { filter: { code: { eq: "bravo-shop-staff" } } }) { items { id } } }`);
        ids.shopRole = roles.items[0].id;
        const { channels } = await must('ecommerce', `{ channels { items { id code seller { id } } } }`);
        const shopChannel = channels.items.find((c: { code: string }) => c.code === 'bravo');
        ids.shopChannel = shopChannel.id;
        ids.shopSeller = shopChannel.seller.id;
        ids.alfaShopChannel = channels.items.find((c: { code: string }) => c.code === 'alfa').id;
    }

    // ——— snapshots of bravo's data, taken by the superadmins ———

    const MASTER_SNAPSHOT = `query ($product: ID!, $variant: ID!, $collection: ID!, $facet: ID!, $asset: ID!, $administrator: ID!, $role: ID!, $channel: ID!, $seller: ID!, $tenant: ID!, $optionGroup: ID!) {
        product(id: $product) { id updatedAt name slug description enabled facetValues { id } assets { id } featuredAsset { id } optionGroups { id } channels { code }
            variants { id updatedAt name sku price enabled stockOnHand options { id code } } }
        variant: productVariant(id: $variant) { id updatedAt enabled price channels { code } }
        collection(id: $collection) { id updatedAt name slug isPrivate position parent { id } filters { code args { name value } } }
        facet(id: $facet) { id updatedAt name code isPrivate values { id updatedAt name code } }
        asset(id: $asset) { id updatedAt name source preview focalPoint { x y } tags { value } }
        administrator(id: $administrator) { id updatedAt firstName lastName emailAddress user { roles { code channels { code } } } }
        role(id: $role) { id updatedAt code description permissions channels { code } }
        channel(id: $channel) { id updatedAt code token defaultLanguageCode defaultCurrencyCode pricesIncludeTax seller { id } }
        seller(id: $seller) { id updatedAt name }
        tenant(id: $tenant) { id status name settings ecommerceUrl ecommerceChannelToken ecommerceCredentialsRef events { id } }
        productOptionGroup(id: $optionGroup) { id updatedAt code name options { id updatedAt code name } }
        products(options: { take: 100 }) { totalItems items { id } }
        assets(options: { take: 100 }) { totalItems items { id } }
    }`;

    const ECOMMERCE_SNAPSHOT = `query ($order: ID!, $customer: ID!, $guestCustomer: ID!, $stockLocation: ID!, $promotion: ID!, $shopAdministrator: ID!, $shopRole: ID!, $shopChannel: ID!, $shopSeller: ID!, $shopProduct: ID!, $customerGroup: ID!) {
        order(id: $order) { id updatedAt code state active totalWithTax customer { id } lines { id quantity }
            couponCodes promotions { id couponCode }
            payments { id state amount refunds { id state total } } fulfillments { id state method trackingCode }
            history(options: { take: 100 }) { totalItems items { id updatedAt type isPublic data } } }
        customer(id: $customer) { id updatedAt title firstName lastName emailAddress phoneNumber user { id verified } groups { id }
            history(options: { take: 100 }) { totalItems items { id updatedAt type isPublic data } }
            addresses { id updatedAt fullName streetLine1 city defaultShippingAddress } }
        guest: customer(id: $guestCustomer) { id updatedAt firstName lastName emailAddress }
        stockLocation(id: $stockLocation) { id updatedAt name description }
        promotion(id: $promotion) { id updatedAt name enabled couponCode startsAt endsAt usageLimit perCustomerUsageLimit
            conditions { code args { name value } } actions { code args { name value } } }
        administrator(id: $shopAdministrator) { id updatedAt firstName emailAddress user { roles { code } } }
        role(id: $shopRole) { id updatedAt permissions channels { code } }
        channel(id: $shopChannel) { id updatedAt code token seller { id } }
        seller(id: $shopSeller) { id updatedAt name }
        product(id: $shopProduct) { id updatedAt name enabled channels { code } variants { id price stockOnHand enabled } }
        customerGroup(id: $customerGroup) { id updatedAt name customers { totalItems } }
        customers(options: { take: 100 }) { totalItems items { id emailAddress } }
        orders(options: { take: 100 }) { totalItems items { id state } }
    }`;

    /** What bravo has, and what alfa's channel shows of customers (bravo's must never move there). */
    async function snapshot() {
        const pick = (keys: string[]) => Object.fromEntries(keys.map(k => [k, ids[k]]));
        return {
            master: await must(
                'master',
                MASTER_SNAPSHOT,
                {
                    ...pick([
                        'product',
                        'variant',
                        'collection',
                        'facet',
                        'asset',
                        'administrator',
                        'role',
                        'channel',
                        'seller',
                        'optionGroup',
                    ]),
                    tenant: ids.bravoTenant,
                },
                'master-bravo',
            ),
            ecommerce: await must(
                'ecommerce',
                ECOMMERCE_SNAPSHOT,
                pick([
                    'order',
                    'customer',
                    'guestCustomer',
                    'stockLocation',
                    'promotion',
                    'shopAdministrator',
                    'shopRole',
                    'shopChannel',
                    'shopSeller',
                    'shopProduct',
                    'customerGroup',
                ]),
                'bravo',
            ),
            // bravo's things showing up in alfa's channel (alfa's own changes to its own data are fine).
            bravoInAlfa: JSON.stringify(
                await must(
                    'master',
                    `{ products { items { id name } } collections { items { id name } } facets { items { id name } } assets { items { id name } } productVariants { items { id name } } }`,
                    {},
                    'master-alfa',
                ),
            ).match(/"id":"\d+","name":"[^"]*bravo[^"]*"/gi),
            // bravo's stock location or promotion assigned to alfa's shop.
            bravoInAlfaShop: await must('ecommerce', `{ stockLocations { items { id } } promotions { items { id } } }`, {}, 'alfa').then(
                (d: { stockLocations: { items: Array<{ id: string }> }; promotions: { items: Array<{ id: string }> } }) => [
                    ...d.stockLocations.items.filter(l => l.id === ids.stockLocation).map(l => `stock location ${l.id}`),
                    ...d.promotions.items.filter(p => p.id === ids.promotion).map(p => `promotion ${p.id}`),
                ],
            ),
            // bravo's customers (by id) showing up in alfa's shop; alfa's own customers may share an e-mail address.
            bravoCustomersInAlfa: (
                (await must('ecommerce', `{ customers(options: { take: 100 }) { items { id emailAddress firstName } } }`, {}, 'alfa'))
                    .customers.items as Array<{ id: string }>
            ).filter(c => [ids.customer, ids.guestCustomer].includes(c.id)),
        };
    }

    // ——— running probes ———

    /** Why a probe's response fails isolation, if it does. Whether it changed bravo's data is checked by snapshot. */
    function verdict(res: GqlResponse): string | undefined {
        const broken = res.errors?.find(e => BROKEN_PROBE_CODES.has(e.extensions?.code ?? ''));
        if (broken) return `broken probe (${broken.extensions?.code}): ${broken.message}`;
        const json = JSON.stringify(res.data ?? null);
        if (FINGERPRINT.test(json)) return `leaked bravo's data: ${json.slice(0, 300)}`;
        return undefined;
    }

    /** A value a refused mutation answers with. */
    function isRefusal(value: unknown): boolean {
        if (value === null || value === false || (Array.isArray(value) && value.length === 0)) return true;
        if (typeof value !== 'object' || Array.isArray(value)) return false;
        const v = value as Record<string, unknown>;
        return 'errorCode' in v || v.result === 'NOT_DELETED' || v.success === false;
    }

    /** What of a write went through (undefined: refused as a whole). */
    function wentThrough(res: GqlResponse): string | undefined {
        const through = Object.entries(res.data ?? {}).filter(([, value]) => !isRefusal(value));
        return through.length ? `not refused: ${JSON.stringify(Object.fromEntries(through)).slice(0, 300)}` : undefined;
    }

    function refusalKind(res: GqlResponse): string {
        if (res.errors?.length) return res.errors[0].extensions?.code ?? 'error';
        const value = Object.values(res.data ?? {})[0];
        if (value && typeof value === 'object' && 'errorCode' in value) return String((value as { errorCode: string }).errorCode);
        return 'empty';
    }

    /** Paths where two snapshots differ, with both values. */
    function differences(a: unknown, b: unknown, at = ''): string[] {
        if (JSON.stringify(a) === JSON.stringify(b)) return [];
        if (a && b && typeof a === 'object' && typeof b === 'object') {
            const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
            return [...keys].flatMap(k => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`));
        }
        return [`${at}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
    }

    /**
     * Runs each probe through each of its channels. Read probes first get a positive control (the
     * superadmin, or an anonymous shopper, in bravo's channel finds bravo's data with the same query);
     * after every write probe bravo's data is compared with the snapshot taken before it.
     */
    async function runProbes(server: Server, probes: Probe[]): Promise<{ failures: string[]; harmful: { read: number; write: number } }> {
        const failures: string[] = [];
        const counted = { read: 0, write: 0 };
        let before = await snapshot();
        for (const probe of probes) {
            const api = probe.actor === 'customer' || probe.actor === 'anonymous' ? 'shop' : 'admin';
            if (probe.kind === 'read' && !probe.name.includes('(no control)')) {
                const control = await send(server, api, probe.query, probe.variables, {
                    token: server === 'master' ? tokens.masterSuper : api === 'shop' ? undefined : tokens.ecoSuper,
                    channel: channelToken(server, 'foreign'),
                });
                if (!FINGERPRINT.test(JSON.stringify(control.data ?? null))) {
                    failures.push(
                        `${probe.name}: the control query in bravo's channel found nothing, so the probe proves nothing (${JSON.stringify(control).slice(0, 300)})`,
                    );
                }
            }
            const choices = probe.channels ?? (api === 'shop' ? (['own', 'foreign'] as const) : (['own', 'foreign', 'none'] as const));
            for (const choice of choices) {
                const token = probe.actor === 'anonymous' ? undefined : tokens[probe.actor];
                const res = await send(server, api, probe.query, probe.variables, { token, channel: channelToken(server, choice) });
                probeCount++;
                const mayGoThrough = (probe.kind === 'own-write' || !!probe.knownNoOp) && choice === 'own';
                const problem = verdict(res) ?? (probe.kind !== 'read' && !mayGoThrough ? wentThrough(res) : undefined);
                if (problem) failures.push(`${probe.name} [${probe.actor} via ${choice} channel]: ${problem}`);
                else refusals.set(refusalKind(res), (refusals.get(refusalKind(res)) ?? 0) + 1);
                if (!problem && choice === 'own' && probe.actor !== 'anonymous' && !mayGoThrough && refusalKind(res) !== 'FORBIDDEN') {
                    const kind = probe.kind === 'read' ? 'read' : 'write';
                    counted[kind]++;
                    harmful.set(`${server} ${api} ${kind}`, (harmful.get(`${server} ${api} ${kind}`) ?? 0) + 1);
                }
            }
            if (probe.kind !== 'read') {
                const after = await snapshot();
                if (JSON.stringify(after) !== JSON.stringify(before)) {
                    failures.push(`${probe.name}: changed bravo's data: ${differences(before, after).join('; ')}`);
                    before = after;
                }
            }
        }
        return { failures, harmful: counted };
    }

    it('master: alfa’s catalog manager can neither read nor change bravo’s catalog, administrators, roles, channels, sellers or tenant', async () => {
        const cm = 'catalogManager' as const;
        const probe = (name: string, kind: Probe['kind'], query: string, variables: Record<string, unknown> = {}): Probe => ({
            name,
            actor: cm,
            kind,
            query,
            variables,
        });
        const { failures, harmful } = await runProbes('master', [
            // products and variants
            probe('product', 'read', `query ($id: ID!) { product(id: $id) { id name } }`, { id: ids.product }),
            probe('product by slug', 'read', `{ product(slug: "bravo-secret-boots") { id name } }`),
            probe('products list', 'read', `{ products(options: { take: 100 }) { items { id name } } }`),
            probe(
                'products filtered by id',
                'read',
                `query ($id: String!) { products(options: { filter: { id: { eq: $id } } }) { items { name } } }`,
                { id: ids.product },
            ),
            probe('variant', 'read', `query ($id: ID!) { productVariant(id: $id) { id name sku } }`, { id: ids.variant }),
            probe('variants list', 'read', `{ productVariants(options: { take: 100 }) { items { name sku } } }`),
            probe('search', 'read', `{ search(input: { term: "bravo", take: 50 }) { totalItems items { productName sku } } }`),
            probe(
                'update product',
                'write',
                `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: false, translations: [{ languageCode: en, name: "taken by alfa" }] }) { id name } }`,
                { id: ids.product },
            ),
            probe('delete product', 'write', `mutation ($id: ID!) { deleteProduct(id: $id) { result message } }`, { id: ids.product }),
            probe('delete products', 'write', `mutation ($id: ID!) { deleteProducts(ids: [$id]) { result message } }`, { id: ids.product }),
            probe(
                'duplicate product',
                'write',
                `mutation ($id: ID!) { duplicateEntity(input: { entityName: "Product", entityId: $id, duplicatorInput: { code: "product-duplicator", arguments: [{ name: "includeVariants", value: "true" }] } }) { ... on DuplicateEntitySuccess { newEntityId } ... on ErrorResult { errorCode message } } }`,
                { id: ids.product },
            ),
            probe(
                'assign product to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignProductsToChannel(input: { productIds: [$id], channelId: $ch }) { id name } }`,
                { id: ids.product, ch: ids.alfaChannel },
            ),
            probe(
                'remove product from bravo',
                'write',
                `mutation ($id: ID!, $ch: ID!) { removeProductsFromChannel(input: { productIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.product, ch: ids.channel },
            ),
            probe(
                'push own product into bravo',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignProductsToChannel(input: { productIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.alfaProduct, ch: ids.channel },
            ),
            probe(
                'add variant to product',
                'write',
                `mutation ($id: ID!) { createProductVariants(input: [{ productId: $id, sku: "ALFA-X", price: 1, translations: [{ languageCode: en, name: "alfa" }] }]) { id } }`,
                { id: ids.product },
            ),
            probe(
                'update variant',
                'write',
                `mutation ($id: ID!) { updateProductVariants(input: [{ id: $id, price: 1, enabled: false }]) { id price } }`,
                { id: ids.variant },
            ),
            probe('delete variant', 'write', `mutation ($id: ID!) { deleteProductVariant(id: $id) { result } }`, { id: ids.variant }),
            probe(
                'assign variant to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignProductVariantsToChannel(input: { productVariantIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.variant, ch: ids.alfaChannel },
            ),
            probe(
                'remove variant from bravo',
                'write',
                `mutation ($id: ID!, $ch: ID!) { removeProductVariantsFromChannel(input: { productVariantIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.variant, ch: ids.channel },
            ),
            probe('option group', 'read', `query ($id: ID!) { productOptionGroup(id: $id) { id name } }`, { id: ids.optionGroup }),
            probe(
                'update option group',
                'write',
                `mutation ($id: ID!) { updateProductOptionGroup(input: { id: $id, code: "alfa-size" }) { id } }`,
                { id: ids.optionGroup },
            ),
            probe('update option', 'write', `mutation ($id: ID!) { updateProductOption(input: { id: $id, code: "alfa-small" }) { id } }`, {
                id: ids.option,
            }),
            probe(
                'remove option group from product',
                'write',
                `mutation ($p: ID!, $g: ID!) { removeOptionGroupFromProduct(productId: $p, optionGroupId: $g, force: true) { ... on Product { id } ... on ErrorResult { errorCode message } } }`,
                { p: ids.product, g: ids.optionGroup },
            ),
            // collections
            probe('collection', 'read', `query ($id: ID!) { collection(id: $id) { id name } }`, { id: ids.collection }),
            probe('collections list', 'read', `{ collections(options: { take: 100 }) { items { name slug } } }`),
            probe(
                'collection variants preview',
                'read',
                `query ($id: ID!) { collection(id: $id) { productVariants { items { name } } } }`,
                { id: ids.collection },
            ),
            probe('update collection', 'write', `mutation ($id: ID!) { updateCollection(input: { id: $id, isPrivate: true }) { id } }`, {
                id: ids.collection,
            }),
            probe(
                'move collection',
                'write',
                `mutation ($id: ID!) { moveCollection(input: { collectionId: $id, parentId: "1", index: 0 }) { id } }`,
                { id: ids.collection },
            ),
            probe('delete collection', 'write', `mutation ($id: ID!) { deleteCollection(id: $id) { result } }`, { id: ids.collection }),
            probe(
                'duplicate collection',
                'write',
                `mutation ($id: ID!) { duplicateEntity(input: { entityName: "Collection", entityId: $id, duplicatorInput: { code: "collection-duplicator", arguments: [] } }) { ... on DuplicateEntitySuccess { newEntityId } ... on ErrorResult { errorCode message } } }`,
                { id: ids.collection },
            ),
            probe(
                'assign collection to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignCollectionsToChannel(input: { collectionIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.collection, ch: ids.alfaChannel },
            ),
            // facets
            probe('facet', 'read', `query ($id: ID!) { facet(id: $id) { id name values { name } } }`, { id: ids.facet }),
            probe('facet values list', 'read', `{ facetValues(options: { take: 100 }) { items { code name } } }`),
            probe('update facet', 'write', `mutation ($id: ID!) { updateFacet(input: { id: $id, isPrivate: true }) { id } }`, {
                id: ids.facet,
            }),
            probe('delete facet', 'write', `mutation ($id: ID!) { deleteFacet(id: $id, force: true) { result } }`, { id: ids.facet }),
            probe(
                'add facet value',
                'write',
                `mutation ($id: ID!) { createFacetValues(input: [{ facetId: $id, code: "alfa-value", translations: [{ languageCode: en, name: "alfa" }] }]) { id } }`,
                { id: ids.facet },
            ),
            probe(
                'update facet value',
                'write',
                `mutation ($id: ID!) { updateFacetValues(input: [{ id: $id, code: "alfa-wool" }]) { id } }`,
                { id: ids.facetValue },
            ),
            probe('delete facet value', 'write', `mutation ($id: ID!) { deleteFacetValues(ids: [$id], force: true) { result } }`, {
                id: ids.facetValue,
            }),
            probe(
                'duplicate facet',
                'write',
                `mutation ($id: ID!) { duplicateEntity(input: { entityName: "Facet", entityId: $id, duplicatorInput: { code: "facet-duplicator", arguments: [{ name: "includeFacetValues", value: "true" }] } }) { ... on DuplicateEntitySuccess { newEntityId } ... on ErrorResult { errorCode message } } }`,
                { id: ids.facet },
            ),
            probe(
                'assign facet to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignFacetsToChannel(input: { facetIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.facet, ch: ids.alfaChannel },
            ),
            // assets
            probe('asset', 'read', `query ($id: ID!) { asset(id: $id) { id name source } }`, { id: ids.asset }),
            probe('assets list (asset URLs)', 'read', `{ assets(options: { take: 100 }) { items { name source preview } } }`),
            probe('update asset', 'write', `mutation ($id: ID!) { updateAsset(input: { id: $id, name: "alfa" }) { id } }`, {
                id: ids.asset,
            }),
            {
                ...probe('delete asset', 'write', `mutation ($id: ID!) { deleteAsset(input: { assetId: $id, force: true }) { result } }`, {
                    id: ids.asset,
                }),
                knownNoOp: "Vendure's deleteAsset finds no asset of that id in the channel, does nothing and still answers DELETED",
            },
            probe(
                'assign asset to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignAssetsToChannel(input: { assetIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.asset, ch: ids.alfaChannel },
            ),
            probe(
                'use asset on own product',
                'write',
                `mutation ($p: ID!, $a: ID!) { updateProduct(input: { id: $p, assetIds: [$a], featuredAssetId: $a }) { id featuredAsset { name source } assets { name } } }`,
                { p: ids.alfaProduct, a: ids.asset },
            ),
            probe(
                'use facet value on own product',
                'own-write',
                `mutation ($p: ID!, $f: ID!) { updateProduct(input: { id: $p, facetValueIds: [$f] }) { id facetValues { name code facet { name } } } }`,
                { p: ids.alfaProduct, f: ids.facetValue },
            ),
            probe(
                'use option on own variant',
                'write',
                `mutation ($p: ID!, $o: ID!) { createProductVariants(input: [{ productId: $p, sku: "ALFA-OPT", price: 1, optionIds: [$o], translations: [{ languageCode: de, name: "alfa" }] }]) { id options { name code } } }`,
                { p: ids.alfaProduct, o: ids.option },
            ),
            probe(
                'use facet value in own collection',
                'own-write',
                `mutation ($f: String!) { createCollection(input: { translations: [{ languageCode: de, name: "Alfa Spy", slug: "alfa-spy", description: "" }], filters: [{ code: "facet-value-filter", arguments: [{ name: "facetValueIds", value: $f }, { name: "containsAny", value: "true" }] }] }) { id productVariants { items { name } } } }`,
                { f: JSON.stringify([ids.facetValue]) },
            ),
            // administrators, roles, channels, sellers
            probe('administrator', 'read', `query ($id: ID!) { administrator(id: $id) { id emailAddress } }`, { id: ids.administrator }),
            probe('administrators list', 'read', `{ administrators { items { emailAddress } } }`),
            probe(
                'update administrator',
                'write',
                `mutation ($id: ID!) { updateAdministrator(input: { id: $id, password: "taken-by-alfa" }) { id } }`,
                { id: ids.administrator },
            ),
            probe('delete administrator', 'write', `mutation ($id: ID!) { deleteAdministrator(id: $id) { result } }`, {
                id: ids.administrator,
            }),
            probe('role', 'read', `query ($id: ID!) { role(id: $id) { id code } }`, { id: ids.role }),
            probe('roles list', 'read', `{ roles { items { code } } }`),
            probe('update role', 'write', `mutation ($id: ID!) { updateRole(input: { id: $id, permissions: [SuperAdmin] }) { id } }`, {
                id: ids.role,
            }),
            probe('delete role', 'write', `mutation ($id: ID!) { deleteRole(id: $id) { result } }`, { id: ids.role }),
            probe(
                'grant bravo role to self',
                'write',
                `mutation ($a: ID!, $r: ID!) { assignRoleToAdministrator(administratorId: $a, roleId: $r) { id } }`,
                { a: ids.alfaAdministrator, r: ids.role },
            ),
            probe(
                'create role in bravo',
                'write',
                `mutation ($ch: ID!) { createRole(input: { code: "alfa-spy", description: "spy", permissions: [ReadCatalog], channelIds: [$ch] }) { id } }`,
                { ch: ids.channel },
            ),
            probe('channel', 'read', `query ($id: ID!) { channel(id: $id) { id code token } }`, { id: ids.channel }),
            probe('channels list', 'read', `{ channels { items { code token } } }`),
            probe(
                'update channel',
                'write',
                `mutation ($id: ID!) { updateChannel(input: { id: $id, pricesIncludeTax: true }) { ... on Channel { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.channel },
            ),
            probe('delete channel', 'write', `mutation ($id: ID!) { deleteChannel(id: $id) { result } }`, { id: ids.channel }),
            probe('seller', 'read', `query ($id: ID!) { seller(id: $id) { id name } }`, { id: ids.seller }),
            probe('sellers list', 'read', `{ sellers { items { name } } }`),
            probe('update seller', 'write', `mutation ($id: ID!) { updateSeller(input: { id: $id, name: "alfa" }) { id } }`, {
                id: ids.seller,
            }),
            probe('delete seller', 'write', `mutation ($id: ID!) { deleteSeller(id: $id) { result } }`, { id: ids.seller }),
            probe(
                'create channel on bravo seller',
                'write',
                `mutation ($s: ID!) { createChannel(input: { code: "alfa-spy", token: "alfa-spy", sellerId: $s, defaultLanguageCode: en, pricesIncludeTax: false, defaultCurrencyCode: USD, defaultShippingZoneId: "1", defaultTaxZoneId: "1" }) { ... on Channel { id } ... on ErrorResult { errorCode message } } }`,
                { s: ids.seller },
            ),
            // our plugin: tenants
            probe('tenant', 'read', `query ($id: ID!) { tenant(id: $id) { code name ecommerceCredentialsRef } }`, { id: ids.bravoTenant }),
            probe('tenants list', 'read', `{ tenants { items { code name } } }`),
            probe('retry tenant', 'write', `mutation ($id: ID!) { retryTenantProvisioning(id: $id) { id status } }`, {
                id: ids.bravoTenant,
            }),
            probe('disable tenant', 'write', `mutation ($id: ID!) { disableTenant(id: $id) { id status } }`, { id: ids.bravoTenant }),
            probe('delete tenant', 'write', `mutation ($id: ID!) { deleteTenant(id: $id, confirmCode: "bravo") { result } }`, {
                id: ids.bravoTenant,
            }),
            probe(
                'create tenant with bravo code',
                'write',
                `mutation { createTenant(input: { code: "bravo", name: "alfa's bravo", defaultLanguageCode: en, currencyCode: USD, ecommerceUrl: "http://127.0.0.1:9", ecommerceCredentialsRef: "env:X" }) { id name } }`,
            ),
            // jobs
            probe('jobs (no control)', 'read', `{ jobs(options: { take: 200 }) { items { queueName data } } }`),
        ]);
        expect(failures).toEqual([]);
        expect(harmful, 'probes through alfa’s own channel by a role allowed to do it').toEqual({
            read: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.master.read),
            write: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.master.write),
        });
    });

    it('ecommerce: alfa’s shop staff can neither read nor change bravo’s orders, payments, refunds, fulfilments, customers, addresses, stock locations, promotions or set-up', async () => {
        const probe = (name: string, kind: Probe['kind'], query: string, variables: Record<string, unknown> = {}): Probe => ({
            name,
            actor: 'shopStaff',
            kind,
            query,
            variables,
        });
        const { failures, harmful } = await runProbes('ecommerce', [
            // orders, payments, refunds, fulfilments
            probe('order', 'read', `query ($id: ID!) { order(id: $id) { id code customer { emailAddress } } }`, { id: ids.order }),
            probe('orders list', 'read', `{ orders(options: { take: 100 }) { items { code customer { emailAddress } } } }`),
            probe(
                'order by code filter',
                'read',
                `query ($c: String!) { orders(options: { filter: { code: { eq: $c } } }) { items { id customer { emailAddress } } } }`,
                { c: ids.orderCode },
            ),
            probe(
                'transition order',
                'write',
                `mutation ($id: ID!) { transitionOrderToState(id: $id, state: "Cancelled") { ... on Order { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.order },
            ),
            probe(
                'cancel order',
                'write',
                `mutation ($id: ID!) { cancelOrder(input: { orderId: $id, cancelShipping: true, reason: "alfa" }) { ... on Order { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.order },
            ),
            probe(
                'add note to order',
                'write',
                `mutation ($id: ID!) { addNoteToOrder(input: { id: $id, note: "alfa was here", isPublic: true }) { id } }`,
                { id: ids.order },
            ),
            probe(
                'update order note',
                'write',
                `mutation ($id: ID!) { updateOrderNote(input: { noteId: $id, note: "alfa", isPublic: true }) { id } }`,
                { id: ids.orderNote },
            ),
            probe('delete order note', 'write', `mutation ($id: ID!) { deleteOrderNote(id: $id) { result } }`, { id: ids.orderNote }),
            probe(
                'set order customer',
                'write',
                `mutation ($o: ID!, $c: ID!) { setOrderCustomer(input: { orderId: $o, customerId: $c }) { id } }`,
                { o: ids.order, c: ids.alfaCustomer },
            ),
            probe(
                'modify order',
                'write',
                `mutation ($id: ID!, $l: ID!) { modifyOrder(input: { orderId: $id, dryRun: false, adjustOrderLines: [{ orderLineId: $l, quantity: 5 }] }) { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.order, l: ids.orderLine },
            ),
            probe(
                'settle payment',
                'write',
                `mutation ($id: ID!) { settlePayment(id: $id) { ... on Payment { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.payment },
            ),
            probe(
                'cancel payment',
                'write',
                `mutation ($id: ID!) { cancelPayment(id: $id) { ... on Payment { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.payment },
            ),
            probe(
                'transition payment',
                'write',
                `mutation ($id: ID!) { transitionPaymentToState(id: $id, state: "Cancelled") { ... on Payment { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.payment },
            ),
            probe(
                'add manual payment',
                'write',
                `mutation ($id: ID!) { addManualPaymentToOrder(input: { orderId: $id, method: "alfa", transactionId: "alfa", metadata: {} }) { ... on Order { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.order },
            ),
            probe(
                'refund order',
                'write',
                `mutation ($p: ID!, $l: ID!) { refundOrder(input: { paymentId: $p, lines: [{ orderLineId: $l, quantity: 1 }], shipping: 0, adjustment: 0, reason: "alfa" }) { ... on Refund { id } ... on ErrorResult { errorCode message } } }`,
                { p: ids.payment, l: ids.orderLine },
            ),
            probe(
                'settle refund',
                'write',
                `mutation ($id: ID!) { settleRefund(input: { id: $id, transactionId: "alfa" }) { ... on Refund { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.refund },
            ),
            probe(
                'add fulfilment',
                'write',
                `mutation ($l: ID!) { addFulfillmentToOrder(input: { lines: [{ orderLineId: $l, quantity: 1 }], handler: { code: "manual-fulfillment", arguments: [{ name: "method", value: "alfa" }, { name: "trackingCode", value: "alfa" }] } }) { ... on Fulfillment { id } ... on ErrorResult { errorCode message } } }`,
                { l: ids.orderLine },
            ),
            probe(
                'transition fulfilment',
                'write',
                `mutation ($id: ID!) { transitionFulfillmentToState(id: $id, state: "Cancelled") { ... on Fulfillment { id state } ... on ErrorResult { errorCode message } } }`,
                { id: ids.fulfillment },
            ),
            // customers and addresses
            probe('customer', 'read', `query ($id: ID!) { customer(id: $id) { id emailAddress addresses { streetLine1 } } }`, {
                id: ids.customer,
            }),
            probe('guest customer', 'read', `query ($id: ID!) { customer(id: $id) { id emailAddress } }`, { id: ids.guestCustomer }),
            probe('customers list', 'read', `{ customers(options: { take: 100 }) { items { emailAddress } } }`),
            probe(
                'customers by e-mail',
                'read',
                `{ customers(options: { filter: { emailAddress: { contains: "bravo" } } }) { items { emailAddress } } }`,
            ),
            probe(
                'update customer',
                'write',
                `mutation ($id: ID!) { updateCustomer(input: { id: $id, firstName: "Alfa" }) { ... on Customer { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.customer },
            ),
            probe('delete customer', 'write', `mutation ($id: ID!) { deleteCustomer(id: $id) { result } }`, { id: ids.customer }),
            probe(
                'create customer with bravo’s e-mail',
                'own-write',
                `mutation { createCustomer(input: { emailAddress: "customer@bravo.test", firstName: "Alfa", lastName: "Spy" }) { ... on Customer { id emailAddress } ... on ErrorResult { errorCode message } } }`,
            ),
            probe(
                'create customer with bravo guest’s e-mail',
                'own-write',
                `mutation { createCustomer(input: { emailAddress: "guest@bravo.test", firstName: "Alfa", lastName: "Spy" }) { ... on Customer { id } ... on ErrorResult { errorCode message } } }`,
            ),
            probe(
                'add address to customer',
                'write',
                `mutation ($id: ID!) { createCustomerAddress(customerId: $id, input: { streetLine1: "Alfa Road", countryCode: "GB" }) { id } }`,
                { id: ids.customer },
            ),
            probe(
                'update address',
                'write',
                `mutation ($id: ID!) { updateCustomerAddress(input: { id: $id, streetLine1: "Alfa Road" }) { id } }`,
                { id: ids.address },
            ),
            probe('delete address', 'write', `mutation ($id: ID!) { deleteCustomerAddress(id: $id) { success } }`, { id: ids.address }),
            probe(
                'add note to customer',
                'write',
                `mutation ($id: ID!) { addNoteToCustomer(input: { id: $id, note: "alfa", isPublic: true }) { id } }`,
                { id: ids.customer },
            ),
            probe(
                'update customer note',
                'write',
                `mutation ($id: ID!) { updateCustomerNote(input: { noteId: $id, note: "alfa" }) { id } }`,
                { id: ids.customerNote },
            ),
            probe('delete customer note', 'write', `mutation ($id: ID!) { deleteCustomerNote(id: $id) { result } }`, {
                id: ids.customerNote,
            }),
            probe('customer group', 'read', `query ($id: ID!) { customerGroup(id: $id) { id name } }`, { id: ids.customerGroup }),
            probe(
                'add customer to group',
                'write',
                `mutation ($g: ID!, $c: ID!) { addCustomersToGroup(customerGroupId: $g, customerIds: [$c]) { id } }`,
                { g: ids.customerGroup, c: ids.alfaCustomer },
            ),
            // stock locations, promotions
            probe('stock location', 'read', `query ($id: ID!) { stockLocation(id: $id) { id name } }`, { id: ids.stockLocation }),
            probe('stock locations list', 'read', `{ stockLocations { items { name } } }`),
            probe(
                'update stock location',
                'write',
                `mutation ($id: ID!) { updateStockLocation(input: { id: $id, name: "alfa" }) { id } }`,
                { id: ids.stockLocation },
            ),
            probe('delete stock location', 'write', `mutation ($id: ID!) { deleteStockLocation(input: { id: $id }) { result } }`, {
                id: ids.stockLocation,
            }),
            probe(
                'assign stock location to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignStockLocationsToChannel(input: { stockLocationIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.stockLocation, ch: ids.alfaShopChannel },
            ),
            probe('promotion', 'read', `query ($id: ID!) { promotion(id: $id) { id name couponCode } }`, { id: ids.promotion }),
            probe('promotions list', 'read', `{ promotions { items { name couponCode } } }`),
            probe(
                'update promotion',
                'write',
                `mutation ($id: ID!) { updatePromotion(input: { id: $id, enabled: false }) { ... on Promotion { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.promotion },
            ),
            probe('delete promotion', 'write', `mutation ($id: ID!) { deletePromotion(id: $id) { result } }`, { id: ids.promotion }),
            probe(
                'duplicate promotion',
                'write',
                `mutation ($id: ID!) { duplicateEntity(input: { entityName: "Promotion", entityId: $id, duplicatorInput: { code: "promotion-duplicator", arguments: [] } }) { ... on DuplicateEntitySuccess { newEntityId } ... on ErrorResult { errorCode message } } }`,
                { id: ids.promotion },
            ),
            probe(
                'assign promotion to alfa',
                'write',
                `mutation ($id: ID!, $ch: ID!) { assignPromotionsToChannel(input: { promotionIds: [$id], channelId: $ch }) { id } }`,
                { id: ids.promotion, ch: ids.alfaShopChannel },
            ),
            // the shop's catalog, staff and set-up
            probe('shop product', 'read', `query ($id: ID!) { product(id: $id) { id name } }`, { id: ids.shopProduct }),
            probe('shop search', 'read', `{ search(input: { term: "bravo", take: 50 }) { items { productName } } }`),
            probe('update shop product', 'write', `mutation ($id: ID!) { updateProduct(input: { id: $id, enabled: false }) { id } }`, {
                id: ids.shopProduct,
            }),
            probe('shop administrator', 'read', `query ($id: ID!) { administrator(id: $id) { id emailAddress } }`, {
                id: ids.shopAdministrator,
            }),
            probe(
                'update shop administrator',
                'write',
                `mutation ($id: ID!) { updateAdministrator(input: { id: $id, password: "taken-by-alfa" }) { id } }`,
                { id: ids.shopAdministrator },
            ),
            probe('shop role', 'read', `query ($id: ID!) { role(id: $id) { id code } }`, { id: ids.shopRole }),
            probe('update shop role', 'write', `mutation ($id: ID!) { updateRole(input: { id: $id, permissions: [SuperAdmin] }) { id } }`, {
                id: ids.shopRole,
            }),
            probe('shop channel', 'read', `query ($id: ID!) { channel(id: $id) { id code } }`, { id: ids.shopChannel }),
            probe('shop channels list', 'read', `{ channels { items { code } } }`),
            probe(
                'update shop channel',
                'write',
                `mutation ($id: ID!) { updateChannel(input: { id: $id, pricesIncludeTax: true }) { ... on Channel { id } ... on ErrorResult { errorCode message } } }`,
                { id: ids.shopChannel },
            ),
            probe('shop seller', 'read', `query ($id: ID!) { seller(id: $id) { id name } }`, { id: ids.shopSeller }),
            probe('update shop seller', 'write', `mutation ($id: ID!) { updateSeller(input: { id: $id, name: "alfa" }) { id } }`, {
                id: ids.shopSeller,
            }),
            // our plugin on ecommerce
            probe(
                'ensure bravo’s shop',
                'write',
                `mutation { ensureTenantShop(input: { code: "bravo", name: "alfa's", defaultLanguageCode: "en", currencyCode: "USD" }) { channelToken } }`,
            ),
            probe('disable bravo’s shop', 'write', `mutation { setTenantShopEnabled(code: "bravo", enabled: false) }`),
            probe('jobs (no control)', 'read', `{ jobs(options: { take: 200 }) { items { queueName data } } }`),
        ]);
        expect(failures).toEqual([]);
        expect(harmful, 'probes through alfa’s own channel by a role allowed to do it').toEqual({
            read: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.ecommerce.read),
            write: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.ecommerce.write),
        });
    });

    it('Shop API: alfa’s customer (and an anonymous shopper in alfa’s shop) cannot see or touch bravo’s products, orders, addresses or customers', async () => {
        const customer = (name: string, kind: Probe['kind'], query: string, variables: Record<string, unknown> = {}): Probe => ({
            name,
            actor: 'customer',
            kind,
            query,
            variables,
        });
        const anonymous = (name: string, kind: Probe['kind'], query: string, variables: Record<string, unknown> = {}): Probe => ({
            name,
            actor: 'anonymous',
            kind,
            query,
            variables,
            channels: ['own'],
        });
        const { failures, harmful } = await runProbes('ecommerce', [
            customer('product', 'read', `query ($id: ID!) { product(id: $id) { id name } }`, { id: ids.shopProduct }),
            customer('product by slug', 'read', `{ product(slug: "bravo-shop-boots") { id name } }`),
            customer('products list', 'read', `{ products { items { name } } }`),
            customer('search', 'read', `{ search(input: { term: "bravo", take: 50 }) { items { productName } } }`),
            customer(
                'order by code',
                'read',
                `query ($c: String!) { orderByCode(code: $c) { id code customer { emailAddress } lines { productVariant { name } } } }`,
                { c: ids.orderCode },
            ),
            customer(
                'add bravo’s variant to cart',
                'write',
                `mutation ($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 1) { ... on Order { id lines { productVariant { name } } } ... on ErrorResult { errorCode message } } }`,
                { v: ids.shopVariant },
            ),
            customer(
                'update bravo’s address',
                'write',
                `mutation ($id: ID!) { updateCustomerAddress(input: { id: $id, streetLine1: "Alfa Road" }) { id } }`,
                { id: ids.address },
            ),
            customer('delete bravo’s address', 'write', `mutation ($id: ID!) { deleteCustomerAddress(id: $id) { success } }`, {
                id: ids.address,
            }),
            customer(
                'apply bravo’s coupon',
                'write',
                `mutation { applyCouponCode(couponCode: "B-TEN") { ... on Order { id couponCodes } ... on ErrorResult { errorCode message } } }`,
            ),
            anonymous(
                'guest checkout with bravo guest’s e-mail',
                'own-write',
                `mutation ($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 1) { ... on Order { id } ... on ErrorResult { errorCode message } } setCustomerForOrder(input: { emailAddress: "guest@bravo.test", firstName: "Alfa", lastName: "Spy" }) { ... on Order { customer { id firstName } } ... on ErrorResult { errorCode message } } }`,
                { v: ids.alfaShopVariant },
            ),
            anonymous(
                'guest checkout with bravo customer’s e-mail',
                'own-write',
                `mutation ($v: ID!) { addItemToOrder(productVariantId: $v, quantity: 1) { ... on Order { id } ... on ErrorResult { errorCode message } } setCustomerForOrder(input: { emailAddress: "customer@bravo.test", firstName: "Alfa", lastName: "Spy" }) { ... on Order { customer { id firstName } } ... on ErrorResult { errorCode message } } }`,
                { v: ids.alfaShopVariant },
            ),
            anonymous(
                'register with bravo customer’s e-mail',
                'own-write',
                `mutation { registerCustomerAccount(input: { emailAddress: "customer@bravo.test", firstName: "Alfa", lastName: "Spy", password: "alfa-spy-password" }) { ... on Success { success } ... on ErrorResult { errorCode message } } }`,
            ),
            anonymous(
                'register with bravo guest’s e-mail',
                'own-write',
                `mutation { registerCustomerAccount(input: { emailAddress: "guest@bravo.test", firstName: "Alfa", lastName: "Spy", password: "alfa-spy-password" }) { ... on Success { success } ... on ErrorResult { errorCode message } } }`,
            ),
            anonymous(
                'bravo’s customer signs in to alfa’s shop',
                'write',
                `mutation { login(username: "customer@bravo.test", password: "bravo-customer-password") { ... on CurrentUser { id identifier } ... on ErrorResult { errorCode message } } }`,
            ),
        ]);
        expect(failures).toEqual([]);
        expect(harmful, 'probes through alfa’s own channel by a role allowed to do it').toEqual({
            read: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.shop.read),
            write: expect.toSatisfy((n: number) => n >= MIN_HARMFUL.shop.write),
        });
    });

    it('a customer session of alfa used in bravo’s shop is refused and alfa’s customer never becomes bravo’s', async () => {
        const viaBravo = await send(
            'ecommerce',
            'shop',
            `{ activeCustomer { id emailAddress } activeOrder { id } }`,
            {},
            { token: tokens.customer, channel: 'bravo' },
        );
        expect(viaBravo.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const { customers } = await must('ecommerce', `{ customers(options: { take: 100 }) { items { emailAddress } } }`, {}, 'bravo');
        expect(customers.items.map((c: { emailAddress: string }) => c.emailAddress)).not.toContain('customer@alfa.test');
        // …while alfa's own shop still works for them.
        const viaAlfa = await send(
            'ecommerce',
            'shop',
            `{ activeCustomer { emailAddress } }`,
            {},
            { token: tokens.customer, channel: 'alfa' },
        );
        expect(viaAlfa.data?.activeCustomer).toEqual({ emailAddress: 'customer@alfa.test' });
    });

    it('job payloads on both servers carry no password, API key or session token', async () => {
        const secrets = [
            'alfa-password',
            'bravo-password',
            'alfa-staff-password',
            'alfa-customer-password',
            'bravo-customer-password',
            fs.readFileSync(path.join(master.settings.dataDir, 'secrets', 'ecommerce-api-key'), 'utf8'),
            ...Object.values(tokens),
        ];
        let jobs = 0;
        for (const server of ['master', 'ecommerce'] as const) {
            for (let skip = 0; ; skip += 100) {
                const res = await must(
                    server,
                    `query ($skip: Int!) { jobs(options: { skip: $skip, take: 100 }) { totalItems items { queueName data } } }`,
                    { skip },
                );
                jobs += res.jobs.items.length;
                const payloads = JSON.stringify(res.jobs.items);
                for (const secret of secrets) expect(payloads.includes(secret), `a ${server} job carries a secret`).toBe(false);
                if (skip + 100 >= res.jobs.totalItems) break;
            }
        }
        expect(jobs).toBeGreaterThan(0);
    });
});
