import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
    Permission,
    StockLocation,
    Administrator,
    ID,
    Job,
    JobQueue,
    JobQueueService,
    Logger,
    ProcessContext,
    RequestContext,
    RequestContextService,
    TransactionalConnection,
    User,
} from '@vendure/core';
import { In, IsNull, LessThan } from 'typeorm';

import { loggerCtx, MULTI_TENANT_OPTIONS, PROVISION_QUEUE } from '../constants';
import { TENANT_ROLES, tenantRoleCode } from '../config/roles';
import { TenantEvent, TenantEventOutcome } from '../entities/tenant-event.entity';
import { Tenant } from '../entities/tenant.entity';
import { MultiTenantPluginOptions, ProvisioningStep } from '../types';
import { ChannelSetupService } from './channel-setup.service';
import { resolveCredentials } from './credentials';
import { callEnsureTenantShop } from './ecommerce-client';

/** Job data: only the tenant id — never a token, password or API key. */
export interface ProvisionJobData {
    tenantId: string;
    [key: string]: string;
}

/** How long a run holds a tenant; renewed before each step, so only a dead run's lease runs out. */
const LEASE_MS = 30_000;
/** A job that finds the tenant held retries later (by then a crashed run's lease has expired). */
const LEASE_RETRIES = 10;
const LEASE_RETRY_DELAY_MS = 10_000;

class TenantLeaseHeldError extends Error {}

/**
 * Runs a tenant through PENDING → PROVISIONING → READY | FAILED as a job. Every step is
 * idempotent, so a run after a crash or a retry after a failure simply goes through all steps
 * again: finished ones are skipped, the failed one is tried again. A lease on the tenant row keeps
 * two runs from overlapping.
 */
@Injectable()
export class ProvisioningService implements OnApplicationBootstrap {
    private queue: JobQueue<ProvisionJobData>;

    constructor(
        private connection: TransactionalConnection,
        private jobQueueService: JobQueueService,
        private requestContextService: RequestContextService,
        private channelSetup: ChannelSetupService,
        private processContext: ProcessContext,
        @Inject(MULTI_TENANT_OPTIONS) private options: MultiTenantPluginOptions,
    ) {}

    async onApplicationBootstrap(): Promise<void> {
        if (this.options.role !== 'master') return;
        this.queue = await this.jobQueueService.createQueue({
            name: PROVISION_QUEUE,
            process: job => this.runJob(job),
        });
        if (this.processContext.isWorker) await this.resumeInterrupted();
    }

    /** Queues a run. Call it after the tenant row is committed: BullMQ may start the job at once. */
    async enqueue(tenantId: ID): Promise<void> {
        await this.queue.add({ tenantId: String(tenantId) }, { retries: LEASE_RETRIES });
    }

    /** A worker that starts picks up tenants whose provisioning a crash interrupted. */
    private async resumeInterrupted(): Promise<void> {
        const ctx = await this.requestContextService.create({ apiType: 'admin' });
        const stuck = await this.connection.getRepository(ctx, Tenant).find({ where: [{ status: 'PENDING' }, { status: 'PROVISIONING' }] });
        for (const tenant of stuck) {
            Logger.info(`Resuming provisioning of tenant ${tenant.code} (${tenant.status})`, loggerCtx);
            await this.enqueue(tenant.id);
        }
    }

