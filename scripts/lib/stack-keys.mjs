// The API keys the embedded stack's own processes use, kept in the data folder (mode 600):
// - ecommerce-api-key: master provisions tenants' shops with it, and the sync sidecar applies
//   master's catalog and stock with it (each tenant's ecommerceCredentialsRef points at it);
// - master-sync-api-key: the sync sidecar reads master's feeds and reports its status with it.
// Idempotent: a warm start only checks that the roles still carry the permissions.
import fs from 'node:fs';
import path from 'node:path';

import { AdminApi } from './admin-api.mjs';

export const ECOMMERCE_KEY_REF = 'file:secrets/ecommerce-api-key';

const KEYS = [
    {
        server: 'ecommerce',
        file: 'ecommerce-api-key',
        role: 'master-provisioner',
        description: 'Master provisioning and sync',
        permissions: ['ProvisionTenantShop', 'SyncTenantShops'],
    },
    {
        server: 'master',
        file: 'master-sync-api-key',
        role: 'sync-sidecar',
        description: 'Sync sidecar',
        permissions: ['ReadSyncFeed', 'ManageSync', 'ReadTenants'],
    },
];

export async function ensureStackKeys({ masterUrl, ecommerceUrl, dataDir, superadmin, log }) {
    const urls = { master: masterUrl, ecommerce: ecommerceUrl };
    for (const key of KEYS) {
        const api = await new AdminApi(urls[key.server]).login(superadmin.username, superadmin.password);
        const roleId = await ensureRole(api, key);
        const file = path.join(dataDir, 'secrets', key.file);
        if (fs.existsSync(file)) continue;
        log(`[keys] creating the ${key.server} API key for ${key.description.toLowerCase()}`);
        const { createApiKey } = await api.query(
            `mutation($r: ID!, $n: String!) { createApiKey(input: { roleIds: [$r], translations: [{ languageCode: en, name: $n }] }) { apiKey } }`,
            { r: roleId, n: key.description },
        );
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, createApiKey.apiKey, { mode: 0o600 });
    }
}

/** The role, created or given the permissions it lacks (keys made by an older version). */
async function ensureRole(api, key) {
    const { roles } = await api.query(
        `query($c: String!) { roles(options: { filter: { code: { eq: $c } } }) { items { id permissions } } }`,
        {
            c: key.role,
        },
    );
    const existing = roles.items[0];
    if (!existing) {
        const { createRole } = await api.query(`mutation($i: CreateRoleInput!) { createRole(input: $i) { id } }`, {
            i: { code: key.role, description: key.description, permissions: key.permissions },
        });
        return createRole.id;
    }
    const missing = key.permissions.filter(p => !existing.permissions.includes(p));
    if (missing.length)
        await api.query(`mutation($i: UpdateRoleInput!) { updateRole(input: $i) { id } }`, {
            i: { id: existing.id, permissions: [...existing.permissions, ...missing] },
        });
    return existing.id;
}
