import { Inject, Injectable } from '@nestjs/common';
import {
    AdministratorService,
    ID,
    ListQueryBuilder,
    ListQueryOptions,
    PaginatedList,
    RequestContext,
    TransactionalConnection,
    UserInputError,
    ChannelService,
    Role,
    Seller,
} from '@vendure/core';
import { DeletionResponse, DeletionResult } from '@vendure/common/lib/generated-types';
import { In } from 'typeorm';

import { MULTI_TENANT_OPTIONS } from '../constants';
import { TENANT_ROLES, tenantRoleCode } from '../config/roles';
import { TenantEvent } from '../entities/tenant-event.entity';
import { Tenant } from '../entities/tenant.entity';
import { MultiTenantPluginOptions } from '../types';
import { resolveCredentials } from './credentials';
import { callSetTenantShopEnabled } from './ecommerce-client';
import { ProvisioningService } from './provisioning.service';
import { TenantAccessService } from './tenant-access.service';
import { TenantInput, TenantInputError, validateTenantInput } from './tenant-validation';

export interface FirstAdministratorInput {
    emailAddress: string;
    firstName: string;
    lastName: string;
    password: string;
}

/** Tenants in master: create (idempotent by code), list, read the event log, retry. */
@Injectable()
export class TenantService {
    constructor(
        private connection: TransactionalConnection,
        private listQueryBuilder: ListQueryBuilder,
        private administratorService: AdministratorService,
        private provisioning: ProvisioningService,
        private tenantAccess: TenantAccessService,
        private channelService: ChannelService,
        @Inject(MULTI_TENANT_OPTIONS) private options: MultiTenantPluginOptions,
    ) {}

    findAll(ctx: RequestContext, options?: ListQueryOptions<Tenant>): Promise<PaginatedList<Tenant>> {
        return this.listQueryBuilder
            .build(Tenant, options, { ctx, relations: ['channel'] })
            .getManyAndCount()
            .then(([items, totalItems]) => ({ items, totalItems }));
    }

    async findOne(ctx: RequestContext, id: ID): Promise<Tenant | undefined> {
        return (await this.connection.getRepository(ctx, Tenant).findOne({ where: { id }, relations: ['channel'] })) ?? undefined;
    }

    async findByCode(ctx: RequestContext, code: string): Promise<Tenant | undefined> {
        return (await this.connection.getRepository(ctx, Tenant).findOne({ where: { code } })) ?? undefined;
    }

    events(ctx: RequestContext, tenantId: ID): Promise<TenantEvent[]> {
        return this.connection.getRepository(ctx, TenantEvent).find({ where: { tenantId }, order: { id: 'ASC' } });
    }

    /**
     * Records the tenant (PENDING) and queues its provisioning. The same code again returns the
     * existing tenant when the request matches it, and fails naming the conflict when it does not.
     * The first administrator is created here, without roles, so its password never enters job data.
     */
    async create(ctx: RequestContext, input: TenantInput, firstAdmin?: FirstAdministratorInput | null): Promise<Tenant> {
        let valid: ReturnType<typeof validateTenantInput>;
        try {
            valid = validateTenantInput(input);
        } catch (err) {
            if (err instanceof TenantInputError) throw new UserInputError(err.message);
            throw err;
        }
        const existing = await this.findByCode(ctx, valid.code);
        if (existing) {
            const conflicts = (['name', 'defaultLanguageCode', 'currencyCode', 'ecommerceUrl'] as const).filter(
                k => existing[k] !== valid[k],
            );
            if (conflicts.length) {
                throw new UserInputError(
                    `A tenant with code "${valid.code}" already exists with a different ${conflicts.join(', ')}: choose another code`,
                );
            }
            return existing;
        }
        const tenant = await this.connection.withTransaction(ctx, async txCtx => {
            let firstAdministratorId: ID | null = null;
            if (firstAdmin) firstAdministratorId = (await this.administratorService.create(txCtx, { ...firstAdmin, roleIds: [] })).id;
            const created = await this.connection.getRepository(txCtx, Tenant).save(
                new Tenant({
                    code: valid.code,
                    name: valid.name,
                    status: 'PENDING',
                    defaultLanguageCode: valid.defaultLanguageCode,
                    currencyCode: valid.currencyCode,
                    ecommerceUrl: valid.ecommerceUrl,
                    ecommerceCredentialsRef: valid.ecommerceCredentialsRef,
                    ecommerceChannelToken: null,
                    settings: valid.settings,
                    firstAdministratorId,
                    lastError: null,
                    provisioningLeaseUntil: null,
                    channelId: null,
                    sellerId: null,
                }),
            );
            await this.provisioning.log(txCtx, created, 'create', 'INFO', `tenant ${created.code} created`);
            return created;
        });
        // Only once committed: a BullMQ worker may run the job at once.
        await this.provisioning.enqueue(tenant.id);
        return tenant;
    }

