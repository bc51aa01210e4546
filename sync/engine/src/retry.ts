import { toSyncError } from './errors';

export interface RetryOptions {
    /** Tries in all, the first included. @default 5 */
    attempts?: number;
    /** The first wait; doubled per try. @default 200 */
    baseMs?: number;
    /** No wait is longer. @default 10000 */
    maxMs?: number;
    /** Called before each wait (logging, tests). */
    onRetry?: (info: { attempt: number; delayMs: number; error: Error }) => void;
    /** For tests: how to wait. @default setTimeout */
    sleep?: (ms: number) => Promise<void>;
    /** For tests: a number in [0, 1). @default Math.random */
    random?: () => number;
    /** Stops waiting (and retrying) when aborted: the last error is thrown. */
    signal?: AbortSignal;
}

export const DEFAULT_RETRY = { attempts: 5, baseMs: 200, maxMs: 10_000 } as const;

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The wait before try `attempt + 1` ("equal jitter"): a random time up to `min(maxMs, baseMs·2^(attempt-1))`,
 * at least half of it, so that many clients failing together do not come back together.
 */
export function backoffDelay(attempt: number, options: Pick<RetryOptions, 'baseMs' | 'maxMs' | 'random'> = {}): number {
    const baseMs = options.baseMs ?? DEFAULT_RETRY.baseMs;
    const maxMs = options.maxMs ?? DEFAULT_RETRY.maxMs;
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}

/**
 * Runs `fn` until it succeeds, retrying only retryable errors (see SyncError) with exponential
 * backoff and jitter. Poison and auth errors are thrown at once; after the last attempt the last
 * error is thrown. Whatever `fn` throws comes out as a SyncError.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
    const attempts = Math.max(1, options.attempts ?? DEFAULT_RETRY.attempts);
    const wait = options.sleep ?? sleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn(attempt);
        } catch (err) {
            const error = toSyncError(err);
            if (!error.retryable || attempt >= attempts || options.signal?.aborted) throw error;
            const delayMs = backoffDelay(attempt, options);
            options.onRetry?.({ attempt, delayMs, error });
            await wait(delayMs);
        }
    }
}
