import { Injectable } from '@nestjs/common';
import { InboxPositions } from '@entrepreneur-os/sync-contract';
import { RequestContext, TransactionalConnection } from '@vendure/core';

import { SyncInboxEntry } from './entities/sync-inbox.entity';

/** The streams master receives from the shops, whose checkpoints it keeps. */
export const MASTER_INBOX_STREAMS = ['stock-to-master', 'orders'] as const;
export type MasterInboxStream = (typeof MASTER_INBOX_STREAMS)[number];

/** Master's checkpoints of what it has applied from a tenant's shop. */
@Injectable()
export class InboxService {
    constructor(private connection: TransactionalConnection) {}

    async positions(ctx: RequestContext, tenantCode: string): Promise<InboxPositions> {
        const rows = await this.connection.getRepository(ctx, SyncInboxEntry).find({ where: { tenantCode } });
        return {
            tenantCode,
            positions: MASTER_INBOX_STREAMS.map(stream => {
                const row = rows.find(r => r.stream === stream);
                return { stream, position: row?.position ?? 0, updatedAt: row ? new Date(row.updatedAt).toISOString() : null };
            }),
        };
    }

    async position(ctx: RequestContext, tenantCode: string, stream: MasterInboxStream): Promise<number> {
        return (await this.connection.getRepository(ctx, SyncInboxEntry).findOne({ where: { tenantCode, stream } }))?.position ?? 0;
    }

    /**
     * Records that the stream is applied up to `position`, in the caller's transaction; an older
     * position leaves the checkpoint where it is. Answers the checkpoint after the call.
     */
    async advance(
        ctx: RequestContext,
        tenantCode: string,
        stream: MasterInboxStream,
        position: number | null | undefined,
    ): Promise<number> {
        const repo = this.connection.getRepository(ctx, SyncInboxEntry);
        const current = await repo.findOne({ where: { tenantCode, stream } });
        if (position == null) return current?.position ?? 0;
        if (!current) {
            await repo.insert({ tenantCode, stream, position });
            return position;
        }
        if (position <= current.position) return current.position;
        await repo.update({ id: current.id }, { position });
        return position;
    }
}
