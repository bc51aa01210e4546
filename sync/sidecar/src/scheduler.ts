import { randomUUID } from 'node:crypto';

import type { SyncStream } from '@entrepreneur-os/sync-contract';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** Why a run is asked for: a timer tick never queues a follow-up of a running stream; anything else does. */
export type ScheduleReason = 'timer' | 'push' | 'retry' | 'start';

export type RunStream = (tenantCode: string, stream: SyncStream) => Promise<unknown>;

/** Decides when each tenant's stream runs; never runs one tenant's stream twice at once. */
export interface Scheduler {
    readonly kind: 'in-process' | 'bullmq';
    schedule(tenantCode: string, stream: SyncStream, reason: ScheduleReason): Promise<void>;
    start(): Promise<void>;
    /** Stops taking work and waits for the runs in progress. */
    close(): Promise<void>;
}

interface LocalSlot {
    running: boolean;
    queued: boolean;
    again: boolean;
}

/**
 * Without Redis: a queue in this process. Per tenant+stream at most one run at a time; a push
 * during a run marks the slot so that exactly one follow-up run starts when it ends (however many
 * pushes came). At most `concurrency` runs at once overall.
 */
export class LocalScheduler implements Scheduler {
    readonly kind = 'in-process';
    private readonly slots = new Map<string, LocalSlot>();
    private readonly waiting: Array<[string, SyncStream]> = [];
    private readonly active = new Set<Promise<unknown>>();
    private closed = false;

    constructor(
        private readonly run: RunStream,
        private readonly concurrency: number,
        private readonly onError: (error: unknown) => void = () => undefined,
    ) {}

    start(): Promise<void> {
        return Promise.resolve();
    }

    schedule(tenantCode: string, stream: SyncStream, reason: ScheduleReason): Promise<void> {
        if (this.closed) return Promise.resolve();
        const key = `${tenantCode}.${stream}`;
        let slot = this.slots.get(key);
        if (!slot) this.slots.set(key, (slot = { running: false, queued: false, again: false }));
        if (slot.running) {
            if (reason !== 'timer') slot.again = true;
        } else if (!slot.queued) {
            slot.queued = true;
            this.waiting.push([tenantCode, stream]);
            this.pump();
        }
        return Promise.resolve();
    }

    /** Runs in progress or waiting (for tests and /health). */
    get busy(): number {
        return this.active.size + this.waiting.length;
    }

    async close(): Promise<void> {
        this.closed = true;
        this.waiting.length = 0;
        await Promise.allSettled([...this.active]);
    }

    /** Resolves when nothing runs or waits (tests). */
    async idle(): Promise<void> {
        while (this.active.size) await Promise.allSettled([...this.active]);
    }

    private pump(): void {
        while (!this.closed && this.active.size < this.concurrency && this.waiting.length) {
            const [tenantCode, stream] = this.waiting.shift()!;
            const slot = this.slots.get(`${tenantCode}.${stream}`)!;
            slot.queued = false;
            slot.running = true;
            const running: Promise<unknown> = this.run(tenantCode, stream)
                .catch(this.onError)
                .finally(() => {
                    this.active.delete(running);
                    slot.running = false;
                    if (slot.again) {
                        slot.again = false;
                        void this.schedule(tenantCode, stream, 'push');
                    }
                    this.pump();
                });
            this.active.add(running);
        }
    }
}

export const BULLMQ_QUEUE = 'eos-sync';
const LOCK_TTL_MS = 60_000;
const LOCK_BUSY_DELAY_MS = 1000;

