import http from 'node:http';

import { pushSignatureProblem, PUSH_SIGNATURE_HEADER, PushNotification, SYNC_STREAMS } from '@entrepreneur-os/sync-contract';

import { CONTENT_TYPE } from './metrics';

const MAX_BODY_BYTES = 64 * 1024;

export interface HttpHandlers {
    pushSecret: string;
    onPush(notification: PushNotification): Promise<void>;
    metrics(): string;
    health(): { ok: boolean; [key: string]: unknown };
}

/**
 * The sidecar's HTTP endpoints:
 * - `POST /push` — master's signed notification (`x-eos-signature`); 401 with the reason when the
 *   signature is missing, wrong or too old, 400 for a body that is not a notification, else 202 and
 *   the tenant's stream is scheduled at once.
 * - `GET /metrics` — Prometheus text format.
 * - `GET /health` — 200 `{ ok: true, … }`, 503 while starting or stopping.
 */
export function createHttpServer(handlers: HttpHandlers): http.Server {
    return http.createServer((req, res) => {
        handle(handlers, req, res).catch(err => {
            if (!res.headersSent) send(res, 500, { error: (err as Error).message });
            else res.end();
        });
    });
}

async function handle(handlers: HttpHandlers, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/push') {
        if (req.method !== 'POST') return send(res, 405, { error: 'POST a signed PushNotification' }, { allow: 'POST' });
        const body = await readBody(req);
        if (body === null) return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
        const header = req.headers[PUSH_SIGNATURE_HEADER];
        const problem = pushSignatureProblem(handlers.pushSecret, body, Array.isArray(header) ? header[0] : header);
        if (problem) {
            return send(res, 401, {
                error: `push refused: ${problem} (master signs with the secret this sidecar registered; re-register by restarting the sidecar)`,
            });
        }
        let notification: PushNotification;
        try {
            notification = JSON.parse(body) as PushNotification;
        } catch {
            return send(res, 400, { error: 'body is not JSON' });
        }
        const problems = notificationProblems(notification);
        if (problems.length) return send(res, 400, { error: problems.join('; ') });
        await handlers.onPush(notification);
        return send(res, 202, { accepted: true, tenantCode: notification.tenantCode, stream: notification.stream });
    }
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'content-type': CONTENT_TYPE });
        res.end(req.method === 'HEAD' ? undefined : handlers.metrics());
        return;
    }
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const health = handlers.health();
        return send(res, health.ok ? 200 : 503, health);
    }
    send(res, 404, { error: 'not found: POST /push, GET /metrics, GET /health' });
}

function notificationProblems(n: Partial<PushNotification> | null): string[] {
    if (!n || typeof n !== 'object') return ['a PushNotification object'];
    const problems: string[] = [];
    if (typeof n.tenantCode !== 'string' || !n.tenantCode) problems.push('tenantCode: required');
    if (n.stream !== 'retry' && !SYNC_STREAMS.includes(n.stream as (typeof SYNC_STREAMS)[number])) {
        problems.push(`stream: one of ${[...SYNC_STREAMS, 'retry'].join(', ')}`);
    }
    return problems;
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        req.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) tooLarge = true;
            else chunks.push(chunk);
        });
        req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
}
