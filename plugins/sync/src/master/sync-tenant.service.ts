import { Injectable } from '@nestjs/common';
import { Tenant, TenantContextService } from '@entrepreneur-os/multi-tenant-plugin';
import { DEFAULT_CHANNEL_CODE } from '@vendure/common/lib/shared-constants';
import { ChannelService, ForbiddenError, RequestContext, TransactionalConnection, UserInputError } from '@vendure/core';

/** The tenant a sync operation acts for, with a context in that tenant's channel. */
export interface SyncTenant {
    code: string;
    tenant: Tenant;
    /** The caller's context re-scoped to the tenant's channel: same session, same transaction. */
    ctx: RequestContext;
}

/**
 * Chooses the tenant of a sync operation. In the default channel (the engine's server-level key,
 * operators) `tenantCode` names it; in a tenant's own channel it is optional and must be that
 * tenant. Any other channel has no tenant to sync.
 */
@Injectable()
export class SyncTenantService {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private channelService: ChannelService,
    ) {}

    async select(ctx: RequestContext, tenantCode: string | null | undefined): Promise<SyncTenant> {
        if (ctx.channel.code !== DEFAULT_CHANNEL_CODE) {
            const own = await this.tenantContext.require(ctx);
            if (tenantCode != null && tenantCode !== own.code) {
                throw new UserInputError(`tenantCode: "${tenantCode}" is not the tenant of this channel (${own.code})`);
            }
            return { code: own.code, tenant: own.tenant!, ctx };
        }
        if (tenantCode == null || tenantCode === '') throw new UserInputError('tenantCode: required in the default channel');
        const tenant = await this.connection
            .getRepository(ctx, Tenant)
            .findOne({ where: { code: tenantCode }, relations: { channel: true } });
        if (!tenant) throw new UserInputError(`tenantCode: no tenant "${tenantCode}"`);
        if (!tenant.channel) throw new UserInputError(`tenantCode: tenant "${tenantCode}" has no master channel yet`);
        // The channel as the request pipeline loads it (cached, with its zones).
        const channel = await this.channelService.getChannelFromToken(tenant.channel.token);
        if (String(channel.id) !== String(tenant.channel.id)) throw new ForbiddenError();
        return { code: tenant.code, tenant, ctx: ctx.copy(channel) };
    }

    /** Every tenant on the default channel, the request's own in a tenant's channel. */
    async visible(ctx: RequestContext): Promise<Tenant[]> {
        if (ctx.channel.code !== DEFAULT_CHANNEL_CODE) {
            const own = await this.tenantContext.require(ctx);
            return own.tenant ? [own.tenant] : [];
        }
        return this.connection.getRepository(ctx, Tenant).find({ order: { code: 'ASC' } });
    }
}
