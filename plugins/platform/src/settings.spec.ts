import { describe, expect, it } from 'vitest';

import { loadSettings, parseDatabaseUrl, redactUrl } from './settings';
import { describeStartupFailure, StartupError } from './startup-error';

const cwd = '/srv/eos';
/** What npm start passes its servers (the embedded PostgreSQL). */
const databases = {
    MASTER_DATABASE_URL: 'postgres://eos:pw@127.0.0.1:5488/eos_master',
    ECOMMERCE_DATABASE_URL: 'postgres://eos:pw@127.0.0.1:5488/eos_ecommerce',
};

describe('loadSettings', () => {
    it('defaults: data in ./.data, SQL job queue, ports 3000/3001, pools of 10 connections', () => {
        const master = loadSettings('master', databases, { cwd });
        const ecommerce = loadSettings('ecommerce', databases, { cwd });
        expect(master.dataDir).toBe('/srv/eos/.data');
        expect([master.database.database, ecommerce.database.database]).toEqual(['eos_master', 'eos_ecommerce']);
        expect([master.port, ecommerce.port]).toEqual([3000, 3001]);
        expect(master.databasePoolSize).toBe(10);
        expect(master.redisUrl).toBeUndefined();
        expect(master.usesDefaultCredentials).toBe(true);
        expect(master.seedDemoData).toBe(true);
        expect(master.publicUrl).toBe('http://localhost:3000');
    });

    it("ecommerce knows master's public URL (links to master's Dashboard): MASTER_PUBLIC_URL, else localhost at MASTER_PORT", () => {
        expect(loadSettings('ecommerce', databases, { cwd }).masterPublicUrl).toBe('http://localhost:3000');
        expect(loadSettings('ecommerce', { ...databases, MASTER_PORT: '4000' }, { cwd }).masterPublicUrl).toBe('http://localhost:4000');
        const env = { ...databases, MASTER_PUBLIC_URL: 'https://pim.example.com/' };
        expect(loadSettings('ecommerce', env, { cwd }).masterPublicUrl).toBe('https://pim.example.com');
        expect(loadSettings('master', env, { cwd }).masterPublicUrl).toBe('https://pim.example.com');
        expect(() => loadSettings('ecommerce', { ...databases, MASTER_PUBLIC_URL: 'pim.example.com' }, { cwd })).toThrow(
            /MASTER_PUBLIC_URL/,
        );
    });

    it('reads per-app variables, so one shell can configure both servers', () => {
        const env = {
            MASTER_PORT: '4000',
            ECOMMERCE_PORT: '4001',
            MASTER_DATABASE_URL: 'postgres://eos:s%40cret@db.internal:5433/master?schema=pim',
            REDIS_URL: 'redis://cache:6379/2',
        };
        const master = loadSettings('master', env, { cwd });
        expect(master.port).toBe(4000);
        expect(master.database).toEqual({
            type: 'postgres',
            host: 'db.internal',
            port: 5433,
            username: 'eos',
            password: 's@cret',
            database: 'master',
            schema: 'pim',
            ssl: false,
        });
        expect(master.redisUrl).toBe('redis://cache:6379/2');
        expect(() => loadSettings('ecommerce', env, { cwd })).toThrow(/ECOMMERCE_DATABASE_URL is not set \(npm start sets it/);
    });

    it('reads the pool size and refuses one out of range', () => {
        expect(loadSettings('master', { ...databases, DATABASE_POOL_SIZE: '4' }, { cwd }).databasePoolSize).toBe(4);
        expect(() => loadSettings('master', { ...databases, DATABASE_POOL_SIZE: '0' }, { cwd })).toThrow(
            /DATABASE_POOL_SIZE must be a whole number between 1 and 100 \(got "0"\)/,
        );
    });

    it('names every invalid variable in one error', () => {
        const env = {
            MASTER_PORT: '70000',
            MASTER_DATABASE_URL: 'mysql://x/y',
            REDIS_URL: 'localhost:6379',
            LOG_LEVEL: 'loud',
            SEED_DEMO_DATA: 'maybe',
            DATABASE_POOL_SIZE: 'many',
        };
        let error: unknown;
        try {
            loadSettings('master', env, { cwd });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(StartupError);
        const line = (error as StartupError).toLine();
        for (const name of ['MASTER_PORT', 'MASTER_DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'SEED_DEMO_DATA', 'DATABASE_POOL_SIZE'])
            expect(line).toContain(name);
        expect(line).not.toContain('\n');
    });

    it('refuses default credentials and missing secrets in production', () => {
        expect(() => loadSettings('master', { ...databases, NODE_ENV: 'production' }, { cwd })).toThrow(
            /SUPERADMIN_PASSWORD.*COOKIE_SECRET/,
        );
        expect(() =>
            loadSettings(
                'master',
                { ...databases, NODE_ENV: 'production', SUPERADMIN_PASSWORD: 'short', COOKIE_SECRET: 'x'.repeat(40) },
                { cwd },
            ),
        ).toThrow(/at least 12 characters/);
        const ok = loadSettings(
            'master',
            { ...databases, NODE_ENV: 'production', SUPERADMIN_PASSWORD: 'a-long-password', COOKIE_SECRET: 'x'.repeat(40) },
            { cwd },
        );
        expect(ok.usesDefaultCredentials).toBe(false);
        expect(ok.seedDemoData).toBe(false);
        expect(ok.corsOrigins).toEqual([]);
    });

    it('reads the host → tenant channel map', () => {
        expect(
            loadSettings('ecommerce', { ...databases, TENANT_HOSTS: 'Shop.Alpine.example=alpine, pacific.example=pacific' }, { cwd })
                .tenantHosts,
        ).toEqual({
            'shop.alpine.example': 'alpine',
            'pacific.example': 'pacific',
        });
        expect(() => loadSettings('ecommerce', { ...databases, TENANT_HOSTS: 'no-token-here' }, { cwd })).toThrow(
            /TENANT_HOSTS entry "no-token-here"/,
        );
    });

    it('lets build tools read a production configuration without its secrets or database', () => {
        expect(loadSettings('master', { NODE_ENV: 'production' }, { cwd, forTooling: true }).production).toBe(true);
    });
});

describe('parseDatabaseUrl', () => {
    it('refuses the SQLite URLs of earlier versions and URLs without a database', () => {
        const problems: string[] = [];
        expect(parseDatabaseUrl('sqlite:/var/lib/eos/m.sqlite', 'MASTER_DATABASE_URL', problems)).toBeUndefined();
        expect(problems.join()).toContain('MASTER_DATABASE_URL: SQLite is no longer supported');
        parseDatabaseUrl('postgres://localhost:5432', 'MASTER_DATABASE_URL', problems);
        expect(problems.join()).toContain('must name a database');
        parseDatabaseUrl('not a url', 'MASTER_DATABASE_URL', problems);
        expect(problems.join()).toContain('is not a valid URL');
    });

    it('never prints passwords', () => {
        expect(redactUrl('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
    });
});

describe('describeStartupFailure', () => {
    it('turns known low-level errors into one line with the fix', () => {
        expect(describeStartupFailure(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 }))).toMatch(
            /Port 3000 is already in use/,
        );
        expect(describeStartupFailure(new StartupError('Bad', 'do this'))).toBe('Bad — do this');
        expect(describeStartupFailure(new Error('first\nsecond'))).toBe('first');
    });
});
