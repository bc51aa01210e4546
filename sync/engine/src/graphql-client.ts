import { ClientError, GraphQLClient as GraphQLRequestClient } from 'graphql-request';

import { classifyGraphQLError, classifyHttpStatus, SyncError, SyncServer } from './errors';

/**
 * A typed client for Vendure's Admin API with an API key, on graphql-request. What it adds: the
 * per-call timeout, and every failure turned into a {@link SyncError} classified by what to do
 * about it (retry, dead-letter, fix the credentials), naming the server, the operation and, for an
 * auth refusal, where the key came from.
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

export class GraphQLClient {
    readonly url: string;
    private readonly timeoutMs: number;
    private readonly client: GraphQLRequestClient;

    constructor(private readonly options: GraphQLClientOptions) {
        this.url = `${options.baseUrl.replace(/\/+$/, '')}/admin-api`;
        this.timeoutMs = options.timeoutMs ?? 30_000;
        this.client = new GraphQLRequestClient(this.url, {
            headers: { 'vendure-api-key': options.apiKey, ...options.headers },
            // Resolved per call, so a test (or n8n) can replace globalThis.fetch after construction.
            fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
        });
    }

    /** Runs `query` and returns `data[operation]`; every failure is a classified SyncError. */
    async request<T>(operation: string, query: string, variables: Record<string, unknown> = {}, timeoutMs = this.timeoutMs): Promise<T> {
        const where = `${this.options.server} server ${this.options.baseUrl}`;
        const details = { server: this.options.server, operation, url: this.url };
        let data: Record<string, unknown> | undefined;
        let status: number;
        try {
            const response = await this.client.rawRequest<Record<string, unknown>>({
                query,
                variables,
                signal: AbortSignal.timeout(timeoutMs),
            });
            data = response.data;
            status = response.status;
        } catch (err) {
            if (err instanceof ClientError) throw this.refusal(operation, err);
            const name = (err as Error).name;
            if (name === 'TimeoutError') {
                throw new SyncError(`${where} is unreachable (no answer within ${timeoutMs} ms) calling ${operation}`, {
                    ...details,
                    kind: 'retryable',
                    cause: err,
                });
            }
            // A 2xx answer that is not GraphQL: graphql-request fails to parse it.
            const notGraphQL = /Invalid execution result|JSON/.test((err as Error).message ?? '');
            throw new SyncError(
                notGraphQL
                    ? `${where} answered ${operation} with something that is not GraphQL: is the URL right?`
                    : `${where} is unreachable (${describeNetworkError(err)}) calling ${operation}`,
                { ...details, kind: 'retryable', cause: err },
            );
        }
        if (!data || !(operation in data)) {
            throw new SyncError(`${where} answered ${operation} without data: does it run the sync plugin?`, {
                ...details,
                kind: 'retryable',
                status,
            });
        }
        return data[operation] as T;
    }

    /** A GraphQL error or an HTTP error status, as a SyncError. */
    private refusal(operation: string, err: ClientError): SyncError {
        const where = `${this.options.server} server ${this.options.baseUrl}`;
        const { status } = err.response;
        const details = { server: this.options.server, operation, url: this.url, status };
        const error = err.response.errors?.[0];
        if (error) {
            const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
            const kind = classifyGraphQLError(code, error.message);
            const message =
                kind === 'auth'
                    ? `${where} refused the API key for ${operation} (${code ?? 'not authorized'}): ${this.authHint()}`
                    : `${where} refused ${operation}: ${error.message}${code ? ` (${code})` : ''}`;
            return new SyncError(message, { ...details, kind, code });
        }
        const kind = classifyHttpStatus(status);
        const isGraphQL = looksLikeJson(err.response.body);
        const message =
            kind === 'auth'
                ? `${where} answered HTTP ${status} to ${operation}: ${this.authHint()}`
                : `${where} answered HTTP ${status} to ${operation}${isGraphQL ? '' : ' with something that is not GraphQL: is the URL right?'}`;
        return new SyncError(message, { ...details, kind });
    }

    private authHint(): string {
        const from = this.options.credentialsHint ? ` from ${this.options.credentialsHint}` : '';
        const permissions =
            this.options.server === 'master' ? 'ReadSyncFeed and ManageSync (and ReadTenants for the sidecar)' : 'SyncTenantShops';
        return `the API key${from} is wrong, revoked, or its role lacks ${permissions}`;
    }
}

function looksLikeJson(body: unknown): boolean {
    if (typeof body !== 'string') return false;
    try {
        JSON.parse(body);
        return true;
    } catch {
        return false;
    }
}

function describeNetworkError(err: unknown): string {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
}
