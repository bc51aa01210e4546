import { Injectable } from '@nestjs/common';
import { Channel, PaymentMethod, RequestContext, ShippingMethod, StockLocation } from '@vendure/core';

import { TENANT_ROLES, tenantRoleCode } from '../config/roles';
import { ChannelSetupService } from './channel-setup.service';
import { validateTenantInput } from './tenant-validation';

export interface TenantShopInput {
    code: string;
    name: string;
    defaultLanguageCode: string;
    currencyCode: string;
}

export interface TenantShop {
    channelId: string;
    channelToken: string;
    shopStaffRoleCode: string;
}

/**
 * Ecommerce side of provisioning: a tenant's shop is a channel of this server with its seller, a
 * shop-staff role, and the server's shipping methods, payment methods and stock location. Called
 * by master; idempotent, and all of it in one transaction.
 */
@Injectable()
export class TenantShopService {
    constructor(private channelSetup: ChannelSetupService) {}

    async ensureTenantShop(ctx: RequestContext, input: TenantShopInput): Promise<TenantShop> {
        // Same rules as master applies, so a shop can never exist for a tenant master would refuse.
        validateTenantInput({ ...input, ecommerceUrl: 'http://self', ecommerceCredentialsRef: 'env:UNUSED' });
        const { seller } = await this.channelSetup.ensureSeller(ctx, `tenant:${input.code}`);
        const { channel } = await this.channelSetup.ensureChannel(ctx, { ...input, token: input.code }, seller);
        const staff = TENANT_ROLES.shopStaff;
        await this.channelSetup.ensureRole(
            ctx,
            tenantRoleCode(input.code, staff),
            `${input.name}: ${staff.description}`,
            staff.permissions,
            channel,
        );
        await this.assignShopSetup(ctx, channel);
        return { channelId: String(channel.id), channelToken: channel.token, shopStaffRoleCode: tenantRoleCode(input.code, staff) };
    }

    /** Shipping, payment and stock location of the server become available in the tenant's channel. */
    private async assignShopSetup(ctx: RequestContext, channel: Channel): Promise<void> {
        await this.channelSetup.shareWithChannel(ctx, ShippingMethod, channel);
        await this.channelSetup.shareWithChannel(ctx, PaymentMethod, channel);
        await this.channelSetup.shareWithChannel(ctx, StockLocation, channel);
    }
}
