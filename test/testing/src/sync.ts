import fs from 'node:fs';
import path from 'node:path';

import { appVar, RunnableApp } from '@entrepreneur-os/platform';

import { createAppTestEnvironment, AppProcessEnv, AppTestEnvironment, prepareAppProcessEnv } from './environment';
import { freePort, queryDatabase, waitFor } from './helpers';
import { adminQuery, adminToken, graphql, spawnNode, SpawnedProcess } from './processes';

/** Both servers with tenants provisioned in both: what every sync test starts from. */
export interface SyncTestPair {
    master: AppTestEnvironment;
    ecommerce: AppProcessEnv;
    ecommerceProcess: SpawnedProcess;
    masterSuperadmin: string;
    ecommerceSuperadmin: string;
    /** Ecommerce API key with ProvisionTenantShop and SyncTenantShops (what the tenants' credentials ref holds). */
    ecommerceApiKey: string;
    /** Master product ids, oldest first, with their variant ids. */
    products: Array<{ id: string; variants: Array<{ id: string; sku: string; price: number }> }>;
    /** Stops the ecommerce process and both databases. */
    destroy(): Promise<void>;
    /**
     * Restarts the ecommerce server (same database). Stops it gracefully (SIGTERM) unless `kill9`:
     * then SIGKILL, no chance to finish anything, and it stays down `downMs` before it starts again.
     * Resolves once the new process answers `/health`.
     */
    restartEcommerce(options?: { kill9?: boolean; downMs?: number }): Promise<void>;
}

/** An API key of a new role with the given permissions, created by a superadmin. */
export async function createApiKey(baseUrl: string, superadminToken: string, code: string, permissions: string[]): Promise<string> {
    const url = `${baseUrl}/admin-api`;
    const { createRole } = await graphql<{ createRole: { id: string } }>(
        url,
        `
            mutation ($i: CreateRoleInput!) {
                createRole(input: $i) {
                    id
                }
            }
        `,
        { i: { code: `${code}-${Date.now()}`, description: code, permissions } },
        superadminToken,
    );
    const { createApiKey } = await graphql<{ createApiKey: { apiKey: string } }>(
        url,
        `
            mutation ($r: ID!, $n: String!) {
                createApiKey(input: { roleIds: [$r], translations: [{ languageCode: en, name: $n }] }) {
                    apiKey
                }
            }
        `,
        { r: createRole.id, n: code },
        superadminToken,
    );
    return createApiKey.apiKey;
}

/**
 * master (in this process, with the test catalog) and ecommerce (its own process), and each tenant
 * provisioned in both through master's real provisioning. Tenant codes get channel `master-<code>`
 * in master and token `<code>` in ecommerce.
 */
export async function startSyncTestPair(
    masterApp: RunnableApp,
    name: string,
    tenants: Array<{ code: string; language?: string; currency?: string }>,
): Promise<SyncTestPair> {
    const ecommerce = await prepareAppProcessEnv('ecommerce', name);
    let ecommerceProcess = spawnNode('ecommerce/dist/index.js', ecommerce.env);
    const master = await createAppTestEnvironment(masterApp, name);
    await master.start({ withCatalog: true });
    const waitForEcommerce = () =>
        waitFor('ecommerce to answer', async () => (await fetch(`${ecommerce.baseUrl}/health`).catch(() => undefined))?.ok, {
            timeoutMs: 180_000,
        });
    await waitForEcommerce();
    const masterSuperadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
    const ecommerceSuperadmin = await adminToken(ecommerce.baseUrl, 'superadmin', 'superadmin');
    const ecommerceApiKey = await createApiKey(ecommerce.baseUrl, ecommerceSuperadmin, 'master-sync', [
        'ProvisionTenantShop',
        'SyncTenantShops',
    ]);
    const secret = path.join(master.settings.dataDir, 'secrets', 'ecommerce-api-key');
    fs.mkdirSync(path.dirname(secret), { recursive: true });
    fs.writeFileSync(secret, ecommerceApiKey, { mode: 0o600 });
    for (const t of tenants) {
        const { createTenant } = await adminQuery(
            master.baseUrl,
            masterSuperadmin,
            undefined,
            `mutation ($i: CreateTenantInput!) { createTenant(input: $i) { id } }`,
            {
                i: {
                    code: t.code,
                    name: t.code,
                    defaultLanguageCode: t.language ?? 'en',
                    currencyCode: t.currency ?? 'USD',
                    ecommerceUrl: ecommerce.baseUrl,
                    ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
                    firstAdministrator: {
                        emailAddress: `cm@${t.code}.test`,
                        password: `${t.code}-password`,
                        firstName: t.code,
                        lastName: 'CM',
                    },
                },
            },
        );
        await waitFor(
            `tenant ${t.code} to be provisioned`,
            async () => {
                const { tenant } = await adminQuery(
                    master.baseUrl,
                    masterSuperadmin,
                    undefined,
                    `query ($id: ID!) { tenant(id: $id) { status lastError } }`,
                    {
                        id: createTenant.id,
                    },
                );
                if (tenant.status === 'FAILED') throw new Error(`tenant ${t.code} failed: ${tenant.lastError}`);
                return tenant.status === 'READY';
            },
            { timeoutMs: 120_000 },
        );
    }
    const products = (
        await adminQuery(
            master.baseUrl,
            masterSuperadmin,
            undefined,
            `{ products(options: { sort: { id: ASC } }) { items { id variants { id sku price } } } }`,
        )
    ).products.items;
    return {
        master,
        ecommerce,
        get ecommerceProcess() {
            return ecommerceProcess;
        },
        masterSuperadmin,
        ecommerceSuperadmin,
        ecommerceApiKey,
        products,
        async restartEcommerce(options = {}) {
            if (options.kill9) await ecommerceProcess.kill9();
            else await ecommerceProcess.stop();
            if (options.downMs) await new Promise(resolve => setTimeout(resolve, options.downMs));
            ecommerceProcess = spawnNode('ecommerce/dist/index.js', ecommerce.env);
            await waitForEcommerce();
        },
        async destroy() {
            await ecommerceProcess?.stop();
            await master?.destroy();
            await ecommerce?.cleanup();
        },
    };
}

