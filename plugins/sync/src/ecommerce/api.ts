import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Ctx, PermissionDefinition, RequestContext, Transaction, TransactionalConnection, UserInputError } from '@vendure/core';
import gql from 'graphql-tag';
import { replicatedViewHash } from '@entrepreneur-os/sync-contract';

import { CatalogApplyService } from './catalog-apply.service';
import { CheckpointService } from './checkpoint.service';
import { ReplicaProduct } from './entities';
import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions } from './options';
import { OrderFeedService } from './order-feed.service';
import { loadReplicatedViews } from './replicated-views';
import { ShopStockService } from './shop-stock.service';
import { ShopTenantService } from './shop-tenant.service';

/** What the sync engine's API key needs on an ecommerce server (server-level, like provisioning). */
export const syncTenantShopsPermission = new PermissionDefinition({
    name: 'SyncTenantShops',
    description: "Allows the sync engine to apply master's catalog and stock to tenants' shops and to read their stock and order feeds",
});

export const ecommerceSyncApiExtensions = gql`
    extend type Query {
        "The tenant shop's checkpoints of the streams it receives from master (InboxPositions)"
        syncInbox(tenantCode: String!): JSON!
        "The shop's own stock movements after a position, oldest first (MovementPage)"
        shopStockMovements(tenantCode: String!, after: Int!, take: Int): JSON!
        "Summaries of the orders changed after a position (OrderSummaryPage)"
        orderStatusFeed(tenantCode: String!, after: Int!, take: Int): JSON!
        "What the shop holds of master's catalog: { items: [{ masterProductId, version, contentHash, viewHash }], totalItems } (viewHash: replicatedViewHash of its tables now)"
        replicatedProducts(tenantCode: String!, skip: Int, take: Int): JSON!
    }
    extend type Mutation {
        "Applies master's product snapshots and removals (ApplyProductsInput → ApplyProductsResult)"
        applyProductSnapshots(input: JSON!): JSON!
        "Applies master's stock movements once each (ApplyMovementsResult)"
        applyMasterStockMovements(tenantCode: String!, movements: [JSON!]!, feedPosition: Int): JSON!
    }
`;

@Resolver()
export class EcommerceSyncResolver {
    constructor(
        private connection: TransactionalConnection,
        private catalog: CatalogApplyService,
        private stock: ShopStockService,
        private orders: OrderFeedService,
        private checkpoints: CheckpointService,
        private shopTenant: ShopTenantService,
        @Inject(ECOMMERCE_SYNC_OPTIONS) private options: EcommerceSyncOptions,
    ) {}

    @Mutation()
    @Allow(syncTenantShopsPermission.Permission)
    applyProductSnapshots(@Ctx() ctx: RequestContext, @Args() args: { input: unknown }) {
        return this.catalog.apply(ctx, args.input);
    }

    @Mutation()
    @Allow(syncTenantShopsPermission.Permission)
    applyMasterStockMovements(
        @Ctx() ctx: RequestContext,
        @Args() args: { tenantCode: string; movements: unknown[]; feedPosition?: number | null },
    ) {
        return this.stock.applyFromMaster(ctx, args.tenantCode, args.movements, args.feedPosition);
    }

    @Query()
    @Allow(syncTenantShopsPermission.Permission)
    async syncInbox(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string }) {
        await this.shopTenant.contextFor(ctx, args.tenantCode);
        return this.checkpoints.positions(ctx, args.tenantCode);
    }

    @Query()
    @Allow(syncTenantShopsPermission.Permission)
    shopStockMovements(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string; after: number; take?: number }) {
        return this.stock.shopMovements(ctx, args.tenantCode, args.after, args.take ?? 500);
    }

    @Query()
    @Allow(syncTenantShopsPermission.Permission)
    orderStatusFeed(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string; after: number; take?: number }) {
        return this.orders.read(ctx, args.tenantCode, args.after, args.take ?? 200);
    }

    @Query()
    @Transaction()
    @Allow(syncTenantShopsPermission.Permission)
    async replicatedProducts(@Ctx() ctx: RequestContext, @Args() args: { tenantCode: string; skip?: number; take?: number }) {
        const skip = args.skip ?? 0;
        const take = args.take ?? 1000;
        if (!Number.isSafeInteger(skip) || skip < 0) throw new UserInputError('skip: 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > this.options.maxReplicaPage)
            throw new UserInputError(`take: 1–${this.options.maxReplicaPage}`);
        const shopCtx = await this.shopTenant.contextFor(ctx, args.tenantCode);
        const [rows, totalItems] = await this.connection.getRepository(ctx, ReplicaProduct).findAndCount({
            where: { tenantCode: args.tenantCode, removed: false },
            order: { id: 'ASC' },
            skip,
            take,
        });
        const views = await loadReplicatedViews(this.connection, shopCtx, args.tenantCode, rows);
        return {
            items: rows.map(r => {
                const view = views.get(r.masterProductId);
                return {
                    masterProductId: r.masterProductId,
                    version: r.version,
                    contentHash: r.contentHash,
                    // What the shop's tables hold now (null: the product row is gone).
                    viewHash: view ? replicatedViewHash(view) : null,
                };
            }),
            totalItems,
        };
    }
}
