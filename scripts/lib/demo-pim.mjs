// The demo tenants' catalogs and PIM data: the master catalog assigned to each tenant's channel
// (with texts in the tenant's language), two suppliers with prices for every variant, one pricing
// rule and one received purchase order of opening stock for every variant.
// Idempotent: a tenant that already has suppliers is left alone.
import { AdminApi } from './admin-api.mjs';

/** Per demo tenant: price factor for its currency, and its pricing rule. */
export const DEMO_PIM = {
    alpine: {
        priceFactor: 1,
        rule: { name: 'Alpine markup', method: 'MARKUP_ON_COST', value: 90, rounding: 'END_95', minMarginPercent: 30 },
    },
    pacific: {
        priceFactor: 1.1,
        rule: { name: 'Pacific markup', method: 'MARKUP_ON_COST', value: 120, rounding: 'END_99', minMarginPercent: 40 },
    },
};

export async function ensureDemoPim({ masterUrl, master, demo, log }) {
    const pim = DEMO_PIM[demo.code];
    const cm = (await new AdminApi(masterUrl).login(`catalog@${demo.code}.demo`, demo.password)).inChannel(`master-${demo.code}`);
    await channelReady(cm, demo.code);
    const { suppliers } = await cm.query(`{ suppliers { totalItems } }`);
    if (suppliers.totalItems > 0) return;
    await assignCatalog(master, cm, demo, pim, log);
    await translateCatalog(cm, demo, log);
    log(`[demo] ${demo.code}: suppliers, supplier prices, a pricing rule and a received purchase order`);
    const supplier = async (code, name, leadTimeDays) =>
        (
            await cm.query(`mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { id } }`, {
                i: { code, name, currencyCode: demo.currency, leadTimeDays, contactName: 'Demo', emailAddress: `orders@${code}.demo` },
            })
        ).createSupplier.id;
    const preferred = await supplier(`${demo.code}-wholesale`, `${demo.name} Wholesale`, 7);
    const backup = await supplier(`${demo.code}-direct`, `${demo.name} Direct`, 14);
    const variants = await allVariants(cm);
    await inParallel(variants, 4, async v => {
        for (const [supplierId, share, isPreferred] of [
            [preferred, 0.45, true],
            [backup, 0.5, false],
        ]) {
            await cm.query(`mutation($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`, {
                i: {
                    supplierId,
                    productVariantId: v.id,
                    costPrice: Math.round(v.price * share),
                    currencyCode: demo.currency,
                    preferred: isPreferred,
                },
            });
        }
    });
    await cm.query(`mutation($i: CreatePricingRuleInput!) { createPricingRule(input: $i) { id } }`, {
        i: { ...pim.rule, scopeType: 'ALL' },
    });
    // Opening stock for every variant: the receipt's movements give the tenant's shop its stock.
    const lines = variants.map((v, i) => ({ productVariantId: v.id, quantity: 10 + (i % 4) * 5, unitCost: Math.round(v.price * 0.45) }));
    const { createPurchaseOrder: po } = await cm.query(
        `mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id lines { id quantity } } }`,
        { i: { supplierId: preferred, lines, notes: 'Demo opening stock' } },
    );
    await cm.query(`mutation($id: ID!) { submitPurchaseOrder(id: $id) { state } }`, { id: po.id });
    await cm.query(
        `mutation($id: ID!, $l: [ReceiptLineInput!]!) { receivePurchaseOrder(id: $id, lines: $l, receiptKey: "demo-opening") { state } }`,
        {
            id: po.id,
            l: po.lines.map(l => ({ lineId: l.id, quantity: l.quantity })),
        },
    );
    log(`[demo] ${demo.code}: ${variants.length} variants priced by 2 suppliers; rule "${pim.rule.name}"; purchase order received`);
}

/** The whole master catalog in the tenant's channel, prices converted by the tenant's factor. */
async function assignCatalog(master, cm, demo, pim, log) {
    const { channels } = await master.query(`query($c: String!) { channels(options: { filter: { code: { eq: $c } } }) { items { id } } }`, {
        c: demo.code,
    });
    const productIds = [];
    for (let skip = 0; ; skip += 100) {
        const { products } = await master.query(
            `query($s: Int!) { products(options: { skip: $s, take: 100 }) { totalItems items { id } } }`,
            { s: skip },
        );
        productIds.push(...products.items.map(p => p.id));
        if (skip + 100 >= products.totalItems) break;
    }
    const { products: assigned } = await cm.query(`{ products { totalItems } }`);
    if (assigned.totalItems >= productIds.length) return;
    log(`[demo] ${demo.code}: assigning ${productIds.length} products to its channel`);
    for (let i = 0; i < productIds.length; i += 50) {
        await master.query(
            `mutation($p: [ID!]!, $c: ID!, $f: Float) { assignProductsToChannel(input: { productIds: $p, channelId: $c, priceFactor: $f }) { id } }`,
            {
                p: productIds.slice(i, i + 50),
                c: channels.items[0].id,
                f: pim.priceFactor,
            },
        );
    }
}

/**
 * A tenant's products are complete (and reach its shop) only with texts in its language. The demo
 * catalog is English: a tenant in another language gets copies of the English texts to start from,
 * as a catalog manager would before translating them.
 */
async function translateCatalog(cm, demo, log) {
    if (demo.language === 'en') return;
    const products = [];
    for (let skip = 0; ; skip += 100) {
        const { products: page } = await cm.query(
            `query($s: Int!) { products(options: { skip: $s, take: 100 }) { totalItems items { id translations { languageCode name slug description } } } }`,
            { s: skip },
        );
        products.push(...page.items);
        if (skip + 100 >= page.totalItems) break;
    }
    const untranslated = products.filter(p => !p.translations.some(t => t.languageCode === demo.language));
    if (!untranslated.length) return;
    log(`[demo] ${demo.code}: ${demo.language} texts for ${untranslated.length} products (copies of the English ones)`);
    await inParallel(untranslated, 4, async p => {
        const en = p.translations.find(t => t.languageCode === 'en') ?? p.translations[0];
        await cm.query(`mutation($i: UpdateProductInput!) { updateProduct(input: $i) { id } }`, {
            i: { id: p.id, translations: [{ languageCode: demo.language, name: en.name, slug: en.slug, description: en.description }] },
        });
    });
}

/** The worker created the channel; the server learns of it within its channel cache time. */
async function channelReady(cm, code) {
    const deadline = Date.now() + 30_000;
    for (;;) {
        const active = await cm.query(`{ activeChannel { code } }`).catch(() => undefined);
        if (active?.activeChannel.code === code) return;
        if (Date.now() > deadline) throw new Error(`master does not serve channel ${code} yet (after 30 s): restart npm start`);
        await new Promise(resolve => setTimeout(resolve, 500));
    }
}

async function allVariants(cm) {
    const variants = [];
    for (let skip = 0; ; skip += 100) {
        const { productVariants } = await cm.query(
            `query($s: Int!) { productVariants(options: { skip: $s, take: 100, sort: { id: ASC } }) { totalItems items { id price } } }`,
            {
                s: skip,
            },
        );
        variants.push(...productVariants.items);
        if (skip + 100 >= productVariants.totalItems) break;
    }
    return variants;
}

async function inParallel(items, concurrency, fn) {
    let next = 0;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (next < items.length) await fn(items[next++]);
        }),
    );
}
