import { describe, expect, it } from 'vitest';

import {
    describeProblems,
    feedPositionProblems,
    orderSummaryProblems,
    shopMovementProblems,
    syncStatusReportProblems,
} from './sync-input-validation';

const movement = {
    idempotencyKey: 'order-1:sale',
    tenantCode: 'north',
    origin: 'ecommerce',
    reason: 'SALE',
    masterVariantId: '12',
    sku: 'SKU-1',
    delta: -1,
    sourceRef: 'order-1',
    occurredAt: '2026-03-01T10:00:00.000Z',
};

describe('sync input validation', () => {
    it('names the movement and its field', () => {
        expect(shopMovementProblems([movement], 'north')).toEqual([]);
        expect(shopMovementProblems([movement, { ...movement, masterVariantId: 'abc', sku: '' }], 'north')).toEqual([
            'movements[1].masterVariantId: "abc" is not a master variant id',
            'movements[1].sku: 1–255 characters',
        ]);
        expect(shopMovementProblems([null], 'north')).toEqual(['movements[0]: a StockMovement object']);
        expect(shopMovementProblems(Array(1001).fill(movement), 'north')).toEqual(['movements: at most 1000 per call']);
    });

    it('checks order summaries down to their lines', () => {
        const summary = {
            tenantCode: 'north',
            orderCode: 'A1',
            state: 'PaymentSettled',
            currencyCode: 'EUR',
            subTotalWithTax: 100,
            shippingWithTax: 0,
            totalWithTax: 100,
            totalQuantity: 1,
            customerEmail: null,
            placedAt: null,
            updatedAt: '2026-03-01T10:00:00.000Z',
            version: 1,
            lines: [{ masterVariantId: '1', sku: 'S', productName: 'P', quantity: 1, unitPriceWithTax: 100, linePriceWithTax: 100 }],
        };
        expect(orderSummaryProblems(summary, 's[0]', 'north')).toEqual([]);
        expect(
            orderSummaryProblems({ ...summary, version: 0, lines: [{ ...summary.lines[0], unitPriceWithTax: 1.5 }] }, 's[0]', 'north'),
        ).toEqual(['s[0].version: the order feed position, 1 or more', 's[0].lines[0].unitPriceWithTax: a whole number of minor units']);
        expect(orderSummaryProblems(summary, 's[0]', 'south')).toEqual(['s[0].tenantCode: "south", the tenant of this call']);
    });

    it('checks status reports, feed positions, and keeps long messages short', () => {
        expect(syncStatusReportProblems('x')).toEqual(['report: a SyncStatusReport object']);
        expect(
            syncStatusReportProblems({
                tenantCode: 'north',
                stream: 'catalog',
                sourcePosition: 1,
                appliedPosition: 1,
                lagSeconds: 0,
                lastSuccessAt: null,
                lastError: null,
                deadLetters: [],
            }),
        ).toEqual([]);
        expect(feedPositionProblems(null)).toEqual([]);
        expect(feedPositionProblems(1.5)).toEqual(['feedPosition: a feed position, 0 or more']);
        expect(describeProblems(['a', 'b', 'c'], 2)).toBe('a; b; and 1 more');
    });
});
