import { Injectable } from '@nestjs/common';
import { InboxPositions, SyncStream } from '@entrepreneur-os/sync-contract';
import { RequestContext, TransactionalConnection } from '@vendure/core';

import { ShopSyncCheckpoint } from './entities';

/** The streams the shop receives; their checkpoints only grow, written in the transaction that applied them. */
export const SHOP_RECEIVED_STREAMS: SyncStream[] = ['catalog', 'stock-to-ecommerce'];

@Injectable()
export class CheckpointService {
    constructor(private connection: TransactionalConnection) {}

    async position(ctx: RequestContext, tenantCode: string, stream: SyncStream): Promise<number> {
        const row = await this.connection.getRepository(ctx, ShopSyncCheckpoint).findOne({ where: { tenantCode, stream } });
        return row?.position ?? 0;
    }

    /** Moves the checkpoint forward (never back: an older delivery leaves it); returns where it stands. */
    async advance(ctx: RequestContext, tenantCode: string, stream: SyncStream, position: number): Promise<number> {
        const repo = this.connection.getRepository(ctx, ShopSyncCheckpoint);
        const row = await repo.findOne({ where: { tenantCode, stream } });
        if (!row) {
            await repo.insert({ tenantCode, stream, position });
            return position;
        }
        if (position > row.position) await repo.update(row.id, { position });
        return Math.max(position, row.position);
    }

    async positions(ctx: RequestContext, tenantCode: string): Promise<InboxPositions> {
        const rows = await this.connection.getRepository(ctx, ShopSyncCheckpoint).find({ where: { tenantCode } });
        return {
            tenantCode,
            positions: SHOP_RECEIVED_STREAMS.map(stream => {
                const row = rows.find(r => r.stream === stream);
                return { stream, position: row?.position ?? 0, updatedAt: row ? new Date(row.updatedAt).toISOString() : null };
            }),
        };
    }
}