/** Assigns master products to a tenant's catalog (its channel in master). */
export async function assignToTenant(pair: SyncTestPair, productIds: string[], tenantCode: string): Promise<void> {
    const { channels } = await adminQuery(pair.master.baseUrl, pair.masterSuperadmin, undefined, `{ channels { items { id code } } }`);
    const channel = channels.items.find((c: { code: string }) => c.code === tenantCode);
    if (!channel) throw new Error(`no master channel for tenant ${tenantCode}`);
    await adminQuery(
        pair.master.baseUrl,
        pair.masterSuperadmin,
        undefined,
        `mutation ($p: [ID!]!, $c: ID!) { assignProductsToChannel(input: { productIds: $p, channelId: $c }) { id } }`,
        { p: productIds, c: channel.id },
    );
}

/**
 * Rows of a SQL query against the ecommerce server's own database: what a test counts when the
 * APIs would hide duplicates. Read-only unless `write` (a test changing data behind the server's
 * back). Quote camelCase columns ("tenantCode").
 */
export function queryEcommerceDatabase<T = Record<string, unknown>>(
    pair: SyncTestPair,
    sql: string,
    options: { write?: boolean } = {},
): Promise<T[]> {
    return queryDatabase<T>(pair.ecommerce.env[appVar('ecommerce', 'DATABASE_URL')], sql, options);
}

/** The real sync sidecar for a test pair: its own port, API key and Redis prefix (with Redis). */
export interface TestSidecar {
    url: string;
    /** What it runs with; the CLI takes the same. */
    env: Record<string, string>;
    /** The running process (after `start`). */
    process: SpawnedProcess | undefined;
    /** Starts it and waits for `/health`; fails at once if it exits meanwhile. */
    start(): Promise<void>;
    stop(): Promise<void>;
    /** The sidecar's CLI (`status`, `full`, `verify`, `repair`) as a process. */
    cli(args: string[]): SpawnedProcess;
}

export async function prepareSidecar(pair: SyncTestPair, pushSecret: string): Promise<TestSidecar> {
    const masterKey = await createApiKey(pair.master.baseUrl, pair.masterSuperadmin, 'sync-sidecar', [
        'ReadSyncFeed',
        'ManageSync',
        'ReadTenants',
    ]);
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const env: Record<string, string> = {
        MASTER_URL: pair.master.baseUrl,
        SYNC_MASTER_API_KEY: masterKey,
        DATA_DIR: pair.master.settings.dataDir,
        SYNC_PORT: String(port),
        SYNC_INTERVAL_MS: '500',
        SYNC_TENANT_REFRESH_MS: '1000',
        SYNC_PUSH_SECRET: pushSecret,
        ...(pair.ecommerce.env.REDIS_URL
            ? { REDIS_URL: pair.ecommerce.env.REDIS_URL, REDIS_KEY_PREFIX: `${pair.ecommerce.env.REDIS_KEY_PREFIX}-sidecar` }
            : {}),
    };
    const sidecar: TestSidecar = {
        url,
        env,
        process: undefined,
        async start() {
            const started = spawnNode('sync/sidecar/dist/index.js', env);
            sidecar.process = started;
            await waitFor(
                'the sidecar to be healthy',
                async () => {
                    if (started.child.exitCode !== null) throw new Error(`sidecar exited: ${started.output().slice(-2000)}`);
                    return (await fetch(`${url}/health`).catch(() => undefined))?.ok;
                },
                { timeoutMs: 60_000, intervalMs: 100 },
            );
        },
        async stop() {
            await sidecar.process?.stop();
        },
        cli: args => spawnNode('sync/sidecar/dist/cli.js', env, args),
    };
    return sidecar;
}

/** Runs one Admin API operation in a tenant's master channel and returns its data (throws on errors). */
export type MasterCall = (query: string, variables?: Record<string, unknown>) => Promise<any>;

/**
 * Creates a purchase order of `supplierId` in master, submits it and receives every line in full under
 * `receiptKey`: each line becomes a PURCHASE_RECEIPT stock movement, which the sync carries to the shop.
 */
export async function receivePurchaseOrder(
    inTenant: MasterCall,
    supplierId: string,
    lines: Array<{ variantId: string; quantity: number }>,
    receiptKey: string,
): Promise<void> {
    const { createPurchaseOrder: po } = await inTenant(
        `mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { id lines { id quantity } } }`,
        { i: { supplierId, lines: lines.map(l => ({ productVariantId: l.variantId, quantity: l.quantity, unitCost: 100 })) } },
    );
    await inTenant(`mutation ($id: ID!) { submitPurchaseOrder(id: $id) { state } }`, { id: po.id });
    await inTenant(
        `mutation ($id: ID!, $l: [ReceiptLineInput!]!, $k: String!) { receivePurchaseOrder(id: $id, lines: $l, receiptKey: $k) { state } }`,
        { id: po.id, l: po.lines.map((l: { id: string; quantity: number }) => ({ lineId: l.id, quantity: l.quantity })), k: receiptKey },
    );
}
