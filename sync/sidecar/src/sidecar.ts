import type { Server } from 'node:http';

import { PushNotification, SYNC_STREAMS, SyncStatusReport, SyncStream } from '@entrepreneur-os/sync-contract';
import {
    backoffDelay,
    MasterApi,
    MasterClient,
    retryDeadLetters,
    RetryOptions,
    StreamRunResult,
    syncTenant,
    toContractDeadLetter,
    toSyncError,
} from '@entrepreneur-os/sync-engine';

import { ensurePushSecret, requireMasterApiKey, SidecarConfig } from './config';
import { createHttpServer } from './http';
import { createLogger, Logger } from './log';
import { SyncMetrics } from './metrics';
import { BullMqScheduler, LocalScheduler, ScheduleReason, Scheduler } from './scheduler';
import { MemoryStateStore, RedisStateStore, StateStore, StreamState } from './state';
import { TenantDirectory, TenantDirectoryOptions } from './tenants';

/** Per call, inside one run; the next timer tick is the next chance anyway. */
const RUN_RETRY: RetryOptions = { attempts: 4, baseMs: 250, maxMs: 5000 };
const MAX_REPORTED_DEAD_LETTERS = 1000;
/** A status report is sent when something changed, and at least this often. */
const REPORT_HEARTBEAT_MS = 30_000;

export interface SidecarOptions {
    config: SidecarConfig;
    log?: Logger;
    /** Tests: a master to use instead of a MasterClient. */
    master?: MasterApi;
    /** Tests: builds a tenant's ecommerce side instead of an EcommerceClient. */
    ecommerceFactory?: TenantDirectoryOptions['ecommerceFactory'];
}

/**
 * The sync driver: registers with master for pushes, runs every READY tenant's four streams on a
 * timer and on push (in-process, or BullMQ when REDIS_URL is set), reports each run to master and
 * serves /push, /metrics and /health.
 */
export class Sidecar {
    readonly metrics = new SyncMetrics();
    readonly master: MasterApi;
    private readonly log: Logger;
    private readonly config: SidecarConfig;
    private readonly abort = new AbortController();
    private readonly directory: TenantDirectory;
    private scheduler: Scheduler | undefined;
    private store: StateStore = new MemoryStateStore();
    private server: Server | undefined;
    private timer: NodeJS.Timeout | undefined;
    private ticking = false;
    private state: 'starting' | 'running' | 'stopping' = 'starting';
    private readonly lastReports = new Map<string, { json: string; at: number }>();

    constructor(options: SidecarOptions) {
        this.config = options.config;
        this.log = options.log ?? createLogger(options.config.logFormat);
        this.master =
            options.master ??
            new MasterClient({
                baseUrl: this.config.masterUrl,
                apiKey: requireMasterApiKey(this.config),
                timeoutMs: this.config.timeoutMs,
                credentialsHint: this.config.masterApiKeySource,
            });
        this.directory = new TenantDirectory({
            master: this.master,
            dataDir: this.config.dataDir,
            assetBaseUrl: this.config.assetBaseUrl,
            timeoutMs: this.config.timeoutMs,
            retry: RUN_RETRY,
            pageSize: this.config.pageSize,
            signal: this.abort.signal,
            ecommerceFactory: options.ecommerceFactory,
        });
    }

    /** The port /push, /metrics and /health listen on (SYNC_PORT=0 picks a free one). */
    get port(): number {
        const address = this.server?.address();
        return typeof address === 'object' && address ? address.port : this.config.port;
    }

