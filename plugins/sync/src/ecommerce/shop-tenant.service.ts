import { Inject, Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { Channel, ForbiddenError, RequestContext, RequestContextService, TransactionalConnection, UserInputError } from '@vendure/core';

import { ECOMMERCE_SYNC_OPTIONS, EcommerceSyncOptions } from './options';

/** Another apply of the tenant held its sync lock longer than `lockWaitMs`. */
export class TenantBusyError extends Error {
    constructor(tenantCode: string, waitedMs: number) {
        super(`tenant ${tenantCode}: another sync apply held its lock for more than ${waitedMs} ms; try again shortly`);
    }
}

/**
 * The tenant a sync call acts for. The engine calls on the default channel with the server-level
 * permission and names the tenant; a call in a tenant's own channel may only name that tenant.
 */
@Injectable()
export class ShopTenantService {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private requestContextService: RequestContextService,
        @Inject(ECOMMERCE_SYNC_OPTIONS) private options: EcommerceSyncOptions,
    ) {}

    /**
     * Serializes the tenant's sync transactions. A
     * catalog apply creating a variant and a stock apply holding a movement for it must not run side
     * by side: neither would see the other's uncommitted row, and the movement would wait for a
     * variant that is already there. Held until the transaction ends. Waits at most `lockWaitMs`
     * (plugin option), then throws {@link TenantBusyError}: the apply answers BUSY instead of
     * holding a connection while another long apply of the tenant runs.
     */
    async lockTenant(tx: RequestContext, tenantCode: string): Promise<void> {
        const manager = this.connection.getRepository(tx, Channel).manager;
        const [{ locked }] = await manager.query<Array<{ locked: boolean }>>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS "locked"', [
            `eos-shop-sync:${tenantCode}`,
        ]);
        if (locked) return;
        const [{ previous }] = await manager.query<Array<{ previous: string }>>(`SELECT current_setting('lock_timeout') AS "previous"`);
        await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${this.options.lockWaitMs}ms`]);
        try {
            await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`eos-shop-sync:${tenantCode}`]);
        } catch (err) {
            // 55P03 lock_not_available: the transaction is aborted; the caller answers BUSY.
            if ((err as { code?: string }).code === '55P03') throw new TenantBusyError(tenantCode, this.options.lockWaitMs);
            throw err;
        }
        await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
    }

    /** A request context in the tenant's shop channel, for writing its data. */
    async contextFor(ctx: RequestContext, tenantCode: unknown): Promise<RequestContext> {
        if (typeof tenantCode !== 'string' || !tenantCode) throw new UserInputError('tenantCode: required');
        const current = await this.tenantContext.current(ctx);
        if (current && current.code !== tenantCode) throw new ForbiddenError();
        const channel = await this.connection.rawConnection.getRepository(Channel).findOne({ where: { code: tenantCode } });
        if (!channel) throw new UserInputError(`tenantCode ${tenantCode}: this ecommerce server has no shop for that tenant`);
        return this.requestContextService.create({
            apiType: 'admin',
            channelOrToken: channel,
            languageCode: channel.defaultLanguageCode,
        });
    }
}
