import { Injectable } from '@nestjs/common';
import {
    Channel,
    ChannelService,
    CurrencyCode,
    EventBus,
    GlobalSettingsService,
    isGraphQlErrorResult,
    LanguageCode,
    PaymentMethod,
    Permission,
    RequestContext,
    Role,
    RoleEvent,
    Seller,
    SellerService,
    ShippingMethod,
    StockLocation,
    TransactionalConnection,
    Type,
    Zone,
} from '@vendure/core';

export interface TenantChannelSpec {
    code: string;
    token: string;
    name: string;
    defaultLanguageCode: string;
    currencyCode: string;
}

/**
 * Find-or-create building blocks for a tenant's seller, channel and roles. Every method is
 * idempotent (looked up by code or name first), which is what makes provisioning resumable.
 */
@Injectable()
export class ChannelSetupService {
    constructor(
        private connection: TransactionalConnection,
        private channelService: ChannelService,
        private sellerService: SellerService,
        private eventBus: EventBus,
        private globalSettingsService: GlobalSettingsService,
    ) {}

    async ensureSeller(ctx: RequestContext, name: string): Promise<{ seller: Seller; created: boolean }> {
        const existing = await this.connection.getRepository(ctx, Seller).findOne({ where: { name } });
        if (existing) return { seller: existing, created: false };
        return { seller: await this.sellerService.create(ctx, { name }), created: true };
    }

    /** Creates the channel (with the default channel's zones) or returns the one with this code. */
    async ensureChannel(ctx: RequestContext, spec: TenantChannelSpec, seller: Seller): Promise<{ channel: Channel; created: boolean }> {
        const existing = await this.connection.getRepository(ctx, Channel).findOne({ where: { code: spec.code } });
        if (existing) return { channel: existing, created: false };
        await this.ensureLanguageAvailable(ctx, spec.defaultLanguageCode as LanguageCode);
        const defaultChannel = await this.channelService.getDefaultChannel(ctx);
        const fallbackZone = await this.connection.getRepository(ctx, Zone).findOne({ where: {}, order: { id: 'ASC' } });
        const taxZone = defaultChannel.defaultTaxZone ?? fallbackZone;
        const shippingZone = defaultChannel.defaultShippingZone ?? fallbackZone;
        if (!taxZone || !shippingZone) {
            throw new Error('this server has no zone yet: create countries and a zone (the demo seed does) before provisioning tenants');
        }
        const result = await this.channelService.create(ctx, {
            code: spec.code,
            token: spec.token,
            defaultLanguageCode: spec.defaultLanguageCode as LanguageCode,
            availableLanguageCodes: [spec.defaultLanguageCode as LanguageCode],
            defaultCurrencyCode: spec.currencyCode as CurrencyCode,
            availableCurrencyCodes: [spec.currencyCode as CurrencyCode],
            pricesIncludeTax: defaultChannel.pricesIncludeTax,
            defaultTaxZoneId: taxZone.id,
            defaultShippingZoneId: shippingZone.id,
            sellerId: seller.id,
        });
        if (isGraphQlErrorResult(result)) throw new Error(`creating channel ${spec.code} failed: ${result.message}`);
        return { channel: result, created: true };
    }

    /**
     * A role limited to one channel; an existing role keeps its permissions (an operator may have tuned them).
     * Written directly rather than through RoleService.create, whose check that the *active user*
     * holds every granted permission does not apply to system provisioning: who may provision is
     * decided by the resolver's permission (ManageTenants / ProvisionTenantShop), and the
     * permissions granted here are fixed by code, never taken from the caller.
     */
    async ensureRole(
        ctx: RequestContext,
        code: string,
        description: string,
        permissions: readonly Permission[],
        channel: Channel,
    ): Promise<{ role: Role; created: boolean }> {
        const repo = this.connection.getRepository(ctx, Role);
        const existing = await repo.findOne({ where: { code }, relations: ['channels'] });
        if (existing) return { role: existing, created: false };
        const role = await repo.save(
            new Role({ code, description, permissions: [...new Set([Permission.Authenticated, ...permissions])], channels: [channel] }),
        );
        // RoleService drops its cached role list on this event.
        await this.eventBus.publish(
            new RoleEvent(ctx, role, 'created', { code, description, permissions: [...permissions], channelIds: [channel.id] }),
        );
        return { role, created: true };
    }

    /** Makes every row of a shared set-up entity (stock locations, shipping and payment methods) available in the channel. */
    async shareWithChannel<T extends ShippingMethod | PaymentMethod | StockLocation>(
        ctx: RequestContext,
        entity: Type<T>,
        channel: Channel,
    ): Promise<void> {
        const rows = await this.connection.getRepository(ctx, entity).find({ relations: { channels: true } as never });
        for (const row of rows) {
            if (!row.channels.some(c => c.id === channel.id)) await this.channelService.assignToChannels(ctx, entity, row.id, [channel.id]);
        }
    }

    private async ensureLanguageAvailable(ctx: RequestContext, languageCode: LanguageCode): Promise<void> {
        const settings = await this.globalSettingsService.getSettings(ctx);
        if (settings.availableLanguages.includes(languageCode)) return;
        await this.globalSettingsService.updateSettings(ctx, { availableLanguages: [...settings.availableLanguages, languageCode] });
    }
}