    async start(): Promise<void> {
        const { config } = this;
        const pushSecret = ensurePushSecret(config);
        const onError = (err: unknown) => this.log('error', 'scheduler error', { error: (err as Error).message });
        const run = (tenantCode: string, stream: SyncStream) => this.runStream(tenantCode, stream);
        if (config.redisUrl) {
            const prefix = config.redisKeyPrefix ? `${config.redisKeyPrefix}-eos-sync` : undefined;
            const bull = new BullMqScheduler(config.redisUrl, run, config.concurrency, onError, prefix ? { queue: prefix, prefix } : {});
            this.scheduler = bull;
            this.store = new RedisStateStore(bull.connection, prefix ? `${prefix}:state` : undefined);
        } else {
            this.scheduler = new LocalScheduler(run, config.concurrency, onError);
        }
        this.server = createHttpServer({
            pushSecret,
            onPush: n => this.onPush(n),
            metrics: () => this.metrics.render(),
            health: () => ({
                ok: this.state === 'running',
                state: this.state,
                scheduler: this.scheduler?.kind,
                tenants: this.directory.list().map(t => t.info.code),
            }),
        });
        await listen(this.server, config.port);
        this.log('info', `listening on port ${config.port}`, { push: `${config.publicUrl}/push`, scheduler: this.scheduler.kind });
        await this.register(pushSecret);
        await this.scheduler.start();
        this.state = 'running';
        await this.tick('start');
        this.timer = setInterval(() => void this.tick('timer'), config.intervalMs);
    }

    async stop(): Promise<void> {
        if (this.state === 'stopping') return;
        this.state = 'stopping';
        this.log('info', 'stopping: finishing the runs in progress');
        clearInterval(this.timer);
        this.abort.abort();
        await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
        await this.scheduler?.close();
        this.log('info', 'stopped');
    }

    /** Every READY tenant's streams, now (a timer tick, or the first one). */
    async tick(reason: ScheduleReason): Promise<void> {
        if (this.ticking || this.state !== 'running') return;
        this.ticking = true;
        try {
            const tenants = await this.directory.refreshIfOlder(this.config.tenantRefreshMs).catch(err => {
                this.logChange('tenants', 'warn', `cannot read the tenants from master: ${toSyncError(err).message}`);
                return this.directory.list();
            });
            for (const tenant of tenants)
                for (const stream of SYNC_STREAMS) await this.scheduler!.schedule(tenant.info.code, stream, reason);
        } catch (err) {
            this.log('error', 'scheduling failed', { error: (err as Error).message });
        } finally {
            this.ticking = false;
        }
    }

    async onPush(notification: PushNotification): Promise<void> {
        const { tenantCode, stream } = notification;
        this.log('debug', 'push', { tenant: tenantCode, stream, lastPosition: notification.lastPosition });
        if (stream === 'retry') {
            for (const s of SYNC_STREAMS) {
                await this.store.requestRetry(tenantCode, s);
                await this.scheduler?.schedule(tenantCode, s, 'retry');
            }
        } else {
            await this.scheduler?.schedule(tenantCode, stream, 'push');
        }
    }

