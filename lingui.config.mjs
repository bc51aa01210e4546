// Message catalogs of our Dashboard extensions (`npm run i18n:extract` after changing their texts, then
// translate the new entries of each de.po). The Dashboard build reads every active extension folder's
// i18n/<locale>.po; this file only drives the extraction.
import { defineConfig } from '@lingui/cli';
import { formatter } from '@lingui/format-po';

const EXTENSIONS = [
    'plugins/platform/dashboard',
    'plugins/multi-tenant/dashboard',
    'plugins/pim/dashboard',
    'plugins/sync/dashboard',
    'plugins/sync/shop-dashboard',
];

export default defineConfig({
    sourceLocale: 'en',
    locales: ['en', 'de'],
    // Line numbers in the references would churn on every unrelated edit.
    format: formatter({ lineNumbers: false }),
    orderBy: 'messageId',
    catalogs: EXTENSIONS.map(dir => ({ path: `<rootDir>/${dir}/i18n/{locale}`, include: [`<rootDir>/${dir}`] })),
});
