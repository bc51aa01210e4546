import { masterApp } from '@entrepreneur-os/master';
import { RunnableApp } from '@entrepreneur-os/platform';
import { adminToken, AppTestEnvironment, createAppTestEnvironment, createMasterOnlyTenant } from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProbeNotesPlugin } from './fixtures/probe-notes.plugin';

// Tenant-scoped entities through TenantScopedRepository: tenant A can neither see nor change B's rows.
describe(`tenant context and tenant-scoped data`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;

    const app: RunnableApp = { ...masterApp, plugins: settings => [...(masterApp.plugins?.(settings) ?? []), ProbeNotesPlugin] };

    /** A call as `token`, acting in the channel selected by `channelToken`. */
    async function call(token: string, channelToken: string | undefined, query: string, variables: Record<string, unknown> = {}) {
        const res = await fetch(`${master.baseUrl}/admin-api`, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${token}`,
                ...(channelToken ? { 'vendure-token': channelToken } : {}),
            },
            body: JSON.stringify({ query, variables }),
        });
        return (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    }

    beforeAll(async () => {
        master = await createAppTestEnvironment(app, 'tenant_context');
        await master.start({ withCatalog: false });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        for (const code of ['north', 'south']) await createMasterOnlyTenant(master.baseUrl, superadmin, code);
    });

    afterAll(async () => {
        await master?.destroy();
    });

    it('stamps rows with the tenant of the request, never the one in the input', async () => {
        const cm = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        const res = await call(
            cm,
            'master-north',
            `mutation { createProbeNote(text: "north secret", tenantCode: "south") { tenantCode text } }`,
        );
        expect(res.data.createProbeNote).toEqual({ tenantCode: 'north', text: 'north secret' });
    });

    it("refuses every read, update and delete of another tenant's row, and leaves it unchanged", async () => {
        const north = await adminToken(master.baseUrl, 'cm@north.test', 'north-password');
        const south = await adminToken(master.baseUrl, 'cm@south.test', 'south-password');
        const created = await call(north, 'master-north', `mutation { createProbeNote(text: "original") { id } }`);
        const id = created.data.createProbeNote.id;
        const before = await call(north, 'master-north', `query($id: ID!) { probeNote(id: $id) { id text tenantCode } }`, { id });

        expect((await call(south, 'master-south', '{ probeNotes { id } }')).data.probeNotes.map((n: any) => n.id)).not.toContain(id);
        expect((await call(south, 'master-south', `query($id: ID!) { probeNote(id: $id) { id } }`, { id })).data.probeNote).toBeNull();
        const update = await call(south, 'master-south', `mutation($id: ID!) { updateProbeNote(id: $id, text: "hijacked") { id } }`, {
            id,
        });
        expect(update.errors?.[0].extensions?.code).toBe('ENTITY_NOT_FOUND');
        const del = await call(south, 'master-south', `mutation($id: ID!) { deleteProbeNote(id: $id) }`, { id });
        expect(del.errors?.[0].extensions?.code).toBe('ENTITY_NOT_FOUND');
        // South's manager pointing at north's channel: no permission there at all.
        const crossChannel = await call(south, 'master-north', `query($id: ID!) { probeNote(id: $id) { id } }`, { id });
        expect(crossChannel.errors?.[0].extensions?.code).toBe('FORBIDDEN');

        expect(await call(north, 'master-north', `query($id: ID!) { probeNote(id: $id) { id text tenantCode } }`, { id })).toEqual(before);
    });

    it('refuses tenant-scoped operations outside any tenant (the default channel)', async () => {
        const res = await call(superadmin, undefined, `mutation { createProbeNote(text: "no tenant") { id } }`);
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const superadminInTenant = await call(superadmin, 'master-south', '{ probeNotes { tenantCode } }');
        expect(superadminInTenant.data.probeNotes.every((n: any) => n.tenantCode === 'south')).toBe(true);
    });
});
