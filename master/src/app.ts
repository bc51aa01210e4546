import path from 'node:path';

import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { RunnableApp } from '@entrepreneur-os/platform';

import { seedMasterCatalog } from './seed';

/** The master server: the PIM every tenant's catalog comes from. */
export const masterApp: RunnableApp = {
    name: 'master',
    packageDir: path.join(__dirname, '..'),
    migrationsDir: path.join(__dirname, 'migrations'),
    plugins: settings => [MultiTenantPlugin.init({ role: 'master', secretsDir: settings.dataDir, hostChannels: settings.tenantHosts })],
    seed: seedMasterCatalog,
};
