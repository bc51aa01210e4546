import { SyncError, StreamRunResult } from '@entrepreneur-os/sync-engine';
import { describe, expect, it } from 'vitest';

import { MetricsRegistry, SyncMetrics } from './metrics';

const run = (over: Partial<StreamRunResult>): StreamRunResult => ({
    tenantCode: 'alpine',
    stream: 'catalog',
    ok: true,
    startPosition: 0,
    appliedPosition: 10,
    sourcePosition: 12,
    lagPositions: 2,
    lagSeconds: 3,
    itemsApplied: 5,
    itemsRemoved: 0,
    itemsSkipped: 0,
    itemsPending: 0,
    pages: 1,
    applyCalls: 1,
    deadLetters: [],
    newDeadLetters: 0,
    error: null,
    startedAt: new Date().toISOString(),
    durationMs: 5,
    ...over,
});

describe('Prometheus metrics', () => {
    it('renders HELP, TYPE and one sample per label set in the text format', () => {
        const metrics = new SyncMetrics();
        metrics.recordRun(run({}));
        metrics.recordRun(run({ itemsApplied: 3, lagPositions: 0, lagSeconds: 0 }));
        metrics.recordRun(
            run({
                stream: 'orders',
                ok: false,
                itemsApplied: 0,
                error: new SyncError('x', { kind: 'auth' }),
                newDeadLetters: 2,
                deadLetters: [
                    { stream: 'orders', itemKey: 'A', error: 'e', attempts: 1, firstFailedAt: '', lastFailedAt: '', item: null },
                    { stream: 'orders', itemKey: 'B', error: 'e', attempts: 1, firstFailedAt: '', lastFailedAt: '', item: null },
                ],
            }),
        );
        const text = metrics.render();
        expect(text.endsWith('\n')).toBe(true);
        const lines = text.trim().split('\n');
        expect(lines).toContain('# TYPE eos_sync_lag_positions gauge');
        expect(lines).toContain('# TYPE eos_sync_items_applied_total counter');
        expect(lines).toContain('eos_sync_lag_positions{stream="catalog",tenant="alpine"} 0');
        expect(lines).toContain('eos_sync_lag_seconds{stream="catalog",tenant="alpine"} 0');
        expect(lines).toContain('eos_sync_items_applied_total{stream="catalog",tenant="alpine"} 8');
        expect(lines).toContain('eos_sync_runs_total{outcome="ok",stream="catalog",tenant="alpine"} 2');
        expect(lines).toContain('eos_sync_runs_total{outcome="error",stream="orders",tenant="alpine"} 1');
        expect(lines).toContain('eos_sync_errors_total{kind="auth",stream="orders",tenant="alpine"} 1');
        expect(lines).toContain('eos_sync_errors_total{kind="poison",stream="orders",tenant="alpine"} 2');
        expect(lines).toContain('eos_sync_dead_letters{stream="orders",tenant="alpine"} 2');
        // Every sample line is `name{labels} value`, and every family has HELP before TYPE.
        for (const line of lines.filter(l => !l.startsWith('#')))
            expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$/);
        const families = lines.filter(l => l.startsWith('# TYPE')).map(l => l.split(' ')[2]);
        expect(families).toEqual([
            'eos_sync_lag_positions',
            'eos_sync_lag_seconds',
            'eos_sync_items_applied_total',
            'eos_sync_errors_total',
            'eos_sync_runs_total',
            'eos_sync_dead_letters',
        ]);
        for (const f of families)
            expect(lines.indexOf(lines.find(l => l.startsWith(`# HELP ${f} `))!)).toBe(
                lines.indexOf(`# TYPE ${f} ${f.endsWith('_total') ? 'counter' : 'gauge'}`) - 1,
            );
    });

    it('escapes label values and help text', () => {
        const r = new MetricsRegistry();
        r.define('x_total', 'counter', 'a \\ b\nc');
        r.inc('x_total', { tenant: 'we"ird\\\n' });
        expect(r.render()).toBe('# HELP x_total a \\\\ b\\nc\n# TYPE x_total counter\nx_total{tenant="we\\"ird\\\\\\n"} 1\n');
    });

    it('renders families without samples as HELP/TYPE only, and special values', () => {
        const r = new MetricsRegistry();
        r.define('g', 'gauge', 'g');
        expect(r.render()).toBe('# HELP g g\n# TYPE g gauge\n');
        r.set('g', {}, Infinity);
        expect(r.render()).toContain('\ng +Inf\n');
    });
});
