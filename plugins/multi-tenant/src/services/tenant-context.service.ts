import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, ID, RequestContext, RequestContextCacheService, TransactionalConnection } from '@vendure/core';
import { DEFAULT_CHANNEL_CODE } from '@vendure/common/lib/shared-constants';

import { MULTI_TENANT_OPTIONS } from '../constants';
import { Tenant } from '../entities/tenant.entity';
import { MultiTenantPluginOptions } from '../types';

/** The tenant a request acts for. */
export interface TenantRef {
    code: string;
    channelId: ID;
    /** master only: the Tenant row. */
    tenant?: Tenant;
}

/**
 * Resolves the tenant of a request from its channel — selected by the `vendure-token` header, or
 * by the request's host name through the `hostTenants` mapping. One helper for all our plugins.
 */
@Injectable()
export class TenantContextService {
    constructor(
        private connection: TransactionalConnection,
        private cache: RequestContextCacheService,
        @Inject(MULTI_TENANT_OPTIONS) private options: MultiTenantPluginOptions,
    ) {}

    /** The request's tenant, or undefined on the default channel (operators, superadmins). */
    current(ctx: RequestContext): Promise<TenantRef | undefined> {
        return this.cache.get(ctx, 'eos.tenant', async () => {
            const channel = ctx.channel;
            if (!channel || channel.code === DEFAULT_CHANNEL_CODE) return undefined;
            if (this.options.role === 'ecommerce') return { code: channel.code, channelId: channel.id };
            const tenant = await this.connection.getRepository(ctx, Tenant).findOne({ where: { channelId: channel.id } });
            return tenant ? { code: tenant.code, channelId: channel.id, tenant } : undefined;
        });
    }

    /** The request's tenant; a request outside any tenant is refused. */
    async require(ctx: RequestContext): Promise<TenantRef> {
        const tenant = await this.current(ctx);
        if (!tenant) throw new ForbiddenError();
        return tenant;
    }
}
