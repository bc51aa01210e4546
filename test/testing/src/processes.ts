import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { waitFor } from './helpers';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface SpawnedProcess {
    child: ChildProcess;
    /** Everything it printed so far (stdout and stderr interleaved). */
    output(): string;
    stderr(): string;
    /** Resolves with the exit code (or signal name) once it has exited. */
    exited: Promise<number | string>;
    waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
    /** SIGTERM, then SIGKILL after the grace period. */
    stop(graceMs?: number): Promise<number | string>;
    kill9(): Promise<number | string>;
}

/** Runs a Node script of the repo (a server, worker or the launcher) as a real child process. */
export function spawnNode(script: string, env: Record<string, string>, args: string[] = []): SpawnedProcess {
    const child = spawn(process.execPath, [path.resolve(REPO_ROOT, script), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, VENDURE_DISABLE_TELEMETRY: 'true', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => {
        out += d;
        err += d;
    });
    const exited = new Promise<number | string>(resolve => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    let done = false;
    void exited.then(() => (done = true));
    return {
        child,
        output: () => out,
        stderr: () => err,
        exited,
        async waitForOutput(pattern, timeoutMs = 120_000) {
            await waitFor(
                `output matching ${pattern}`,
                () => {
                    if (pattern.test(out)) return true;
                    if (done) throw new Error(`process exited before printing ${pattern}:\n${out.slice(-2000)}`);
                    return false;
                },
                { timeoutMs, intervalMs: 100 },
            );
        },
        async stop(graceMs = 15_000) {
            if (!done) child.kill('SIGTERM');
            const timer = setTimeout(() => !done && child.kill('SIGKILL'), graceMs);
            const code = await exited;
            clearTimeout(timer);
            return code;
        },
        async kill9() {
            if (!done) child.kill('SIGKILL');
            return exited;
        },
    };
}

/** Answers a GraphQL query against a running server (no client state). */
export async function graphql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors.map(e => e.message).join('; '));
    return body.data;
}

/** Logs in to an Admin API; returns the bearer token. */
export async function adminToken(baseUrl: string, username: string, password: string): Promise<string> {
    const res = await fetch(`${baseUrl}/admin-api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            query: `mutation($u:String!,$p:String!){login(username:$u,password:$p){... on CurrentUser{id} ... on ErrorResult{errorCode message} ... on InvalidCredentialsError{authenticationError}}}`,
            variables: { u: username, p: password },
        }),
    });
    const body = (await res.json()) as { data?: { login: { id?: string; errorCode?: string } } };
    const token = res.headers.get('vendure-auth-token');
    if (!token || !body.data?.login.id) throw new Error(`login as ${username} failed: ${JSON.stringify(body)}`);
    return token;
}

/** What an operator does once per ecommerce server: a role and an API key master provisions shops with. */
export async function createProvisioningApiKey(ecommerceBaseUrl: string, superadminToken: string): Promise<string> {
    const url = `${ecommerceBaseUrl}/admin-api`;
    const { createRole } = await graphql<{ createRole: { id: string } }>(
        url,
        `mutation { createRole(input: { code: "master-provisioner-${Date.now()}", description: "Master provisioning", permissions: [ProvisionTenantShop] }) { id } }`,
        {},
        superadminToken,
    );
    const { createApiKey } = await graphql<{ createApiKey: { apiKey: string } }>(
        url,
        `
            mutation ($r: ID!) {
                createApiKey(input: { roleIds: [$r], translations: [{ languageCode: en, name: "master" }] }) {
                    apiKey
                }
            }
        `,
        { r: createRole.id },
        superadminToken,
    );
    return createApiKey.apiKey;
}

/**
 * A tenant with only its master side: the ecommerce step fails on purpose (nothing listens at its
 * URL), while its channel (token `master-<code>`), roles and first administrator `cm@<code>.test`
 * (password `<code>-password`) exist — all that catalog work in master needs. Resolves once
 * provisioning has settled.
 */
export async function createMasterOnlyTenant(
    masterBaseUrl: string,
    superadminToken: string,
    code: string,
    options: { language?: string; currency?: string } = {},
): Promise<{ id: string; catalogManager: { username: string; password: string } }> {
    const url = `${masterBaseUrl}/admin-api`;
    const catalogManager = { username: `cm@${code}.test`, password: `${code}-password` };
    const { createTenant } = await graphql<{ createTenant: { id: string } }>(
        url,
        `
            mutation ($i: CreateTenantInput!) {
                createTenant(input: $i) {
                    id
                }
            }
        `,
        {
            i: {
                code,
                name: code,
                defaultLanguageCode: options.language ?? 'en',
                currencyCode: options.currency ?? 'USD',
                ecommerceUrl: 'http://127.0.0.1:9',
                ecommerceCredentialsRef: 'env:UNUSED_KEY',
                firstAdministrator: {
                    emailAddress: catalogManager.username,
                    password: catalogManager.password,
                    firstName: code,
                    lastName: 'CM',
                },
            },
        },
        superadminToken,
    );
    await waitFor(
        `tenant ${code} to settle`,
        async () => {
            const { tenant } = await graphql<{ tenant: { status: string } }>(
                url,
                `
                    query ($id: ID!) {
                        tenant(id: $id) {
                            status
                        }
                    }
                `,
                { id: createTenant.id },
                superadminToken,
            );
            return tenant.status === 'FAILED' || tenant.status === 'READY';
        },
        { timeoutMs: 60_000 },
    );
    return { id: createTenant.id, catalogManager };
}

export interface GraphQLResponse<T = any> {
    data?: T;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/**
 * One Admin API call as `token`, acting in the channel of `channelToken` (the default channel when
 * undefined); answers data and errors alike, for tests that expect refusals.
 */
export async function adminCall<T = any>(
    baseUrl: string,
    token: string,
    channelToken: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
    const res = await fetch(`${baseUrl}/admin-api`, {
        method: 'POST',
        headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...(channelToken ? { 'vendure-token': channelToken } : {}),
        },
        body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
}

/** {@link adminCall} for calls that must succeed: the data, or an error with the server's messages. */
export async function adminQuery<T = any>(
    baseUrl: string,
    token: string,
    channelToken: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
): Promise<T> {
    const res = await adminCall<T>(baseUrl, token, channelToken, query, variables);
    if (res.errors?.length) throw new Error(res.errors.map(e => e.message).join('; '));
    return res.data as T;
}
