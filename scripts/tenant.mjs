#!/usr/bin/env node
// Tenants from the command line, through master's Admin API:
//   npm run tenant -- list
//   npm run tenant -- show <code>
//   npm run tenant -- create <code> --name "Alpine Outfitters" --language de --currency EUR
//        [--ecommerce-url http://localhost:3001] [--credentials file:secrets/ecommerce-api-key]
//        [--admin-email cm@alpine.test --admin-password ... --admin-first-name A --admin-last-name B]
//   npm run tenant -- retry <code>
//   npm run tenant -- disable <code> | enable <code>     (data is kept)
// Master: MASTER_URL (default http://localhost:$MASTER_PORT); login: SUPERADMIN_USERNAME / SUPERADMIN_PASSWORD.
import { parseArgs } from 'node:util';

import { AdminApi, findTenant, followProvisioning, TENANT_FIELDS } from './lib/admin-api.mjs';

const USAGE =
    'usage: npm run tenant -- <list | show <code> | create <code> --name N --language de --currency EUR [options] | retry <code>>';

const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
        name: { type: 'string' },
        language: { type: 'string', default: 'en' },
        currency: { type: 'string', default: 'USD' },
        'ecommerce-url': {
            type: 'string',
            default: process.env.ECOMMERCE_PUBLIC_URL || `http://localhost:${process.env.ECOMMERCE_PORT || 3001}`,
        },
        credentials: { type: 'string', default: 'file:secrets/ecommerce-api-key' },
        'admin-email': { type: 'string' },
        'admin-password': { type: 'string' },
        'admin-first-name': { type: 'string', default: 'Catalog' },
        'admin-last-name': { type: 'string', default: 'Manager' },
        'no-wait': { type: 'boolean', default: false },
    },
});

const [command, code] = positionals;
const masterUrl = process.env.MASTER_URL || process.env.MASTER_PUBLIC_URL || `http://localhost:${process.env.MASTER_PORT || 3000}`;

function fail(message) {
    console.error(`[tenant] ${message}`);
    process.exit(1);
}

function printTenant(t) {
    console.log(`${t.code}  ${t.status}  "${t.name}"  ${t.defaultLanguageCode}/${t.currencyCode}`);
    console.log(`  master channel: ${t.channel ? `${t.channel.code} (token ${t.channel.token})` : '-'}`);
    console.log(`  shop: ${t.ecommerceUrl} (channel token ${t.ecommerceChannelToken ?? '-'})`);
    if (t.lastError) console.log(`  last error: ${t.lastError}`);
}

async function main() {
    if (!command || (command !== 'list' && !code)) fail(USAGE);
    const api = await new AdminApi(masterUrl).login(
        process.env.SUPERADMIN_USERNAME || 'superadmin',
        process.env.SUPERADMIN_PASSWORD || 'superadmin',
    );
    switch (command) {
        case 'list': {
            const { tenants } = await api.query(`{ tenants { totalItems items { ${TENANT_FIELDS} } } }`);
            if (!tenants.totalItems) console.log('no tenants yet: npm run tenant -- create <code> --name ...');
            tenants.items.forEach(printTenant);
            return;
        }
        case 'show': {
            const tenant = await findTenant(api, code);
            if (!tenant) fail(`no tenant "${code}": npm run tenant -- list`);
            printTenant(tenant);
            for (const e of tenant.events) console.log(`  ${e.createdAt}  ${e.step.padEnd(15)} ${e.outcome.padEnd(9)} ${e.message}`);
            return;
        }
        case 'create': {
            if (!values.name) fail('--name is required');
            const firstAdministrator = values['admin-email']
                ? {
                      emailAddress: values['admin-email'],
                      password: values['admin-password'] ?? fail('--admin-password is required with --admin-email'),
                      firstName: values['admin-first-name'],
                      lastName: values['admin-last-name'],
                  }
                : undefined;
            const { createTenant } = await api.query(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { code status } }`, {
                i: {
                    code,
                    name: values.name,
                    defaultLanguageCode: values.language,
                    currencyCode: values.currency,
                    ecommerceUrl: values['ecommerce-url'],
                    ecommerceCredentialsRef: values.credentials,
                    firstAdministrator,
                },
            });
            console.log(`[tenant] ${createTenant.code}: ${createTenant.status}`);
            if (values['no-wait']) return;
            return settle(api, code);
        }
        case 'retry': {
            const tenant = await findTenant(api, code);
            if (!tenant) fail(`no tenant "${code}": npm run tenant -- list`);
            await api.query(`mutation($id: ID!) { retryTenantProvisioning(id: $id) { status } }`, { id: tenant.id });
            return settle(api, code);
        }
        case 'disable':
        case 'enable': {
            const tenant = await findTenant(api, code);
            if (!tenant) fail(`no tenant "${code}": npm run tenant -- list`);
            const field = `${command}Tenant`;
            const result = await api.query(`mutation($id: ID!) { ${field}(id: $id) { status } }`, { id: tenant.id });
            console.log(`[tenant] ${code} is ${result[field].status}`);
            return;
        }
        default:
            fail(USAGE);
    }
}

async function settle(api, tenantCode) {
    const tenant = await followProvisioning(api, tenantCode);
    if (tenant.status === 'READY') {
        console.log(
            `[tenant] ${tenantCode} is READY: master channel token ${tenant.channel.token}, shop channel token ${tenant.ecommerceChannelToken}`,
        );
        return;
    }
    fail(`${tenantCode} FAILED: ${tenant.lastError}\n[tenant] fix the cause, then: npm run tenant -- retry ${tenantCode}`);
}

main().catch(err => fail(err.message));
