import { Injectable } from '@nestjs/common';
import { TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { Channel, ForbiddenError, RequestContext, RequestContextService, TransactionalConnection, UserInputError } from '@vendure/core';

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
    ) {}

    /**
     * Serializes the tenant's sync transactions. A
     * catalog apply creating a variant and a stock apply holding a movement for it must not run side
     * by side: neither would see the other's uncommitted row, and the movement would wait for a
     * variant that is already there. Held until the transaction ends.
     */
    async lockTenant(tx: RequestContext, tenantCode: string): Promise<void> {
        await this.connection
            .getRepository(tx, Channel)
            .manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`eos-shop-sync:${tenantCode}`]);
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
