/**
 * What went wrong with a sync call, classified by what to do about it:
 *
 * - `retryable` — the network, a timeout, HTTP 5xx/429 or a GraphQL INTERNAL_SERVER_ERROR: try again
 *   later; nothing was applied and the checkpoint did not move.
 * - `poison` — the receiving side refused the call as a whole (USER_INPUT_ERROR: no such tenant, a
 *   malformed call): sending it again fails again. No item is to blame, so nothing is dead-lettered:
 *   the run stops and the checkpoint stays. (Bad items are refused one by one in the apply's item
 *   outcomes — see the contract's outcomes.ts — and only those become dead letters.)
 * - `receiver` — the receiving side refused items for a reason of its own (its refusal `code`, e.g.
 *   NO_TAX_CATEGORY): nothing of the call was written; the run stops, the checkpoint stays, and a
 *   later run sends the same items again, so they arrive once the receiver is fixed.
 * - `auth` — FORBIDDEN / not authorized: retrying does not help; an operator must fix the API key
 *   or its role (the message says which one).
 */
export type SyncErrorKind = 'retryable' | 'poison' | 'auth' | 'receiver';

export type SyncServer = 'master' | 'ecommerce';

export interface SyncErrorDetails {
    kind: SyncErrorKind;
    server?: SyncServer;
    /** The GraphQL operation, e.g. `applyProductSnapshots`. */
    operation?: string;
    /** The endpoint called. */
    url?: string;
    /** HTTP status, when there was an answer. */
    status?: number;
    /** GraphQL `extensions.code`, or the receiver's refusal code (outcomes.ts). */
    code?: string;
    cause?: unknown;
}

export class SyncError extends Error {
    readonly kind: SyncErrorKind;
    readonly server?: SyncServer;
    readonly operation?: string;
    readonly url?: string;
    readonly status?: number;
    readonly code?: string;

    constructor(message: string, details: SyncErrorDetails) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = 'SyncError';
        this.kind = details.kind;
        this.server = details.server;
        this.operation = details.operation;
        this.url = details.url;
        this.status = details.status;
        this.code = details.code;
    }

    get retryable(): boolean {
        return this.kind === 'retryable';
    }
}

export function isSyncError(error: unknown): error is SyncError {
    return error instanceof SyncError;
}

/** Any thrown value as a SyncError; an unexpected one counts as retryable (the next run tries again). */
export function toSyncError(error: unknown): SyncError {
    if (error instanceof SyncError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new SyncError(message, { kind: 'retryable', cause: error });
}

const AUTH_CODES = new Set(['FORBIDDEN', 'UNAUTHORIZED', 'UNAUTHENTICATED']);
// Refusals of the input itself. GRAPHQL_VALIDATION_FAILED is not among them: it means our query does not
// match the server's schema (a server mid-deploy, an older version) — no item is to blame.
const POISON_CODES = new Set(['USER_INPUT_ERROR', 'BAD_USER_INPUT']);

/** The kind of a GraphQL error answer (`extensions.code` and message, as Vendure 3.7 writes them). */
export function classifyGraphQLError(code: string | undefined, message: string): SyncErrorKind {
    if ((code && AUTH_CODES.has(code)) || /not currently authorized|forbidden/i.test(message)) return 'auth';
    if (code && POISON_CODES.has(code)) return 'poison';
    // INTERNAL_SERVER_ERROR, unknown codes: the server had a problem, not the input.
    return 'retryable';
}

/** The kind of an HTTP answer that carried no usable GraphQL body. */
export function classifyHttpStatus(status: number): SyncErrorKind {
    if (status === 401 || status === 403) return 'auth';
    if (status === 429 || status >= 500) return 'retryable';
    // 400 from the GraphQL server without a parsable body: the request itself is wrong.
    return status >= 400 ? 'poison' : 'retryable';
}
