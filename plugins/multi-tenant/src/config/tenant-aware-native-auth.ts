import {
    AuthenticationStrategy,
    ID,
    Injector,
    NativeAuthenticationData,
    NativeAuthenticationStrategy,
    RequestContext,
    TransactionalConnection,
    User,
} from '@vendure/core';
import { SUPER_ADMIN_ROLE_CODE } from '@vendure/common/lib/shared-constants';
import { DocumentNode } from 'graphql';

import { DisabledChannels } from '../services/disabled-channels';
import { customerMayUseChannel, isDefaultChannel } from './tenant-access-control';

export const TENANT_DISABLED_MESSAGE = 'Your tenant is disabled: ask an operator to enable it again';

/**
 * Vendure's username/password login (keeping the name `native`, so the `login` mutation and password
 * changes use it unchanged) with one more question once the password is right: may this user sign
 * in here? `false` answers like a wrong password; a string is shown as the reason.
 */
abstract class GuardedNativeAuthenticationStrategy implements AuthenticationStrategy<NativeAuthenticationData> {
    readonly name = 'native';
    private readonly native = new NativeAuthenticationStrategy();
    protected connection: TransactionalConnection;

    async init(injector: Injector): Promise<void> {
        this.connection = injector.get(TransactionalConnection);
        await this.native.init(injector);
    }

    defineInputType(): DocumentNode {
        return this.native.defineInputType();
    }

    async authenticate(ctx: RequestContext, data: NativeAuthenticationData): Promise<User | false | string> {
        const user = await this.native.authenticate(ctx, data);
        if (!user) return user;
        const verdict = await this.admit(ctx, user);
        return verdict === true ? user : verdict;
    }

    verifyUserPassword(ctx: RequestContext, userId: ID, password: string): Promise<boolean> {
        return this.native.verifyUserPassword(ctx, userId, password);
    }

    protected abstract admit(ctx: RequestContext, user: User): Promise<true | false | string>;
}

/** Administrators whose roles all belong to disabled tenants are refused with a message saying so. */
export class TenantAwareNativeAuthenticationStrategy extends GuardedNativeAuthenticationStrategy {
    protected async admit(ctx: RequestContext, user: User): Promise<true | string> {
        const withRoles = await this.connection
            .getRepository(ctx, User)
            .findOne({ where: { id: user.id }, relations: ['roles', 'roles.channels'] });
        const roles = (withRoles?.roles ?? []).filter(r => r.code !== SUPER_ADMIN_ROLE_CODE);
        const disabled = await DisabledChannels.ids(this.connection);
        const onlyDisabledTenants =
            roles.length > 0 && roles.every(r => r.channels.length > 0 && r.channels.every(c => disabled.has(String(c.id))));
        return onlyDisabledTenants ? TENANT_DISABLED_MESSAGE : true;
    }
}

/**
 * Customer login, except that inside a tenant's shop only that shop's customers can sign in. Vendure
 * shares customer accounts across channels; here a customer of another tenant gets the same answer
 * as a wrong password, which neither lets them in nor tells anyone the account exists.
 */
export class TenantShopNativeAuthenticationStrategy extends GuardedNativeAuthenticationStrategy {
    protected async admit(ctx: RequestContext, user: User): Promise<boolean> {
        return isDefaultChannel(ctx) || customerMayUseChannel(this.connection.rawConnection, user.id, ctx.channelId);
    }
}
