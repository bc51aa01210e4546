import { Injectable } from '@nestjs/common';
import { StockMovementRecord } from '@entrepreneur-os/pim-plugin';
import { DeadLetter, SYNC_STREAMS, SyncStatusReport, SyncStream } from '@entrepreneur-os/sync-contract';
import { RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { In } from 'typeorm';

import { SyncFeedEntry } from './entities/sync-feed-entry.entity';
import { SyncStatusEntry } from './entities/sync-status.entity';
import { InboxService } from './inbox.service';
import { PushService } from './push.service';
import { describeProblems, syncStatusReportProblems } from './sync-input-validation';
import { SyncTenantService } from './sync-tenant.service';

const MAX_ERROR_LENGTH = 2000;

/** One row of `syncStatus`: a tenant's stream as its sidecar last reported it, with master's own position. */
export interface TenantSyncStatus {
    tenantCode: string;
    stream: SyncStream;
    sourcePosition: number;
    appliedPosition: number;
    lagSeconds: number;
    lastSuccessAt: string | null;
    lastError: string | null;
    deadLetters: DeadLetter[];
    /** When the report came; null: never reported. */
    updatedAt: Date | null;
    /** What master knows now: the newest position it sends (catalog, stock-to-ecommerce) or has applied (stock-to-master, orders). */
    masterPosition: number;
}

/** The sidecars' status reports per tenant and stream, and the retry of what they gave up on. */
@Injectable()
export class SyncStatusService {
    constructor(
        private connection: TransactionalConnection,
        private tenants: SyncTenantService,
        private inbox: InboxService,
        private push: PushService,
    ) {}

    async report(ctx: RequestContext, input: unknown): Promise<void> {
        const problems = syncStatusReportProblems(input);
        if (problems.length) throw new UserInputError(`Status report refused: ${describeProblems(problems)}`);
        const report = input as SyncStatusReport;
        const tenant = await this.tenants.select(ctx, report.tenantCode);
        const stored: SyncStatusReport = {
            tenantCode: tenant.code,
            stream: report.stream,
            sourcePosition: report.sourcePosition,
            appliedPosition: report.appliedPosition,
            lagSeconds: report.lagSeconds,
            lastSuccessAt: report.lastSuccessAt,
            lastError: report.lastError === null ? null : report.lastError.slice(0, MAX_ERROR_LENGTH),
            deadLetters: report.deadLetters.map(d => ({
                stream: d.stream,
                itemKey: d.itemKey,
                error: d.error.slice(0, MAX_ERROR_LENGTH),
                attempts: d.attempts,
                firstFailedAt: d.firstFailedAt,
                lastFailedAt: d.lastFailedAt,
            })),
        };
        const repo = this.connection.getRepository(ctx, SyncStatusEntry);
        const existing = await repo.findOne({ where: { tenantCode: tenant.code, stream: report.stream } });
        await repo.save(
            new SyncStatusEntry({
                ...(existing ? { id: existing.id } : {}),
                tenantCode: tenant.code,
                stream: report.stream,
                report: stored,
            }),
        );
    }

    /** Every stream of every tenant the caller sees (all on the default channel, its own in a tenant's). */
    async status(ctx: RequestContext): Promise<TenantSyncStatus[]> {
        const tenants = await this.tenants.visible(ctx);
        if (!tenants.length) return [];
        const codes = tenants.map(t => t.code);
        const entries = await this.connection.getRepository(ctx, SyncStatusEntry).find({ where: { tenantCode: In(codes) } });
        const rows: TenantSyncStatus[] = [];
        for (const code of codes) {
            const positions = await this.masterPositions(ctx, code);
            for (const stream of SYNC_STREAMS) {
                const entry = entries.find(e => e.tenantCode === code && e.stream === stream);
                const report = entry?.report;
                rows.push({
                    tenantCode: code,
                    stream,
                    sourcePosition: report?.sourcePosition ?? 0,
                    appliedPosition: report?.appliedPosition ?? 0,
                    lagSeconds: report?.lagSeconds ?? 0,
                    lastSuccessAt: report?.lastSuccessAt ?? null,
                    lastError: report?.lastError ?? null,
                    deadLetters: report?.deadLetters ?? [],
                    updatedAt: entry ? entry.updatedAt : null,
                    masterPosition: positions[stream],
                });
            }
        }
        return rows;
    }

    /** Clears the tenant's dead letters and asks its subscribers to run again (after the commit). */
    async retry(ctx: RequestContext, tenantCode: string): Promise<void> {
        const tenant = await this.tenants.select(ctx, tenantCode);
        const repo = this.connection.getRepository(ctx, SyncStatusEntry);
        for (const entry of await repo.find({ where: { tenantCode: tenant.code } })) {
            if (entry.report.deadLetters.length) await repo.save({ ...entry, report: { ...entry.report, deadLetters: [] } });
        }
        this.push.retry(tenant.code);
    }

    private async masterPositions(ctx: RequestContext, tenantCode: string): Promise<Record<SyncStream, number>> {
        const newest = async (query: Promise<Array<{ id: unknown }>>) => Number((await query)[0]?.id ?? 0);
        return {
            catalog: await newest(
                this.connection
                    .getRepository(ctx, SyncFeedEntry)
                    .find({ where: { tenantCode }, order: { id: 'DESC' }, take: 1, select: { id: true } }),
            ),
            'stock-to-ecommerce': await newest(
                this.connection
                    .getRepository(ctx, StockMovementRecord)
                    .find({ where: { tenantCode, origin: 'master' }, order: { id: 'DESC' }, take: 1, select: { id: true } }),
            ),
            'stock-to-master': await this.inbox.position(ctx, tenantCode, 'stock-to-master'),
            orders: await this.inbox.position(ctx, tenantCode, 'orders'),
        };
    }
}
