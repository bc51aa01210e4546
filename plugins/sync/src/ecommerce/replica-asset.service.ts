import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';
import { AssetRef } from '@entrepreneur-os/sync-contract';
import { Asset, AssetService, ID, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { In } from 'typeorm';

import { ReplicaAsset } from './entities';
import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions } from './options';

/**
 * Asset files by content: each file is downloaded from master and stored once per server, and
 * only assigned to further tenants' channels after that.
 */
@Injectable()
export class ReplicaAssetService {
    constructor(
        private connection: TransactionalConnection,
        private assetService: AssetService,
        @Inject(ECOMMERCE_SYNC_OPTIONS) private options: EcommerceSyncOptions,
    ) {}

    /**
     * Makes every referenced file available in the tenant's channel; the asset id by content hash.
     * Runs before the catalog transaction: downloads must not hold the database's write lock.
     */
    async ensure(ctx: RequestContext, assetBaseUrl: string, refs: AssetRef[]): Promise<Map<string, ID>> {
        const byHash = new Map(refs.map(r => [r.contentHash, r]));
        const ids = new Map<string, ID>();
        if (!byHash.size) return ids;
        const known = await this.connection.rawConnection
            .getRepository(ReplicaAsset)
            .find({ where: { contentHash: In([...byHash.keys()]) } });
        for (const k of known) ids.set(k.contentHash, k.assetId);
        const missing = [...byHash.values()].filter(r => !ids.has(r.contentHash));
        for (let i = 0; i < missing.length; i += this.options.parallelAssetDownloads) {
            const batch = missing.slice(i, i + this.options.parallelAssetDownloads);
            const stored = await Promise.all(batch.map(ref => this.store(ctx, assetBaseUrl, ref)));
            batch.forEach((ref, j) => ids.set(ref.contentHash, stored[j]));
        }
        await this.assignToChannel(ctx, [...ids.values()]);
        return ids;
    }

    /** Stores in progress by content hash: two tenants' applies needing the same new file share one download. */
    private readonly storing = new Map<string, Promise<ID>>();

    private store(ctx: RequestContext, assetBaseUrl: string, ref: AssetRef): Promise<ID> {
        let pending = this.storing.get(ref.contentHash);
        if (!pending) {
            pending = this.storeOnce(ctx, assetBaseUrl, ref).finally(() => this.storing.delete(ref.contentHash));
            this.storing.set(ref.contentHash, pending);
        }
        return pending;
    }

    private async storeOnce(ctx: RequestContext, assetBaseUrl: string, ref: AssetRef): Promise<ID> {
        const bytes = await download(`${assetBaseUrl.replace(/\/$/, '')}/${ref.sourceUrl}`, this.options.assetDownloadTimeoutMs);
        const actual = createHash('sha256').update(bytes).digest('hex');
        // The file may have changed in master since the snapshot was built: worth a retry, not poison.
        if (actual !== ref.contentHash)
            throw new Error(
                `asset ${ref.fileName}: master served a file whose SHA-256 is ${actual}, not ${ref.contentHash} — re-run the sync`,
            );
        const known = () => this.connection.rawConnection.getRepository(ReplicaAsset).findOne({ where: { contentHash: ref.contentHash } });
        try {
            return await this.createAsset(ctx, ref, bytes);
        } catch (err) {
            // Another server process stored the same file meanwhile: the unique hash decided, use theirs.
            const theirs = await known();
            if (theirs) return theirs.assetId;
            throw err;
        }
    }

    private createAsset(ctx: RequestContext, ref: AssetRef, bytes: Buffer): Promise<ID> {
        return this.connection.withTransaction(ctx, async tx => {
            const existing = await this.connection.getRepository(tx, ReplicaAsset).findOne({ where: { contentHash: ref.contentHash } });
            if (existing) return existing.assetId;
            const fileName = ref.fileName || path.basename(ref.sourceUrl) || ref.contentHash;
            const asset = await this.assetService.createFromFileStream(Readable.from(bytes), fileName, tx);
            if (!(asset instanceof Asset)) throw new UserInputError(`asset ${ref.fileName}: ${asset.message}`);
            await this.connection.getRepository(tx, ReplicaAsset).insert({ contentHash: ref.contentHash, assetId: asset.id });
            return asset.id;
        });
    }

    private async assignToChannel(ctx: RequestContext, assetIds: ID[]): Promise<void> {
        if (!assetIds.length) return;
        const inChannel = await this.connection.rawConnection
            .getRepository(Asset)
            .createQueryBuilder('asset')
            .innerJoin('asset.channels', 'channel', 'channel.id = :channelId', { channelId: ctx.channelId })
            .where('asset.id IN (:...ids)', { ids: assetIds })
            .select('asset.id', 'id')
            .getRawMany<{ id: ID }>();
        const present = new Set(inChannel.map(a => String(a.id)));
        const absent = assetIds.filter(a => !present.has(String(a)));
        if (!absent.length) return;
        // Straight into the join table: the file is another tenant's asset so far, which the
        // multi-tenant access control rightly hides from this tenant's context (and from ChannelService).
        // Two applies of one tenant may get here at once (this runs before the tenant's lock): a row
        // the other one inserted first is fine, hence "or ignore".
        const junction = this.connection.rawConnection.getMetadata(Asset).findRelationWithPropertyPath('channels')?.junctionEntityMetadata;
        if (!junction) throw new Error('Asset.channels: no join table in the entity metadata');
        const [assetColumn, channelColumn] = [junction.ownerColumns[0].databaseName, junction.inverseColumns[0].databaseName];
        await this.connection.rawConnection
            .createQueryBuilder()
            .insert()
            .into(junction.tableName, [assetColumn, channelColumn])
            .values(absent.map(id => ({ [assetColumn]: id, [channelColumn]: ctx.channelId })))
            .orIgnore()
            .execute();
    }
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
    let res: Response;
    try {
        res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
        throw new Error(`asset ${url} could not be downloaded (${(err as Error).message}): is master reachable from this server?`);
    }
    if (!res.ok) throw new Error(`asset ${url}: master answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
}
