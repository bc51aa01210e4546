import path from 'node:path';

import { StartupError } from './startup-error';

/** The two Vendure applications of the stack. */
export type AppName = 'master' | 'ecommerce';

export const DEFAULT_PORTS: Record<AppName, number> = { master: 3000, ecommerce: 3001 };

export const DEFAULT_SUPERADMIN = { username: 'superadmin', password: 'superadmin' } as const;
const DEV_COOKIE_SECRET = 'entrepreneur-os-dev-cookie-secret';

export interface DatabaseSettings {
    type: 'postgres';
    host: string;
    port: number;
    username: string;
    password: string;
    database: string;
    schema: string;
    ssl: boolean;
}

export interface ServerSettings {
    app: AppName;
    production: boolean;
    port: number;
    /** Base URL at which browsers reach this server (asset URLs, links in e-mails). */
    publicUrl: string;
    /**
     * Base URL at which browsers reach master (`MASTER_PUBLIC_URL`, read by both apps): the ecommerce
     * Dashboard links a replicated product to its page in master's Dashboard.
     */
    masterPublicUrl: string;
    dataDir: string;
    database: DatabaseSettings;
    /** Connections each process may open to its database (TypeORM's pool). */
    databasePoolSize: number;
    /** Present when Redis is configured: BullMQ job queue and Redis cache. */
    redisUrl?: string;
    /** Prefix of every Redis key (queues, cache), so several stacks can share one Redis. */
    redisKeyPrefix: string;
    superadmin: { username: string; password: string };
    cookieSecret: string;
    /** True when the superadmin password or cookie secret are the built-in development defaults. */
    usesDefaultCredentials: boolean;
    seedDemoData: boolean;
    smtpUrl?: string;
    corsOrigins: Array<string | RegExp>;
    logLevel: 'error' | 'warn' | 'info' | 'verbose' | 'debug';
    /** Host name → channel token: requests to that host act in that tenant's channel. */
    tenantHosts: Record<string, string>;
}

type Env = Record<string, string | undefined>;

export interface LoadSettingsOptions {
    cwd?: string;
    /**
     * For build tools that only read the configuration (the Dashboard build, migration generation):
     * they never serve requests, so production secrets are not required.
     */
    forTooling?: boolean;
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const LOG_LEVELS = ['error', 'warn', 'info', 'verbose', 'debug'] as const;

/** The environment variable holding a per-application setting, e.g. MASTER_PORT. */
export function appVar(app: AppName, name: string): string {
    return `${app.toUpperCase()}_${name}`;
}

/**
 * Reads and validates all settings of one application from the environment.
 * Every problem is collected, so a misconfigured deployment learns everything that is wrong at once.
 *
 * @throws StartupError naming each invalid or missing variable.
 */
export function loadSettings(app: AppName, env: Env = process.env, opts: LoadSettingsOptions = {}): ServerSettings {
    const problems: string[] = [];
    const production = env.NODE_ENV === 'production';
    const cwd = opts.cwd ?? process.cwd();

    const portVar = appVar(app, 'PORT');
    const port = parsePort(env[portVar], DEFAULT_PORTS[app], portVar, problems);

    const dataDir = path.resolve(cwd, env.DATA_DIR || '.data');
    const dbVar = appVar(app, 'DATABASE_URL');
    let database: DatabaseSettings | undefined;
    if (env[dbVar]) {
        database = parseDatabaseUrl(env[dbVar], dbVar, problems);
    } else if (opts.forTooling) {
        // Build tools compile the configuration but never connect.
        database = parseDatabaseUrl(`postgres://localhost/eos_${app}`, dbVar, problems);
    } else {
        problems.push(
            `${dbVar} is not set (npm start sets it to its embedded PostgreSQL; to run a server on its own, set it to postgres://user:password@host:5432/database)`,
        );
    }
    const databasePoolSize = parseInteger(env.DATABASE_POOL_SIZE, 10, 'DATABASE_POOL_SIZE', 1, 100, problems);

    const redisUrl = env.REDIS_URL || undefined;
    if (redisUrl && !/^rediss?:\/\/[^/]/.test(redisUrl)) {
        problems.push(`REDIS_URL must look like redis://host:6379 (got "${redisUrl}")`);
    }

    const redisKeyPrefix = env.REDIS_KEY_PREFIX || 'eos';
    if (!/^[\w.-]+$/.test(redisKeyPrefix))
        problems.push(`REDIS_KEY_PREFIX may contain only letters, digits, _ . - (got "${redisKeyPrefix}")`);

    const superadmin = {
        username: env.SUPERADMIN_USERNAME || DEFAULT_SUPERADMIN.username,
        password: env.SUPERADMIN_PASSWORD || DEFAULT_SUPERADMIN.password,
    };
    const cookieSecret = env.COOKIE_SECRET || DEV_COOKIE_SECRET;
    const usesDefaultCredentials = superadmin.password === DEFAULT_SUPERADMIN.password || cookieSecret === DEV_COOKIE_SECRET;
    if (production && !opts.forTooling) {
        if (superadmin.password === DEFAULT_SUPERADMIN.password) {
            problems.push('SUPERADMIN_PASSWORD must be set to a non-default value when NODE_ENV=production');
        } else if (superadmin.password.length < 12) {
            problems.push('SUPERADMIN_PASSWORD must have at least 12 characters when NODE_ENV=production');
        }
        if (cookieSecret === DEV_COOKIE_SECRET || cookieSecret.length < 32) {
            problems.push('COOKIE_SECRET must be set to a random string of at least 32 characters when NODE_ENV=production');
        }
    }

    const publicUrlVar = appVar(app, 'PUBLIC_URL');
    const publicUrl = (env[publicUrlVar] || `http://localhost:${port}`).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(publicUrl)) {
        problems.push(`${publicUrlVar} must be an http(s) URL (got "${publicUrl}")`);
    }
    const masterPublicUrl =
        app === 'master'
            ? publicUrl
            : (env.MASTER_PUBLIC_URL || `http://localhost:${env.MASTER_PORT || DEFAULT_PORTS.master}`).replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(masterPublicUrl)) {
        problems.push(`MASTER_PUBLIC_URL must be an http(s) URL (got "${masterPublicUrl}")`);
    }

    const seedDemoData = parseBoolean(env.SEED_DEMO_DATA, !production, 'SEED_DEMO_DATA', problems);

    const smtpUrl = env.SMTP_URL || undefined;
    if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
        problems.push(`SMTP_URL must look like smtp://user:pass@host:587 (got "${smtpUrl}")`);
    }

    // Development allows any local origin (storefront dev servers on any port); production only the listed ones.
    const corsOrigins: Array<string | RegExp> = env.CORS_ORIGINS
        ? env.CORS_ORIGINS.split(',')
              .map(o => o.trim())
              .filter(Boolean)
        : production
          ? []
          : [LOCAL_ORIGIN];

    const logLevel = (env.LOG_LEVEL || 'info') as ServerSettings['logLevel'];
    if (!LOG_LEVELS.includes(logLevel)) {
        problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
    }

    const tenantHosts = parseTenantHosts(env.TENANT_HOSTS, problems);

    if (problems.length) {
        throw new StartupError(`Invalid configuration for ${app}: ${problems.join('; ')}`, 'see the environment table in README.md');
    }
    return {
        app,
        production,
        port,
        publicUrl,
        masterPublicUrl,
        dataDir,
        database: database!,
        databasePoolSize,
        redisUrl,
        redisKeyPrefix,
        superadmin,
        cookieSecret,
        usesDefaultCredentials,
        seedDemoData,
        smtpUrl,
        corsOrigins,
        logLevel,
        tenantHosts,
    };
}

