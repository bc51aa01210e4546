import path from 'node:path';

import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { RunnableApp } from '@entrepreneur-os/platform';
import { DashboardKitPlugin } from '@entrepreneur-os/platform/dashboard-kit';
import { EcommerceSyncPlugin, ReplicaDashboardPlugin } from '@entrepreneur-os/sync-plugin/ecommerce';

import { seedEcommerceShop } from './seed';

/** The ecommerce server: orders, payments, fulfilment, customers and stock of the tenants it serves. */
export const ecommerceApp: RunnableApp = {
    name: 'ecommerce',
    packageDir: path.join(__dirname, '..'),
    migrationsDir: path.join(__dirname, 'migrations'),
    plugins: settings => [
        MultiTenantPlugin.init({ role: 'ecommerce', secretsDir: settings.dataDir, hostChannels: settings.tenantHosts }),
        EcommerceSyncPlugin.init(),
        ReplicaDashboardPlugin.init({ masterDashboardUrl: `${settings.masterPublicUrl}/dashboard` }),
        DashboardKitPlugin,
    ],
    seed: seedEcommerceShop,
};
