import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { masterApp } from '@entrepreneur-os/master';
import {
    adminToken,
    AppProcessEnv,
    AppTestEnvironment,
    createAppTestEnvironment,
    createProvisioningApiKey,
    graphql,
    prepareAppProcessEnv,
    spawnNode,
    SpawnedProcess,
    storedJobData,
    waitFor,
} from '@entrepreneur-os/testing';
import gql from 'graphql-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two real servers: master in this process (@vendure/testing), ecommerce as its own process.
const TENANT_FIELDS = `id code name status lastError ecommerceChannelToken channel { code token } events { step outcome message }`;
const CREATE_TENANT = gql`mutation Create($input: CreateTenantInput!) { createTenant(input: $input) { ${TENANT_FIELDS} } }`;
const GET_TENANT = gql`query Get($id: ID!) { tenant(id: $id) { ${TENANT_FIELDS} } }`;
const TENANTS = gql`
    query {
        tenants {
            totalItems
            items {
                code
            }
        }
    }
`;
const RETRY = gql`
    mutation Retry($id: ID!) {
        retryTenantProvisioning(id: $id) {
            id
            status
        }
    }
`;
const CHANNELS = gql`
    query {
        channels {
            items {
                code
            }
        }
    }
`;

describe(`tenant provisioning`, () => {
    let master: AppTestEnvironment;
    let ecommerceProc: AppProcessEnv;
    let ecommerce: SpawnedProcess;
    let ecommerceAdmin: string;

    beforeAll(async () => {
        ecommerceProc = await prepareAppProcessEnv('ecommerce', 'tenants');
        ecommerceProc.env.TENANT_HOSTS = 'alpha.shop.test=alpha';
        ecommerce = spawnNode('ecommerce/dist/index.js', ecommerceProc.env);
        master = await createAppTestEnvironment(masterApp, 'tenants');
        await master.start({ withCatalog: false });
        await master.adminClient.asSuperAdmin();
        await waitFor('ecommerce to answer', async () => (await fetch(`${ecommerceProc.baseUrl}/health`).catch(() => undefined))?.ok, {
            timeoutMs: 120_000,
        });
        ecommerceAdmin = await adminToken(ecommerceProc.baseUrl, 'superadmin', 'superadmin');
        writeSecret('ecommerce-api-key', await createProvisioningApiKey(ecommerceProc.baseUrl, ecommerceAdmin));
        writeSecret('wrong-api-key', 'not-a-valid-key');
    }, 300_000);

    afterAll(async () => {
        await ecommerce?.stop();
        await master?.destroy();
        await ecommerceProc?.cleanup();
    });

    function writeSecret(name: string, value: string) {
        const dir = path.join(master.settings.dataDir, 'secrets');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, name), value, { mode: 0o600 });
    }

    const input = (code: string, overrides: Record<string, unknown> = {}) => ({
        code,
        name: `Shop ${code}`,
        defaultLanguageCode: 'de',
        currencyCode: 'EUR',
        ecommerceUrl: ecommerceProc.baseUrl,
        ecommerceCredentialsRef: 'file:secrets/ecommerce-api-key',
        ...overrides,
    });

    function settled(id: string) {
        return waitFor(
            `tenant ${id} to leave PENDING/PROVISIONING`,
            async () => {
                const { tenant } = await master.adminClient.query(GET_TENANT, { id });
                return ['READY', 'FAILED'].includes(tenant.status) && tenant;
            },
            // Polled often: a final status seen before its event (they commit together) fails the test.
            { timeoutMs: 60_000, intervalMs: 10 },
        );
    }

    it('provisions master channel, seller, roles and first admin, and the shop on ecommerce: PENDING → READY with an event log', async () => {
        const { createTenant } = await master.adminClient.query(CREATE_TENANT, {
            input: {
                ...input('alpha'),
                firstAdministrator: { emailAddress: 'cm@alpha.test', firstName: 'Cat', lastName: 'Manager', password: 'alpha-password' },
            },
        });
        expect(createTenant.status).toBe('PENDING');
        const tenant = await settled(createTenant.id);
        expect(tenant.lastError).toBeNull();
        expect(tenant.status).toBe('READY');
        expect(tenant.channel).toEqual({ code: 'alpha', token: 'master-alpha' });
        expect(tenant.ecommerceChannelToken).toBe('alpha');
        expect(tenant.events.map((e: any) => `${e.step}:${e.outcome}`)).toEqual([
            'create:INFO',
            'master-seller:SUCCEEDED',
            'master-channel:SUCCEEDED',
            'master-roles:SUCCEEDED',
            'master-admin:SUCCEEDED',
            'ecommerce-shop:SUCCEEDED',
            'link:SUCCEEDED',
        ]);

        // The catalog manager works in the tenant's channel only.
        const cm = await adminToken(master.baseUrl, 'cm@alpha.test', 'alpha-password');
        const me = await graphql(`${master.baseUrl}/admin-api`, '{ me { channels { code permissions } } }', {}, cm);
        expect(me.me.channels.map((c: any) => c.code)).toEqual(['alpha']);
        expect(me.me.channels[0].permissions).toContain('UpdateCatalog');

        // The shop exists on ecommerce with its staff role and shipping/payment set-up.
        const shop = await graphql(
            `${ecommerceProc.baseUrl}/admin-api`,
            '{ channels { items { code token } } roles { items { code } } }',
            {},
            ecommerceAdmin,
        );
        expect(shop.channels.items).toContainEqual({ code: 'alpha', token: 'alpha' });
        expect(shop.roles.items.map((r: any) => r.code)).toContain('alpha-shop-staff');
        const inShop = await fetch(`${ecommerceProc.baseUrl}/admin-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${ecommerceAdmin}`, 'vendure-token': 'alpha' },
            body: JSON.stringify({ query: '{ shippingMethods { totalItems } paymentMethods { totalItems } }' }),
        }).then(r => r.json() as Promise<any>);
        expect(inShop.data.shippingMethods.totalItems).toBe(2);
        expect(inShop.data.paymentMethods.totalItems).toBe(1);
    });

    it("maps a storefront's host name to its tenant's channel; an explicit token wins", async () => {
        const activeChannel = (headers: Record<string, string>) =>
            new Promise<string>((resolve, reject) => {
                const req = http.request(
                    `${ecommerceProc.baseUrl}/shop-api`,
                    { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
                    res => {
                        let body = '';
                        res.on('data', c => (body += c));
                        res.on('end', () =>
                            resolve((JSON.parse(body) as { data: { activeChannel: { code: string } } }).data.activeChannel.code),
                        );
                    },
                );
                req.on('error', reject);
                req.end(JSON.stringify({ query: '{ activeChannel { code } }' }));
            });
        expect(await activeChannel({ host: 'alpha.shop.test' })).toBe('alpha');
        expect(await activeChannel({ host: 'ALPHA.shop.test:8080' })).toBe('alpha');
        expect(await activeChannel({ host: 'other.shop.test' })).toBe('__default_channel__');
        const { activeChannel: defaultChannel } = await graphql(
            `${ecommerceProc.baseUrl}/admin-api`,
            '{ activeChannel { token } }',
            {},
            ecommerceAdmin,
        );
        expect(await activeChannel({ host: 'alpha.shop.test', 'vendure-token': defaultChannel.token })).toBe('__default_channel__');
    });

    it('the same request again returns the same tenant and creates nothing', async () => {
        const before = await master.adminClient.query(CHANNELS);
        const { createTenant } = await master.adminClient.query(CREATE_TENANT, { input: input('alpha') });
        expect(createTenant.status).toBe('READY');
        expect((await master.adminClient.query(TENANTS)).tenants.items.filter((t: any) => t.code === 'alpha')).toHaveLength(1);
        expect(await master.adminClient.query(CHANNELS)).toEqual(before);
    });

    it('rejects bad input naming what is wrong, and writes nothing', async () => {
        const before = await master.adminClient.query(TENANTS);
        await expect(master.adminClient.query(CREATE_TENANT, { input: input('Bad Code!') })).rejects.toThrow(
            /code "Bad Code!" must be 3–32 characters/,
        );
        await expect(
            master.adminClient.query(CREATE_TENANT, { input: input('beta', { ecommerceCredentialsRef: 'sk_live_123' }) }),
        ).rejects.toThrow(/must be env:VARIABLE_NAME or file:relative\/path/);
        await expect(master.adminClient.query(CREATE_TENANT, { input: input('alpha', { name: 'Other' }) })).rejects.toThrow(
            /already exists with a different name/,
        );
        await expect(master.adminClient.query(CREATE_TENANT, { input: input('default') })).rejects.toThrow(/reserved/);
        expect(await master.adminClient.query(TENANTS)).toEqual(before);
    });

    it('rejected credentials: FAILED with the reason, master side consistent; after the fix a retry completes it', async () => {
        const { createTenant } = await master.adminClient.query(CREATE_TENANT, {
            input: input('gamma', { ecommerceCredentialsRef: 'file:secrets/gamma-key', currencyCode: 'USD', defaultLanguageCode: 'en' }),
        });
        writeSecret('gamma-key', 'wrong');
        let tenant = await settled(createTenant.id);
        expect(tenant.status).toBe('FAILED');
        expect(tenant.lastError).toMatch(/ecommerce-shop: .*rejected the credentials/);
        expect(tenant.channel?.code).toBe('gamma');

        writeSecret('gamma-key', fs.readFileSync(path.join(master.settings.dataDir, 'secrets', 'ecommerce-api-key'), 'utf8'));
        await master.adminClient.query(RETRY, { id: createTenant.id });
        tenant = await settled(createTenant.id);
        expect(tenant.status).toBe('READY');
        const retried = tenant.events.slice(tenant.events.findIndex((e: any) => e.step === 'retry'));
        expect(retried.map((e: any) => `${e.step}:${e.outcome}`)).toEqual([
            'retry:INFO',
            'master-seller:SKIPPED',
            'master-channel:SKIPPED',
            'master-roles:SKIPPED',
            'master-admin:SKIPPED',
            'ecommerce-shop:SUCCEEDED',
            'link:SUCCEEDED',
        ]);
        const channels = (await master.adminClient.query(CHANNELS)).channels.items.map((c: any) => c.code);
        expect(channels.filter((c: string) => c === 'gamma')).toHaveLength(1);
    });

    it('an unreachable ecommerce server fails the tenant with a message saying so', async () => {
        const { createTenant } = await master.adminClient.query(CREATE_TENANT, {
            input: input('delta', { ecommerceUrl: 'http://127.0.0.1:9' }),
        });
        const tenant = await settled(createTenant.id);
        expect(tenant.status).toBe('FAILED');
        expect(tenant.lastError).toMatch(/ecommerce server http:\/\/127\.0\.0\.1:9 is unreachable/);
        await expect(
            master.adminClient.query(RETRY, { id: (await master.adminClient.query(TENANTS)).tenants.items.length * 1000 }),
        ).rejects.toThrow(/No tenant/);
    });

    it('disabling a tenant turns off its channels on both servers and refuses its logins, keeping the data; enabling restores it', async () => {
        const { tenants } = await master.adminClient.query(TENANTS);
        const alpha = (
            await master.adminClient.query(gql`
                {
                    tenants {
                        items {
                            id
                            code
                        }
                    }
                }
            `)
        ).tenants.items.find((t: any) => t.code === 'alpha');
        expect(tenants.totalItems).toBeGreaterThan(0);
        // A shop-staff login on ecommerce, as the demo creates one.
        const { roles } = await graphql(
            `${ecommerceProc.baseUrl}/admin-api`,
            `
                {
                    roles(options: { filter: { code: { eq: "alpha-shop-staff" } } }) {
                        items {
                            id
                        }
                    }
                }
            `,
            {},
            ecommerceAdmin,
        );
        await graphql(
            `${ecommerceProc.baseUrl}/admin-api`,
            `
                mutation ($r: ID!) {
                    createAdministrator(
                        input: {
                            emailAddress: "staff@alpha.test"
                            firstName: "S"
                            lastName: "T"
                            password: "staff-password"
                            roleIds: [$r]
                        }
                    ) {
                        id
                    }
                }
            `,
            { r: roles.items[0].id },
            ecommerceAdmin,
        );
        const cmSession = await adminToken(master.baseUrl, 'cm@alpha.test', 'alpha-password');

        const { disableTenant } = await master.adminClient.query(
            gql`
                mutation ($id: ID!) {
                    disableTenant(id: $id) {
                        status
                        events {
                            step
                        }
                    }
                }
            `,
            { id: alpha.id },
        );
        expect(disableTenant.status).toBe('DISABLED');
        const inChannel = (base: string, token: string, auth?: string) =>
            fetch(`${base}/${base === master.baseUrl ? 'admin-api' : 'shop-api'}`, {
                method: 'POST',
                headers: {
                    'content-type': 'application/json',
                    'vendure-token': token,
                    ...(auth ? { authorization: `Bearer ${auth}` } : {}),
                },
                body: JSON.stringify({ query: '{ activeChannel { code } }' }),
            });
        const superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        expect((await inChannel(master.baseUrl, 'master-alpha', superadmin)).status).toBe(403);
        expect((await inChannel(ecommerceProc.baseUrl, 'alpha')).status).toBe(403);
        await expect(adminToken(master.baseUrl, 'cm@alpha.test', 'alpha-password')).rejects.toThrow(/Your tenant is disabled/);
        await expect(adminToken(ecommerceProc.baseUrl, 'staff@alpha.test', 'staff-password')).rejects.toThrow(/Your tenant is disabled/);
        // Open sessions end too.
        await expect(graphql(`${master.baseUrl}/admin-api`, '{ me { id } }', {}, cmSession)).rejects.toThrow(/not currently authorized/);
        // Another tenant is untouched, and the data is kept.
        expect((await inChannel(master.baseUrl, 'master-gamma', superadmin)).status).toBe(200);
        expect((await master.adminClient.query(CHANNELS)).channels.items.map((c: any) => c.code)).toContain('alpha');

        const { enableTenant } = await master.adminClient.query(
            gql`
                mutation ($id: ID!) {
                    enableTenant(id: $id) {
                        status
                    }
                }
            `,
            { id: alpha.id },
        );
        expect(enableTenant.status).toBe('READY');
        await waitFor('the alpha channel to answer again', async () => (await inChannel(ecommerceProc.baseUrl, 'alpha')).status === 200);
        expect(await adminToken(master.baseUrl, 'cm@alpha.test', 'alpha-password')).toBeTruthy();
        expect(await adminToken(ecommerceProc.baseUrl, 'staff@alpha.test', 'staff-password')).toBeTruthy();
    });

    it('cannot disable a tenant while its shop is unreachable: nothing changes and the error says why', async () => {
        const delta = (
            await master.adminClient.query(gql`
                {
                    tenants {
                        items {
                            id
                            code
                            status
                        }
                    }
                }
            `)
        ).tenants.items.find((t: any) => t.code === 'delta');
        expect(delta.status).toBe('FAILED');
        // delta never got a shop, so only master is involved; gamma's shop is real: break its key and try.
        const gamma = (
            await master.adminClient.query(gql`
                {
                    tenants {
                        items {
                            id
                            code
                            status
                        }
                    }
                }
            `)
        ).tenants.items.find((t: any) => t.code === 'gamma');
        writeSecret('gamma-key', 'wrong');
        await expect(
            master.adminClient.query(
                gql`
                    mutation ($id: ID!) {
                        disableTenant(id: $id) {
                            status
                        }
                    }
                `,
                { id: gamma.id },
            ),
        ).rejects.toThrow(/Tenant gamma was not disabled: .*rejected the credentials/);
        expect((await master.adminClient.query(GET_TENANT, { id: gamma.id })).tenant.status).toBe('READY');
    });

    it('hard delete needs a DISABLED tenant and its code repeated; it removes the tenant, roles and master channel', async () => {
        const list = async () =>
            (
                await master.adminClient.query(gql`
                    {
                        tenants {
                            items {
                                id
                                code
                                status
                            }
                        }
                    }
                `)
            ).tenants.items as any[];
        const delta = (await list()).find(t => t.code === 'delta');
        const del = (id: string, confirmCode: string) =>
            master.adminClient.query(
                gql`
                    mutation ($id: ID!, $c: String!) {
                        deleteTenant(id: $id, confirmCode: $c) {
                            result
                            message
                        }
                    }
                `,
                { id, c: confirmCode },
            );
        await expect(del(delta.id, 'delta')).rejects.toThrow(/is FAILED: disable it before deleting it/);
        await master.adminClient.query(
            gql`
                mutation ($id: ID!) {
                    disableTenant(id: $id) {
                        status
                    }
                }
            `,
            { id: delta.id },
        );
        await expect(del(delta.id, 'gamma')).rejects.toThrow(/repeat its code as confirmCode/);
        expect((await list()).map(t => t.code)).toContain('delta');

        expect((await del(delta.id, 'delta')).deleteTenant.result).toBe('DELETED');
        expect((await list()).map(t => t.code)).not.toContain('delta');
        expect((await master.adminClient.query(CHANNELS)).channels.items.map((c: any) => c.code)).not.toContain('delta');
        const { roles } = await master.adminClient.query(gql`
            {
                roles {
                    items {
                        code
                    }
                }
            }
        `);
        expect(roles.items.map((r: any) => r.code).filter((c: string) => c.startsWith('delta-'))).toEqual([]);
    });

    it('puts no secret into job data: only the tenant id', async () => {
        const stored = await storedJobData(master, 'provision-tenant');
        expect(stored.length).toBeGreaterThanOrEqual(4);
        for (const data of stored) expect(Object.keys(data)).toEqual(['tenantId']);
    });
});
