import { Inject, Injectable } from '@nestjs/common';
import { StockMovementRecord } from '@entrepreneur-os/pim-plugin';
import { Tenant } from '@entrepreneur-os/multi-tenant-plugin';
import { PUSH_SIGNATURE_HEADER, PushNotification, signPush } from '@entrepreneur-os/sync-contract';
import { Logger, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { In } from 'typeorm';

import { loggerCtx } from '../shared/constants';
import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { SyncSubscriber } from './entities/sync-subscriber.entity';
import { StreamGrowth } from './feed-subscriber';
import { MASTER_SYNC_OPTIONS, MasterSyncOptions } from './options';

type PushedStream = PushNotification['stream'];

/**
 * Tells the registered subscribers (sidecars) that a tenant's stream grew, once the change has
 * committed: a signed `PushNotification` POST, fire-and-forget. Bursts are coalesced per tenant and
 * stream: the first change is told at once, what follows within the window in one more
 * notification with the position at that time. A stream's notifications go out one after the
 * other, so the last one to arrive carries the newest position (a slow first read could otherwise
 * arrive after a later, newer one).
 */
@Injectable()
export class PushService {
    private readonly windows = new Map<string, { again: boolean }>();
    /** The notification of a tenant's stream being sent now: the next one waits for it, so they arrive in order. */
    private readonly sending = new Map<string, Promise<void>>();

    constructor(
        private connection: TransactionalConnection,
        @Inject(MASTER_SYNC_OPTIONS) private options: MasterSyncOptions,
    ) {}

    async register(ctx: RequestContext, url: string, secret: string, tenantCodes: string[] | null | undefined): Promise<void> {
        const problems: string[] = [];
        let parsed: URL | undefined;
        try {
            parsed = new URL(url);
        } catch {
            problems.push(`url: "${url}" is not a URL`);
        }
        if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
            problems.push(`url: http or https, not ${parsed.protocol}`);
        if (url.length > 500) problems.push('url: at most 500 characters');
        if (secret.length < 16 || secret.length > 500) problems.push('secret: 16–500 characters');
        if (tenantCodes) {
            if (!tenantCodes.length) problems.push('tenantCodes: at least one code, or null for every tenant');
            const known = new Set(
                (await this.connection.getRepository(ctx, Tenant).find({ where: { code: In(tenantCodes) }, select: { code: true } })).map(
                    t => t.code,
                ),
            );
            const unknown = tenantCodes.filter(code => !known.has(code));
            if (unknown.length) problems.push(`tenantCodes: no tenant ${unknown.map(c => `"${c}"`).join(', ')}`);
        }
        if (problems.length) throw new UserInputError(`Subscriber refused: ${problems.join('; ')}`);
        const repo = this.connection.getRepository(ctx, SyncSubscriber);
        const existing = await repo.findOne({ where: { url } });
        await repo.save(new SyncSubscriber({ ...(existing ? { id: existing.id } : {}), url, secret, tenantCodes: tenantCodes ?? null }));
    }

    /** Called after the commit of a transaction that grew these streams. */
    streamsGrew(grown: StreamGrowth[]): void {
        for (const { tenantCode, stream } of grown) this.schedule(tenantCode, stream);
    }

    /** Asks the tenant's subscribers to run every stream again (after dead letters were cleared). */
    retry(tenantCode: string): void {
        this.schedule(tenantCode, 'retry');
    }

    private schedule(tenantCode: string, stream: PushedStream): void {
        const key = `${tenantCode}\u0000${stream}`;
        const open = this.windows.get(key);
        if (open) {
            open.again = true;
            return;
        }
        const window = { again: false };
        this.windows.set(key, window);
        const sent = (this.sending.get(key) ?? Promise.resolve()).then(() => this.send(tenantCode, stream));
        this.sending.set(key, sent);
        void sent.then(() => {
            if (this.sending.get(key) === sent) this.sending.delete(key);
        });
        setTimeout(() => {
            this.windows.delete(key);
            if (window.again) this.schedule(tenantCode, stream);
        }, this.options.pushCoalesceMs).unref();
    }

    private async send(tenantCode: string, stream: PushedStream): Promise<void> {
        try {
            const subscribers = (await this.connection.rawConnection.getRepository(SyncSubscriber).find()).filter(
                s => !s.tenantCodes || s.tenantCodes.includes(tenantCode),
            );
            if (!subscribers.length) return;
            const notification: PushNotification = {
                tenantCode,
                stream,
                lastPosition: await this.lastPosition(tenantCode, stream),
                sentAt: new Date().toISOString(),
            };
            const body = JSON.stringify(notification);
            await Promise.all(subscribers.map(subscriber => this.post(subscriber, body)));
        } catch (err) {
            Logger.warn(`Push for ${tenantCode}/${stream} not sent: ${(err as Error).message}`, loggerCtx);
        }
    }

    private async post(subscriber: SyncSubscriber, body: string): Promise<void> {
        try {
            const res = await fetch(subscriber.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', [PUSH_SIGNATURE_HEADER]: signPush(subscriber.secret, body) },
                body,
                signal: AbortSignal.timeout(this.options.pushTimeoutMs),
            });
            if (!res.ok) Logger.warn(`Push to ${subscriber.url} answered ${res.status}`, loggerCtx);
        } catch (err) {
            Logger.warn(`Push to ${subscriber.url} failed: ${(err as Error).message}`, loggerCtx);
        }
    }

    /** The committed newest position of the stream (read outside any transaction). */
    private async lastPosition(tenantCode: string, stream: PushedStream): Promise<number> {
        const raw = this.connection.rawConnection;
        const [last] =
            stream === 'stock-to-ecommerce'
                ? await raw
                      .getRepository(StockMovementRecord)
                      .find({ where: { tenantCode, origin: 'master' }, order: { id: 'DESC' }, take: 1, select: { id: true } })
                : await raw
                      .getRepository(SyncFeedEntry)
                      .find({ where: { tenantCode }, order: { id: 'DESC' }, take: 1, select: { id: true } });
        return last ? Number(last.id) : 0;
    }
}
