import { BcryptPasswordHashingStrategy } from '@vendure/core';
import { describe, expect, it } from 'vitest';

import { ApiKeyHashingStrategy } from './api-key-hashing';

describe('ApiKeyHashingStrategy', () => {
    const strategy = new ApiKeyHashingStrategy();

    it('checks a key against its SHA-256 hash, and refuses any other key', async () => {
        const hash = await strategy.hash('a-secret-key');
        expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(await strategy.check('a-secret-key', hash)).toBe(true);
        expect(await strategy.check('a-secret-kez', hash)).toBe(false);
        expect(await strategy.check('', hash)).toBe(false);
    });

    it('still verifies keys hashed with bcrypt before', async () => {
        const old = await new BcryptPasswordHashingStrategy().hash('an-old-key');
        expect(await strategy.check('an-old-key', old)).toBe(true);
        expect(await strategy.check('another-key', old)).toBe(false);
    });
});
