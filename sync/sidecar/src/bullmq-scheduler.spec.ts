import { SyncStream } from '@entrepreneur-os/sync-contract';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { BullMqScheduler } from './scheduler';

/**
 * Against a real Redis: two schedulers stand for two sidecar processes sharing one queue. With
 * TEST_WITH_SERVICES (what CI runs) it uses TEST_REDIS_URL (default redis://127.0.0.1:6379/0) and
 * fails when Redis is down; otherwise it runs only when REDIS_URL names a Redis.
 */
const withServices = /^(1|true|yes)$/i.test(process.env.TEST_WITH_SERVICES ?? '');
const redisUrl = withServices ? process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/0' : process.env.REDIS_URL;

async function waitFor(fn: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!fn()) {
        if (Date.now() > deadline) throw new Error('waitFor: timed out');
        await new Promise(r => setTimeout(r, 20));
    }
}

describe.skipIf(!redisUrl)('BullMqScheduler (real Redis)', () => {
    const names = { queue: `eos-sync-test-${process.pid}`, prefix: `eos-sync-test-${process.pid}` };
    const schedulers: BullMqScheduler[] = [];
    afterAll(async () => {
        await Promise.all(schedulers.map(s => s.close()));
        const redis = new Redis(redisUrl!);
        for (const pattern of [`bull:${names.queue}:*`, `${names.prefix}:*`]) {
            const keys = await redis.keys(pattern);
            if (keys.length) await redis.del(...keys);
        }
        await redis.quit();
    });

    it('deduplicates, never runs one stream twice at once across processes, and a push during a run gets one follow-up', async () => {
        const runs: Array<{ key: string; by: number; start: number; end?: number }> = [];
        let release: (() => void) | undefined;
        const gate = () => new Promise<void>(resolve => (release = resolve));
        const makeRun = (by: number) => async (tenantCode: string, stream: SyncStream) => {
            const run: { key: string; by: number; start: number; end?: number } = { key: `${tenantCode}.${stream}`, by, start: Date.now() };
            runs.push(run);
            await gate();
            run.end = Date.now();
        };
        for (const by of [1, 2]) {
            const s = new BullMqScheduler(redisUrl!, makeRun(by), 2, err => console.error(err), names);
            schedulers.push(s);
            await s.start();
        }
        const [a, b] = schedulers;

        // Many asks while waiting collapse into one run.
        await a.schedule('alpine', 'catalog', 'timer');
        await b.schedule('alpine', 'catalog', 'push');
        await a.schedule('alpine', 'catalog', 'push');
        await waitFor(() => runs.length === 1);

        // Pushes while it runs (from both processes): exactly one follow-up; a timer tick adds none.
        await a.schedule('alpine', 'catalog', 'push');
        await b.schedule('alpine', 'catalog', 'push');
        await b.schedule('alpine', 'catalog', 'timer');
        await new Promise(r => setTimeout(r, 1500));
        expect(runs).toHaveLength(1); // the follow-up waits for the lock
        release!();
        await waitFor(() => runs.length === 2, 5000);
        release!();
        await waitFor(() => runs.every(r => r.end));
        await new Promise(r => setTimeout(r, 1500));
        expect(runs).toHaveLength(2);
        expect(runs[1].start).toBeGreaterThanOrEqual(runs[0].end!);
        // Nothing left over: a new ask runs again.
        await b.schedule('alpine', 'catalog', 'timer');
        await waitFor(() => runs.length === 3);
        release!();
        await waitFor(() => runs.every(r => r.end));
    }, 30_000);
});
