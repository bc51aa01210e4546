import { Injectable } from '@nestjs/common';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';
import {
    Administrator,
    ID,
    ListQueryBuilder,
    ListQueryOptions,
    ProductVariant,
    RequestContext,
    TransactionalConnection,
    UserInputError,
} from '@vendure/core';

import { PurchaseOrder, PurchaseOrderEvent, PurchaseOrderLine, PurchaseOrderState } from '../entities/purchase-order.entity';
import { StockMovementService } from './stock-movement.service';
import { SupplierService } from './supplier.service';
import { assertValid, isWholeNumber } from './validation';

export interface PurchaseOrderLineInput {
    productVariantId: ID;
    quantity: number;
    /** Minor units of the supplier's currency. */
    unitCost: number;
}

export interface ReceiptLineInput {
    lineId: ID;
    quantity: number;
}

/** Which transitions each state allows; everything else is refused with the reason. */
const TRANSITIONS: Record<PurchaseOrderState, PurchaseOrderState[]> = {
    DRAFT: ['SUBMITTED', 'CANCELLED'],
    SUBMITTED: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
    PARTIALLY_RECEIVED: ['PARTIALLY_RECEIVED', 'RECEIVED'],
    RECEIVED: [],
    CANCELLED: [],
};

const RELATIONS = ['supplier', 'lines', 'lines.productVariant', 'lines.productVariant.translations', 'history'];

@Injectable()
export class PurchaseOrderService {
    readonly repository: TenantScopedRepository<PurchaseOrder>;

