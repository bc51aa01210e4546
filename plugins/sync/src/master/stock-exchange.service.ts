import { Injectable } from '@nestjs/common';
import { StockMovementRecord, StockMovementService, toContractMovement } from '@entrepreneur-os/pim-plugin';
import { ApplyMovementsResult, decideOutcomes, MovementPage, refusal, StockMovement, SYNC_LIMITS } from '@entrepreneur-os/sync-contract';
import { ProductVariant, TransactionalConnection, UserInputError } from '@vendure/core';
import { Between } from 'typeorm';

import { settledFeedPosition } from '../shared/feed-order';

import { InboxService } from './inbox.service';
import { describeProblems, feedPositionProblems, shopMovementItemProblems } from './sync-input-validation';
import { SyncTenant } from './sync-tenant.service';

/** Stock both ways: master's own movements for the shop to read, the shop's movements applied in master. */
@Injectable()
export class StockExchangeService {
    constructor(
        private connection: TransactionalConnection,
        private stockMovements: StockMovementService,
        private inbox: InboxService,
    ) {}

    /** The tenant's movements that happened in master (purchase receipts, adjustments), by position = record id. */
    async masterMovements(tenant: SyncTenant, after: number, take: number): Promise<MovementPage> {
        if (!Number.isSafeInteger(after) || after < 0) throw new UserInputError('after: a feed position, 0 or more');
        if (!Number.isSafeInteger(take) || take < 1 || take > SYNC_LIMITS.feedPage)
            throw new UserInputError(`take: 1–${SYNC_LIMITS.feedPage}`);
        const repo = this.connection.getRepository(tenant.ctx, StockMovementRecord);
        const where = { tenantCode: tenant.code, origin: 'master' as const };
        const settled = (await settledFeedPosition(this.connection.rawConnection, 'eos_stock_movement')) ?? after;
        const records =
            settled > after ? await repo.find({ where: { ...where, id: Between(after + 1, settled) }, order: { id: 'ASC' }, take }) : [];
        const [last] = await repo.find({ where, order: { id: 'DESC' }, take: 1, select: { id: true } });
        return {
            movements: records.map(record => ({ ...toContractMovement(record), position: Number(record.id) })),
            lastPosition: last ? Number(last.id) : 0,
        };
    }

    /**
     * Applies the shop's movements to master's stock once each (by idempotency key) and records the
     * stock-to-master checkpoint — all in the caller's transaction. A malformed movement, or one for
     * a variant not in the tenant's catalog, is refused on its own (the data's fault); the rest apply.
     */
    async applyShopMovements(
        tenant: SyncTenant,
        movements: unknown[],
        feedPosition: number | null | undefined,
    ): Promise<ApplyMovementsResult> {
        const callProblems = [
            ...(movements.length > SYNC_LIMITS.itemsPerApply ? [`movements: at most ${SYNC_LIMITS.itemsPerApply} per call`] : []),
            ...feedPositionProblems(feedPosition),
        ];
        if (callProblems.length)
            throw new UserInputError(`Shop stock movements refused, nothing applied: ${describeProblems(callProblems)}`);
        const keyOf = (m: unknown) => String((m as Partial<StockMovement> | null)?.idempotencyKey ?? '');
        const refusals = movements.map((m, i) => {
            const tenantCode = (m as Partial<StockMovement> | null)?.tenantCode;
            if (typeof tenantCode === 'string' && tenantCode && tenantCode !== tenant.code)
                return refusal(
                    'WRONG_TENANT',
                    `movements[${i}].tenantCode: "${tenantCode}" is not the tenant of this call (${tenant.code})`,
                );
            const problems = shopMovementItemProblems(m, `movements[${i}]`, tenant.code);
            return problems.length ? refusal('INVALID_ITEM', describeProblems(problems)) : null;
        });
        const unknown = await this.unknownVariants(tenant, movements.filter((_, i) => !refusals[i]) as StockMovement[]);
        movements.forEach((m, i) => {
            const variantId = (m as StockMovement).masterVariantId;
            if (!refusals[i] && unknown.has(variantId))
                refusals[i] = refusal(
                    'UNKNOWN_VARIANT',
                    `movements[${i}].masterVariantId: no variant ${variantId} in tenant ${tenant.code}'s catalog`,
                );
        });
        const decided = decideOutcomes(movements, keyOf, refusals);
        let applied = 0;
        let duplicates = 0;
        for (const i of decided.accepted) {
            // The tenant comes from the context, never from the input.
            if (await this.stockMovements.record(tenant.ctx, withoutTenant(movements[i] as StockMovement))) applied++;
            else {
                duplicates++;
                decided.outcomes[i].status = 'SKIPPED';
            }
        }
        const position = await this.inbox.advance(tenant.ctx, tenant.code, 'stock-to-master', feedPosition);
        return { applied, duplicates, pending: 0, position, outcomes: decided.outcomes, committed: decided.committed };
    }

    /** Movements whose variant is not in the tenant's catalog in master. */
    private async unknownVariants(tenant: SyncTenant, movements: StockMovement[]): Promise<Set<string>> {
        const ids = [...new Set(movements.map(m => m.masterVariantId))];
        if (!ids.length) return new Set();
        const found = await this.connection
            .getRepository(tenant.ctx, ProductVariant)
            .createQueryBuilder('variant')
            .select('variant.id', 'id')
            .innerJoin('variant.channels', 'channel', 'channel.id = :channelId', { channelId: tenant.ctx.channelId })
            .where('variant.id IN (:...ids)', { ids })
            .withDeleted()
            .getRawMany<{ id: string | number }>();
        const known = new Set(found.map(r => String(r.id)));
        return new Set(ids.filter(id => !known.has(id)));
    }
}

function withoutTenant(movement: StockMovement): Omit<StockMovement, 'tenantCode'> {
    return {
        idempotencyKey: movement.idempotencyKey,
        origin: movement.origin,
        reason: movement.reason,
        masterVariantId: movement.masterVariantId,
        sku: movement.sku,
        delta: movement.delta,
        sourceRef: movement.sourceRef,
        occurredAt: movement.occurredAt,
    };
}
