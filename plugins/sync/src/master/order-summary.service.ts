import { Injectable } from '@nestjs/common';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import { OrderSummary as ContractOrderSummary } from '@entrepreneur-os/sync-contract';
import { ListQueryBuilder, ListQueryOptions, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';

import { OrderSummary } from '../entities/order-summary.entity';
import { InboxService } from './inbox.service';
import { describeProblems, feedPositionProblems, MAX_BATCH, orderSummaryProblems } from './sync-input-validation';
import { SyncTenant } from './sync-tenant.service';

/** What applyOrderSummaries answers (the engine's `ApplySummariesResult`). */
export interface ApplyOrderSummariesResult {
    /** Summaries stored: new orders, or a newer version of one. */
    applied: number;
    /** Summaries whose version master already held or surpassed: nothing changed. */
    stale: number;
    /** The orders checkpoint after the call. */
    position: number;
}

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

    /** Stores the summaries and the orders checkpoint in the caller's transaction; one bad summary refuses them all. */
    async apply(tenant: SyncTenant, summaries: unknown[], feedPosition: number | null | undefined): Promise<ApplyOrderSummariesResult> {
        const problems =
            summaries.length > MAX_BATCH
                ? [`summaries: at most ${MAX_BATCH} per call`]
                : summaries.flatMap((summary, i) => orderSummaryProblems(summary, `summaries[${i}]`, tenant.code));
        problems.push(...feedPositionProblems(feedPosition));
        if (problems.length) throw new UserInputError(`Order summaries refused, nothing applied: ${describeProblems(problems)}`);
        const repo = this.connection.getRepository(tenant.ctx, OrderSummary);
        let applied = 0;
        let stale = 0;
        for (const summary of summaries as ContractOrderSummary[]) {
            const existing = await repo.findOne({ where: { tenantCode: tenant.code, orderCode: summary.orderCode } });
            if (existing && existing.version >= summary.version) {
                stale++;
                continue;
            }
            await repo.save(new OrderSummary({ ...(existing ? { id: existing.id } : {}), ...toColumns(summary) }));
            applied++;
        }
        const position = await this.inbox.advance(tenant.ctx, tenant.code, 'orders', feedPosition);
        return { applied, stale, position };
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
