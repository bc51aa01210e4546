import { describe, expect, it } from 'vitest';

import { StockMovement, validateStockMovement } from './stock-movement';

const valid: StockMovement = {
    idempotencyKey: 'po:PO-0001:line:1:receipt:1',
    tenantCode: 'alpine',
    origin: 'master',
    reason: 'PURCHASE_RECEIPT',
    masterVariantId: '12',
    sku: 'L2201308',
    delta: 5,
    sourceRef: 'PO-0001',
    occurredAt: '2026-11-25T10:00:00.000Z',
};

describe('validateStockMovement', () => {
    it('accepts a complete movement', () => {
        expect(validateStockMovement(valid)).toEqual([]);
    });

    it('names every wrong field', () => {
        const problems = validateStockMovement({
            ...valid,
            idempotencyKey: 'has spaces',
            delta: 0.5,
            reason: 'THEFT' as never,
            occurredAt: 'yesterday',
        });
        expect(problems.map(p => p.split(':')[0])).toEqual(['idempotencyKey', 'reason', 'delta', 'occurredAt']);
    });

    it('refuses a zero delta: a movement that moves nothing is a mistake', () => {
        expect(validateStockMovement({ ...valid, delta: 0 })).toEqual(['delta: a whole number other than 0']);
    });
});