    private async runJob(job: Job<ProvisionJobData>): Promise<{ status: string }> {
        const ctx = await this.requestContextService.create({ apiType: 'admin' });
        const tenant = await this.acquireLease(ctx, job.data.tenantId);
        if (!tenant) {
            const current = await this.connection.getRepository(ctx, Tenant).findOne({ where: { id: job.data.tenantId } });
            if (current && (current.status === 'PENDING' || current.status === 'PROVISIONING')) {
                // Another run holds it — or held it when it crashed: try again once its lease can have run out.
                await new Promise(resolve => setTimeout(resolve, LEASE_RETRY_DELAY_MS));
                throw new TenantLeaseHeldError(`tenant ${current.code} is held by another provisioning run; retrying`);
            }
            return { status: `nothing to do: tenant is ${current?.status ?? 'gone'}` };
        }
        try {
            await this.provision(ctx, tenant);
            return { status: 'READY' };
        } finally {
            await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { provisioningLeaseUntil: null });
        }
    }

    private async acquireLease(ctx: RequestContext, tenantId: ID): Promise<Tenant | undefined> {
        const repo = this.connection.getRepository(ctx, Tenant);
        const now = new Date();
        const until = new Date(now.getTime() + LEASE_MS).toISOString();
        for (const lease of [IsNull(), LessThan(now.toISOString())]) {
            const result = await repo.update(
                { id: tenantId, status: In(['PENDING', 'PROVISIONING']), provisioningLeaseUntil: lease },
                { provisioningLeaseUntil: until, status: 'PROVISIONING', lastError: null },
            );
            if (result.affected) return (await repo.findOne({ where: { id: tenantId } })) ?? undefined;
        }
        return undefined;
    }

    private async renewLease(ctx: RequestContext, tenant: Tenant): Promise<void> {
        const until = new Date(Date.now() + LEASE_MS).toISOString();
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { provisioningLeaseUntil: until });
    }

    private async provision(ctx: RequestContext, tenant: Tenant): Promise<void> {
        const steps: Array<[ProvisioningStep, () => Promise<string | undefined>]> = [
            ['master-seller', () => this.stepSeller(ctx, tenant)],
            ['master-channel', () => this.stepChannel(ctx, tenant)],
            ['master-roles', () => this.stepRoles(ctx, tenant)],
            ['master-admin', () => this.stepFirstAdmin(ctx, tenant)],
            ['ecommerce-shop', () => this.stepEcommerceShop(ctx, tenant)],
        ];
        for (const [step, run] of steps) {
            try {
                await this.renewLease(ctx, tenant);
                const skipped = await run();
                await this.log(ctx, tenant, step, skipped ? 'SKIPPED' : 'SUCCEEDED', skipped ?? 'done');
            } catch (err) {
                const message = (err as Error).message;
                await this.finish(ctx, tenant, step, 'FAILED', message, { status: 'FAILED', lastError: `${step}: ${message}` });
                Logger.warn(`Provisioning of tenant ${tenant.code} failed at ${step}: ${message}`, loggerCtx);
                return;
            }
        }
        await this.finish(ctx, tenant, 'link', 'SUCCEEDED', 'tenant is ready', { status: 'READY', lastError: null });
    }

    /**
     * The final status and its event in one transaction: whoever sees READY or FAILED also sees the
     * event that says why (two statements let a reader see the status without it).
     */
    private async finish(
        ctx: RequestContext,
        tenant: Tenant,
        step: string,
        outcome: TenantEventOutcome,
        message: string,
        status: Pick<Tenant, 'status' | 'lastError'>,
    ): Promise<void> {
        await this.connection.withTransaction(ctx, async tx => {
            await this.log(tx, tenant, step, outcome, message);
            await this.connection.getRepository(tx, Tenant).update({ id: tenant.id }, status);
        });
    }

    private async stepSeller(ctx: RequestContext, tenant: Tenant): Promise<string | undefined> {
        const { seller, created } = await this.channelSetup.ensureSeller(ctx, `tenant:${tenant.code}`);
        tenant.sellerId = seller.id;
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { sellerId: seller.id });
        return created ? undefined : 'seller already exists';
    }

    private async stepChannel(ctx: RequestContext, tenant: Tenant): Promise<string | undefined> {
        const seller = await this.channelSetup.ensureSeller(ctx, `tenant:${tenant.code}`);
        const { channel, created } = await this.channelSetup.ensureChannel(
            ctx,
            {
                code: tenant.code,
                token: `master-${tenant.code}`,
                name: tenant.name,
                defaultLanguageCode: tenant.defaultLanguageCode,
                currencyCode: tenant.currencyCode,
            },
            seller.seller,
        );
        tenant.channelId = channel.id;
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { channelId: channel.id });
        // Master's stock (purchase-order receipts) is kept in its stock locations; the tenant's channel sees them.
        await this.channelSetup.shareWithChannel(ctx, StockLocation, channel);
        return created ? undefined : 'channel already exists';
    }

    private async stepRoles(ctx: RequestContext, tenant: Tenant): Promise<string | undefined> {
        const channel = await this.channelOf(ctx, tenant);
        let created = 0;
        for (const key of ['catalogManager', 'viewer'] as const) {
            const role = TENANT_ROLES[key];
            const result = await this.channelSetup.ensureRole(
                ctx,
                tenantRoleCode(tenant.code, role),
                `${tenant.name}: ${role.description}`,
                this.permissionsOf(key),
                channel,
            );
            if (result.created) created++;
        }
        return created ? undefined : 'roles already exist';
    }

    /** A tenant role's own permissions plus those other plugins add (custom permissions are strings). */
    private permissionsOf(key: 'catalogManager' | 'viewer'): Permission[] {
        return [...TENANT_ROLES[key].permissions, ...((this.options.extraRolePermissions?.[key] ?? []) as Permission[])];
    }

    private async stepFirstAdmin(ctx: RequestContext, tenant: Tenant): Promise<string | undefined> {
        if (!tenant.firstAdministratorId) return 'no first administrator requested';
        const admin = await this.connection.getRepository(ctx, Administrator).findOne({
            where: { id: tenant.firstAdministratorId },
            relations: ['user', 'user.roles'],
        });
        if (!admin) throw new Error(`administrator ${tenant.firstAdministratorId} no longer exists`);
        const code = tenantRoleCode(tenant.code, TENANT_ROLES.catalogManager);
        if (admin.user.roles.some(r => r.code === code)) return 'administrator already has the catalog-manager role';
        const channel = await this.channelOf(ctx, tenant);
        const { role } = await this.channelSetup.ensureRole(ctx, code, '', this.permissionsOf('catalogManager'), channel);
        // Directly, like the role itself: AdministratorService.assignRole asks the active user, and a job has none.
        admin.user.roles.push(role);
        await this.connection.getRepository(ctx, User).save(admin.user, { reload: false });
        return undefined;
    }

    private async stepEcommerceShop(ctx: RequestContext, tenant: Tenant): Promise<string | undefined> {
        const apiKey = resolveCredentials(tenant.ecommerceCredentialsRef, this.options.secretsDir ?? process.cwd());
        const shop = await callEnsureTenantShop(tenant.ecommerceUrl, apiKey, {
            code: tenant.code,
            name: tenant.name,
            defaultLanguageCode: tenant.defaultLanguageCode,
            currencyCode: tenant.currencyCode,
        });
        await this.connection.getRepository(ctx, Tenant).update({ id: tenant.id }, { ecommerceChannelToken: shop.channelToken });
        return undefined;
    }

    private async channelOf(ctx: RequestContext, tenant: Tenant) {
        const fresh = await this.connection.getRepository(ctx, Tenant).findOne({ where: { id: tenant.id }, relations: ['channel'] });
        if (!fresh?.channel) throw new Error('the tenant has no master channel yet');
        return fresh.channel;
    }

    async log(ctx: RequestContext, tenant: Tenant, step: string, outcome: TenantEventOutcome, message: string): Promise<void> {
        await this.connection.getRepository(ctx, TenantEvent).save(new TenantEvent({ tenantId: tenant.id, step, outcome, message }));
    }
}
