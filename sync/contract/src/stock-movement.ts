/**
 * Stock travels between master and ecommerce as movements: signed deltas with an idempotency key,
 * never as absolute quantities, so that changes made on both sides at once add up and a movement
 * delivered twice is applied once.
 */
export const STOCK_MOVEMENT_REASONS = ['PURCHASE_RECEIPT', 'SALE', 'CANCELLATION', 'RETURN', 'ADJUSTMENT'] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];

export interface StockMovement {
    /** Unique per tenant and origin; the receiver ignores a key it has already applied. */
    idempotencyKey: string;
    tenantCode: string;
    /** Where the movement happened. */
    origin: 'master' | 'ecommerce';
    reason: StockMovementReason;
    /** The variant's id in master: the key both sides share. */
    masterVariantId: string;
    sku: string;
    /** Signed change of stock on hand (receipts and returns positive, sales negative). */
    delta: number;
    /** What caused it: a purchase order code, an order code, … */
    sourceRef: string;
    /** ISO 8601. */
    occurredAt: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9:._\-/]{0,199}$/;

/** Problems with a movement, each naming the field; empty when it is valid. */
export function validateStockMovement(movement: Partial<StockMovement>): string[] {
    const problems: string[] = [];
    if (!movement.idempotencyKey || !IDEMPOTENCY_KEY.test(movement.idempotencyKey)) {
        problems.push('idempotencyKey: 1–200 characters of letters, digits and : . _ - /');
    }
    if (!movement.tenantCode) problems.push('tenantCode: required');
    if (movement.origin !== 'master' && movement.origin !== 'ecommerce') problems.push('origin: master or ecommerce');
    if (!STOCK_MOVEMENT_REASONS.includes(movement.reason as StockMovementReason)) {
        problems.push(`reason: one of ${STOCK_MOVEMENT_REASONS.join(', ')}`);
    }
    if (!movement.masterVariantId) problems.push('masterVariantId: required');
    if (!Number.isSafeInteger(movement.delta) || movement.delta === 0) problems.push('delta: a whole number other than 0');
    if (!movement.occurredAt || Number.isNaN(Date.parse(movement.occurredAt))) problems.push('occurredAt: an ISO 8601 date-time');
    return problems;
}
