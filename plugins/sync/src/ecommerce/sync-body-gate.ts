import { Injectable } from '@nestjs/common';
import { ConfigService, RequestContextService } from '@vendure/core';
import { ApiKeyService } from '@vendure/core/dist/service/services/api-key.service';
import { json, NextFunction, Request, Response } from 'express';
import { Kind, OperationDefinitionNode, OperationTypeNode, parse } from 'graphql';

/** Express's own default: what every request may send without being a sync call. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;

/** The mutations that carry large batches; only they may use the sync body limit. */
const SYNC_OPERATIONS = new Set(['applyProductSnapshots', 'applyMasterStockMovements']);

/**
 * Decides who may send a large body to `/admin-api`, **before** it is read: a request announcing more
 * than 100 kB must carry an API key (`vendure-api-key`) whose role holds SyncTenantShops; otherwise it
 * is answered 413 and the connection closed, unread. Its body is then parsed with the sync limit and
 * must be one of the sync mutations. Everything else is left to the server's default parser.
 *
 * The check runs in Express middleware mounted before Nest's, so it cannot use Nest's guards: it
 * asks Vendure's ApiKeyService directly, the way Vendure's AuthGuard does for a key.
 */
@Injectable()
export class SyncBodyGate {
    private static instance: SyncBodyGate | undefined;

    constructor(
        private apiKeys: ApiKeyService,
        private configService: ConfigService,
        private requestContexts: RequestContextService,
    ) {
        SyncBodyGate.instance = this;
    }

    /** The middleware; the gate itself is created by Nest after the middleware is mounted. */
    static middleware(limit: string, permission: string) {
        const parseLarge = json({ limit });
        return (req: Request, res: Response, next: NextFunction) => {
            const announced = Number(req.headers['content-length']);
            // Small, or chunked without a length: the server's default parser and limit apply.
            if (req.method !== 'POST' || !(announced > DEFAULT_BODY_LIMIT_BYTES)) return next();
            const gate = SyncBodyGate.instance;
            const refuse = (status: number, message: string) => {
                res.setHeader('Connection', 'close');
                res.status(status).json({ errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
                // Nothing of the body is read: the socket closes once the answer is out.
                res.on('finish', () => req.socket.destroy());
            };
            if (!gate) return refuse(503, 'the server is starting; try again shortly');
            gate.mayUseSyncLimit(req, permission).then(
                allowed => {
                    if (!allowed)
                        return refuse(
                            413,
                            `a request body over ${DEFAULT_BODY_LIMIT_BYTES / 1024} kB is only accepted for sync operations sent with an API key holding ${permission}; this one has none (the body was not read)`,
                        );
                    parseLarge(req, res, err => {
                        if (err) return next(err);
                        if (!isSyncOperation(req.body)) {
                            return refuse(
                                413,
                                `a request body over ${DEFAULT_BODY_LIMIT_BYTES / 1024} kB is only accepted for ${[...SYNC_OPERATIONS].join(' and ')}`,
                            );
                        }
                        next();
                    });
                },
                err => next(err),
            );
        };
    }

    /** True when the request's API key is valid and one of its roles holds `permission`. */
    private async mayUseSyncLimit(req: Request, permission: string): Promise<boolean> {
        const token = req.get(this.configService.authOptions.apiKeyHeaderKey ?? 'vendure-api-key')?.trim();
        if (!token) return false;
        const strategy = this.apiKeys.getApiKeyStrategyByApiType('admin');
        const parsed = strategy.parse(token);
        if (!parsed) return false;
        const ctx = await this.requestContexts.create({ apiType: 'admin' });
        const apiKey = await this.apiKeys.findOneByLookupId(ctx, parsed.lookupId, ['user', 'user.roles']);
        if (!apiKey || !(await strategy.hashingStrategy.check(token, apiKey.apiKeyHash))) return false;
        return (apiKey.user?.roles ?? []).some((role: { permissions: string[] }) => role.permissions.includes(permission));
    }
}

function isSyncOperation(body: unknown): boolean {
    const query = (body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string') return false;
    try {
        const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
        return (
            operations.length === 1 &&
            operations[0].operation === OperationTypeNode.MUTATION &&
            operations[0].selectionSet.selections.every(s => s.kind === Kind.FIELD && SYNC_OPERATIONS.has(s.name.value))
        );
    } catch {
        return false;
    }
}
