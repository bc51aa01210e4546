import path from 'node:path';

import { AdminUiPlugin } from '@vendure/admin-ui-plugin';
import { AssetServerPlugin } from '@vendure/asset-server-plugin';
import {
    DefaultCachePlugin,
    DefaultJobQueuePlugin,
    DefaultLogger,
    DefaultSchedulerPlugin,
    DefaultSearchPlugin,
    dummyPaymentHandler,
    LogLevel,
    RandomBytesApiKeyStrategy,
    RedisCachePlugin,
    VendureConfig,
} from '@vendure/core';
import { DashboardPlugin } from '@vendure/dashboard/plugin';
import {
    defaultEmailHandlers,
    EmailPlugin,
    EmailPluginDevModeOptions,
    EmailPluginOptions,
    FileBasedTemplateLoader,
} from '@vendure/email-plugin';
import { HardenPlugin } from '@vendure/harden-plugin';
import { BullMQJobQueuePlugin } from '@vendure/job-queue-plugin/package/bullmq';

import { ApiKeyHashingStrategy } from './api-key-hashing';
import { adminUiAppDir } from './admin-ui-app';
import { dataPaths } from './paths';
import { ServerSettings } from './settings';

type PluginType = NonNullable<VendureConfig['plugins']>[number];

export interface AppDefinition {
    /** Absolute path of the app's package folder (master/ or ecommerce/). */
    packageDir: string;
    /** The app's own plugins, added after the shared ones. */
    plugins?: (settings: ServerSettings) => PluginType[];
    /** Absolute path of the folder holding the app's compiled PostgreSQL migrations (after the shared baseline). */
    migrationsDir: string;
}

const LOG_LEVEL: Record<ServerSettings['logLevel'], LogLevel> = {
    error: LogLevel.Error,
    warn: LogLevel.Warn,
    info: LogLevel.Info,
    verbose: LogLevel.Verbose,
    debug: LogLevel.Debug,
};

/**
 * Builds the complete Vendure configuration of one app from validated settings.
 * The job queue and cache (SQL tables, or BullMQ and Redis) follow from the settings alone.
 */
export function buildVendureConfig(settings: ServerSettings, app: AppDefinition): VendureConfig {
    const paths = dataPaths(settings);
    return {
        apiOptions: {
            port: settings.port,
            adminApiPath: 'admin-api',
            shopApiPath: 'shop-api',
            trustProxy: settings.production ? 1 : false,
            cors: { origin: settings.corsOrigins, credentials: true },
            // Blocks login CSRF through cross-site form posts; Dashboard, Admin UI and @vendure/testing send the header.
            csrfPrevention: true,
            adminApiPlayground: !settings.production,
            shopApiPlayground: !settings.production,
        },
        authOptions: {
            // api-key: long-lived keys for server-to-server calls (master provisioning a shop, the sync).
            tokenMethod: ['bearer', 'cookie', 'api-key'],
            adminApiKeyStrategy: new RandomBytesApiKeyStrategy({ hashingStrategy: new ApiKeyHashingStrategy() }),
            shopApiKeyStrategy: new RandomBytesApiKeyStrategy({ hashingStrategy: new ApiKeyHashingStrategy() }),
            superadminCredentials: { identifier: settings.superadmin.username, password: settings.superadmin.password },
            cookieOptions: {
                secret: settings.cookieSecret,
                name: { admin: `${settings.app}-admin-session`, shop: `${settings.app}-session` },
            },
            requireVerification: settings.production,
        },
        dbConnectionOptions: databaseOptions(settings, app),
        paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
        importExportOptions: { importAssetsDir: sampleCatalogPaths().imagesDir },
        // Channels are created by the worker (tenant provisioning); the server's channel cache must
        // pick a new one up within seconds, not Vendure's default 30 s.
        entityOptions: { channelCacheTtl: 5_000 },
        logger: new DefaultLogger({ level: LOG_LEVEL[settings.logLevel] }),
        plugins: [...sharedPlugins(settings, app, paths), ...(app.plugins?.(settings) ?? [])],
    };
}

function databaseOptions(settings: ServerSettings, app: AppDefinition): VendureConfig['dbConnectionOptions'] {
    const db = settings.database;
    return {
        type: 'postgres',
        host: db.host,
        port: db.port,
        username: db.username,
        password: db.password,
        database: db.database,
        schema: db.schema,
        ssl: db.ssl ? { rejectUnauthorized: false } : undefined,
        // The schema comes from the committed migrations only (tests synchronise scratch databases).
        synchronize: false,
        migrationsRun: false,
        // The stock Vendure schema shared by both apps, then the app's own plugins' changes.
        migrations: [path.join(__dirname, 'migrations', '*.js'), path.join(app.migrationsDir, '*.js')],
        logging: false,
        // node-postgres pool: idle connections close after 10 s, so an idle stack holds few.
        extra: { max: settings.databasePoolSize, idleTimeoutMillis: 10_000 },
    };
}

