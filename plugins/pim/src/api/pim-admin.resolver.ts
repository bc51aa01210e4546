import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DeletionResponse, DeletionResult } from '@vendure/common/lib/generated-types';
import { Allow, Ctx, ID, ListQueryOptions, RequestContext, Transaction } from '@vendure/core';

import { purchaseOrderPermission, supplierPermission, supplierPricePermission } from '../config/permissions';
import { PurchaseOrder, PurchaseOrderLine } from '../entities/purchase-order.entity';
import { StockMovementRecord } from '../entities/stock-movement.entity';
import { SupplierPrice } from '../entities/supplier-price.entity';
import { Supplier } from '../entities/supplier.entity';
import { PurchaseOrderLineInput, PurchaseOrderService, ReceiptLineInput } from '../services/purchase-order.service';
import { StockMovementService } from '../services/stock-movement.service';
import { SupplierPriceInput, SupplierPriceService } from '../services/supplier-price.service';
import { SupplierInput, SupplierService } from '../services/supplier.service';

const deleted: DeletionResponse = { result: DeletionResult.DELETED };

@Resolver()
export class PimAdminResolver {
    constructor(
        private supplierService: SupplierService,
        private supplierPriceService: SupplierPriceService,
        private purchaseOrderService: PurchaseOrderService,
        private movementService: StockMovementService,
    ) {}

    @Query()
    @Allow(supplierPermission.Read)
    suppliers(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<Supplier> }) {
        return this.supplierService.list(ctx, args.options);
    }

    @Query()
    @Allow(supplierPermission.Read)
    supplier(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        return this.supplierService.findOne(ctx, args.id);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPermission.Create)
    createSupplier(@Ctx() ctx: RequestContext, @Args() args: { input: SupplierInput }) {
        return this.supplierService.create(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPermission.Update)
    updateSupplier(@Ctx() ctx: RequestContext, @Args() args: { input: Partial<SupplierInput> & { id: ID } }) {
        return this.supplierService.update(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPermission.Delete)
    async deleteSupplier(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        await this.supplierService.delete(ctx, args.id);
        return deleted;
    }

    @Query()
    @Allow(supplierPricePermission.Read)
    supplierPrices(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<SupplierPrice> }) {
        return this.supplierPriceService.list(ctx, args.options);
    }

    @Query()
    @Allow(supplierPricePermission.Read)
    variantSupplierPrices(@Ctx() ctx: RequestContext, @Args() args: { productVariantId: ID }) {
        return this.supplierPriceService.forVariant(ctx, args.productVariantId);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPricePermission.Create)
    createSupplierPrice(@Ctx() ctx: RequestContext, @Args() args: { input: SupplierPriceInput }) {
        return this.supplierPriceService.create(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPricePermission.Update)
    updateSupplierPrice(@Ctx() ctx: RequestContext, @Args() args: { input: Partial<SupplierPriceInput> & { id: ID } }) {
        return this.supplierPriceService.update(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(supplierPricePermission.Delete)
    async deleteSupplierPrice(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        await this.supplierPriceService.delete(ctx, args.id);
        return deleted;
    }

    @Query()
    @Allow(purchaseOrderPermission.Read)
    purchaseOrders(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<PurchaseOrder> }) {
        return this.purchaseOrderService.list(ctx, args.options);
    }

    @Query()
    @Allow(purchaseOrderPermission.Read)
    purchaseOrder(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        return this.purchaseOrderService.findOne(ctx, args.id);
    }

    @Query()
    @Allow(purchaseOrderPermission.Read)
    stockMovements(@Ctx() ctx: RequestContext, @Args() args: { options?: ListQueryOptions<StockMovementRecord> }) {
        return this.movementService.list(ctx, args.options);
    }

    @Mutation()
    @Transaction()
    @Allow(purchaseOrderPermission.Create)
    createPurchaseOrder(
        @Ctx() ctx: RequestContext,
        @Args() args: { input: { supplierId: ID; lines: PurchaseOrderLineInput[]; notes?: string } },
    ) {
        return this.purchaseOrderService.create(ctx, args.input);
    }

    @Mutation()
    @Transaction()
    @Allow(purchaseOrderPermission.Update)
    setPurchaseOrderLines(@Ctx() ctx: RequestContext, @Args() args: { id: ID; lines: PurchaseOrderLineInput[] }) {
        return this.purchaseOrderService.setLines(ctx, args.id, args.lines);
    }

    @Mutation()
    @Transaction()
    @Allow(purchaseOrderPermission.Update)
    submitPurchaseOrder(@Ctx() ctx: RequestContext, @Args() args: { id: ID }) {
        return this.purchaseOrderService.submit(ctx, args.id);
    }

    @Mutation()
    @Transaction()
    @Allow(purchaseOrderPermission.Update)
    cancelPurchaseOrder(@Ctx() ctx: RequestContext, @Args() args: { id: ID; reason?: string }) {
        return this.purchaseOrderService.cancel(ctx, args.id, args.reason ?? '');
    }

    @Mutation()
    @Transaction()
    @Allow(purchaseOrderPermission.Update)
    receivePurchaseOrder(@Ctx() ctx: RequestContext, @Args() args: { id: ID; lines: ReceiptLineInput[]; receiptKey: string }) {
        return this.purchaseOrderService.receive(ctx, args.id, args.lines, args.receiptKey);
    }
}

@Resolver('PurchaseOrder')
export class PurchaseOrderEntityResolver {
    @ResolveField()
    total(@Parent() po: PurchaseOrder): number {
        return (po.lines ?? []).reduce((sum, l) => sum + l.quantity * l.unitCost, 0);
    }
}

@Resolver('PurchaseOrderLine')
export class PurchaseOrderLineEntityResolver {
    @ResolveField()
    sku(@Parent() line: PurchaseOrderLine): string {
        return line.productVariant?.sku ?? '';
    }

    @ResolveField()
    productVariantName(@Ctx() ctx: RequestContext, @Parent() line: PurchaseOrderLine): string {
        const translations = line.productVariant?.translations ?? [];
        return (translations.find(t => t.languageCode === ctx.languageCode) ?? translations[0])?.name ?? '';
    }
}
