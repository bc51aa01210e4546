import { describe, expect, it } from 'vitest';

import { ApplicableImport, applyRefusal, STALE_RUN_MS } from './import-state';

const now = new Date('2025-06-01T12:00:00Z');
const base: ApplicableImport = { state: 'DRY_RUN', errorCount: 0, validRows: 10, processed: 0, total: 0, updatedAt: now };

describe('applyRefusal', () => {
    it('applies a clean dry-run either way, and again after it succeeded or failed', () => {
        for (const state of ['DRY_RUN', 'SUCCEEDED', 'FAILED'] as const) {
            expect(applyRefusal({ ...base, state }, false, now)).toBeUndefined();
            expect(applyRefusal({ ...base, state }, true, now)).toBeUndefined();
        }
    });

    it('refuses a dry-run with errors unless only the valid rows are asked for, and says so', () => {
        expect(applyRefusal({ ...base, errorCount: 3, validRows: 7 }, false, now)).toBe(
            'The dry-run found 3 errors in this file, so nothing was written. Correct the file and upload it again, or apply with onlyValidRows: true to import only the 7 valid rows.',
        );
        expect(applyRefusal({ ...base, errorCount: 3, validRows: 7 }, true, now)).toBeUndefined();
    });

    it('refuses when no row is valid', () => {
        expect(applyRefusal({ ...base, errorCount: 4, validRows: 0 }, true, now)).toMatch(
            /No row of this file is valid \(4 errors\): there is nothing to import/,
        );
    });

    it('refuses while queued or running; a run silent for longer than the stale limit may be applied again', () => {
        expect(applyRefusal({ ...base, state: 'PENDING' }, true, now)).toMatch(/already queued/);
        expect(applyRefusal({ ...base, state: 'RUNNING', processed: 5, total: 10 }, true, now)).toBe(
            'This import is running (5 of 10 done): follow its progress with csvImport.',
        );
        const silent = new Date(now.getTime() - STALE_RUN_MS - 1);
        expect(applyRefusal({ ...base, state: 'RUNNING', updatedAt: silent }, true, now)).toBeUndefined();
    });
});
