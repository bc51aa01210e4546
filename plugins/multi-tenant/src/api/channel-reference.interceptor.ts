import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { Asset, ID, internal_getRequestContext, TransactionalConnection, UserInputError } from '@vendure/core';
import { GraphQLResolveInfo } from 'graphql';
import { Observable } from 'rxjs';

import { isDefaultChannel } from '../config/tenant-access-control';

/**
 * Vendure writes a `featuredAssetId` given to product, variant and collection mutations straight
 * into the row without checking the asset's channel, so a tenant could feature (and then read)
 * another tenant's asset. Inside a tenant's channel such an id must name an asset of that channel.
 */
@Injectable()
export class ChannelReferenceInterceptor implements NestInterceptor {
    constructor(private connection: TransactionalConnection) {}

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
        if (context.getType<GqlContextType>() === 'graphql') {
            const gqlContext = GqlExecutionContext.create(context);
            if (gqlContext.getInfo<GraphQLResolveInfo>().parentType.name === 'Mutation') {
                const assetIds = collectValues(gqlContext.getArgs(), 'featuredAssetId');
                if (assetIds.length) {
                    const ctx = internal_getRequestContext(gqlContext.getContext<{ req: never }>().req, context);
                    if (!isDefaultChannel(ctx)) {
                        for (const id of assetIds) {
                            const asset = await this.connection.findOneInChannel(ctx, Asset, id, ctx.channelId);
                            if (!asset)
                                throw new UserInputError(
                                    `featuredAssetId ${String(id)}: no asset with this id in channel ${ctx.channel.code}`,
                                );
                        }
                    }
                }
            }
        }
        return next.handle();
    }
}

function collectValues(value: unknown, key: string, found: ID[] = []): ID[] {
    if (Array.isArray(value)) value.forEach(v => collectValues(v, key, found));
    else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            if (k === key && (typeof v === 'string' || typeof v === 'number')) found.push(v);
            else collectValues(v, key, found);
        }
    }
    return found;
}
