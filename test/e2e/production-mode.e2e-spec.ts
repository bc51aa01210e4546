import { masterApp } from '@entrepreneur-os/master';
import { ADMIN_LOGIN, AppTestEnvironment, createAppTestEnvironment } from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// NODE_ENV=production switches on the hardening a reachable server needs.
describe(`production mode`, () => {
    let env: AppTestEnvironment;

    beforeAll(async () => {
        env = await createAppTestEnvironment(masterApp, 'production', {
            NODE_ENV: 'production',
            SUPERADMIN_PASSWORD: 'a-long-test-password',
            COOKIE_SECRET: 'c'.repeat(40),
            CORS_ORIGINS: 'https://shop.example.com',
        });
        await env.start({ withCatalog: false });
    });

    afterAll(async () => {
        await env?.destroy();
    });

    const post = (body: object, headers: Record<string, string> = {}) =>
        fetch(`${env.baseUrl}/shop-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
        });

    it('refuses schema introspection (HardenPlugin)', async () => {
        const res = await post({ query: '{ __schema { types { name } } }' });
        const body = (await res.json()) as { errors?: Array<{ message: string }> };
        expect(body.errors?.[0].message).toMatch(/introspection/i);
    });

    it('still answers ordinary queries and logs in with the configured password only', async () => {
        const res = await post({ query: '{ activeChannel { code } }' });
        expect(((await res.json()) as any).data.activeChannel.code).toBe('__default_channel__');
        const withDefault = await env.adminClient.query(ADMIN_LOGIN, { username: 'superadmin', password: 'superadmin' });
        expect(withDefault.login.errorCode).toBe('INVALID_CREDENTIALS_ERROR');
        const withConfigured = await env.adminClient.query(ADMIN_LOGIN, { username: 'superadmin', password: 'a-long-test-password' });
        expect(withConfigured.login.identifier).toBe('superadmin');
    });

    it('allows credentialed CORS only from the listed origins', async () => {
        const allowed = await post({ query: '{ activeChannel { code } }' }, { origin: 'https://shop.example.com' });
        expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
        const other = await post({ query: '{ activeChannel { code } }' }, { origin: 'https://evil.example.net' });
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('does not expose the dev mailbox', async () => {
        expect((await fetch(`${env.baseUrl}/mailbox/list`)).status).toBe(404);
    });
});
