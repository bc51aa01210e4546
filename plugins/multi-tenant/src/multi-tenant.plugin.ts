import { OnApplicationBootstrap } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PluginCommonModule, TransactionalConnection, Type, VendurePlugin } from '@vendure/core';

import { ecommerceAdminApiExtensions, masterAdminApiExtensions } from './api/api-extensions';
import { ChannelReferenceInterceptor } from './api/channel-reference.interceptor';
import { TenantAdminResolver } from './api/tenant-admin.resolver';
import { TenantShopResolver } from './api/tenant-shop.resolver';
import { MULTI_TENANT_OPTIONS } from './constants';
import { manageTenantsPermission, provisionTenantShopPermission, readTenantsPermission } from './config/permissions';
import { TenantEvent } from './entities/tenant-event.entity';
import { Tenant } from './entities/tenant.entity';
import { TenantAccessControlStrategy } from './config/tenant-access-control';
import { TenantAwareNativeAuthenticationStrategy, TenantShopNativeAuthenticationStrategy } from './config/tenant-aware-native-auth';
import { ChannelSetupService } from './services/channel-setup.service';
import { DisabledChannels } from './services/disabled-channels';
import { hostChannelMiddleware } from './services/host-channel';
import { TenantAccessService } from './services/tenant-access.service';
import { ProvisioningService } from './services/provisioning.service';
import { TenantContextService } from './services/tenant-context.service';
import { TenantService } from './services/tenant.service';
import { TenantShopService } from './services/tenant-shop.service';
import { MultiTenantPluginOptions } from './types';

/**
 * Tenants as Vendure channels. In master it keeps the tenants and provisions them (master channel,
 * seller, roles, first admin, and the shop on the ecommerce server); in ecommerce it answers that
 * provisioning with `ensureTenantShop`.
 *
 * @example
 * MultiTenantPlugin.init({ role: 'master', secretsDir: dataDir })
 */
@VendurePlugin({
    imports: [PluginCommonModule],
    providers: [
        { provide: MULTI_TENANT_OPTIONS, useFactory: () => MultiTenantPlugin.options },
        ChannelSetupService,
        TenantService,
        ProvisioningService,
        TenantShopService,
        TenantContextService,
        TenantAccessService,
        { provide: APP_INTERCEPTOR, useClass: ChannelReferenceInterceptor },
    ],
    exports: [TenantContextService],
    entities: () => (MultiTenantPlugin.options.role === 'master' ? [Tenant, TenantEvent] : []),
    adminApiExtensions: {
        schema: () => (MultiTenantPlugin.options.role === 'master' ? masterAdminApiExtensions : ecommerceAdminApiExtensions),
        resolvers: () =>
            (MultiTenantPlugin.options.role === 'master' ? [TenantAdminResolver] : [TenantShopResolver]) as Array<Type<unknown>>,
    },
    configuration: config => {
        const permissions =
            MultiTenantPlugin.options.role === 'master'
                ? [manageTenantsPermission, readTenantsPermission]
                : [provisionTenantShopPermission];
        config.authOptions.customPermissions.push(...permissions);
        // Set by our code only: a disabled tenant's channel.
        config.customFields.Channel.push({ name: 'eosDisabled', type: 'boolean', defaultValue: false, internal: true, nullable: false });
        config.authOptions.adminAuthenticationStrategy = [
            new TenantAwareNativeAuthenticationStrategy(),
            ...config.authOptions.adminAuthenticationStrategy.filter(s => s.name !== 'native'),
        ];
        config.authOptions.shopAuthenticationStrategy = [
            new TenantShopNativeAuthenticationStrategy(),
            ...config.authOptions.shopAuthenticationStrategy.filter(s => s.name !== 'native'),
        ];
        config.authOptions.entityAccessControlStrategy = new TenantAccessControlStrategy();
        // Before Nest's router and Apollo: the host name picks the channel where no token is sent,
        // then a disabled tenant's channel token is refused up front.
        for (const path of [config.apiOptions.adminApiPath, config.apiOptions.shopApiPath]) {
            config.apiOptions.middleware.push({
                route: `/${path}`,
                handler: hostChannelMiddleware(MultiTenantPlugin.options.hostChannels ?? {}, config.apiOptions.channelTokenKey),
                beforeListen: true,
            });
            config.apiOptions.middleware.push({
                route: `/${path}`,
                handler: DisabledChannels.middleware(config.apiOptions.channelTokenKey),
                beforeListen: true,
            });
        }
        return config;
    },
    compatibility: '^3.7.0',
    dashboard: '../dashboard/index.tsx',
})
export class MultiTenantPlugin implements OnApplicationBootstrap {
    constructor(private connection: TransactionalConnection) {}

    onApplicationBootstrap(): void {
        DisabledChannels.connection = this.connection;
    }

    static options: MultiTenantPluginOptions = { role: 'master' };

    static init(options: MultiTenantPluginOptions): Type<MultiTenantPlugin> {
        this.options = { secretsDir: process.cwd(), ...options };
        return MultiTenantPlugin;
    }
}
