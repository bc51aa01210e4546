import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Tenant, TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import {
    CollectionModificationEvent,
    EventBus,
    ProductChannelEvent,
    RequestContext,
    TransactionalConnection,
    UserInputError,
} from '@vendure/core';
import { SYNC_LIMITS } from '@entrepreneur-os/sync-contract';
import { Between } from 'typeorm';

import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { settledFeedPosition } from '../shared/feed-order';
import { collectionMembershipProducts } from './feed-fanout';

/** Reads the request's tenant's change feed from a position, in order; records channel assignments. */
@Injectable()
export class FeedService implements OnApplicationBootstrap {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private eventBus: EventBus,
    ) {}

    /**
     * Assigning a product to a tenant's channel, or removing it, changes what that shop shows, but
     * goes through query builders that no entity subscriber sees: a blocking handler records it in
     * the transaction of the assignment.
     */
    onApplicationBootstrap(): void {
        this.eventBus.registerBlockingEventHandler({
            event: ProductChannelEvent,
            id: 'eos-sync-feed-product-channel',
            handler: async event => {
                const tenant = await this.connection.getRepository(event.ctx, Tenant).findOne({ where: { channelId: event.channelId } });
                if (!tenant) return;
                await this.connection
                    .getRepository(event.ctx, SyncFeedEntry)
                    .insert({ tenantCode: tenant.code, kind: 'PRODUCT', masterProductId: String(event.product.id) });
            },
        });
        // Vendure's job that applies collection filters writes the membership outside any transaction
        // of ours and then tells which variants entered or left: their tenant prices may have moved.
        this.eventBus.registerBlockingEventHandler({
            event: CollectionModificationEvent,
            id: 'eos-sync-feed-collection-membership',
            handler: event =>
                // In a transaction (the caller's, or one of its own for the job): feed writes are ordered (feed-order.ts).
                this.connection.withTransaction(event.ctx, async ctx => {
                    const manager = this.connection.getRepository(ctx, SyncFeedEntry).manager;
                    const affected = await collectionMembershipProducts(manager, event.collection.id, event.productVariantIds);
                    for (let i = 0; i < affected.length; i += 500)
                        await manager.insert(
                            SyncFeedEntry,
                            affected
                                .slice(i, i + 500)
                                .map(p => ({ tenantCode: p.tenantCode, kind: 'PRODUCT' as const, masterProductId: p.productId })),
                        );
                }),
        });
    }

    async read(ctx: RequestContext, after: number, take: number) {
        if (!Number.isSafeInteger(after) || after < 0) throw new UserInputError('after: a feed position, 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > SYNC_LIMITS.feedPage)
            throw new UserInputError(`take: 1–${SYNC_LIMITS.feedPage}`);
        const { code } = await this.tenantContext.require(ctx);
        const settled = (await settledFeedPosition(this.connection.rawConnection, 'eos_sync_feed')) ?? after;
        const entries =
            settled > after
                ? await this.connection
                      .getRepository(ctx, SyncFeedEntry)
                      .find({ where: { tenantCode: code, id: Between(after + 1, settled) }, order: { id: 'ASC' }, take })
                : [];
        const [last] = await this.connection
            .getRepository(ctx, SyncFeedEntry)
            .find({ where: { tenantCode: code }, order: { id: 'DESC' }, take: 1 });
        return {
            entries: entries.map(e => ({
                position: Number(e.id),
                kind: e.kind,
                masterProductId: e.masterProductId,
                occurredAt: e.createdAt,
            })),
            lastPosition: last ? Number(last.id) : 0,
        };
    }
}
