import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DEFAULT_TENANT_SETTINGS } from '../types';
import { resolveCredentials } from './credentials';
import { TenantInputError, validateTenantInput, validateTenantSettings } from './tenant-validation';

const valid = {
    code: 'acme-shop',
    name: 'Acme',
    defaultLanguageCode: 'de',
    currencyCode: 'EUR',
    ecommerceUrl: 'http://localhost:3001/',
    ecommerceCredentialsRef: 'env:ACME_ECOMMERCE_KEY',
};

describe('validateTenantInput', () => {
    it('normalises a valid tenant and fills default settings', () => {
        const result = validateTenantInput(valid);
        expect(result.ecommerceUrl).toBe('http://localhost:3001');
        expect(result.settings).toEqual(DEFAULT_TENANT_SETTINGS);
    });

    it('names every problem at once', () => {
        let error: TenantInputError | undefined;
        try {
            validateTenantInput({
                ...valid,
                code: '9x',
                name: '',
                defaultLanguageCode: 'xx',
                currencyCode: 'EURO',
                ecommerceUrl: 'ftp://x',
                ecommerceCredentialsRef: 'secret',
            });
        } catch (e) {
            error = e as TenantInputError;
        }
        expect(error?.problems).toHaveLength(6);
        expect(error?.message).toMatch(
            /code "9x".*name.*defaultLanguageCode "xx".*currencyCode "EURO".*ecommerceUrl "ftp:\/\/x".*ecommerceCredentialsRef "secret"/,
        );
    });

    it('refuses reserved codes and references that escape the secrets folder', () => {
        expect(() => validateTenantInput({ ...valid, code: 'master' })).toThrow(/reserved/);
        expect(() => validateTenantInput({ ...valid, ecommerceCredentialsRef: 'file:../etc/passwd' })).toThrow(/ecommerceCredentialsRef/);
    });
});

describe('validateTenantSettings', () => {
    it('merges partial settings and rejects unknown or ill-typed ones', () => {
        expect(validateTenantSettings({ completeness: { minAssets: 2 } as never }).completeness).toEqual({
            ...DEFAULT_TENANT_SETTINGS.completeness,
            minAssets: 2,
        });
        const problems: string[] = [];
        validateTenantSettings({ syncEnabled: 'yes' as never, colour: 'red' } as never, problems);
        expect(problems).toEqual(['settings.colour is not a tenant setting', 'settings.syncEnabled must be true or false']);
    });
});

describe('resolveCredentials', () => {
    it('reads env: and file: references and says which one is missing', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-secrets-'));
        fs.mkdirSync(path.join(dir, 'secrets'));
        fs.writeFileSync(path.join(dir, 'secrets', 'key'), 'abc\n');
        expect(resolveCredentials('file:secrets/key', dir)).toBe('abc');
        expect(resolveCredentials('env:K', dir, { K: 'xyz' })).toBe('xyz');
        expect(() => resolveCredentials('env:MISSING', dir, {})).toThrow(/MISSING is not set/);
        expect(() => resolveCredentials('file:secrets/none', dir)).toThrow(/does not exist/);
        fs.rmSync(dir, { recursive: true });
    });
});
