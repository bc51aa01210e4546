import { createHash, timingSafeEqual } from 'node:crypto';

import { BcryptPasswordHashingStrategy, PasswordHashingStrategy } from '@vendure/core';

const PREFIX = 'sha256:';

/**
 * How API keys are hashed. Vendure hashes them with bcrypt by default, as it does passwords, which
 * costs ~250 ms of CPU on every request that carries a key — and the sync makes several such calls
 * per change. An API key's secret is 32 random bytes (256 bits): nothing to brute-force, so a
 * plain SHA-256 is as safe and costs microseconds. Keys hashed with bcrypt before still verify.
 */
export class ApiKeyHashingStrategy implements PasswordHashingStrategy {
    private readonly bcrypt = new BcryptPasswordHashingStrategy();

    hash(plaintext: string): Promise<string> {
        return Promise.resolve(PREFIX + sha256(plaintext));
    }

    check(plaintext: string, hash: string): Promise<boolean> {
        if (!hash.startsWith(PREFIX)) return this.bcrypt.check(plaintext, hash);
        const expected = Buffer.from(hash.slice(PREFIX.length), 'hex');
        const actual = Buffer.from(sha256(plaintext), 'hex');
        return Promise.resolve(expected.length === actual.length && timingSafeEqual(expected, actual));
    }
}

function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}
