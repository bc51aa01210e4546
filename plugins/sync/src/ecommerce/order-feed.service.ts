import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { OrderSummary, OrderSummaryPage, SYNC_LIMITS } from '@entrepreneur-os/sync-contract';
import { EventBus, Order, OrderStateTransitionEvent, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { Between, In } from 'typeorm';

import { isDefaultChannelCode } from './channel-codes';
import { ReplicaVariant, ShopOrderFeedEntry } from './entities';
import { settledFeedPosition } from '../shared/feed-order';
import { ShopTenantService } from './shop-tenant.service';

/** Carts are the shopper's business; master hears of an order once it is placed. */
const CART_STATES = new Set(['Created', 'Draft', 'AddingItems', 'ArrangingPayment']);

/**
 * The shop's ordered feed of order status changes. A blocking handler writes the entry in the
 * transaction of the transition, so a committed state change always has its entry.
 */
@Injectable()
export class OrderFeedService implements OnApplicationBootstrap {
    constructor(
        private connection: TransactionalConnection,
        private eventBus: EventBus,
        private shopTenant: ShopTenantService,
    ) {}

    onApplicationBootstrap(): void {
        this.eventBus.registerBlockingEventHandler({
            event: OrderStateTransitionEvent,
            id: 'eos-sync-order-feed',
            handler: async event => {
                if (CART_STATES.has(event.toState)) return;
                const tenantCode = await this.tenantOf(event.ctx, event.order);
                if (!tenantCode) return;
                await this.connection
                    .getRepository(event.ctx, ShopOrderFeedEntry)
                    .insert({ tenantCode, orderId: event.order.id, state: event.toState });
            },
        });
    }

    /** Summaries of the orders changed after a position; an order changed twice in the page appears once, at its newest position. */
    async read(ctx: RequestContext, tenantCode: string, after: number, take = 200): Promise<OrderSummaryPage> {
        if (!Number.isSafeInteger(after) || after < 0) throw new UserInputError('after: a feed position, 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > SYNC_LIMITS.orderFeedPage)
            throw new UserInputError(`take: 1–${SYNC_LIMITS.orderFeedPage}`);
        await this.shopTenant.contextFor(ctx, tenantCode);
        const feed = this.connection.getRepository(ctx, ShopOrderFeedEntry);
        const settled = (await settledFeedPosition(this.connection.rawConnection, 'eos_shop_order_feed')) ?? after;
        const entries =
            settled > after ? await feed.find({ where: { tenantCode, id: Between(after + 1, settled) }, order: { id: 'ASC' }, take }) : [];
        const [last] = await feed.find({ where: { tenantCode }, order: { id: 'DESC' }, take: 1 });
        const newest = new Map<string, number>();
        for (const e of entries) newest.set(String(e.orderId), Number(e.id));
        const orders = newest.size
            ? await this.connection.getRepository(ctx, Order).find({
                  where: { id: In([...newest.keys()]) },
                  relations: { lines: { productVariant: { translations: true } }, customer: true },
              })
            : [];
        const variantIds = orders.flatMap(o => o.lines.map(l => l.productVariantId));
        const masterIds = new Map(
            (variantIds.length
                ? await this.connection.getRepository(ctx, ReplicaVariant).find({ where: { tenantCode, variantId: In(variantIds) } })
                : []
            ).map(r => [String(r.variantId), r.masterVariantId]),
        );
        const summaries = orders
            .map(order => this.summaryOf(tenantCode, order, newest.get(String(order.id)) ?? 0, masterIds))
            .sort((a, b) => a.version - b.version);
        return { summaries, lastPosition: last ? Number(last.id) : 0 };
    }

    private summaryOf(tenantCode: string, order: Order, version: number, masterIds: Map<string, string>): OrderSummary {
        return {
            tenantCode,
            orderCode: order.code,
            state: order.state,
            currencyCode: order.currencyCode,
            subTotalWithTax: order.subTotalWithTax,
            shippingWithTax: order.shippingWithTax,
            totalWithTax: order.totalWithTax,
            totalQuantity: order.lines.reduce((sum, l) => sum + l.quantity, 0),
            customerEmail: order.customer?.emailAddress ?? null,
            placedAt: order.orderPlacedAt ? new Date(order.orderPlacedAt).toISOString() : null,
            updatedAt: new Date(order.updatedAt).toISOString(),
            version,
            lines: [...order.lines]
                .sort((a, b) => Number(a.id) - Number(b.id))
                .map(l => ({
                    masterVariantId: masterIds.get(String(l.productVariantId)) ?? '',
                    sku: l.productVariant?.sku ?? '',
                    productName: l.productVariant?.translations?.[0]?.name ?? '',
                    quantity: l.quantity,
                    unitPriceWithTax: l.unitPriceWithTax,
                    linePriceWithTax: l.linePriceWithTax,
                })),
        };
    }

    /** The tenant whose shop the order belongs to: its non-default channel. */
    private async tenantOf(ctx: RequestContext, order: Order): Promise<string | undefined> {
        if (!isDefaultChannelCode(ctx.channel.code)) return ctx.channel.code;
        const withChannels = await this.connection
            .getRepository(ctx, Order)
            .findOne({ where: { id: order.id }, relations: { channels: true } });
        return withChannels?.channels.find(c => !isDefaultChannelCode(c.code))?.code;
    }
}
