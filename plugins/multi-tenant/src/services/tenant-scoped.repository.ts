import {
    EntityNotFoundError,
    ID,
    ListQueryBuilder,
    ListQueryOptions,
    PaginatedList,
    RequestContext,
    TransactionalConnection,
    Type,
} from '@vendure/core';
import { DeepPartial, FindManyOptions, FindOptionsWhere } from 'typeorm';

import { TenantScopedEntity } from '../entities/tenant-scoped.entity';
import { TenantContextService } from './tenant-context.service';

/**
 * The only way our services touch tenant-scoped entities: every method takes the request
 * context, resolves its tenant (refusing requests without one) and adds it to the query, so data
 * of another tenant can be neither read nor written, whatever ids a caller passes in.
 *
 * @example
 * this.suppliers = new TenantScopedRepository(connection, tenantContext, Supplier);
 * await this.suppliers.findOne(ctx, id);
 */
export class TenantScopedRepository<T extends TenantScopedEntity> {
    constructor(
        private connection: TransactionalConnection,
        private tenantContext: TenantContextService,
        private entity: Type<T>,
        private listQueryBuilder?: ListQueryBuilder,
    ) {}

    /** A page of the tenant's rows with Vendure's list options (sort, filter, skip, take), as list pages need. */
    async list(ctx: RequestContext, options: ListQueryOptions<T> = {}, relations: string[] = []): Promise<PaginatedList<T>> {
        if (!this.listQueryBuilder) throw new Error(`TenantScopedRepository<${this.entity.name}> was built without a ListQueryBuilder`);
        const { code } = await this.tenantContext.require(ctx);
        const [items, totalItems] = await this.listQueryBuilder
            .build(this.entity, options, { ctx, relations, where: { tenantCode: code } as FindOptionsWhere<T> })
            .getManyAndCount();
        return { items, totalItems };
    }

    async find(ctx: RequestContext, options: Omit<FindManyOptions<T>, 'where'> & { where?: FindOptionsWhere<T> } = {}): Promise<T[]> {
        const { code } = await this.tenantContext.require(ctx);
        return this.repo(ctx).find({ ...options, where: { ...(options.where ?? {}), tenantCode: code } as FindOptionsWhere<T> });
    }

    async count(ctx: RequestContext, where: FindOptionsWhere<T> = {}): Promise<number> {
        const { code } = await this.tenantContext.require(ctx);
        return this.repo(ctx).count({ where: { ...where, tenantCode: code } as FindOptionsWhere<T> });
    }

    /** undefined for an id of another tenant, exactly as for an id that does not exist. */
    async findOne(ctx: RequestContext, id: ID): Promise<T | undefined> {
        const { code } = await this.tenantContext.require(ctx);
        return (await this.repo(ctx).findOne({ where: { id, tenantCode: code } as FindOptionsWhere<T> })) ?? undefined;
    }

    async getOrThrow(ctx: RequestContext, id: ID): Promise<T> {
        const found = await this.findOne(ctx, id);
        if (!found) throw new EntityNotFoundError(this.entity.name, id);
        return found;
    }

    /** Creates or updates; the tenant always comes from the request, never from the input. */
    async save(ctx: RequestContext, input: DeepPartial<T> & { id?: ID }): Promise<T> {
        const { code } = await this.tenantContext.require(ctx);
        if (input.id != null) await this.getOrThrow(ctx, input.id);
        return this.repo(ctx).save({ ...input, tenantCode: code } as DeepPartial<T>);
    }

    async delete(ctx: RequestContext, id: ID): Promise<void> {
        const entity = await this.getOrThrow(ctx, id);
        await this.repo(ctx).remove(entity);
    }

    private repo(ctx: RequestContext) {
        return this.connection.getRepository(ctx, this.entity);
    }
}