/** `shop.alpine.example=alpine,shop.pacific.example=pacific` → { host: channel token }. */
function parseTenantHosts(raw: string | undefined, problems: string[]): Record<string, string> {
    const map: Record<string, string> = {};
    for (const entry of (raw ?? '')
        .split(',')
        .map(e => e.trim())
        .filter(Boolean)) {
        const [host, token] = entry.split('=').map(p => p?.trim());
        if (!host || !token || !/^[a-z0-9.-]+$/i.test(host)) {
            problems.push(`TENANT_HOSTS entry "${entry}" must look like host.example.com=channel-token`);
            continue;
        }
        map[host.toLowerCase()] = token;
    }
    return map;
}

function parsePort(raw: string | undefined, fallback: number, name: string, problems: string[]): number {
    if (raw === undefined || raw === '') return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        problems.push(`${name} must be a port number between 1 and 65535 (got "${raw}")`);
        return fallback;
    }
    return port;
}

function parseInteger(raw: string | undefined, fallback: number, name: string, min: number, max: number, problems: string[]): number {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
        problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
        return fallback;
    }
    return value;
}

function parseBoolean(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
}

/** Accepts `postgres://user:pass@host:5432/db?schema=public&ssl=true`. */
export function parseDatabaseUrl(raw: string, name: string, problems: string[] = []): DatabaseSettings | undefined {
    if (/^sqlite:/i.test(raw)) {
        problems.push(`${name}: SQLite is no longer supported — use a postgres:// URL, or unset it under npm start (embedded PostgreSQL)`);
        return undefined;
    }
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        problems.push(`${name} is not a valid URL (expected postgres://user:password@host:5432/database)`);
        return undefined;
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`${name} has unsupported scheme "${url.protocol}" (use postgres://)`);
        return undefined;
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database) problems.push(`${name} must name a database, e.g. postgres://localhost:5432/${name.split('_')[0].toLowerCase()}`);
    const port = url.port ? Number(url.port) : 5432;
    return {
        type: 'postgres',
        host: url.hostname || '127.0.0.1',
        port,
        username: decodeURIComponent(url.username || 'postgres'),
        password: decodeURIComponent(url.password),
        database,
        schema: url.searchParams.get('schema') || 'public',
        ssl: url.searchParams.get('ssl') === 'true' || url.searchParams.get('sslmode') === 'require',
    };
}

/** A URL with its password replaced, safe for logs. */
export function redactUrl(raw: string): string {
    try {
        const url = new URL(raw);
        if (url.password) url.password = '***';
        return url.toString();
    } catch {
        return raw;
    }
}
