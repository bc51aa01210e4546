import { Injectable } from '@nestjs/common';
import { CurrencyCode, ID, ListQueryBuilder, ListQueryOptions, RequestContext, TransactionalConnection } from '@vendure/core';
import { TenantContextService, TenantScopedRepository } from '@entrepreneur-os/multi-tenant-plugin';

import { Supplier, SupplierStatus } from '../entities/supplier.entity';
import { assertValid, CODE, CURRENCY, isWholeNumber } from './validation';

export interface SupplierInput {
    code: string;
    name: string;
    contactName?: string | null;
    emailAddress?: string | null;
    phoneNumber?: string | null;
    currencyCode: CurrencyCode;
    leadTimeDays: number;
    status?: SupplierStatus;
    notes?: string;
}

@Injectable()
export class SupplierService {
    readonly repository: TenantScopedRepository<Supplier>;

    constructor(connection: TransactionalConnection, tenantContext: TenantContextService, listQueryBuilder: ListQueryBuilder) {
        this.repository = new TenantScopedRepository(connection, tenantContext, Supplier, listQueryBuilder);
    }

    list(ctx: RequestContext, options?: ListQueryOptions<Supplier>) {
        return this.repository.list(ctx, options);
    }

    findOne(ctx: RequestContext, id: ID) {
        return this.repository.findOne(ctx, id);
    }

    async findByCode(ctx: RequestContext, code: string): Promise<Supplier | undefined> {
        return (await this.repository.find(ctx, { where: { code } }))[0];
    }

    async create(ctx: RequestContext, input: SupplierInput): Promise<Supplier> {
        assertValid('Supplier', validateSupplier(input));
        if (await this.findByCode(ctx, input.code)) assertValid('Supplier', [`code: a supplier "${input.code}" already exists`]);
        return this.repository.save(ctx, { ...input, status: input.status ?? 'ACTIVE', notes: input.notes ?? '' });
    }

    async update(ctx: RequestContext, input: Partial<SupplierInput> & { id: ID }): Promise<Supplier> {
        const existing = await this.repository.getOrThrow(ctx, input.id);
        const merged = { ...existing, ...stripUndefined(input) } as SupplierInput;
        assertValid('Supplier', validateSupplier(merged));
        if (input.code && input.code !== existing.code && (await this.findByCode(ctx, input.code))) {
            assertValid('Supplier', [`code: a supplier "${input.code}" already exists`]);
        }
        await this.repository.save(ctx, { ...stripUndefined(input), id: input.id });
        return this.repository.getOrThrow(ctx, input.id);
    }

    async delete(ctx: RequestContext, id: ID): Promise<void> {
        await this.repository.delete(ctx, id);
    }
}

export function validateSupplier(input: SupplierInput): string[] {
    const problems: string[] = [];
    if (!CODE.test(input.code ?? '')) problems.push('code: lower-case letters, digits and dashes, up to 64');
    if (!input.name?.trim()) problems.push('name: required');
    if (!CURRENCY.test(input.currencyCode ?? '')) problems.push('currencyCode: a three-letter ISO code such as EUR');
    if (!isWholeNumber(input.leadTimeDays, 0) || input.leadTimeDays > 365) problems.push('leadTimeDays: a whole number of days, 0–365');
    if (input.status && !['ACTIVE', 'INACTIVE'].includes(input.status)) problems.push('status: ACTIVE or INACTIVE');
    if (input.emailAddress && !/^[^@\s]+@[^@\s]+$/.test(input.emailAddress)) problems.push('emailAddress: not an e-mail address');
    return problems;
}

export function stripUndefined<T extends object>(input: T): Partial<T> {
    return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
