import { SyncStream } from '@entrepreneur-os/sync-contract';
import { describe, expect, it } from 'vitest';

import { LocalScheduler } from './scheduler';

/** A run that waits until released, recording starts. */
function controlledRuns() {
    const started: string[] = [];
    const releases: Array<() => void> = [];
    let running = 0;
    let maxRunning = 0;
    const perKey = new Map<string, number>();
    const run = (tenantCode: string, stream: SyncStream) => {
        const key = `${tenantCode}.${stream}`;
        started.push(key);
        running++;
        maxRunning = Math.max(maxRunning, running);
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
        if (perKey.get(key)! > 1) throw new Error(`two runs of ${key} at once`);
        return new Promise<void>(resolve =>
            releases.push(() => {
                running--;
                perKey.set(key, perKey.get(key)! - 1);
                resolve();
            }),
        );
    };
    const releaseAll = async () => {
        while (releases.length) {
            releases.shift()!();
            await new Promise(r => setImmediate(r));
        }
    };
    return { run, started, releases, releaseAll, maxRunning: () => maxRunning };
}

describe('LocalScheduler', () => {
    it('runs a stream once however often it is asked while waiting', async () => {
        const c = controlledRuns();
        const s = new LocalScheduler(c.run, 1);
        await s.schedule('a', 'orders', 'timer');
        await s.schedule('a', 'catalog', 'timer');
        await s.schedule('a', 'catalog', 'push');
        await s.schedule('a', 'catalog', 'timer');
        expect(c.started).toEqual(['a.orders']);
        await c.releaseAll();
        await s.idle();
        expect(c.started).toEqual(['a.orders', 'a.catalog']);
    });

    it('a push during a run leads to exactly one follow-up run; a timer tick during a run to none', async () => {
        const c = controlledRuns();
        const s = new LocalScheduler(c.run, 4);
        await s.schedule('a', 'catalog', 'push');
        await s.schedule('a', 'catalog', 'push');
        await s.schedule('a', 'catalog', 'push');
        await s.schedule('a', 'catalog', 'push');
        expect(c.started).toEqual(['a.catalog']);
        await c.releaseAll();
        await s.idle();
        expect(c.started).toEqual(['a.catalog', 'a.catalog']);

        await s.schedule('a', 'orders', 'timer');
        await s.schedule('a', 'orders', 'timer');
        await c.releaseAll();
        await s.idle();
        expect(c.started.filter(k => k === 'a.orders')).toHaveLength(1);
    });

    it('never runs more than `concurrency` at once, nor one stream twice', async () => {
        const c = controlledRuns();
        const s = new LocalScheduler(c.run, 2);
        for (const t of ['a', 'b', 'c'])
            for (const stream of ['catalog', 'orders'] as const) {
                await s.schedule(t, stream, 'push');
                await s.schedule(t, stream, 'push');
            }
        expect(c.started).toHaveLength(2);
        await c.releaseAll();
        await s.idle();
        expect(c.maxRunning()).toBe(2);
        expect(new Set(c.started).size).toBe(6);
    });

    it('close waits for the runs in progress and takes no more work', async () => {
        const c = controlledRuns();
        const s = new LocalScheduler(c.run, 1);
        await s.schedule('a', 'catalog', 'push');
        await s.schedule('a', 'orders', 'push');
        let closed = false;
        const closing = s.close().then(() => (closed = true));
        await new Promise(r => setImmediate(r));
        expect(closed).toBe(false);
        await c.releaseAll();
        await closing;
        await s.schedule('a', 'orders', 'push');
        expect(c.started).toEqual(['a.catalog']);
    });
});
