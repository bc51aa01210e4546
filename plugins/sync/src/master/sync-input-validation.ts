import { SYNC_LIMITS, SYNC_STREAMS, validateStockMovement } from '@entrepreneur-os/sync-contract';

/**
 * Shape checks of what the sync engine sends master, each problem naming its path. Pure, so the
 * resolvers can refuse a whole call before anything is written.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIso = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isInt = (value: unknown, min = Number.MIN_SAFE_INTEGER) => Number.isSafeInteger(value) && (value as number) >= min;
const isText = (value: unknown, max: number) => typeof value === 'string' && value.length >= 1 && value.length <= max;

const MAX_LINES = 1000;
const MAX_DEAD_LETTERS = 1000;

/** Problems of a batch of shop stock movements for `tenantCode`, as `movements[i].field: …`. */
export function shopMovementProblems(movements: unknown[], tenantCode: string): string[] {
    if (movements.length > SYNC_LIMITS.itemsPerApply) return [`movements: at most ${SYNC_LIMITS.itemsPerApply} per call`];
    return movements.flatMap((movement, i) => shopMovementItemProblems(movement, `movements[${i}]`, tenantCode));
}

/** Problems of one shop stock movement at path `at`. */
export function shopMovementItemProblems(movement: unknown, at: string, tenantCode: string): string[] {
    if (!isObject(movement)) return [`${at}: a StockMovement object`];
    const problems = validateStockMovement(movement).map(p => `${at}.${p}`);
    if (typeof movement.tenantCode === 'string' && movement.tenantCode && movement.tenantCode !== tenantCode) {
        problems.push(`${at}.tenantCode: "${movement.tenantCode}" is not the tenant of this call (${tenantCode})`);
    }
    if (movement.origin === 'master') problems.push(`${at}.origin: ecommerce (master's own movements are not applied back)`);
    if (typeof movement.masterVariantId === 'string' && movement.masterVariantId && !/^\d{1,18}$/.test(movement.masterVariantId)) {
        problems.push(`${at}.masterVariantId: "${movement.masterVariantId}" is not a master variant id`);
    }
    if (!isText(movement.sku, 255)) problems.push(`${at}.sku: 1–255 characters`);
    if (!isText(movement.sourceRef, 255)) problems.push(`${at}.sourceRef: 1–255 characters`);
    return problems;
}

/** Problems of an OrderSummary of the sync contract, each prefixed with `at`. */
export function orderSummaryProblems(summary: unknown, at: string, tenantCode: string): string[] {
    if (!isObject(summary)) return [`${at}: an OrderSummary object`];
    const problems: string[] = [];
    const check = (ok: boolean, field: string, expected: string) => {
        if (!ok) problems.push(`${at}.${field}: ${expected}`);
    };
    check(summary.tenantCode === tenantCode, 'tenantCode', `"${tenantCode}", the tenant of this call`);
    check(isText(summary.orderCode, 64), 'orderCode', '1–64 characters');
    check(isText(summary.state, 64), 'state', '1–64 characters');
    check(typeof summary.currencyCode === 'string' && /^[A-Z]{3}$/.test(summary.currencyCode), 'currencyCode', 'an ISO 4217 code like EUR');
    for (const field of ['subTotalWithTax', 'shippingWithTax', 'totalWithTax'] as const) {
        check(isInt(summary[field]), field, 'a whole number of minor units');
    }
    check(isInt(summary.totalQuantity, 0), 'totalQuantity', 'a whole number, 0 or more');
    check(summary.customerEmail === null || isText(summary.customerEmail, 255), 'customerEmail', 'null or 1–255 characters');
    check(summary.placedAt === null || isIso(summary.placedAt), 'placedAt', 'null or an ISO 8601 date-time');
    check(isIso(summary.updatedAt), 'updatedAt', 'an ISO 8601 date-time');
    check(isInt(summary.version, 1), 'version', 'the order feed position, 1 or more');
    if (!Array.isArray(summary.lines) || summary.lines.length > MAX_LINES) {
        problems.push(`${at}.lines: a list of at most ${MAX_LINES} lines`);
        return problems;
    }
    summary.lines.forEach((line: unknown, j) => {
        const lineAt = `${at}.lines[${j}]`;
        if (!isObject(line)) return problems.push(`${lineAt}: an OrderSummaryLine object`);
        if (!isText(line.masterVariantId, 32)) problems.push(`${lineAt}.masterVariantId: required`);
        if (typeof line.sku !== 'string' || line.sku.length > 255) problems.push(`${lineAt}.sku: a string of at most 255 characters`);
        if (typeof line.productName !== 'string') problems.push(`${lineAt}.productName: a string`);
        if (!isInt(line.quantity, 0)) problems.push(`${lineAt}.quantity: a whole number, 0 or more`);
        for (const field of ['unitPriceWithTax', 'linePriceWithTax'] as const) {
            if (!isInt(line[field])) problems.push(`${lineAt}.${field}: a whole number of minor units`);
        }
    });
    return problems;
}

