import { Injectable } from '@nestjs/common';
import { StockMovement, validateStockMovement } from '@entrepreneur-os/sync-contract';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { ListQueryBuilder, ListQueryOptions, RequestContext, StockLocationService, TransactionalConnection } from '@vendure/core';

import { StockMovementRecord } from '../entities/stock-movement.entity';
import { addStockOnHand } from '@entrepreneur-os/platform';
import { assertValid } from './validation';

/**
 * Records stock movements in master and applies their deltas to Vendure's stock on hand, in the
 * caller's transaction. A movement whose idempotency key the tenant already has is not applied
 * again: `record` answers `false`.
 */
@Injectable()
export class StockMovementService {
    readonly repository: TenantScopedRepository<StockMovementRecord>;

    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        listQueryBuilder: ListQueryBuilder,
        private stockLocations: StockLocationService,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, StockMovementRecord, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<StockMovementRecord>) {
        return this.repository.list(ctx, { sort: { id: 'DESC' } as never, ...options });
    }

    /** Applies a movement once; false when its idempotency key was applied before. */
    async record(ctx: RequestContext, movement: Omit<StockMovement, 'tenantCode'>): Promise<boolean> {
        const { code } = await this.tenantContext.require(ctx);
        assertValid('Stock movement', validateStockMovement({ ...movement, tenantCode: code }));
        const [existing] = await this.repository.find(ctx, { where: { idempotencyKey: movement.idempotencyKey } });
        if (existing) return false;
        await this.repository.save(ctx, {
            idempotencyKey: movement.idempotencyKey,
            origin: movement.origin,
            reason: movement.reason,
            productVariantId: movement.masterVariantId,
            sku: movement.sku,
            delta: movement.delta,
            sourceRef: movement.sourceRef,
            occurredAt: new Date(movement.occurredAt),
        });
        const location = await this.stockLocations.defaultStockLocation(ctx);
        await addStockOnHand(this.connection, ctx, movement.masterVariantId, location.id, movement.delta);
        return true;
    }
}

/** The contract form of a recorded movement, as the sync carries it. */
export function toContractMovement(record: StockMovementRecord): StockMovement {
    return {
        idempotencyKey: record.idempotencyKey,
        tenantCode: record.tenantCode,
        origin: record.origin,
        reason: record.reason,
        masterVariantId: String(record.productVariantId),
        sku: record.sku,
        delta: record.delta,
        sourceRef: record.sourceRef,
        occurredAt: new Date(record.occurredAt).toISOString(),
    };
}
