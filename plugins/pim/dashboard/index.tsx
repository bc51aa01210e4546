import { defineDashboardExtension } from '@vendure/dashboard';
import { Warehouse } from 'lucide-react';

import { csvImportRoute } from './csv-import';
import { incompleteProductsRoute } from './incomplete-products';
import { pricePreviewRoute } from './price-preview';
import { pricingRuleDetailRoute } from './pricing-rule-detail';
import { pricingRuleListRoute } from './pricing-rule-list';
import { productCompletenessColumn } from './product-completeness';
import { purchaseOrderDetailRoute } from './purchase-order-detail';
import { purchaseOrderListRoute } from './purchase-order-list';
import { supplierDetailRoute } from './supplier-detail';
import { supplierListRoute } from './supplier-list';
import { variantSupplierPricesBlock } from './variant-supplier-prices';

// Master's Dashboard: a "PIM" section (suppliers, purchase orders, pricing rules, price preview, incomplete
// products, CSV import), supplier prices on the product variant page and a completeness column in the product list.
// Each entry needs its Read permission; the pages work in a tenant's channel (TenantGate says so elsewhere).
// Only master's build discovers this extension (see master/tsconfig.dashboard.json).
defineDashboardExtension({
    navSections: [{ id: 'pim', title: /* i18n*/ 'PIM', icon: Warehouse, placement: 'top', order: 250 }],
    routes: [
        supplierListRoute,
        supplierDetailRoute,
        purchaseOrderListRoute,
        purchaseOrderDetailRoute,
        pricingRuleListRoute,
        pricingRuleDetailRoute,
        pricePreviewRoute,
        incompleteProductsRoute,
        csvImportRoute,
    ],
    pageBlocks: [variantSupplierPricesBlock],
    dataTables: [productCompletenessColumn],
});