    /** Provisions a FAILED tenant again: finished steps are skipped, the failed one runs again. */
    async retry(ctx: RequestContext, id: ID): Promise<Tenant> {
        const tenant = await this.findOne(ctx, id);
        if (!tenant) throw new UserInputError(`No tenant with id ${id}`);
        if (tenant.status !== 'FAILED')
            throw new UserInputError(`Tenant ${tenant.code} is ${tenant.status}: only a FAILED tenant can be retried`);
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { status: 'PENDING' });
        await this.provisioning.log(ctx, tenant, 'retry', 'INFO', 'retry requested');
        await this.provisioning.enqueue(tenant.id);
        return { ...tenant, status: 'PENDING' };
    }

    /**
     * Disables (or enables again) a tenant: first its shop on the ecommerce server — if that call
     * fails nothing changes and the error says why — then its master channel, logins and status.
     */
    async setEnabled(ctx: RequestContext, id: ID, enabled: boolean): Promise<Tenant> {
        const tenant = await this.findOne(ctx, id);
        if (!tenant) throw new UserInputError(`No tenant with id ${id}`);
        const allowed = enabled ? ['DISABLED'] : ['READY', 'FAILED'];
        if (!allowed.includes(tenant.status)) {
            throw new UserInputError(
                `Tenant ${tenant.code} is ${tenant.status}: only a ${allowed.join(' or ')} tenant can be ${enabled ? 'enabled' : 'disabled'}`,
            );
        }
        if (tenant.ecommerceChannelToken) {
            try {
                const apiKey = resolveCredentials(tenant.ecommerceCredentialsRef, this.options.secretsDir ?? process.cwd());
                await callSetTenantShopEnabled(tenant.ecommerceUrl, apiKey, tenant.code, enabled);
            } catch (err) {
                throw new UserInputError(`Tenant ${tenant.code} was not ${enabled ? 'enabled' : 'disabled'}: ${(err as Error).message}`);
            }
        }
        const roleCodes = [TENANT_ROLES.catalogManager, TENANT_ROLES.viewer].map(r => tenantRoleCode(tenant.code, r));
        await this.tenantAccess.setChannelEnabled(ctx, tenant.code, enabled, roleCodes);
        // A disabled tenant that had failed provisioning returns to FAILED, so a retry can finish it.
        const status = enabled ? (tenant.ecommerceChannelToken ? 'READY' : 'FAILED') : 'DISABLED';
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { status });
        await this.provisioning.log(
            ctx,
            tenant,
            enabled ? 'enable' : 'disable',
            'INFO',
            enabled ? 'tenant enabled' : 'tenant disabled; data kept',
        );
        return (await this.findOne(ctx, id))!;
    }

    /**
     * Hard delete, only for a DISABLED tenant and only when `confirmCode` repeats its code. One
     * transaction: the tenant and its log, its roles, seller and master channel. The products stay
     * in master's catalog; the ecommerce shop's records (orders, customers) are kept there.
     */
    async delete(ctx: RequestContext, id: ID, confirmCode: string): Promise<DeletionResponse> {
        const tenant = await this.findOne(ctx, id);
        if (!tenant) throw new UserInputError(`No tenant with id ${id}`);
        if (confirmCode !== tenant.code) throw new UserInputError(`To delete tenant ${tenant.code}, repeat its code as confirmCode`);
        if (tenant.status !== 'DISABLED')
            throw new UserInputError(`Tenant ${tenant.code} is ${tenant.status}: disable it before deleting it`);
        await this.connection.withTransaction(ctx, async txCtx => {
            await this.connection.getRepository(txCtx, Tenant).delete({ id: tenant.id });
            const roleCodes = [TENANT_ROLES.catalogManager, TENANT_ROLES.viewer].map(r => tenantRoleCode(tenant.code, r));
            await this.connection.getRepository(txCtx, Role).delete({ code: In(roleCodes) });
            if (tenant.channelId) {
                const result = await this.channelService.delete(txCtx, tenant.channelId);
                if (result.result !== DeletionResult.DELETED)
                    throw new UserInputError(result.message ?? `channel ${tenant.code} was not deleted`);
            }
            if (tenant.sellerId) await this.connection.getRepository(txCtx, Seller).delete({ id: tenant.sellerId });
        });
        return { result: DeletionResult.DELETED, message: `tenant ${tenant.code} deleted` };
    }
}
