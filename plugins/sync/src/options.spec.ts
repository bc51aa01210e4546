import { describe, expect, it } from 'vitest';

import { resolveMasterSyncOptions } from './master/options';
import { DEFAULT_ECOMMERCE_SYNC_OPTIONS, resolveEcommerceSyncOptions } from './ecommerce/options';

describe('sync plugin options', () => {
    it('default every option and keep what is given', () => {
        expect(resolveEcommerceSyncOptions()).toEqual(DEFAULT_ECOMMERCE_SYNC_OPTIONS);
        expect(resolveEcommerceSyncOptions({ lockWaitMs: 5000, syncBodyLimit: '20mb' })).toMatchObject({
            lockWaitMs: 5000,
            syncBodyLimit: '20mb',
            maxProductsPerApply: 500,
        });
        expect(resolveMasterSyncOptions({ pushCoalesceMs: 50 })).toMatchObject({ pushCoalesceMs: 50, pushTimeoutMs: 2000 });
    });

    it('refuse a value that cannot work, naming the option', () => {
        expect(() => resolveEcommerceSyncOptions({ maxProductsPerApply: 0 })).toThrow(
            'EcommerceSyncPlugin.init: maxProductsPerApply must be a whole number ≥ 1 (got 0)',
        );
        expect(() => resolveEcommerceSyncOptions({ syncBodyLimit: 'lots' })).toThrow("syncBodyLimit must look like '50mb' (got lots)");
        expect(() => resolveMasterSyncOptions({ pushTimeoutMs: 1.5 })).toThrow('SyncPlugin.init: pushTimeoutMs must be a whole number ≥ 1');
    });
});
