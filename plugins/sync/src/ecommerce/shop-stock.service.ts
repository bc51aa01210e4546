import { Inject, Injectable } from '@nestjs/common';
import {
    ApplyMovementsResult,
    decideOutcomes,
    ItemOutcome,
    ItemRefusal,
    refusal,
    MovementPage,
    PositionedMovement,
    StockMovement,
    StockMovementReason,
    SYNC_LIMITS,
    validateStockMovement,
} from '@entrepreneur-os/sync-contract';
import {
    ID,
    Order,
    OrderLine,
    ProductVariant,
    RequestContext,
    StockAdjustment,
    StockLocationService,
    StockMovement as VendureStockMovement,
    TransactionalConnection,
    UserInputError,
} from '@vendure/core';
import { In, IsNull } from 'typeorm';

import { addStockOnHand, chunks } from '@entrepreneur-os/platform';

import { CheckpointService } from './checkpoint.service';
import { ReplicaVariant, ShopStockInboxEntry } from './entities';
import { settledFeedPosition } from '../shared/feed-order';
import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions } from './options';
import { ShopTenantService, TenantBusyError } from './shop-tenant.service';

/**
 * How the shop's own stock movements reach master: an allocation is stock sold (it leaves master's
 * stock when the order is placed), a release or cancellation gives it back, a return too; a sale
 * only turns an allocation into a shipment and is left out (counting it would take the stock twice).
 */
const OUTBOUND: Record<string, { reason: StockMovementReason; sign: 1 | -1 } | undefined> = {
    ALLOCATION: { reason: 'SALE', sign: -1 },
    RELEASE: { reason: 'CANCELLATION', sign: 1 },
    CANCELLATION: { reason: 'CANCELLATION', sign: 1 },
    RETURN: { reason: 'RETURN', sign: 1 },
    ADJUSTMENT: { reason: 'ADJUSTMENT', sign: 1 },
};

/** Stock movements both ways, for one tenant's shop: applied exactly once, fed back in order. */
@Injectable()
export class ShopStockService {
    constructor(
        private connection: TransactionalConnection,
        private shopTenant: ShopTenantService,
        private checkpoints: CheckpointService,
        private stockLocations: StockLocationService,
        @Inject(ECOMMERCE_SYNC_OPTIONS) private options: EcommerceSyncOptions,
    ) {}

