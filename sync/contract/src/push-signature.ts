import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const PUSH_SIGNATURE_HEADER = 'x-eos-signature';
/** Older signatures are refused, so a captured notification cannot be replayed later. */
export const PUSH_SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPush(secret: string, body: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
    return `t=${nowSeconds},v1=${hmac(secret, `${nowSeconds}.${body}`)}`;
}

/** Why a push is refused, or null when its signature is good and recent. */
export function pushSignatureProblem(
    secret: string,
    body: string,
    header: string | undefined,
    nowSeconds = Math.floor(Date.now() / 1000),
): string | null {
    if (!header) return `missing ${PUSH_SIGNATURE_HEADER} header`;
    const parts = Object.fromEntries(header.split(',').map(p => p.split('=', 2) as [string, string]));
    const t = Number(parts.t);
    if (!Number.isSafeInteger(t) || !parts.v1) return `${PUSH_SIGNATURE_HEADER}: expected t=<seconds>,v1=<hex>`;
    if (Math.abs(nowSeconds - t) > PUSH_SIGNATURE_TOLERANCE_SECONDS) return `${PUSH_SIGNATURE_HEADER}: timestamp too old or in the future`;
    const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
    const given = Buffer.from(parts.v1, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `${PUSH_SIGNATURE_HEADER}: signature does not match`;
    return null;
}

function hmac(secret: string, text: string): string {
    return createHmac('sha256', secret).update(text).digest('hex');
}
