import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, PluginCommonModule, Product, RequestContext, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';
import gql from 'graphql-tag';

import { ReplicaProduct } from './entities';
import { SHOP_LOCAL_PRODUCT_FIELDS, SHOP_LOCAL_VARIANT_FIELDS } from './replica-guard.interceptor';

export interface ReplicaDashboardOptions {
    /**
     * Where browsers reach master's React Dashboard, e.g. `https://master.example.com/dashboard`: the
     * shop's Dashboard links a replicated product to its page there.
     */
    masterDashboardUrl: string;
}

const REPLICA_DASHBOARD_OPTIONS = Symbol('REPLICA_DASHBOARD_OPTIONS');

const schema = gql`
    "A product of this shop that is a copy of a master product: what the shop may change and where the rest is changed"
    type ProductReplica {
        masterProductId: String!
        "The product's page in master's Dashboard"
        masterDashboardUrl: String!
        "Product fields this shop owns (\`customFields.<name>\` for custom fields); master owns every other one"
        shopLocalFields: [String!]!
        "Variant fields this shop owns"
        shopLocalVariantFields: [String!]!
    }
    extend type Product {
        "Set when the product is replicated from master's catalog (read-only here except its shop-local fields)"
        replica: ProductReplica
    }
`;

@Resolver('Product')
export class ProductReplicaResolver {
    constructor(
        private connection: TransactionalConnection,
        @Inject(REPLICA_DASHBOARD_OPTIONS) private options: ReplicaDashboardOptions,
    ) {}

    /** The product was already read through Vendure's channel-scoped resolvers: no further scope check is needed. */
    @ResolveField()
    async replica(@Ctx() ctx: RequestContext, @Parent() product: Product) {
        const row = await this.connection
            .getRepository(ctx, ReplicaProduct)
            .findOne({ where: { productId: product.id, removed: false }, select: { masterProductId: true } });
        if (!row) return null;
        return {
            masterProductId: row.masterProductId,
            masterDashboardUrl: `${this.options.masterDashboardUrl}/products/${encodeURIComponent(row.masterProductId)}`,
            shopLocalFields: SHOP_LOCAL_PRODUCT_FIELDS,
            shopLocalVariantFields: SHOP_LOCAL_VARIANT_FIELDS,
        };
    }
}

/**
 * The shop's Dashboard for replicated products (ecommerce): `Product.replica` says what a product's
 * copy owns, and the Dashboard extension shows master's fields read-only with a link to master,
 * keeps option groups and facet values from being removed, and saves only the shop's own fields.
 * A plugin of its own so that only the ecommerce Dashboard build carries the extension.
 */
@VendurePlugin({
    imports: [PluginCommonModule],
    providers: [{ provide: REPLICA_DASHBOARD_OPTIONS, useFactory: () => ReplicaDashboardPlugin.options }],
    adminApiExtensions: { schema, resolvers: [ProductReplicaResolver] },
    dashboard: '../../shop-dashboard/index.tsx',
    compatibility: '^3.7.0',
})
export class ReplicaDashboardPlugin {
    static options: ReplicaDashboardOptions;

    static init(options: ReplicaDashboardOptions): Type<ReplicaDashboardPlugin> {
        this.options = { masterDashboardUrl: options.masterDashboardUrl.replace(/\/+$/, '') };
        return ReplicaDashboardPlugin;
    }
}
