import type { SyncStream } from '@entrepreneur-os/sync-contract';
import type { StreamRunResult, SyncErrorKind } from '@entrepreneur-os/sync-engine';

type Labels = Record<string, string>;

interface Family {
    type: 'gauge' | 'counter';
    help: string;
    values: Map<string, { labels: Labels; value: number }>;
}

/**
 * A tiny Prometheus registry: gauges and counters with labels, rendered in the text exposition
 * format 0.0.4 (written by hand: prom-client is not a dependency of the repository).
 */
export class MetricsRegistry {
    private readonly families = new Map<string, Family>();

    define(name: string, type: Family['type'], help: string): void {
        if (!this.families.has(name)) this.families.set(name, { type, help, values: new Map() });
    }

    set(name: string, labels: Labels, value: number): void {
        this.entry(name, labels).value = value;
    }

    inc(name: string, labels: Labels, by = 1): void {
        this.entry(name, labels).value += by;
    }

    get(name: string, labels: Labels): number | undefined {
        return this.families.get(name)?.values.get(labelKey(labels))?.value;
    }

    render(): string {
        const lines: string[] = [];
        for (const [name, family] of this.families) {
            lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
            for (const { labels, value } of family.values.values()) lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
        }
        return lines.join('\n') + '\n';
    }

    private entry(name: string, labels: Labels): { labels: Labels; value: number } {
        const family = this.families.get(name);
        if (!family) throw new Error(`metric ${name} is not defined`);
        const key = labelKey(labels);
        let entry = family.values.get(key);
        if (!entry) family.values.set(key, (entry = { labels: { ...labels }, value: 0 }));
        return entry;
    }
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The sidecar's metrics (sync/README.md, "Sidecar"). */
export class SyncMetrics {
    readonly registry = new MetricsRegistry();

    constructor() {
        const r = this.registry;
        r.define('eos_sync_lag_positions', 'gauge', 'Feed positions the receiver is behind the sender, per tenant and stream.');
        r.define('eos_sync_lag_seconds', 'gauge', 'Age in seconds of the oldest change not applied yet (0 when caught up).');
        r.define('eos_sync_items_applied_total', 'counter', 'Products, stock movements and order summaries applied.');
        r.define(
            'eos_sync_errors_total',
            'counter',
            'Sync errors by kind: retryable, receiver (the receiver refused items for a reason of its own), poison (one per dead-lettered item, or a call refused as a whole) or auth.',
        );
        r.define('eos_sync_runs_total', 'counter', 'Stream runs, by outcome (ok or error).');
        r.define('eos_sync_dead_letters', 'gauge', 'Items given up on (poison), waiting for an operator.');
    }

    recordRun(result: StreamRunResult): void {
        const labels = { tenant: result.tenantCode, stream: result.stream };
        const r = this.registry;
        r.set('eos_sync_lag_positions', labels, result.lagPositions);
        r.set('eos_sync_lag_seconds', labels, result.lagSeconds);
        r.inc('eos_sync_items_applied_total', labels, result.itemsApplied);
        r.inc('eos_sync_runs_total', { ...labels, outcome: result.ok ? 'ok' : 'error' });
        r.set('eos_sync_dead_letters', labels, result.deadLetters.length);
        if (result.newDeadLetters) this.recordError(result.tenantCode, result.stream, 'poison', result.newDeadLetters);
        if (result.error) this.recordError(result.tenantCode, result.stream, result.error.kind);
    }

    recordError(tenant: string, stream: SyncStream, kind: SyncErrorKind, count = 1): void {
        this.registry.inc('eos_sync_errors_total', { tenant, stream, kind }, count);
    }

    setDeadLetters(tenant: string, stream: SyncStream, count: number): void {
        this.registry.set('eos_sync_dead_letters', { tenant, stream }, count);
    }

    render(): string {
        return this.registry.render();
    }
}

function labelKey(labels: Labels): string {
    return Object.keys(labels)
        .sort()
        .map(k => `${k}=${labels[k]}`)
        .join('\u0000');
}

function formatLabels(labels: Labels): string {
    const keys = Object.keys(labels).sort();
    if (!keys.length) return '';
    return `{${keys.map(k => `${k}="${escapeLabel(labels[k])}"`).join(',')}}`;
}

/** Label values escape backslash, double quote and line feed. */
function escapeLabel(value: string): string {
    return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(value: string): string {
    return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return '+Inf';
    if (value === -Infinity) return '-Inf';
    return String(value);
}
