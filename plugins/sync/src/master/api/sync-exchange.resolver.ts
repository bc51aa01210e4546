import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, ListQueryOptions, Product, RequestContext, Transaction, TransactionalConnection, UserInputError } from '@vendure/core';

import { OrderSummary } from '../entities/order-summary.entity';
import { InboxService } from '../inbox.service';
import { OrderSummaryService } from '../order-summary.service';
import { PushService } from '../push.service';
import { StockExchangeService } from '../stock-exchange.service';
import { SyncStatusService } from '../sync-status.service';
import { SyncTenantService } from '../sync-tenant.service';
import { MASTER_SYNC_OPTIONS, MasterSyncOptions } from '../options';
import { manageSyncPermission, readOrderSummaryPermission, readSyncFeedPermission } from '../permissions';

/** What the sync exchanges with master besides the catalog feed: ids, stock, orders, checkpoints, status, push. */
@Resolver()
export class SyncExchangeResolver {
    constructor(
        private connection: TransactionalConnection,
        private tenants: SyncTenantService,
        private stock: StockExchangeService,
        private orders: OrderSummaryService,
        private inbox: InboxService,
        private status: SyncStatusService,
        private push: PushService,
        @Inject(MASTER_SYNC_OPTIONS) private options: MasterSyncOptions,
    ) {}

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    async syncCatalogProductIds(
        @Ctx() ctx: RequestContext,
        @Args() args: { tenantCode?: string | null; skip?: number | null; take?: number | null },
    ) {
        const skip = args.skip ?? 0;
        const take = args.take ?? 500;
        if (!Number.isSafeInteger(skip) || skip < 0) throw new UserInputError('skip: 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > this.options.maxCatalogIdPage)
            throw new UserInputError(`take: 1–${this.options.maxCatalogIdPage}`);
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        const [products, totalItems] = await this.connection
            .getRepository(tenant.ctx, Product)
            .createQueryBuilder('product')
            .select('product.id')
            .innerJoin('product.channels', 'channel', 'channel.id = :channelId', { channelId: tenant.ctx.channelId })
            .where('product.deletedAt IS NULL')
            .orderBy('product.id', 'ASC')
            .skip(skip)
            .take(take)
            .getManyAndCount();
        return { items: products.map(p => String(p.id)), totalItems };
    }

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    async masterStockMovements(
        @Ctx() ctx: RequestContext,
        @Args() args: { tenantCode?: string | null; after: number; take?: number | null },
    ) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.stock.masterMovements(tenant, args.after, args.take ?? 100);
    }

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    async syncInbox(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string }) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.inbox.positions(tenant.ctx, tenant.code);
    }

    @Query()
    @Allow(readSyncFeedPermission.Permission)
    syncStatus(@Ctx() ctx: RequestContext) {
        return this.status.status(ctx);
    }

    @Query()
    @Allow(readOrderSummaryPermission.Permission)
    orderSummaries(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<OrderSummary> }) {
        return this.orders.list(ctx, args.options ?? undefined);
    }

    @Transaction()
    @Mutation()
    @Allow(manageSyncPermission.Permission)
    async applyShopStockMovements(
        @Ctx() ctx: RequestContext,
        @Args() args: { tenantCode: string; movements: unknown[]; feedPosition?: number | null },
    ) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.stock.applyShopMovements(tenant, args.movements, args.feedPosition);
    }

    @Transaction()
    @Mutation()
    @Allow(manageSyncPermission.Permission)
    async applyOrderSummaries(
        @Ctx() ctx: RequestContext,
        @Args() args: { tenantCode: string; summaries: unknown[]; feedPosition?: number | null },
    ) {
        const tenant = await this.tenants.select(ctx, args.tenantCode);
        return this.orders.apply(tenant, args.summaries, args.feedPosition);
    }

    @Transaction()
    @Mutation()
    @Allow(manageSyncPermission.Permission)
    async reportSyncStatus(@Ctx() ctx: RequestContext, @Args() args: { report: unknown }) {
        await this.status.report(ctx, args.report);
        return true;
    }

    @Transaction()
    @Mutation()
    @Allow(manageSyncPermission.Permission)
    async registerSyncSubscriber(@Ctx() ctx: RequestContext, @Args() args: { url: string; secret: string; tenantCodes?: string[] | null }) {
        await this.push.register(ctx, args.url, args.secret, args.tenantCodes);
        return true;
    }

    // No @Transaction: the dead letters are cleared (committed) before the retry push goes out.
    @Mutation()
    @Allow(readSyncFeedPermission.Permission, manageSyncPermission.Permission)
    async retrySync(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string }) {
        await this.status.retry(ctx, args.tenantCode);
        return true;
    }
}
