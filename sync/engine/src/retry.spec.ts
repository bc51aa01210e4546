import { describe, expect, it } from 'vitest';

import { SyncError } from './errors';
import { backoffDelay, retry } from './retry';

describe('retry', () => {
    it('waits exponentially longer with jitter, capped at maxMs', () => {
        const low = (attempt: number) => backoffDelay(attempt, { baseMs: 100, maxMs: 1000, random: () => 0 });
        const high = (attempt: number) => backoffDelay(attempt, { baseMs: 100, maxMs: 1000, random: () => 0.999999 });
        expect([1, 2, 3, 4, 5, 6].map(low)).toEqual([50, 100, 200, 400, 500, 500]);
        expect([1, 2, 3, 4, 5, 6].map(high)).toEqual([100, 200, 400, 800, 1000, 1000]);
    });

    it('retries only retryable errors', async () => {
        const waits: number[] = [];
        const sleep = (ms: number) => (waits.push(ms), Promise.resolve());
        let n = 0;
        await expect(
            retry(
                () => {
                    n++;
                    throw new SyncError('bad input', { kind: 'poison' });
                },
                { sleep },
            ),
        ).rejects.toMatchObject({ kind: 'poison' });
        expect(n).toBe(1);

        n = 0;
        const value = await retry(
            () => {
                if (++n < 3) throw new SyncError('timeout', { kind: 'retryable' });
                return Promise.resolve('ok');
            },
            { attempts: 3, sleep, baseMs: 10, random: () => 0 },
        );
        expect(value).toBe('ok');
        expect(waits).toEqual([5, 10]);
    });

    it('throws the last error after the last attempt; anything thrown becomes a SyncError', async () => {
        let n = 0;
        const error = await retry(
            () => {
                n++;
                throw new Error(`boom ${n}`);
            },
            { attempts: 4, sleep: () => Promise.resolve() },
        ).catch(e => e as SyncError);
        expect(n).toBe(4);
        expect(error).toBeInstanceOf(SyncError);
        expect(error).toMatchObject({ kind: 'retryable', message: 'boom 4' });
    });
});
