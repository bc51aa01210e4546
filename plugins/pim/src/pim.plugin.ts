import { PluginCommonModule, Type, VendurePlugin } from '@vendure/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';

import { pimAdminApiExtensions } from './api/api-extensions';
import { PimAdminResolver, PurchaseOrderEntityResolver, PurchaseOrderLineEntityResolver } from './api/pim-admin.resolver';
import { PricingResolver, ProductCompletenessResolver } from './api/pricing.resolver';
import { PIM_PERMISSIONS } from './config/permissions';
import { PricingRule } from './entities/pricing-rule.entity';
import { PurchaseOrder, PurchaseOrderEvent, PurchaseOrderLine } from './entities/purchase-order.entity';
import { StockMovementRecord } from './entities/stock-movement.entity';
import { SupplierPrice } from './entities/supplier-price.entity';
import { Supplier } from './entities/supplier.entity';
import { CompletenessService } from './services/completeness.service';
import { PricingRuleService } from './services/pricing-rule.service';
import { PurchaseOrderService } from './services/purchase-order.service';
import { StockMovementService } from './services/stock-movement.service';
import { SupplierPriceService } from './services/supplier-price.service';
import { SupplierService } from './services/supplier.service';

/**
 * The master PIM of a tenant's catalog managers: suppliers and their prices, purchase orders and the
 * stock movements their receipts create, pricing rules, completeness and CSV import. Every entity is
 * tenant-scoped through the multi-tenant plugin: a request outside a tenant's channel is refused.
 */
@VendurePlugin({
    imports: [PluginCommonModule, MultiTenantPlugin],
    providers: [SupplierService, SupplierPriceService, StockMovementService, PurchaseOrderService, PricingRuleService, CompletenessService],
    exports: [SupplierService, SupplierPriceService, StockMovementService, PurchaseOrderService, PricingRuleService, CompletenessService],
    entities: [Supplier, SupplierPrice, PurchaseOrder, PurchaseOrderLine, PurchaseOrderEvent, StockMovementRecord, PricingRule],
    adminApiExtensions: {
        schema: pimAdminApiExtensions,
        resolvers: [
            PimAdminResolver,
            PurchaseOrderEntityResolver,
            PurchaseOrderLineEntityResolver,
            PricingResolver,
            ProductCompletenessResolver,
        ],
    },
    configuration: config => {
        config.authOptions.customPermissions.push(...PIM_PERMISSIONS);
        return config;
    },
    compatibility: '^3.7.0',
    dashboard: '../dashboard/index.tsx',
})
export class PimPlugin {
    static init(): Type<PimPlugin> {
        return PimPlugin;
    }
}
