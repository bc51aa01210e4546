import { json } from 'express';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { OnModuleInit } from '@nestjs/common';
import { PluginCommonModule, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';

import { EcommerceSyncResolver, ecommerceSyncApiExtensions, syncTenantShopsPermission } from './ecommerce/api';
import { CatalogApplyService } from './ecommerce/catalog-apply.service';
import { CheckpointService } from './ecommerce/checkpoint.service';
import { ECOMMERCE_SYNC_ENTITIES } from './ecommerce/entities';
import { OrderFeedService } from './ecommerce/order-feed.service';
import { ReplicaAssetService } from './ecommerce/replica-asset.service';
import { ReplicaGuardInterceptor } from './ecommerce/replica-guard.interceptor';
import { ShopStockService } from './ecommerce/shop-stock.service';
import { ShopTenantService } from './ecommerce/shop-tenant.service';
import { registerFeedWriteLock } from './feed-order';

/** A batch of product snapshots is larger than Express's default 100 kB body limit. */
const SYNC_BODY_LIMIT = '50mb';

/**
 * Sync, ecommerce side: applies master's catalog and stock movements to tenants' shops (version
 * gated, with the checkpoint in the same transaction), feeds the shops' own stock movements and
 * order status back, and keeps replicated catalog fields read-only for shop staff.
 */
@VendurePlugin({
    imports: [PluginCommonModule, MultiTenantPlugin],
    providers: [
        ShopTenantService,
        CheckpointService,
        ReplicaAssetService,
        ShopStockService,
        CatalogApplyService,
        OrderFeedService,
        { provide: APP_INTERCEPTOR, useClass: ReplicaGuardInterceptor },
    ],
    entities: ECOMMERCE_SYNC_ENTITIES,
    adminApiExtensions: { schema: ecommerceSyncApiExtensions, resolvers: [EcommerceSyncResolver] },
    configuration: config => {
        config.authOptions.customPermissions.push(syncTenantShopsPermission);
        config.apiOptions.middleware.push({
            // Mounted on Express directly before Nest starts: the path needs its leading slash.
            route: `/${config.apiOptions.adminApiPath}`,
            handler: json({ limit: SYNC_BODY_LIMIT }),
            beforeListen: true,
        });
        config.customFields.Product.push(
            {
                name: 'shopSeoTitle',
                type: 'string',
                nullable: true,
                label: [{ languageCode: 'en' as never, value: 'SEO title (this shop)' }],
            },
            {
                name: 'shopSeoDescription',
                type: 'text',
                nullable: true,
                label: [{ languageCode: 'en' as never, value: 'SEO description (this shop)' }],
            },
        );
        return config;
    },
    compatibility: '^3.7.0',
})
export class EcommerceSyncPlugin implements OnModuleInit {
    constructor(private connection: TransactionalConnection) {}

    /** The shop's stock movements and order feed are read by position (see feed-order.ts). */
    onModuleInit(): void {
        registerFeedWriteLock(this.connection.rawConnection);
    }

    static init(): Type<EcommerceSyncPlugin> {
        return EcommerceSyncPlugin;
    }
}
