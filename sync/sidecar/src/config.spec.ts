import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { ConfigError, ensurePushSecret, loadConfig, requireMasterApiKey } from './config';
import { resolveCredentialsRef } from './credentials';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'eos-sidecar-'));

describe('sidecar configuration', () => {
    it('has defaults for everything but the master API key', () => {
        const cwd = tmp();
        const config = loadConfig({}, cwd);
        expect(config).toMatchObject({
            masterUrl: 'http://localhost:3000',
            assetBaseUrl: 'http://localhost:3000/assets',
            dataDir: path.join(cwd, '.data'),
            redisUrl: undefined,
            port: 3002,
            publicUrl: 'http://localhost:3002',
            intervalMs: 2000,
            concurrency: 4,
            pageSize: 1000,
            masterApiKey: undefined,
        });
        expect(() => requireMasterApiKey(config)).toThrow(/SYNC_MASTER_API_KEY.*master-sync-api-key/);
    });

    it('reads the master key from the environment, else from DATA_DIR/secrets', () => {
        const cwd = tmp();
        fs.mkdirSync(path.join(cwd, 'd/secrets'), { recursive: true });
        fs.writeFileSync(path.join(cwd, 'd/secrets/master-sync-api-key'), 'from-file\n');
        expect(loadConfig({ DATA_DIR: 'd' }, cwd).masterApiKey).toBe('from-file');
        expect(loadConfig({ DATA_DIR: 'd', SYNC_MASTER_API_KEY: 'from-env' }, cwd).masterApiKey).toBe('from-env');
        expect(loadConfig({ SYNC_PORT: '4000', MASTER_URL: 'http://m:1/' }, cwd)).toMatchObject({
            port: 4000,
            publicUrl: 'http://localhost:4000',
            masterUrl: 'http://m:1',
        });
    });

    it('names every bad setting at once', () => {
        try {
            loadConfig(
                { SYNC_PORT: 'x', MASTER_URL: 'nope', REDIS_URL: 'localhost:6379', SYNC_CONCURRENCY: '0', SYNC_PAGE_SIZE: '1001' },
                tmp(),
            );
            expect.unreachable();
        } catch (e) {
            expect(e).toBeInstanceOf(ConfigError);
            expect((e as ConfigError).problems).toHaveLength(5);
        }
    });

    it('generates the push secret once, mode 600, unless SYNC_PUSH_SECRET is set', () => {
        const cwd = tmp();
        const config = loadConfig({}, cwd);
        const secret = ensurePushSecret(config);
        expect(secret).toMatch(/^[0-9a-f]{64}$/);
        const file = path.join(cwd, '.data/secrets/sync-push-secret');
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(ensurePushSecret(config)).toBe(secret);
        expect(ensurePushSecret(loadConfig({ SYNC_PUSH_SECRET: 'given-and-long-enough' }, cwd))).toBe('given-and-long-enough');
        expect(() => loadConfig({ SYNC_PUSH_SECRET: 'short' }, cwd)).toThrow(/at least 16/);
    });
});

describe('credentials references', () => {
    it('resolves env: and file: inside the data folder, like the multi-tenant plugin', () => {
        const dir = tmp();
        fs.mkdirSync(path.join(dir, 'secrets'));
        fs.writeFileSync(path.join(dir, 'secrets/shop-key'), ' key-1 \n');
        expect(resolveCredentialsRef('file:secrets/shop-key', dir)).toBe('key-1');
        expect(resolveCredentialsRef('env:SHOP_KEY', dir, { SHOP_KEY: 'key-2' })).toBe('key-2');
        expect(() => resolveCredentialsRef('env:SHOP_KEY', dir, {})).toThrow(/SHOP_KEY is not set/);
        expect(() => resolveCredentialsRef('file:secrets/none', dir)).toThrow(/does not exist/);
        expect(() => resolveCredentialsRef('file:../etc/passwd', dir)).toThrow(/env:VARIABLE_NAME or file:relative\/path/);
        expect(() => resolveCredentialsRef('the-key-itself', dir)).toThrow(/env:VARIABLE_NAME or file:relative\/path/);
    });
});
