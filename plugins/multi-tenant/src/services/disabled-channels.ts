import type { NextFunction, Request, Response } from 'express';
import { Channel, TransactionalConnection } from '@vendure/core';

const REFRESH_MS = 2_000;

/**
 * Channels of disabled tenants (custom field `eosDisabled`), cached for two seconds per process so
 * that the per-request check costs nothing; server and worker processes converge within that time.
 */
export class DisabledChannels {
    private static cache: { at: number; ids: Set<string>; tokens: Set<string> } | undefined;
    private static loading: Promise<void> | undefined;
    static connection: TransactionalConnection | undefined;

    static async ids(connection: TransactionalConnection): Promise<Set<string>> {
        await this.refresh(connection);
        return this.cache!.ids;
    }

    static invalidate(): void {
        this.cache = undefined;
    }

    private static async refresh(connection: TransactionalConnection): Promise<void> {
        if (this.cache && Date.now() - this.cache.at < REFRESH_MS) return;
        this.loading ??= connection.rawConnection
            .getRepository(Channel)
            .find({ where: { customFields: { eosDisabled: true } } as never, select: { id: true, token: true } })
            .then(channels => {
                this.cache = { at: Date.now(), ids: new Set(channels.map(c => String(c.id))), tokens: new Set(channels.map(c => c.token)) };
            })
            .finally(() => (this.loading = undefined));
        await this.loading;
    }

    /**
     * Express middleware for the Admin and Shop APIs: a request whose channel token belongs to a
     * disabled tenant gets a GraphQL-shaped 403 before anything else runs.
     */
    static middleware(tokenKey: string) {
        return (req: Request, res: Response, next: NextFunction) => {
            const token = req.get(tokenKey) ?? (typeof req.query[tokenKey] === 'string' ? req.query[tokenKey] : undefined);
            if (!token || !this.connection) return next();
            this.refresh(this.connection)
                .then(() => {
                    if (!this.cache!.tokens.has(token)) return next();
                    res.status(403).json({
                        errors: [{ message: 'This tenant is disabled', extensions: { code: 'FORBIDDEN' } }],
                        data: null,
                    });
                })
                .catch(next);
        };
    }
}
