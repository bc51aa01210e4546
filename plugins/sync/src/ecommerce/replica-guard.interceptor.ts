import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ID, TransactionalConnection, UserInputError } from '@vendure/core';
import { GraphQLResolveInfo } from 'graphql';
import { Observable } from 'rxjs';
import { In } from 'typeorm';

import { ReplicaProduct, ReplicaVariant } from './entities';

/** Shop-local product fields: everything else of a replicated product comes from master. */
export const SHOP_LOCAL_PRODUCT_FIELDS = ['enabled', 'customFields.shopSeoTitle', 'customFields.shopSeoDescription'];
/** Shop-local variant fields: being on sale here and the shop's stock. */
export const SHOP_LOCAL_VARIANT_FIELDS = [
    'enabled',
    'stockOnHand',
    'stockLevels',
    'outOfStockThreshold',
    'useGlobalOutOfStockThreshold',
    'trackInventory',
];

interface Guard {
    kind: 'product' | 'variant';
    /** Where the ids are: an argument, or a field of each input. */
    ids: (args: Record<string, unknown>) => Array<{ id: ID; input?: Record<string, unknown> }>;
    /** Fields shop staff may change; none: the whole mutation is master's business for a replicated item. */
    local?: string[];
}

const inputs = (arg: unknown, idField = 'id') =>
    (Array.isArray(arg) ? arg : [arg])
        .filter((i): i is Record<string, unknown> => !!i && typeof i === 'object')
        .map(input => ({ id: input[idField] as ID, input }));
const plainIds = (arg: unknown) => (Array.isArray(arg) ? arg : [arg]).filter(id => id != null).map(id => ({ id: id as ID }));

const GUARDS: Record<string, Guard> = {
    updateProduct: { kind: 'product', ids: a => inputs(a.input), local: SHOP_LOCAL_PRODUCT_FIELDS },
    updateProducts: { kind: 'product', ids: a => inputs(a.input), local: SHOP_LOCAL_PRODUCT_FIELDS },
    deleteProduct: { kind: 'product', ids: a => plainIds(a.id) },
    deleteProducts: { kind: 'product', ids: a => plainIds(a.ids) },
    createProductVariants: { kind: 'product', ids: a => inputs(a.input, 'productId') },
    addOptionGroupToProduct: { kind: 'product', ids: a => plainIds(a.productId) },
    removeOptionGroupFromProduct: { kind: 'product', ids: a => plainIds(a.productId) },
    updateProductVariant: { kind: 'variant', ids: a => inputs(a.input), local: SHOP_LOCAL_VARIANT_FIELDS },
    updateProductVariants: { kind: 'variant', ids: a => inputs(a.input), local: SHOP_LOCAL_VARIANT_FIELDS },
    deleteProductVariant: { kind: 'variant', ids: a => plainIds(a.id) },
    deleteProductVariants: { kind: 'variant', ids: a => plainIds(a.ids) },
};

/**
 * Replicated catalog data is read-only in the shop: a change by shop staff would be silently
 * overwritten by the next sync. A mutation touching a replicated field is refused with an error
 * naming the field; shop-local fields (enabled here, stock, local SEO) stay editable. The sync
 * itself writes through repositories, not through these mutations.
 */
@Injectable()
export class ReplicaGuardInterceptor implements NestInterceptor {
    constructor(private connection: TransactionalConnection) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
        if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
        const gql = GqlExecutionContext.create(context);
        const info = gql.getInfo<GraphQLResolveInfo>();
        const guard = info.parentType.name === 'Mutation' ? GUARDS[info.fieldName] : undefined;
        if (!guard) return next.handle();
        const targets = guard.ids(gql.getArgs()).filter(t => t.id != null);
        const replicated = await this.replicatedIds(
            guard.kind,
            targets.map(t => t.id),
        );
        for (const target of targets.filter(t => replicated.has(String(t.id)))) {
            const what = `${guard.kind} ${String(target.id)} is replicated from master`;
            if (!guard.local) {
                throw new UserInputError(`${info.fieldName}: ${what} — change it in master (or remove it from the tenant's catalog there)`);
            }
            const changed = changedFields(target.input ?? {}).filter(f => !guard.local!.includes(f));
            if (changed.length) {
                throw new UserInputError(
                    `${info.fieldName}: ${changed.join(', ')} of ${what} and read-only in this shop — change ${changed.length > 1 ? 'them' : 'it'} in master. Editable here: ${guard.local.join(', ')}`,
                );
            }
        }
        return next.handle();
    }

    private async replicatedIds(kind: Guard['kind'], ids: ID[]): Promise<Set<string>> {
        if (!ids.length) return new Set();
        if (kind === 'product') {
            const rows = await this.connection.rawConnection
                .getRepository(ReplicaProduct)
                .find({ where: { productId: In(ids), removed: false }, select: { productId: true } });
            return new Set(rows.map(r => String(r.productId)));
        }
        const rows = await this.connection.rawConnection
            .getRepository(ReplicaVariant)
            .find({ where: { variantId: In(ids) }, select: { variantId: true } });
        return new Set(rows.map(r => String(r.variantId)));
    }
}

/** The input's fields other than the id, custom fields by `customFields.<name>`. */
function changedFields(input: Record<string, unknown>): string[] {
    return Object.entries(input).flatMap(([key, value]) => {
        if (key === 'id' || value === undefined) return [];
        if (key === 'customFields' && value && typeof value === 'object') return Object.keys(value).map(k => `customFields.${k}`);
        return [key];
    });
}
