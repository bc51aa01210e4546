import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The sidecar's settings, from the environment (sync/README.md, "Sidecar"). */
export interface SidecarConfig {
    /** Master's base URL. `MASTER_URL`, default `http://localhost:$MASTER_PORT` (3000). */
    masterUrl: string;
    /** `SYNC_MASTER_API_KEY` or `<DATA_DIR>/secrets/master-sync-api-key`; undefined when neither is there. */
    masterApiKey: string | undefined;
    /** Where the master key came from, for error messages. */
    masterApiKeySource: string;
    /** Where the ecommerce servers fetch master's asset files. `SYNC_ASSET_BASE_URL`, default `<MASTER_URL>/assets`. */
    assetBaseUrl: string;
    /** `DATA_DIR`, default `.data` in the current directory: secrets and `file:` credentials live under it. */
    dataDir: string;
    /** `REDIS_URL`: BullMQ scheduling when set, in-process otherwise. */
    redisUrl: string | undefined;
    /** `REDIS_KEY_PREFIX` (shared with the servers): the queue and keys of one stack on a shared Redis. */
    redisKeyPrefix: string | undefined;
    /** `SYNC_PORT`, default 3002. */
    port: number;
    /** `SYNC_PUBLIC_URL`: how master reaches this sidecar; default `http://localhost:<SYNC_PORT>`. */
    publicUrl: string;
    /** `SYNC_INTERVAL_MS`, default 2000: every stream of every tenant is scheduled this often. */
    intervalMs: number;
    /** `SYNC_CONCURRENCY`, default 4: stream runs at once (per process). */
    concurrency: number;
    /** `SYNC_PAGE_SIZE`, default 1000 (the most): feed entries read per page — a checkpoint moves once a page. */
    pageSize: number;
    /** `SYNC_TIMEOUT_MS`, default 30000: per GraphQL call. */
    timeoutMs: number;
    /** `SYNC_TENANT_REFRESH_MS`, default 30000: how often the tenant list is read again. */
    tenantRefreshMs: number;
    /** `SYNC_LOG_FORMAT`: `json` or `text` (default). */
    logFormat: 'json' | 'text';
    /** `SYNC_PUSH_SECRET` as given (the generated one is read by {@link ensurePushSecret}). */
    pushSecretFromEnv: string | undefined;
}

export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`sync sidecar configuration: ${problems.join('; ')}`);
        this.name = 'ConfigError';
    }
}

export function masterKeyFile(dataDir: string): string {
    return path.join(dataDir, 'secrets', 'master-sync-api-key');
}

export function pushSecretFile(dataDir: string): string {
    return path.join(dataDir, 'secrets', 'sync-push-secret');
}

/** Reads and checks the environment; every problem is named at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): SidecarConfig {
    const problems: string[] = [];
    const dataDir = path.resolve(cwd, env.DATA_DIR || '.data');
    const masterUrl = url(env.MASTER_URL || env.MASTER_PUBLIC_URL || `http://localhost:${env.MASTER_PORT || 3000}`, 'MASTER_URL', problems);
    const port = int(env.SYNC_PORT, 3002, 'SYNC_PORT', problems, 0, 65535);
    const publicUrl = url(env.SYNC_PUBLIC_URL || `http://localhost:${port}`, 'SYNC_PUBLIC_URL', problems);
    const assetBaseUrl = env.SYNC_ASSET_BASE_URL ? url(env.SYNC_ASSET_BASE_URL, 'SYNC_ASSET_BASE_URL', problems) : `${masterUrl}/assets`;
    const redisUrl = env.REDIS_URL?.trim() || undefined;
    if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${redisUrl}")`);
    const logFormat = (env.SYNC_LOG_FORMAT || 'text').toLowerCase();
    if (logFormat !== 'json' && logFormat !== 'text') problems.push(`SYNC_LOG_FORMAT must be json or text (got "${logFormat}")`);

    let masterApiKey = env.SYNC_MASTER_API_KEY?.trim() || undefined;
    let masterApiKeySource = 'SYNC_MASTER_API_KEY';
    if (!masterApiKey) {
        const file = masterKeyFile(dataDir);
        masterApiKeySource = file;
        if (fs.existsSync(file)) masterApiKey = fs.readFileSync(file, 'utf8').trim() || undefined;
    }
    const config: SidecarConfig = {
        masterUrl,
        masterApiKey,
        masterApiKeySource,
        assetBaseUrl,
        dataDir,
        redisUrl,
        redisKeyPrefix: env.REDIS_KEY_PREFIX?.trim() || undefined,
        port,
        publicUrl,
        intervalMs: int(env.SYNC_INTERVAL_MS, 2000, 'SYNC_INTERVAL_MS', problems, 100),
        concurrency: int(env.SYNC_CONCURRENCY, 4, 'SYNC_CONCURRENCY', problems, 1, 64),
        pageSize: int(env.SYNC_PAGE_SIZE, 1000, 'SYNC_PAGE_SIZE', problems, 1, 1000),
        timeoutMs: int(env.SYNC_TIMEOUT_MS, 30_000, 'SYNC_TIMEOUT_MS', problems, 100),
        tenantRefreshMs: int(env.SYNC_TENANT_REFRESH_MS, 30_000, 'SYNC_TENANT_REFRESH_MS', problems, 1000),
        logFormat: logFormat as 'json' | 'text',
        pushSecretFromEnv: env.SYNC_PUSH_SECRET?.trim() || undefined,
    };
    if (config.pushSecretFromEnv && config.pushSecretFromEnv.length < 16) problems.push('SYNC_PUSH_SECRET must be at least 16 characters');
    if (problems.length) throw new ConfigError(problems);
    return config;
}

/** The master API key, or an error saying how to provide one. */
export function requireMasterApiKey(config: SidecarConfig): string {
    if (config.masterApiKey) return config.masterApiKey;
    throw new ConfigError([
        `no master API key: set SYNC_MASTER_API_KEY or write it to ${masterKeyFile(config.dataDir)} ` +
            `(an API key in master at ${config.masterUrl} for a role with ReadSyncFeed, ManageSync and ReadTenants)`,
    ]);
}

/**
 * The secret master signs pushes with: `SYNC_PUSH_SECRET`, else the one stored in
 * `<DATA_DIR>/secrets/sync-push-secret` (generated on first use, mode 600).
 */
export function ensurePushSecret(config: SidecarConfig): string {
    if (config.pushSecretFromEnv) return config.pushSecretFromEnv;
    const file = pushSecretFile(config.dataDir);
    if (fs.existsSync(file)) {
        const secret = fs.readFileSync(file, 'utf8').trim();
        if (secret) return secret;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('hex');
    try {
        // 'wx': two sidecars starting together must not overwrite each other's secret.
        fs.writeFileSync(file, secret + os.EOL, { mode: 0o600, flag: 'wx' });
        return secret;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
        throw err;
    }
}

function url(value: string, name: string, problems: string[]): string {
    const trimmed = value.trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/\s]+/.test(trimmed)) problems.push(`${name} must be an http(s) URL (got "${value}")`);
    return trimmed;
}

function int(
    value: string | undefined,
    fallback: number,
    name: string,
    problems: string[],
    min = 0,
    max = Number.MAX_SAFE_INTEGER,
): number {
    if (value === undefined || value.trim() === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
        return fallback;
    }
    return n;
}