/**
 * With Redis: one BullMQ queue (`eos-sync`) shared by every sidecar process; each job is one run of
 * one tenant's stream.
 *
 * Deduplication and follow-ups. A job's id is `<tenant>.<stream>.<epoch>` (BullMQ refuses ':' in
 * custom ids). Adding a job whose id already exists does nothing, so any number of timer ticks and
 * pushes collapse into one waiting job. A worker that starts a job first increments the stream's
 * epoch (`eos-sync:epoch:<tenant>.<stream>`), *then* reads the feed. A push for a change that came
 * after that read therefore reads the new epoch and adds a new job id — the follow-up run —
 * instead of being swallowed by the active job's id; a push that read the old epoch came before the
 * increment, hence before the read, and the active run covers its change. Completed jobs are
 * removed, so ids never linger.
 *
 * Exclusion. Two jobs of one stream can exist at once (the active one and its follow-up), and other
 * processes may pick up the follow-up: a per-stream lock in Redis (`SET NX PX`, renewed while the
 * run lasts) lets only one run; a job that finds the lock taken is moved back to delayed and tried
 * a second later. A process that dies frees the lock when it expires (60 s) and BullMQ hands its
 * stalled job to another worker.
 *
 * Timer ticks skip a stream whose lock is held (it is running; its own follow-up, if any, is queued).
 */
export class BullMqScheduler implements Scheduler {
    readonly kind = 'bullmq';
    private readonly redis: Redis;
    private readonly queue: Queue;
    private worker: Worker | undefined;
    private workerConnection: Redis | undefined;

    private readonly queueName: string;
    private readonly prefix: string;

    constructor(
        private readonly redisUrl: string,
        private readonly run: RunStream,
        private readonly concurrency: number,
        private readonly onError: (error: unknown) => void = () => undefined,
        /** Tests: another queue name and key prefix. */
        names: { queue?: string; prefix?: string } = {},
    ) {
        this.queueName = names.queue ?? BULLMQ_QUEUE;
        this.prefix = names.prefix ?? 'eos-sync';
        // BullMQ needs maxRetriesPerRequest: null on the connections its workers block on.
        this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
        this.queue = new Queue(this.queueName, {
            connection: this.redis,
            defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
        });
    }

    /** The connection, shared with the Redis state store. */
    get connection(): Redis {
        return this.redis;
    }

    async start(): Promise<void> {
        // Workers block on their connection: a second one, closed with the worker.
        this.workerConnection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
        this.worker = new Worker<{ tenantCode: string; stream: SyncStream }>(this.queueName, (job, token) => this.process(job, token), {
            connection: this.workerConnection,
            concurrency: this.concurrency,
        });
        this.worker.on('error', this.onError);
        await this.worker.waitUntilReady();
    }

    async schedule(tenantCode: string, stream: SyncStream, reason: ScheduleReason): Promise<void> {
        const key = `${tenantCode}.${stream}`;
        if (reason === 'timer' && (await this.redis.exists(this.lockKey(key)))) return;
        const epoch = (await this.redis.get(this.epochKey(key))) ?? '0';
        await this.queue.add('stream', { tenantCode, stream }, { jobId: `${key}.${epoch}` });
    }

    async close(): Promise<void> {
        await this.worker?.close();
        await this.queue.close();
        await this.workerConnection?.quit().catch(() => undefined);
        await this.redis.quit().catch(() => undefined);
    }

    private async process(job: Job<{ tenantCode: string; stream: SyncStream }>, token?: string): Promise<void> {
        const { tenantCode, stream } = job.data;
        const key = `${tenantCode}.${stream}`;
        const owner = randomUUID();
        const locked = await this.redis.set(this.lockKey(key), owner, 'PX', LOCK_TTL_MS, 'NX');
        if (!locked) {
            await job.moveToDelayed(Date.now() + LOCK_BUSY_DELAY_MS, token);
            throw new DelayedError();
        }
        const renew = setInterval(() => {
            this.redis.eval(RENEW_IF_OWNER, 1, this.lockKey(key), owner, String(LOCK_TTL_MS)).catch(this.onError);
        }, LOCK_TTL_MS / 3);
        try {
            await this.redis.incr(this.epochKey(key));
            await this.run(tenantCode, stream);
        } finally {
            clearInterval(renew);
            await this.redis.eval(DELETE_IF_OWNER, 1, this.lockKey(key), owner).catch(this.onError);
        }
    }

    private lockKey(key: string): string {
        return `${this.prefix}:lock:${key}`;
    }

    private epochKey(key: string): string {
        return `${this.prefix}:epoch:${key}`;
    }
}

const RENEW_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
