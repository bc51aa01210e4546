import path from 'node:path';

import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { PIM_PERMISSION_NAMES, PIM_READ_PERMISSION_NAMES, PimImportPlugin, PimPlugin } from '@entrepreneur-os/pim-plugin';
import { RunnableApp } from '@entrepreneur-os/platform';
import { DashboardKitPlugin } from '@entrepreneur-os/platform/dashboard-kit';
import { readOrderSummaryPermission, SyncPlugin } from '@entrepreneur-os/sync-plugin/master';

import { seedMasterCatalog } from './seed';

/** The master server: the PIM every tenant's catalog comes from. */
export const masterApp: RunnableApp = {
    name: 'master',
    packageDir: path.join(__dirname, '..'),
    migrationsDir: path.join(__dirname, 'migrations'),
    plugins: settings => [
        MultiTenantPlugin.init({
            role: 'master',
            secretsDir: settings.dataDir,
            hostChannels: settings.tenantHosts,
            // Catalog managers and viewers see their shop's orders as the sync brings them.
            extraRolePermissions: {
                catalogManager: [...PIM_PERMISSION_NAMES, readOrderSummaryPermission.Permission],
                viewer: [...PIM_READ_PERMISSION_NAMES, readOrderSummaryPermission.Permission],
            },
        }),
        PimPlugin.init(),
        PimImportPlugin,
        SyncPlugin.init(),
        DashboardKitPlugin,
    ],
    seed: seedMasterCatalog,
};