    /**
     * Master's movements (purchase-order receipts): each key once; held until its variant reaches
     * the shop. A malformed movement is refused on its own (the data's fault); the others are booked
     * and the checkpoint moves.
     */
    async applyFromMaster(ctx: RequestContext, tenantCode: string, movements: unknown[], feedPosition?: number | null) {
        const max = this.options.maxMovementsPerCall;
        const callProblems: string[] = [];
        if (!Array.isArray(movements)) callProblems.push('movements: a list');
        else if (movements.length > max) callProblems.push(`movements: at most ${max} per call`);
        if (feedPosition != null && (!Number.isSafeInteger(feedPosition) || feedPosition < 0))
            callProblems.push('feedPosition: a feed position, 0 or more');
        if (callProblems.length) throw new UserInputError(`applyMasterStockMovements refused, nothing written: ${callProblems.join('; ')}`);
        const keyOf = (m: unknown) => String((m as Partial<StockMovement> | null)?.idempotencyKey ?? '');
        const refusals = movements.map((m, i): ItemRefusal | null => {
            const movement = (m ?? {}) as Partial<StockMovement>;
            const at = `movements[${i}]`;
            const problems = validateStockMovement(movement).map(p => `${at}.${p}`);
            if (movement.origin && movement.origin !== 'master') problems.push(`${at}.origin: only master's movements come this way`);
            if (problems.length) return refusal('INVALID_ITEM', problems.join('; '));
            if (movement.tenantCode !== tenantCode)
                return refusal('WRONG_TENANT', `${at}.tenantCode: ${movement.tenantCode} is not ${tenantCode}`);
            return null;
        });
        const decided = decideOutcomes(movements, keyOf, refusals);
        const valid = decided.accepted.map(i => ({ movement: movements[i] as StockMovement, outcome: decided.outcomes[i] }));
        const shopCtx = await this.shopTenant.contextFor(ctx, tenantCode);
        const stream = 'stock-to-ecommerce';
        try {
            return await this.connection.withTransaction(shopCtx, async tx => {
                await this.shopTenant.lockTenant(tx, tenantCode);
                const result: ApplyMovementsResult = { applied: 0, duplicates: 0, pending: 0, position: 0, ...decided };
                const inbox = this.connection.getRepository(tx, ShopStockInboxEntry);
                const keys = valid.map(v => v.movement.idempotencyKey);
                const seen = new Set<string>();
                for (const slice of chunks(keys, this.options.rowsPerStatement)) {
                    const found = await inbox.find({ where: { tenantCode, idempotencyKey: In(slice) }, select: { idempotencyKey: true } });
                    for (const e of found) seen.add(e.idempotencyKey);
                }
                const fresh: Array<{ entry: ShopStockInboxEntry; outcome: ItemOutcome }> = [];
                for (const { movement: m, outcome } of valid) {
                    // Seen before, or earlier in this call: applied once, the rest are replays.
                    if (seen.has(m.idempotencyKey)) {
                        result.duplicates++;
                        outcome.status = 'SKIPPED';
                        continue;
                    }
                    seen.add(m.idempotencyKey);
                    const entry = new ShopStockInboxEntry({
                        tenantCode,
                        idempotencyKey: m.idempotencyKey,
                        masterVariantId: m.masterVariantId,
                        delta: m.delta,
                        sourceRef: m.sourceRef.slice(0, 200),
                        appliedAt: null,
                        stockMovementId: null,
                    });
                    fresh.push({ entry, outcome });
                }
                for (const slice of chunks(fresh, this.options.rowsPerStatement)) await inbox.insert(slice.map(f => f.entry));
                const booked = await this.applyEntries(
                    tx,
                    tenantCode,
                    fresh.map(f => f.entry),
                );
                for (const f of fresh) if (!booked.has(f.entry)) f.outcome.status = 'PENDING';
                result.applied = booked.size;
                result.pending = fresh.length - booked.size;
                result.position =
                    feedPosition != null
                        ? await this.checkpoints.advance(tx, tenantCode, stream, feedPosition)
                        : await this.checkpoints.position(tx, tenantCode, stream);
                return result;
            });
        } catch (err) {
            if (!(err instanceof TenantBusyError)) throw err;
            const busy = decideOutcomes(
                movements,
                keyOf,
                refusals.map(r => r ?? refusal('BUSY', err.message)),
            );
            const position = await this.checkpoints.position(shopCtx, tenantCode, stream);
            return { applied: 0, duplicates: 0, pending: 0, position, outcomes: busy.outcomes, committed: false };
        }
    }

    /** Movements that waited for these variants (just created by the catalog stream). */
    async applyPendingFor(tx: RequestContext, tenantCode: string, masterVariantIds: string[]): Promise<void> {
        if (!masterVariantIds.length) return;
        const pending = await this.connection.getRepository(tx, ShopStockInboxEntry).find({
            where: { tenantCode, masterVariantId: In(masterVariantIds), appliedAt: IsNull() },
            order: { id: 'ASC' },
        });
        await this.applyEntries(tx, tenantCode, pending);
    }

