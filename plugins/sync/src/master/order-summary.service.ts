import { Injectable } from '@nestjs/common';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import {
    ApplySummariesResult,
    OrderSummary as ContractOrderSummary,
    decideOutcomes,
    refusal,
    SYNC_LIMITS,
} from '@entrepreneur-os/sync-contract';
import { ListQueryBuilder, ListQueryOptions, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';

import { OrderSummary } from './entities/order-summary.entity';
import { InboxService } from './inbox.service';
import { describeProblems, feedPositionProblems, orderSummaryProblems } from './sync-input-validation';
import { SyncTenant } from './sync-tenant.service';

/** The shops' orders as master keeps them: newest version wins; listed per tenant. */
@Injectable()
export class OrderSummaryService {
    private readonly repository: TenantScopedRepository<OrderSummary>;

    constructor(
        private connection: TransactionalConnection,
        tenantContext: TenantContextService,
        listQueryBuilder: ListQueryBuilder,
        private inbox: InboxService,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, OrderSummary, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<OrderSummary>) {
        return this.repository.list(ctx, { sort: { orderUpdatedAt: 'DESC' } as never, ...options });
    }

    /** Stores the summaries and the orders checkpoint in the caller's transaction; a malformed summary is refused on its own. */
    async apply(tenant: SyncTenant, summaries: unknown[], feedPosition: number | null | undefined): Promise<ApplySummariesResult> {
        const callProblems = [
            ...(summaries.length > SYNC_LIMITS.itemsPerApply ? [`summaries: at most ${SYNC_LIMITS.itemsPerApply} per call`] : []),
            ...feedPositionProblems(feedPosition),
        ];
        if (callProblems.length) throw new UserInputError(`Order summaries refused, nothing applied: ${describeProblems(callProblems)}`);
        const keyOf = (s: unknown) => String((s as Partial<ContractOrderSummary> | null)?.orderCode ?? '');
        const refusals = summaries.map((summary, i) => {
            const tenantCode = (summary as Partial<ContractOrderSummary> | null)?.tenantCode;
            if (typeof tenantCode === 'string' && tenantCode !== tenant.code)
                return refusal(
                    'WRONG_TENANT',
                    `summaries[${i}].tenantCode: "${tenantCode}" is not the tenant of this call (${tenant.code})`,
                );
            const problems = orderSummaryProblems(summary, `summaries[${i}]`, tenant.code);
            // The same order may come twice in one call (two changes in one page): the newer version wins.
            return problems.length ? refusal('INVALID_ITEM', describeProblems(problems)) : null;
        });
        const decided = decideOutcomes(summaries, keyOf, refusals);
        const repo = this.connection.getRepository(tenant.ctx, OrderSummary);
        let applied = 0;
        let stale = 0;
        for (const i of decided.accepted) {
            const summary = summaries[i] as ContractOrderSummary;
            const existing = await repo.findOne({ where: { tenantCode: tenant.code, orderCode: summary.orderCode } });
            if (existing && existing.version >= summary.version) {
                stale++;
                decided.outcomes[i].status = 'SKIPPED';
                continue;
            }
            await repo.save(new OrderSummary({ ...(existing ? { id: existing.id } : {}), ...toColumns(summary) }));
            applied++;
        }
        const position = await this.inbox.advance(tenant.ctx, tenant.code, 'orders', feedPosition);
        return { applied, stale, position, outcomes: decided.outcomes, committed: decided.committed };
    }
}

function toColumns(summary: ContractOrderSummary) {
    return {
        tenantCode: summary.tenantCode,
        orderCode: summary.orderCode,
        state: summary.state,
        currencyCode: summary.currencyCode,
        subTotalWithTax: summary.subTotalWithTax,
        shippingWithTax: summary.shippingWithTax,
        totalWithTax: summary.totalWithTax,
        totalQuantity: summary.totalQuantity,
        customerEmail: summary.customerEmail,
        placedAt: summary.placedAt ? new Date(summary.placedAt) : null,
        orderUpdatedAt: new Date(summary.updatedAt),
        version: summary.version,
        lines: summary.lines.map(line => ({
            masterVariantId: line.masterVariantId,
            sku: line.sku,
            productName: line.productName,
            quantity: line.quantity,
            unitPriceWithTax: line.unitPriceWithTax,
            linePriceWithTax: line.linePriceWithTax,
        })),
    };
}