    constructor(
        private connection: TransactionalConnection,
        tenantContext: TenantContextService,
        listQueryBuilder: ListQueryBuilder,
        private suppliers: SupplierService,
        private movements: StockMovementService,
    ) {
        this.repository = new TenantScopedRepository(connection, tenantContext, PurchaseOrder, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<PurchaseOrder>) {
        return this.repository.list(ctx, options, ['supplier', 'lines']);
    }

    async findOne(ctx: RequestContext, id: ID): Promise<PurchaseOrder | undefined> {
        const [po] = await this.repository.find(ctx, {
            where: { id },
            relations: RELATIONS,
            order: { history: { id: 'ASC' }, lines: { id: 'ASC' } },
        });
        return po;
    }

    async create(ctx: RequestContext, input: { supplierId: ID; lines: PurchaseOrderLineInput[]; notes?: string }): Promise<PurchaseOrder> {
        const supplier = await this.suppliers.findOne(ctx, input.supplierId);
        if (!supplier) throw new UserInputError(`Purchase order: supplierId: no supplier ${String(input.supplierId)} in this tenant`);
        await this.validateLines(ctx, input.lines);
        const code = await this.nextCode(ctx);
        const po = await this.repository.save(ctx, {
            code,
            supplierId: supplier.id,
            state: 'DRAFT',
            currencyCode: supplier.currencyCode,
            notes: input.notes ?? '',
            lines: input.lines.map(l => new PurchaseOrderLine({ ...l, receivedQuantity: 0 })),
        });
        await this.addEvent(ctx, po, null, 'DRAFT', 'created');
        return (await this.findOne(ctx, po.id))!;
    }

    /** Replaces the lines of a draft. */
    async setLines(ctx: RequestContext, id: ID, lines: PurchaseOrderLineInput[]): Promise<PurchaseOrder> {
        const po = await this.getOrThrow(ctx, id);
        if (po.state !== 'DRAFT') throw new UserInputError(`Purchase order ${po.code} is ${po.state}: only a DRAFT's lines can change`);
        await this.validateLines(ctx, lines);
        const lineRepo = this.connection.getRepository(ctx, PurchaseOrderLine);
        await lineRepo.delete({ purchaseOrderId: po.id });
        await lineRepo.save(lines.map(l => new PurchaseOrderLine({ ...l, purchaseOrderId: po.id, receivedQuantity: 0 })));
        return (await this.findOne(ctx, po.id))!;
    }

    async submit(ctx: RequestContext, id: ID): Promise<PurchaseOrder> {
        const po = await this.getOrThrow(ctx, id);
        if (!po.lines.length) throw new UserInputError(`Purchase order ${po.code} has no lines: add at least one before submitting`);
        return this.transition(ctx, po, 'SUBMITTED', 'submitted');
    }

    async cancel(ctx: RequestContext, id: ID, reason: string): Promise<PurchaseOrder> {
        return this.transition(ctx, await this.getOrThrow(ctx, id), 'CANCELLED', reason || 'cancelled');
    }

    /**
     * Books what arrived. Each line received creates a stock movement (PURCHASE_RECEIPT) keyed by the
     * receipt key, so the same receipt sent twice is booked once. Receiving more than is still open
     * on a line is refused and nothing is booked.
     */
    async receive(ctx: RequestContext, id: ID, lines: ReceiptLineInput[], receiptKey: string): Promise<PurchaseOrder> {
        const po = await this.getOrThrow(ctx, id);
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(receiptKey))
            throw new UserInputError('Receipt: receiptKey: 1–64 letters, digits, dots, dashes or underscores');
        const [replayed] = await this.movements.repository.find(ctx, {
            where: { idempotencyKey: receiptMovementKey(po.code, receiptKey, lines[0]?.lineId ?? '') },
        });
        if (replayed) return po;
        const problems: string[] = [];
        if (!lines.length) problems.push('lines: say what arrived');
        const seen = new Set<string>();
        for (const [i, input] of lines.entries()) {
            const line = po.lines.find(l => String(l.id) === String(input.lineId));
            if (!line) problems.push(`lines[${i}].lineId: ${String(input.lineId)} is not a line of ${po.code}`);
            else if (seen.has(String(line.id))) problems.push(`lines[${i}].lineId: line ${String(line.id)} is listed twice`);
            else if (!isWholeNumber(input.quantity, 1)) problems.push(`lines[${i}].quantity: a whole number, at least 1`);
            else if (line.receivedQuantity + input.quantity > line.quantity) {
                problems.push(
                    `lines[${i}].quantity: ${input.quantity} is more than the ${line.quantity - line.receivedQuantity} still open on ${line.productVariant.sku}`,
                );
            }
            if (line) seen.add(String(line.id));
        }
        assertValid(`Receipt for ${po.code}`, problems);
        if (!TRANSITIONS[po.state].includes('RECEIVED')) {
            throw new UserInputError(
                `Purchase order ${po.code} is ${po.state}: only a SUBMITTED or PARTIALLY_RECEIVED order can be received`,
            );
        }
        const lineRepo = this.connection.getRepository(ctx, PurchaseOrderLine);
        const now = new Date().toISOString();
        for (const input of lines) {
            const line = po.lines.find(l => String(l.id) === String(input.lineId))!;
            line.receivedQuantity += input.quantity;
            await lineRepo.update({ id: line.id }, { receivedQuantity: line.receivedQuantity });
            await this.movements.record(ctx, {
                idempotencyKey: receiptMovementKey(po.code, receiptKey, line.id),
                origin: 'master',
                reason: 'PURCHASE_RECEIPT',
                masterVariantId: String(line.productVariantId),
                sku: line.productVariant.sku,
                delta: input.quantity,
                sourceRef: po.code,
                occurredAt: now,
            });
        }
        const complete = po.lines.every(l => l.receivedQuantity >= l.quantity);
        const summary = lines
            .map(l => `${po.lines.find(x => String(x.id) === String(l.lineId))!.productVariant.sku} × ${l.quantity}`)
            .join(', ');
        return this.transition(ctx, po, complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED', `received ${summary} (receipt ${receiptKey})`);
    }

    private async transition(ctx: RequestContext, po: PurchaseOrder, to: PurchaseOrderState, note: string): Promise<PurchaseOrder> {
        if (!TRANSITIONS[po.state].includes(to)) {
            const allowed = TRANSITIONS[po.state];
            throw new UserInputError(
                `Purchase order ${po.code} cannot go from ${po.state} to ${to}` +
                    (allowed.length ? ` (from ${po.state}: ${allowed.join(', ')})` : ` (${po.state} is final)`),
            );
        }
        const from = po.state;
        await this.connection.getRepository(ctx, PurchaseOrder).update({ id: po.id }, { state: to });
        await this.addEvent(ctx, po, from, to, note);
        return (await this.findOne(ctx, po.id))!;
    }

    private async addEvent(ctx: RequestContext, po: PurchaseOrder, from: PurchaseOrderState | null, to: PurchaseOrderState, note: string) {
        await this.connection
            .getRepository(ctx, PurchaseOrderEvent)
            .save(new PurchaseOrderEvent({ purchaseOrderId: po.id, fromState: from, toState: to, actor: await this.actor(ctx), note }));
    }

    private async actor(ctx: RequestContext): Promise<string> {
        if (!ctx.activeUserId) return 'system';
        const admin = await this.connection.getRepository(ctx, Administrator).findOne({ where: { user: { id: ctx.activeUserId } } });
        return admin?.emailAddress ?? `user ${String(ctx.activeUserId)}`;
    }

    private async getOrThrow(ctx: RequestContext, id: ID): Promise<PurchaseOrder> {
        const po = await this.findOne(ctx, id);
        if (!po) await this.repository.getOrThrow(ctx, id);
        return po!;
    }

    private async validateLines(ctx: RequestContext, lines: PurchaseOrderLineInput[]): Promise<void> {
        const problems: string[] = [];
        for (const [i, line] of lines.entries()) {
            if (!isWholeNumber(line.quantity, 1)) problems.push(`lines[${i}].quantity: a whole number, at least 1`);
            if (!isWholeNumber(line.unitCost, 0)) problems.push(`lines[${i}].unitCost: a whole, non-negative amount in minor units`);
            const variant = await this.connection.findOneInChannel(ctx, ProductVariant, line.productVariantId, ctx.channelId);
            if (!variant)
                problems.push(`lines[${i}].productVariantId: no variant ${String(line.productVariantId)} in this tenant's catalog`);
        }
        assertValid('Purchase order', problems);
    }

    private async nextCode(ctx: RequestContext): Promise<string> {
        const count = await this.repository.count(ctx);
        return `PO-${String(count + 1).padStart(5, '0')}`;
    }
}

export function receiptMovementKey(poCode: string, receiptKey: string, lineId: ID): string {
    return `po:${poCode}:receipt:${receiptKey}:line:${String(lineId)}`;
}
