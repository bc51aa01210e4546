// The Vite configuration that builds an app's React Dashboard (shared by master/ and ecommerce/).
// The Vendure Dashboard plugin loads the app's Vendure config to find plugin dashboard extensions and
// to introspect the Admin API schema; it needs no database and no network.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { vendureDashboardPlugin } from '@vendure/dashboard/vite';
import { defineConfig } from 'vite';

/** @param {string} appDir absolute path of master/ or ecommerce/ */
export function dashboardViteConfig(appDir) {
    return defineConfig({
        base: '/dashboard',
        logLevel: 'warn',
        build: { outDir: path.join(appDir, 'dist', 'dashboard'), emptyOutDir: true },
        plugins: [
            vendureDashboardPlugin({
                vendureConfigPath: pathToFileURL(path.join(appDir, 'src', 'vendure-config.ts')),
                // The Dashboard is served by the same server as the Admin API: derive its URL at run time.
                api: { host: 'auto', port: 'auto' },
                gqlOutputPath: path.join(appDir, 'src', 'gql'),
            }),
        ],
        resolve: { alias: { '@/gql': path.join(appDir, 'src', 'gql', 'graphql.ts') } },
    });
}