    /** The shop's own movements after a position, oldest first, without those that came from master. */
    async shopMovements(ctx: RequestContext, tenantCode: string, after: number, take = 500): Promise<MovementPage> {
        if (!Number.isSafeInteger(after) || after < 0) throw new UserInputError('after: a feed position, 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > SYNC_LIMITS.feedPage)
            throw new UserInputError(`take: 1–${SYNC_LIMITS.feedPage}`);
        await this.shopTenant.contextFor(ctx, tenantCode);
        const base = () =>
            this.connection
                .getRepository(ctx, VendureStockMovement)
                .createQueryBuilder('sm')
                .innerJoin(ReplicaVariant, 'rv', 'rv.variantId = sm.productVariantId AND rv.tenantCode = :tenantCode', { tenantCode })
                .leftJoin(ShopStockInboxEntry, 'fromMaster', 'fromMaster.stockMovementId = sm.id')
                .where('fromMaster.id IS NULL')
                .andWhere('sm.type IN (:...types)', { types: Object.keys(OUTBOUND) });
        const settled = (await settledFeedPosition(this.connection.rawConnection, 'stock_movement')) ?? after;
        const rows = await base()
            .andWhere('sm.id > :after AND sm.id <= :settled', { after, settled })
            .leftJoin(OrderLine, 'line', 'line.id = sm."orderLineId"')
            .leftJoin(Order, 'ord', 'ord.id = line.orderId')
            .leftJoin(ProductVariant, 'variant', 'variant.id = sm.productVariantId')
            .select('sm.id', 'id')
            .addSelect('sm.type', 'type')
            .addSelect('sm.quantity', 'quantity')
            .addSelect('sm.createdAt', 'createdAt')
            .addSelect('rv.masterVariantId', 'masterVariantId')
            .addSelect('variant.sku', 'sku')
            .addSelect('ord.code', 'orderCode')
            .orderBy('sm.id', 'ASC')
            .limit(take)
            .getRawMany<{
                id: ID;
                type: string;
                quantity: number | string;
                createdAt: string | Date;
                masterVariantId: string;
                sku: string;
                orderCode: string | null;
            }>();
        const last = await base().select('MAX(sm.id)', 'last').getRawOne<{ last: number | string | null }>();
        const movements: PositionedMovement[] = rows.flatMap(row => {
            const mapping = OUTBOUND[row.type];
            if (!mapping) return [];
            const delta = row.type === 'ADJUSTMENT' ? Number(row.quantity) : mapping.sign * Math.abs(Number(row.quantity));
            if (delta === 0) return [];
            return [
                {
                    position: Number(row.id),
                    idempotencyKey: `ecommerce:${tenantCode}:${String(row.id)}`,
                    tenantCode,
                    origin: 'ecommerce' as const,
                    reason: mapping.reason,
                    masterVariantId: row.masterVariantId,
                    sku: row.sku,
                    delta,
                    sourceRef: row.orderCode ?? `adjustment ${String(row.id)}`,
                    occurredAt: new Date(row.createdAt).toISOString(),
                },
            ];
        });
        return { movements, lastPosition: Number(last?.last ?? 0) };
    }

    /**
     * Books inbox entries (already stored, with ids) on the stock of their variants that are in the
     * shop: a stock adjustment each, one increment per variant; returns those booked.
     */
    private async applyEntries(tx: RequestContext, tenantCode: string, entries: ShopStockInboxEntry[]): Promise<Set<ShopStockInboxEntry>> {
        if (!entries.length) return new Set();
        const variantOf = new Map<string, ID>();
        const masterIds = [...new Set(entries.map(e => e.masterVariantId))];
        for (const slice of chunks(masterIds, this.options.rowsPerStatement)) {
            const replicas = await this.connection
                .getRepository(tx, ReplicaVariant)
                .find({ where: { tenantCode, masterVariantId: In(slice) } });
            for (const r of replicas) variantOf.set(r.masterVariantId, r.variantId);
        }
        const bookable = entries.filter(e => variantOf.has(e.masterVariantId));
        if (!bookable.length) return new Set();
        const location = await this.stockLocations.defaultStockLocation(tx);
        const adjustments = bookable.map(
            e =>
                new StockAdjustment({
                    productVariant: { id: variantOf.get(e.masterVariantId) },
                    stockLocation: { id: location.id },
                    quantity: e.delta,
                }),
        );
        const adjustmentIds: ID[] = [];
        for (const slice of chunks(adjustments, this.options.rowsPerStatement)) {
            const inserted = await this.connection.getRepository(tx, StockAdjustment).insert(slice);
            adjustmentIds.push(...inserted.identifiers.map(identifier => identifier.id as ID));
        }
        const deltaByVariant = new Map<string, { variantId: ID; delta: number }>();
        for (const e of bookable) {
            const variantId = variantOf.get(e.masterVariantId)!;
            const sum = deltaByVariant.get(String(variantId)) ?? { variantId, delta: 0 };
            sum.delta += e.delta;
            deltaByVariant.set(String(variantId), sum);
        }
        for (const { variantId, delta } of deltaByVariant.values())
            if (delta !== 0) await addStockOnHand(this.connection, tx, variantId, location.id, delta);
        const appliedAt = new Date().toISOString();
        const inbox = this.connection.getRepository(tx, ShopStockInboxEntry);
        // One statement per entry is unavoidable (each gets its own adjustment id), but short.
        for (const [i, e] of bookable.entries()) await inbox.update(e.id, { appliedAt, stockMovementId: adjustmentIds[i] });
        return new Set(bookable);
    }
}