function sharedPlugins(settings: ServerSettings, app: AppDefinition, paths: ReturnType<typeof dataPaths>): PluginType[] {
    const plugins: PluginType[] = [
        DefaultSchedulerPlugin.init(),
        DefaultSearchPlugin.init({ bufferUpdates: false, indexStockStatus: true }),
        AssetServerPlugin.init({
            route: 'assets',
            assetUploadDir: paths.assetsDir,
            assetUrlPrefix: `${settings.publicUrl}/assets/`,
        }),
        EmailPlugin.init(emailOptions(settings, paths.mailDir)),
        DashboardPlugin.init({ route: 'dashboard', appDir: path.join(app.packageDir, 'dist', 'dashboard') }),
        AdminUiPlugin.init({
            route: 'admin',
            port: settings.port + 1000,
            app: { path: adminUiAppDir(settings.dataDir, settings.app) },
            adminUiConfig: {
                brand: `Entrepreneur-OS ${settings.app}`,
                hideVendureBranding: false,
                // The default login image is fetched from the internet; keep the UI offline-safe.
                loginImageUrl: `${settings.publicUrl}/dashboard/favicon.png`,
            },
        }),
    ];
    if (settings.redisUrl) {
        const connection = redisConnectionOptions(settings.redisUrl);
        plugins.push(
            BullMQJobQueuePlugin.init({
                connection,
                // Master and ecommerce may share one Redis: their queues must never mix.
                queueOptions: { prefix: `${settings.redisKeyPrefix}-${settings.app}` },
                workerOptions: { prefix: `${settings.redisKeyPrefix}-${settings.app}` },
            }),
            RedisCachePlugin.init({ redisOptions: connection, namespace: `${settings.redisKeyPrefix}-${settings.app}-cache` }),
        );
    } else {
        plugins.push(DefaultJobQueuePlugin.init({ useDatabaseForBuffer: true }), DefaultCachePlugin.init({}));
    }
    if (settings.production) {
        plugins.push(HardenPlugin.init({ maxQueryComplexity: 10_000, apiMode: 'prod' }));
    }
    return plugins;
}

function emailOptions(settings: ServerSettings, mailDir: string): EmailPluginOptions | EmailPluginDevModeOptions {
    const common = {
        handlers: defaultEmailHandlers,
        templateLoader: new FileBasedTemplateLoader(
            path.join(path.dirname(require.resolve('@vendure/email-plugin/package.json')), 'templates'),
        ),
        globalTemplateVars: {
            fromAddress: `"Entrepreneur-OS ${settings.app}" <noreply@localhost>`,
            verifyEmailAddressUrl: `${settings.publicUrl}/verify`,
            passwordResetUrl: `${settings.publicUrl}/password-reset`,
            changeEmailAddressUrl: `${settings.publicUrl}/verify-email-address-change`,
        },
    };
    if (settings.smtpUrl) {
        const url = new URL(settings.smtpUrl);
        return {
            ...common,
            transport: {
                type: 'smtp',
                host: url.hostname,
                port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
                secure: url.protocol === 'smtps:',
                auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
            },
        };
    }
    if (settings.production) {
        // No SMTP server configured: mails are written to files and never sent.
        return { ...common, transport: { type: 'file', outputPath: mailDir } };
    }
    // Embedded mode: a dev mailbox at /mailbox shows every mail; nothing is ever sent.
    return { ...common, devMode: true, outputPath: mailDir, route: 'mailbox' };
}

export function redisConnectionOptions(redisUrl: string) {
    const url = new URL(redisUrl);
    return {
        host: url.hostname,
        port: Number(url.port || 6379),
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
        tls: url.protocol === 'rediss:' ? {} : undefined,
        // Required by BullMQ workers.
        maxRetriesPerRequest: null,
    };
}

/** The sample catalog shipped with @vendure/create. */
export function sampleCatalogPaths() {
    const assetsDir = path.join(path.dirname(require.resolve('@vendure/create/package.json')), 'assets');
    return {
        initialData: path.join(assetsDir, 'initial-data.json'),
        productsCsv: path.join(assetsDir, 'products.csv'),
        imagesDir: path.join(assetsDir, 'images'),
    };
}
