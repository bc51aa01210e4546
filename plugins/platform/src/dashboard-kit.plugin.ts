import { VendurePlugin } from '@vendure/core';

/**
 * Carries nothing to the server: it exists so that the Dashboard build treats `plugins/platform/dashboard`
 * — the kit our plugins' Dashboard pages share (server messages, field layout, dates, money, notices) —
 * as extension code. Vendure's Vite plugin scans the folder of every active plugin's `dashboard` entry
 * for Tailwind classes and `.po` translations; a folder imported only by path would get neither.
 *
 * Each app lists it (and its tsconfig.dashboard.json maps `@entrepreneur-os/platform/dashboard-kit` to
 * this source file, which is how the Dashboard build finds it). Extensions import the kit as
 * `@entrepreneur-os/platform/dashboard`.
 */
@VendurePlugin({
    dashboard: '../dashboard/index.tsx',
    compatibility: '^3.7.0',
})
export class DashboardKitPlugin {}
