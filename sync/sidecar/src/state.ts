import type { SyncStream } from '@entrepreneur-os/sync-contract';
import type { DeadLetterEntry } from '@entrepreneur-os/sync-engine';
import type { Redis } from 'ioredis';

/** What the sidecar remembers about a tenant's stream between runs (checkpoints live on the servers). */
export interface StreamState {
    lastSuccessAt: string | null;
    lastError: string | null;
    deadLetters: DeadLetterEntry[];
}

export const emptyState = (): StreamState => ({ lastSuccessAt: null, lastError: null, deadLetters: [] });

/**
 * Per-stream state. In-process without Redis; in Redis with BullMQ, so that whichever sidecar
 * process runs a stream next sees its dead letters (runs of one stream never overlap: see the
 * BullMQ scheduler's lock, so read-modify-write is safe).
 */
export interface StateStore {
    get(tenantCode: string, stream: SyncStream): Promise<StreamState>;
    set(tenantCode: string, stream: SyncStream, state: StreamState): Promise<void>;
    /** A `retry` push: the next run tries the dead letters again first (kept apart from the state, which a run rewrites). */
    requestRetry(tenantCode: string, stream: SyncStream): Promise<void>;
    /** True once per request. */
    takeRetryRequest(tenantCode: string, stream: SyncStream): Promise<boolean>;
}

export class MemoryStateStore implements StateStore {
    private readonly states = new Map<string, StreamState>();
    private readonly retries = new Set<string>();

    get(tenantCode: string, stream: SyncStream): Promise<StreamState> {
        return Promise.resolve(structuredClone(this.states.get(`${tenantCode}.${stream}`) ?? emptyState()));
    }

    set(tenantCode: string, stream: SyncStream, state: StreamState): Promise<void> {
        this.states.set(`${tenantCode}.${stream}`, structuredClone(state));
        return Promise.resolve();
    }

    requestRetry(tenantCode: string, stream: SyncStream): Promise<void> {
        this.retries.add(`${tenantCode}.${stream}`);
        return Promise.resolve();
    }

    takeRetryRequest(tenantCode: string, stream: SyncStream): Promise<boolean> {
        return Promise.resolve(this.retries.delete(`${tenantCode}.${stream}`));
    }
}

export class RedisStateStore implements StateStore {
    constructor(
        private readonly redis: Redis,
        private readonly prefix = 'eos-sync:state',
    ) {}

    async get(tenantCode: string, stream: SyncStream): Promise<StreamState> {
        const raw = await this.redis.get(`${this.prefix}:${tenantCode}.${stream}`);
        return raw ? { ...emptyState(), ...(JSON.parse(raw) as Partial<StreamState>) } : emptyState();
    }

    async set(tenantCode: string, stream: SyncStream, state: StreamState): Promise<void> {
        await this.redis.set(`${this.prefix}:${tenantCode}.${stream}`, JSON.stringify(state));
    }

    async requestRetry(tenantCode: string, stream: SyncStream): Promise<void> {
        await this.redis.set(`${this.prefix}:retry:${tenantCode}.${stream}`, '1');
    }

    async takeRetryRequest(tenantCode: string, stream: SyncStream): Promise<boolean> {
        // DEL answers how many keys it removed: an atomic test-and-clear.
        return (await this.redis.del(`${this.prefix}:retry:${tenantCode}.${stream}`)) === 1;
    }
}
