import { APP_INTERCEPTOR } from '@nestjs/core';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { OnModuleInit } from '@nestjs/common';
import { PluginCommonModule, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';

import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions, resolveEcommerceSyncOptions } from './options';
import { SyncBodyGate } from './sync-body-gate';

import { EcommerceSyncResolver, ecommerceSyncApiExtensions, syncTenantShopsPermission } from './api';
import { CatalogApplyService } from './catalog-apply.service';
import { CheckpointService } from './checkpoint.service';
import { ECOMMERCE_SYNC_ENTITIES } from './entities';
import { OrderFeedService } from './order-feed.service';
import { ReplicaAssetService } from './replica-asset.service';
import { ReplicaGuardInterceptor } from './replica-guard.interceptor';
import { ShopStockService } from './shop-stock.service';
import { ShopTenantService } from './shop-tenant.service';
import { registerFeedWriteLock } from '../shared/feed-order';

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
        SyncBodyGate,
        { provide: APP_INTERCEPTOR, useClass: ReplicaGuardInterceptor },
        { provide: ECOMMERCE_SYNC_OPTIONS, useFactory: () => EcommerceSyncPlugin.options },
    ],
    entities: ECOMMERCE_SYNC_ENTITIES,
    adminApiExtensions: { schema: ecommerceSyncApiExtensions, resolvers: [EcommerceSyncResolver] },
    configuration: config => {
        config.authOptions.customPermissions.push(syncTenantShopsPermission);
        config.apiOptions.middleware.push({
            // Mounted on Express directly before Nest starts: the path needs its leading slash.
            route: `/${config.apiOptions.adminApiPath}`,
            handler: SyncBodyGate.middleware(EcommerceSyncPlugin.options.syncBodyLimit, syncTenantShopsPermission.Permission),
            beforeListen: true,
        });
        config.customFields.Product.push(
            {
                name: 'shopSeoTitle',
                type: 'string',
                nullable: true,
                label: [
                    { languageCode: 'en' as never, value: 'SEO title (this shop)' },
                    { languageCode: 'de' as never, value: 'SEO-Titel (dieser Shop)' },
                ],
            },
            {
                name: 'shopSeoDescription',
                type: 'text',
                nullable: true,
                label: [
                    { languageCode: 'en' as never, value: 'SEO description (this shop)' },
                    { languageCode: 'de' as never, value: 'SEO-Beschreibung (dieser Shop)' },
                ],
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

    static options: EcommerceSyncOptions = resolveEcommerceSyncOptions();

    /**
     * @example
     * EcommerceSyncPlugin.init({ maxProductsPerApply: 200, lockWaitMs: 10_000 })
     */
    static init(options: Partial<EcommerceSyncOptions> = {}): Type<EcommerceSyncPlugin> {
        this.options = resolveEcommerceSyncOptions(options);
        return EcommerceSyncPlugin;
    }
}
