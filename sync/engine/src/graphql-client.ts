import { classifyGraphQLError, classifyHttpStatus, SyncError, SyncServer } from './errors';

/**
 * A minimal typed GraphQL-over-fetch client for Vendure's Admin API with an API key.
 *
 * Why not graphql-request: its current major (7) is ESM-only and this repository compiles to
 * CommonJS; its CJS major (6) pulls in cross-fetch and still needs our own error classification
 * and timeouts. Node ≥ 18 has fetch and AbortSignal.timeout, and n8n community nodes should carry
 * no runtime dependencies — so ~60 lines of our own.
 */
export interface GraphQLClientOptions {
    /** The server's base URL, e.g. `http://localhost:3000`; requests go to `<baseUrl>/admin-api`. */
    baseUrl: string;
    /** A Vendure 3.7 API key, sent as the `vendure-api-key` header. */
    apiKey: string;
    /** Which side this is: named in error messages. */
    server: SyncServer;
    /** Per-call timeout. @default 30000 */
    timeoutMs?: number;
    /** Where the API key came from (e.g. `SYNC_MASTER_API_KEY`): named when the server refuses it. */
    credentialsHint?: string;
    /** Headers added to every call (e.g. `vendure-token` to call in a channel). */
    headers?: Record<string, string>;
    /** For tests: a fetch implementation. @default globalThis.fetch */
    fetch?: typeof fetch;
}

interface GraphQLErrorBody {
    message: string;
    path?: Array<string | number>;
    extensions?: { code?: string };
}

export class GraphQLClient {
    readonly url: string;
    private readonly timeoutMs: number;
    private readonly fetchFn: typeof fetch;

    constructor(private readonly options: GraphQLClientOptions) {
        this.url = `${options.baseUrl.replace(/\/+$/, '')}/admin-api`;
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.fetchFn = options.fetch ?? globalThis.fetch;
    }

    /** Runs `query` and returns `data[operation]`; every failure is a classified SyncError. */
    async request<T>(operation: string, query: string, variables: Record<string, unknown> = {}, timeoutMs = this.timeoutMs): Promise<T> {
        const { server } = this.options;
        const where = `${server} server ${this.options.baseUrl}`;
        const details = { server, operation, url: this.url };
        let res: Response;
        try {
            res = await this.fetchFn(this.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'vendure-api-key': this.options.apiKey, ...this.options.headers },
                body: JSON.stringify({ query, variables }),
                signal: AbortSignal.timeout(timeoutMs),
            });
        } catch (err) {
            const name = (err as Error).name;
            const cause = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
            throw new SyncError(`${where} is unreachable (${cause}) calling ${operation}`, { ...details, kind: 'retryable', cause: err });
        }
        let text: string;
        try {
            text = await res.text();
        } catch (err) {
            throw new SyncError(`${where}: the answer to ${operation} broke off (${describeNetworkError(err)})`, {
                ...details,
                kind: 'retryable',
                status: res.status,
                cause: err,
            });
        }
        let body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorBody[] } | undefined;
        try {
            body = JSON.parse(text) as typeof body;
        } catch {
            body = undefined;
        }
        const error = body?.errors?.[0];
        if (error) {
            const code = error.extensions?.code;
            const kind = classifyGraphQLError(code, error.message);
            const message =
                kind === 'auth'
                    ? `${where} refused the API key for ${operation} (${code ?? 'not authorized'}): ${this.authHint()}`
                    : `${where} refused ${operation}: ${error.message}${code ? ` (${code})` : ''}`;
            throw new SyncError(message, { ...details, kind, status: res.status, code });
        }
        if (!res.ok || !body) {
            const kind = classifyHttpStatus(res.status);
            const message =
                kind === 'auth'
                    ? `${where} answered HTTP ${res.status} to ${operation}: ${this.authHint()}`
                    : `${where} answered HTTP ${res.status} to ${operation}${body ? '' : ' with something that is not GraphQL: is the URL right?'}`;
            throw new SyncError(message, { ...details, kind, status: res.status });
        }
        if (!body.data || !(operation in body.data)) {
            throw new SyncError(`${where} answered ${operation} without data: does it run the sync plugin?`, {
                ...details,
                kind: 'retryable',
                status: res.status,
            });
        }
        return body.data[operation] as T;
    }

    private authHint(): string {
        const from = this.options.credentialsHint ? ` from ${this.options.credentialsHint}` : '';
        const permissions =
            this.options.server === 'master' ? 'ReadSyncFeed and ManageSync (and ReadTenants for the sidecar)' : 'SyncTenantShops';
        return `the API key${from} is wrong, revoked, or its role lacks ${permissions}`;
    }
}

function describeNetworkError(err: unknown): string {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
