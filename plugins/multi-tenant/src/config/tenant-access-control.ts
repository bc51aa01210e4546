import { DEFAULT_CHANNEL_CODE } from '@vendure/common/lib/shared-constants';
import {
    Asset,
    Channel,
    Customer,
    CustomerGroup,
    DefaultEntityAccessControlStrategy,
    ID,
    Injector,
    Permission,
    RequestContext,
    TransactionalConnection,
    Type,
    VendureEntity,
} from '@vendure/core';
import { DataSource, SelectQueryBuilder } from 'typeorm';

/**
 * Channel-assigned entities that Vendure looks up without a channel filter where a tenant can name
 * them: an asset id given to `updateProduct`, the customer found by e-mail address in
 * `createCustomer`, guest checkout or registration. Inside a tenant's channel those lookups only find
 * rows of that channel. Kept to what the isolation probes need: a wider list changes Vendure's own
 * behaviour (a facet code used by another tenant would no longer be made unique, for instance).
 */
const CHANNEL_SCOPED: ReadonlySet<Type<VendureEntity>> = new Set<Type<VendureEntity>>([Asset, Customer]);

const MEMBERSHIP_CACHE_MS = 30_000;

/**
 * Tenancy on top of Vendure's permissions (which stay as they are):
 * - row level: in a tenant's channel, channel-assigned entities of other channels do not exist;
 * - Shop API: a signed-in customer may only use the channels their account belongs to, so a
 *   customer of one tenant cannot shop in (and be silently added to) another tenant's shop.
 * The default channel is the operator's view of everything and is not filtered.
 */
export class TenantAccessControlStrategy extends DefaultEntityAccessControlStrategy {
    private dataSource: DataSource;
    private readonly membership = new Map<string, { at: number; allowed: boolean }>();

    init(injector: Injector): void {
        this.dataSource = injector.get(TransactionalConnection).rawConnection;
    }

    override async canAccess(ctx: RequestContext, permissions: Permission[]): Promise<boolean> {
        if (!(await super.canAccess(ctx, permissions))) return false;
        if (ctx.apiType !== 'shop' || !ctx.activeUserId || isDefaultChannel(ctx)) return true;
        return this.customerMayUseChannel(ctx.activeUserId, ctx.channelId);
    }

    applyAccessControl<T extends VendureEntity>(qb: SelectQueryBuilder<T>, entityType: Type<T>, ctx: RequestContext): void {
        if (isDefaultChannel(ctx)) return;
        if (entityType === (Channel as Type<VendureEntity>)) return restrictChannelsToOwn(qb, ctx);
        if (entityType === (CustomerGroup as Type<VendureEntity>)) return hideFromTenantAdministrators(qb, ctx);
        if (!CHANNEL_SCOPED.has(entityType)) return;
        const relation = qb.expressionMap.mainAlias?.metadata.findRelationWithPropertyPath('channels');
        const junction = relation?.junctionEntityMetadata;
        if (!junction) return;
        const escape = (name: string) => qb.connection.driver.escape(name);
        const [owner] = junction.ownerColumns;
        const [channel] = junction.inverseColumns;
        const idColumn = owner.referencedColumn?.databaseName ?? 'id';
        qb.andWhere(
            `EXISTS (SELECT 1 FROM ${escape(junction.tableName)} eos_acl WHERE eos_acl.${escape(owner.databaseName)} = ${escape(qb.alias)}.${escape(idColumn)} AND eos_acl.${escape(channel.databaseName)} = :eosAclChannelId)`,
            { eosAclChannelId: ctx.channelId },
        );
    }

    private async customerMayUseChannel(userId: ID, channelId: ID): Promise<boolean> {
        const key = `${userId}:${channelId}`;
        const cached = this.membership.get(key);
        if (cached && Date.now() - cached.at < MEMBERSHIP_CACHE_MS) return cached.allowed;
        const allowed = await customerMayUseChannel(this.dataSource, userId, channelId);
        if (this.membership.size > 10_000) this.membership.clear();
        this.membership.set(key, { at: Date.now(), allowed });
        return allowed;
    }
}

/**
 * Whether a user may use a channel's Shop API: yes when the user has no customer record (an
 * administrator) or the customer belongs to the channel.
 */
export async function customerMayUseChannel(dataSource: DataSource, userId: ID, channelId: ID): Promise<boolean> {
    const rows = await dataSource
        .getRepository(Customer)
        .createQueryBuilder('customer')
        .leftJoin('customer.channels', 'channel', 'channel.id = :channelId', { channelId })
        .select('customer.id', 'id')
        .addSelect('channel.id', 'channelId')
        .where('customer.userId = :userId', { userId })
        .andWhere('customer.deletedAt IS NULL')
        .getRawMany<{ id: ID; channelId: ID | null }>();
    return rows.length === 0 || rows.some(r => r.channelId != null);
}

/**
 * A tenant's administrator sees the channels they have a role in, not the list of all tenants
 * (Vendure's `channels` query answers every channel to anyone with ReadChannel).
 */
function restrictChannelsToOwn<T extends VendureEntity>(qb: SelectQueryBuilder<T>, ctx: RequestContext): void {
    const user = ctx.session?.user;
    if (!isTenantAdministrator(ctx) || !user) return;
    const own = user.channelPermissions.map(c => c.id);
    if (own.length === 0) return void qb.andWhere('1 = 0');
    qb.andWhere(`${qb.connection.driver.escape(qb.alias)}.id IN (:...eosAclOwnChannels)`, { eosAclOwnChannels: own });
}

/**
 * Customer groups are global in Vendure (not assigned to channels): a tenant's staff would see and
 * fill every tenant's groups. They stay an operator tool, managed in the default channel.
 */
function hideFromTenantAdministrators<T extends VendureEntity>(qb: SelectQueryBuilder<T>, ctx: RequestContext): void {
    if (isTenantAdministrator(ctx)) qb.andWhere('1 = 0');
}

/** An Admin API user who is not a superadmin, working in a tenant's channel. */
function isTenantAdministrator(ctx: RequestContext): boolean {
    return ctx.apiType === 'admin' && !!ctx.session?.user && !ctx.userHasPermissions([Permission.SuperAdmin]);
}

export function isDefaultChannel(ctx: RequestContext): boolean {
    return !ctx.channel || ctx.channel.code === DEFAULT_CHANNEL_CODE;
}