    /** One run of one tenant's stream: retry dead letters if asked, run, remember, count, report. */
    async runStream(tenantCode: string, stream: SyncStream): Promise<StreamRunResult | undefined> {
        const tenant = await this.directory.get(tenantCode).catch(() => undefined);
        if (!tenant) return undefined;
        const key = `${tenantCode}.${stream}`;
        const state = await this.store.get(tenantCode, stream);
        if (!tenant.ctx) {
            this.metrics.recordError(tenantCode, stream, 'auth');
            this.logChange(key, 'error', tenant.problem ?? 'cannot sync', { tenant: tenantCode, stream });
            await this.report({ ...state, lastError: tenant.problem ?? null }, tenantCode, stream, 0, 0, 0);
            return undefined;
        }
        if (await this.store.takeRetryRequest(tenantCode, stream)) {
            const retried = await retryDeadLetters(tenant.ctx, tenantCode, stream, state.deadLetters);
            this.log('info', 'dead letters retried', {
                tenant: tenantCode,
                stream,
                applied: retried.applied,
                stillFailing: retried.deadLetters.length,
                error: retried.error?.message,
            });
            state.deadLetters = retried.deadLetters;
        }
        const result = await syncTenant(tenant.ctx, tenantCode, stream, { deadLetters: state.deadLetters });
        if (result.ok) {
            state.lastSuccessAt = new Date().toISOString();
            state.lastError = null;
        } else {
            state.lastError = result.error?.message ?? 'failed';
        }
        state.deadLetters = result.deadLetters;
        await this.store.set(tenantCode, stream, state);
        this.metrics.recordRun(result);
        const fields = {
            tenant: tenantCode,
            stream,
            applied: result.itemsApplied,
            position: result.appliedPosition,
            source: result.sourcePosition,
            lag: result.lagPositions,
            ms: result.durationMs,
        };
        if (result.error) this.logChange(key, result.error.kind === 'auth' ? 'error' : 'warn', result.error.message, fields);
        else {
            if (this.lastLogged.get(key)) this.log('info', 'recovered', fields);
            this.lastLogged.delete(key);
            if (result.itemsApplied || result.newDeadLetters)
                this.log('info', 'applied', { ...fields, newDeadLetters: result.newDeadLetters || undefined });
        }
        // New dead letters are the last ones (a Map keeps insertion order).
        if (result.newDeadLetters) {
            for (const letter of result.deadLetters.slice(-result.newDeadLetters)) {
                this.log('warn', 'dead letter', { tenant: tenantCode, stream, item: letter.itemKey, error: letter.error });
            }
        }
        await this.report(state, tenantCode, stream, result.sourcePosition, result.appliedPosition, result.lagSeconds);
        return result;
    }

    private async report(state: StreamState, tenantCode: string, stream: SyncStream, source: number, applied: number, lagSeconds: number) {
        const report: SyncStatusReport = {
            tenantCode,
            stream,
            sourcePosition: source,
            appliedPosition: applied,
            lagSeconds,
            lastSuccessAt: state.lastSuccessAt,
            lastError: state.lastError,
            // Master keeps at most 1000 per stream; the newest are the ones to look at.
            deadLetters: state.deadLetters.slice(-MAX_REPORTED_DEAD_LETTERS).map(toContractDeadLetter),
        };
        const key = `${tenantCode}.${stream}`;
        const json = JSON.stringify({ ...report, lastSuccessAt: undefined });
        const last = this.lastReports.get(key);
        if (last && last.json === json && Date.now() - last.at < REPORT_HEARTBEAT_MS) return;
        try {
            await this.master.reportSyncStatus(report);
            this.lastReports.set(key, { json, at: Date.now() });
        } catch (err) {
            this.logChange(`report.${key}`, 'warn', `status report to master failed: ${toSyncError(err).message}`);
        }
    }

    /** Registers `<SYNC_PUBLIC_URL>/push` for every tenant; retries until master answers (auth errors end it). */
    private async register(secret: string): Promise<void> {
        const url = `${this.config.publicUrl}/push`;
        for (let attempt = 1; ; attempt++) {
            try {
                await this.master.registerSyncSubscriber(url, secret, null);
                this.log('info', `registered with master for pushes`, { master: this.config.masterUrl, url });
                return;
            } catch (err) {
                const error = toSyncError(err);
                if (error.kind === 'auth' || this.abort.signal.aborted) throw error;
                const delayMs = backoffDelay(attempt, { baseMs: 500, maxMs: 15_000 });
                this.log('warn', `${error.message}: is master running (npm start)? retrying in ${Math.round(delayMs / 100) / 10} s`);
                await new Promise(resolve => setTimeout(resolve, delayMs));
            }
        }
    }

    private readonly lastLogged = new Map<string, string>();

    /** Logs a problem once, not at every tick while it lasts. */
    private logChange(key: string, level: 'warn' | 'error', message: string, fields?: Record<string, unknown>): void {
        if (this.lastLogged.get(key) === message) return;
        this.lastLogged.set(key, message);
        this.log(level, message, fields);
    }
}

function listen(server: Server, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) =>
            reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: is another sidecar running? (set SYNC_PORT)`) : err),
        );
        server.listen(port, () => resolve());
    });
}