/** Problems of a SyncStatusReport, as `report.field: …`. */
export function syncStatusReportProblems(report: unknown): string[] {
    if (!isObject(report)) return ['report: a SyncStatusReport object'];
    const problems: string[] = [];
    const check = (ok: boolean, field: string, expected: string) => {
        if (!ok) problems.push(`report.${field}: ${expected}`);
    };
    check(isText(report.tenantCode, 32), 'tenantCode', 'a tenant code');
    check(SYNC_STREAMS.includes(report.stream as never), 'stream', `one of ${SYNC_STREAMS.join(', ')}`);
    check(isInt(report.sourcePosition, 0), 'sourcePosition', 'a feed position, 0 or more');
    check(isInt(report.appliedPosition, 0), 'appliedPosition', 'a feed position, 0 or more');
    check(typeof report.lagSeconds === 'number' && Number.isFinite(report.lagSeconds) && report.lagSeconds >= 0, 'lagSeconds', '0 or more');
    check(report.lastSuccessAt === null || isIso(report.lastSuccessAt), 'lastSuccessAt', 'null or an ISO 8601 date-time');
    check(report.lastError === null || typeof report.lastError === 'string', 'lastError', 'null or a string');
    if (!Array.isArray(report.deadLetters) || report.deadLetters.length > MAX_DEAD_LETTERS) {
        problems.push(`report.deadLetters: a list of at most ${MAX_DEAD_LETTERS}`);
        return problems;
    }
    report.deadLetters.forEach((letter: unknown, i) => {
        const at = `report.deadLetters[${i}]`;
        if (!isObject(letter)) return problems.push(`${at}: a DeadLetter object`);
        if (!SYNC_STREAMS.includes(letter.stream as never)) problems.push(`${at}.stream: one of ${SYNC_STREAMS.join(', ')}`);
        if (!isText(letter.itemKey, 255)) problems.push(`${at}.itemKey: 1–255 characters`);
        if (typeof letter.error !== 'string') problems.push(`${at}.error: a string`);
        if (!isInt(letter.attempts, 1)) problems.push(`${at}.attempts: a whole number, 1 or more`);
        if (!isIso(letter.firstFailedAt)) problems.push(`${at}.firstFailedAt: an ISO 8601 date-time`);
        if (!isIso(letter.lastFailedAt)) problems.push(`${at}.lastFailedAt: an ISO 8601 date-time`);
    });
    return problems;
}

/** A feed position given with a batch: null/undefined (a batch in the middle of a page) or 0 or more. */
export function feedPositionProblems(feedPosition: unknown): string[] {
    return feedPosition == null || isInt(feedPosition, 0) ? [] : ['feedPosition: a feed position, 0 or more'];
}

/** One message for a refused call: the first problems, and how many more there are. */
export function describeProblems(problems: string[], shown = 20): string {
    const more = problems.length - shown;
    return problems.slice(0, shown).join('; ') + (more > 0 ? `; and ${more} more` : '');
}
