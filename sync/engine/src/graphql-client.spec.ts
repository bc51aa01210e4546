import { describe, expect, it } from 'vitest';

import { EcommerceClient, MasterClient } from './clients';
import { SyncError } from './errors';

type Answer = { status?: number; body?: unknown; text?: string; contentType?: string; throws?: Error };
type Call = { url: string; init: RequestInit };

function fakeFetch(answer: Answer, seen: Call[] = []): typeof fetch {
    return ((url: string | URL, init: RequestInit) => {
        seen.push({ url: String(url), init });
        if (answer.throws) return Promise.reject(answer.throws);
        const text = answer.text ?? JSON.stringify(answer.body);
        const contentType = answer.contentType ?? 'application/json';
        return Promise.resolve(new Response(text, { status: answer.status ?? 200, headers: { 'content-type': contentType } }));
    }) as typeof fetch;
}

const master = (answer: Answer, seen?: Call[]) =>
    new MasterClient({
        baseUrl: 'http://master:3000/',
        apiKey: 'k-123',
        fetch: fakeFetch(answer, seen),
        credentialsHint: 'SYNC_MASTER_API_KEY',
    });

async function errorOf(p: Promise<unknown>): Promise<SyncError> {
    try {
        await p;
    } catch (e) {
        return e as SyncError;
    }
    throw new Error('expected an error');
}

describe('GraphQL clients', () => {
    it('posts to <base>/admin-api with the vendure-api-key header and returns the operation result', async () => {
        const seen: Call[] = [];
        const page = await master({ body: { data: { syncFeed: { entries: [], lastPosition: 7 } } } }, seen).syncFeed('alpine', 3, 1000);
        expect(page.lastPosition).toBe(7);
        expect(seen[0].url).toBe('http://master:3000/admin-api');
        expect(new Headers(seen[0].init.headers).get('vendure-api-key')).toBe('k-123');
        const body = JSON.parse(seen[0].init.body as string);
        expect(body.variables).toEqual({ tenantCode: 'alpine', after: 3, take: 1000 });
        expect(body.query).toContain('syncFeed(tenantCode: $tenantCode, after: $after, take: $take)');
    });

    it('classifies network errors, timeouts, 5xx and 429 as retryable', async () => {
        const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
        const network = await errorOf(master({ throws: refused }).syncInbox('alpine'));
        expect(network).toMatchObject({ kind: 'retryable', server: 'master', operation: 'syncInbox' });
        expect(network.message).toContain('unreachable (ECONNREFUSED)');

        const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
        expect(await errorOf(master({ throws: timeout }).syncInbox('alpine'))).toMatchObject({ kind: 'retryable' });
        expect(await errorOf(master({ status: 503, text: 'Service Unavailable' }).syncInbox('alpine'))).toMatchObject({
            kind: 'retryable',
            status: 503,
        });
        expect(await errorOf(master({ status: 429, text: 'slow down' }).syncInbox('alpine'))).toMatchObject({
            kind: 'retryable',
            status: 429,
        });
        const internal = { errors: [{ message: 'db gone', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null };
        expect(await errorOf(master({ body: internal }).syncInbox('alpine'))).toMatchObject({
            kind: 'retryable',
            code: 'INTERNAL_SERVER_ERROR',
        });
    });

    it('classifies USER_INPUT_ERROR as poison and FORBIDDEN as auth, naming the credentials to fix', async () => {
        const input = {
            errors: [{ message: 'snapshots[3].variants: at least one', extensions: { code: 'USER_INPUT_ERROR' } }],
            data: null,
        };
        const shop = new EcommerceClient({
            baseUrl: 'http://shop:3001',
            apiKey: 'x',
            fetch: fakeFetch({ body: input }),
            credentialsHint: 'file:secrets/k',
        });
        const poison = await errorOf(shop.applyProductSnapshots({ tenantCode: 'a', assetBaseUrl: '', snapshots: [], removals: [] }));
        expect(poison).toMatchObject({ kind: 'poison', server: 'ecommerce', code: 'USER_INPUT_ERROR' });
        expect(poison.message).toContain('snapshots[3].variants');

        const forbidden = {
            errors: [{ message: 'You are not currently authorized to perform this action', extensions: { code: 'FORBIDDEN' } }],
            data: null,
        };
        const auth = await errorOf(master({ body: forbidden }).syncFeed('alpine', 0));
        expect(auth.kind).toBe('auth');
        expect(auth.message).toContain('SYNC_MASTER_API_KEY');
        expect(auth.message).toContain('ReadSyncFeed');
        expect(await errorOf(master({ status: 401, text: 'no' }).syncInbox('alpine'))).toMatchObject({ kind: 'auth' });
    });

    it('says so when the server does not have the operation', async () => {
        const unknown = {
            errors: [{ message: 'Cannot query field "syncFeed" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
        };
        const error = await errorOf(master({ status: 400, body: unknown }).syncFeed('alpine', 0));
        // A schema mismatch is not any item's fault: retryable, never dead-lettered.
        expect(error.kind).toBe('retryable');
        expect(error.message).toContain('Cannot query field');
    });

    it('says so when the answer is not GraphQL, or lacks the operation', async () => {
        const html = await errorOf(master({ text: '<html>login</html>', contentType: 'text/html' }).syncInbox('alpine'));
        expect(html).toMatchObject({ kind: 'retryable', operation: 'syncInbox' });
        expect(html.message).toContain('not GraphQL: is the URL right?');
        const proxy = await errorOf(master({ status: 502, text: '<html>Bad Gateway</html>', contentType: 'text/html' }).syncInbox('a'));
        expect(proxy).toMatchObject({ kind: 'retryable', status: 502 });
        expect(proxy.message).toContain('HTTP 502');
        const empty = await errorOf(master({ body: { data: {} } }).syncInbox('alpine'));
        expect(empty.message).toContain('without data: does it run the sync plugin?');
    });

    it('pages through tenants', async () => {
        let call = 0;
        const fetchFn = (() => {
            call++;
            const items =
                call === 1
                    ? Array.from({ length: 100 }, (_, i) => ({ code: `t${i}`, status: 'READY' }))
                    : [{ code: 'last', status: 'FAILED' }];
            const body = JSON.stringify({ data: { tenants: { items, totalItems: 101 } } });
            return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/json' } }));
        }) as unknown as typeof fetch;
        const tenants = await new MasterClient({ baseUrl: 'http://m', apiKey: 'k', fetch: fetchFn }).tenants();
        expect(tenants).toHaveLength(101);
        expect(call).toBe(2);
    });
});
