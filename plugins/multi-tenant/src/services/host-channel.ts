import type { NextFunction, Request, Response } from 'express';

/**
 * Maps the request's host name to a channel token when the client sent none, so each tenant's
 * storefront domain lands in its own channel. An explicit token header always wins. Choosing a
 * channel grants nothing (tokens are public; permissions decide), so a forwarded host is trusted.
 */
export function hostChannelMiddleware(hostChannels: Record<string, string>, tokenKey: string) {
    const hosts = new Map(Object.entries(hostChannels).map(([host, token]) => [host.toLowerCase(), token]));
    return (req: Request, _res: Response, next: NextFunction) => {
        if (hosts.size && !req.get(tokenKey)) {
            const host = (req.get('x-forwarded-host') ?? req.get('host') ?? '').split(',')[0].trim().replace(/:\d+$/, '').toLowerCase();
            const token = hosts.get(host);
            if (token) req.headers[tokenKey.toLowerCase()] = token;
        }
        next();
    };
}
