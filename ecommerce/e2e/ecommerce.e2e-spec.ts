import { ecommerceApp } from '@entrepreneur-os/ecommerce';
import {
    ADMIN_LOGIN,
    ADMIN_PRODUCTS,
    AppTestEnvironment,
    createAppTestEnvironment,
    placeTestOrder,
    SHOP_PRODUCTS,
    waitFor,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe(`ecommerce server`, () => {
    let env: AppTestEnvironment;

    beforeAll(async () => {
        env = await createAppTestEnvironment(ecommerceApp, 'ecommerce');
        // The test catalog stands in for what the sync will deliver.
        await env.start();
        await env.adminClient.asSuperAdmin();
    });

    afterAll(async () => {
        await env?.destroy();
    });

    it('answers /health', async () => {
        const res = await fetch(`${env.baseUrl}/health`);
        expect(res.status).toBe(200);
    });

    it('sells: a guest checkout with shipping, tax and the test payment method settles the order', async () => {
        const { products } = await env.shopClient.query(SHOP_PRODUCTS, { take: 10 });
        const variant = products.items.find(p => p.slug === 'laptop')!.variants[0];
        const order = await placeTestOrder(env.shopClient, [{ variantId: variant.id, quantity: 2 }]);
        expect(order.state).toBe('PaymentSettled');
        expect(order.payments?.[0]).toMatchObject({ state: 'Settled', method: 'standard-payment' });
        expect(order.shippingWithTax).toBeGreaterThan(0);
        expect(order.totalWithTax).toBe(2 * variant.priceWithTax + order.shippingWithTax!);
    });

    it('allocates stock for what is sold', async () => {
        const stockOf = async (sku: string) => {
            const { products } = await env.adminClient.query(ADMIN_PRODUCTS, { take: 10 });
            return products.items.flatMap(p => p.variants).find(v => v.sku === sku)!;
        };
        const { products } = await env.shopClient.query(SHOP_PRODUCTS, { take: 10 });
        const variant = products.items.find(p => p.slug === 'tablet')!.variants[0];
        const before = await stockOf(variant.sku);
        await placeTestOrder(env.shopClient, [{ variantId: variant.id, quantity: 3 }], 'US');
        const after = await stockOf(variant.sku);
        expect(after.stockAllocated - before.stockAllocated).toBe(3);
        expect(after.stockOnHand).toBe(before.stockOnHand); // on hand drops at fulfilment
    });

    it('logs staff in on its own server', async () => {
        const ok = await env.adminClient.query(ADMIN_LOGIN, {
            username: env.settings.superadmin.username,
            password: env.settings.superadmin.password,
        });
        expect(ok.login.identifier).toBe(env.settings.superadmin.username);
    });

    it('serves both admin UIs', async () => {
        expect((await fetch(`${env.baseUrl}/dashboard/`)).status).toBe(200);
        expect(await (await fetch(`${env.baseUrl}/admin/`)).text()).toContain('<vdr-root>');
    });

    it('shows mails in the dev mailbox instead of sending them', async () => {
        const mails = await waitFor('an order confirmation in the mailbox', async () => {
            const res = await fetch(`${env.baseUrl}/mailbox/list`);
            const list = (await res.json()) as Array<{ subject: string; recipient: string }>;
            return list.some(m => /order/i.test(m.subject)) && list;
        });
        const orderMails = mails.filter(m => /order/i.test(m.subject));
        expect(orderMails.length).toBeGreaterThanOrEqual(1);
        expect(orderMails.every(m => m.recipient.startsWith('shopper-'))).toBe(true);
    });
});
