#!/usr/bin/env node
import { parseArgs } from 'node:util';

import { SYNC_STREAMS } from '@entrepreneur-os/sync-contract';
import {
    CatalogProgress,
    fullSync,
    isSyncError,
    MasterApi,
    MasterClient,
    measureStream,
    repair,
    RetryOptions,
    TenantSyncStatus,
    verify,
    VerifyReport,
} from '@entrepreneur-os/sync-engine';

import { ConfigError, loadConfig, requireMasterApiKey, SidecarConfig } from './config';
import { runSidecar } from './main';
import { SyncTenant, TenantDirectory, TenantDirectoryOptions } from './tenants';

const USAGE = `usage: npm run sync -- <command> [--tenant <code>]

  status                 per tenant and stream: sender position, applied position, lag, last error
  full   [--tenant c]    resync the whole catalog (version-gated) and print a summary
  verify [--tenant c]    compare master and shop by content hash; exit code 1 when they drift,
                         2 when a tenant cannot be checked (unknown, not READY, shop unreachable)
  repair [--tenant c]    apply drifted products with force, remove extras
  run                    the sidecar itself (also: node sync/sidecar/dist/index.js)

Environment: MASTER_URL, SYNC_MASTER_API_KEY (or DATA_DIR/secrets/master-sync-api-key), DATA_DIR,
REDIS_URL, SYNC_PORT, SYNC_PUBLIC_URL, SYNC_PUSH_SECRET, SYNC_INTERVAL_MS, SYNC_CONCURRENCY (sync/README.md).`;

/** CLI calls fail fast: a person is waiting. */
const COMMANDS = ['status', 'full', 'verify', 'repair'];

const CLI_RETRY: RetryOptions = { attempts: 3, baseMs: 300, maxMs: 2000 };

/** `verify`'s exit codes, as diff(1)'s: 0 the same, 1 different, 2 could not compare. */
export const VERIFY_IN_SYNC = 0;
export const VERIFY_DRIFT = 1;
export const VERIFY_UNCHECKED = 2;

/** What the commands talk to; unit tests pass fakes. */
export interface CliDependencies {
    env?: NodeJS.ProcessEnv;
    master?: MasterApi;
    ecommerceFactory?: TenantDirectoryOptions['ecommerceFactory'];
}

export async function main(argv = process.argv.slice(2), deps: CliDependencies = {}): Promise<number> {
    const { positionals, values } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { tenant: { type: 'string', short: 't' }, help: { type: 'boolean', short: 'h' } },
    });
    const command = positionals[0] ?? (values.help ? 'help' : 'run');
    if (command === 'help' || values.help) {
        console.log(USAGE);
        return 0;
    }
    if (command === 'run') {
        await runSidecar();
        return -1; // keeps running; exits on a signal
    }
    if (!COMMANDS.includes(command)) {
        console.error(`[sync] unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
    const config = loadConfig(deps.env);
    const master =
        deps.master ??
        new MasterClient({
            baseUrl: config.masterUrl,
            apiKey: requireMasterApiKey(config),
            timeoutMs: config.timeoutMs,
            credentialsHint: config.masterApiKeySource,
        });
    const directory = new TenantDirectory({
        master,
        dataDir: config.dataDir,
        assetBaseUrl: config.assetBaseUrl,
        timeoutMs: config.timeoutMs,
        retry: CLI_RETRY,
        pageSize: config.pageSize,
        env: deps.env,
        ecommerceFactory: deps.ecommerceFactory,
    });
    if (command === 'verify') {
        // A tenant verify could not compare is never reported as "no drift": a script reading the
        // exit code (CI, a cron job, a chaos test) must not take "could not look" for "all is well".
        try {
            return await verifyCommand(await selectTenants(master, directory, values.tenant));
        } catch (err) {
            console.error(`[sync] cannot verify: ${explain(err, config)}`);
            return VERIFY_UNCHECKED;
        }
    }
    const tenants = await selectTenants(master, directory, values.tenant);
    switch (command) {
        case 'status':
            return status(master, tenants);
        case 'full':
            return full(tenants);
        case 'repair':
        default:
            return repairCommand(tenants);
    }
}

async function selectTenants(master: MasterApi, directory: TenantDirectory, code: string | undefined): Promise<SyncTenant[]> {
    const all = await directory.refresh();
    if (!code) {
        if (!all.length) throw new CliError('no READY tenants in master: npm run tenant -- list');
        return all;
    }
    const tenant = all.find(t => t.info.code === code);
    if (tenant) return [tenant];
    const known = (await master.tenants()).find(t => t.code === code);
    const ready = `READY ones: ${all.map(t => t.info.code).join(', ') || 'none'}`;
    throw new CliError(
        known
            ? `tenant "${code}" is ${known.status}, not READY: its shop is not synced (${ready})`
            : `no tenant "${code}" in master (${ready}): npm run tenant -- list`,
    );
}

type UsableTenant = SyncTenant & { ctx: NonNullable<SyncTenant['ctx']> };

/** Tenants with an engine context; each other one gets a line on stderr (the caller fails). */
function usableOnly(tenants: SyncTenant[], doing: string): { usable: UsableTenant[]; skipped: number } {
    const usable: UsableTenant[] = [];
    for (const tenant of tenants) {
        if (tenant.ctx) usable.push(tenant as UsableTenant);
        else console.error(`[sync] ${tenant.info.code}: cannot ${doing}: ${tenant.problem}`);
    }
    return { usable, skipped: tenants.length - usable.length };
}

async function status(master: MasterApi, tenants: SyncTenant[]): Promise<number> {
    let reported: TenantSyncStatus[] = [];
    try {
        reported = await master.syncStatus();
    } catch (err) {
        console.error(`[sync] master's syncStatus is not available (${(err as Error).message}): showing live positions only`);
    }
    const rows: string[][] = [['TENANT', 'STREAM', 'SENDER', 'APPLIED', 'LAG', 'LAG S', 'DEAD', 'LAST SUCCESS', 'LAST ERROR']];
    let failing = false;
    for (const tenant of tenants) {
        for (const stream of SYNC_STREAMS) {
            const r = reported.find(s => s.tenantCode === tenant.info.code && s.stream === stream);
            let live = ['-', '-', '-', '-'];
            let liveError = tenant.problem;
            if (tenant.ctx) {
                try {
                    const m = await measureStream({ ...tenant.ctx, options: { retry: CLI_RETRY } }, tenant.info.code, stream);
                    live = [m.sourcePosition, m.appliedPosition, m.lagPositions, m.lagSeconds].map(String);
                } catch (err) {
                    live = ['?', '?', '?', '?'];
                    liveError = explain(err);
                }
            }
            const lastError = liveError ?? r?.lastError ?? '';
            if (lastError) failing = true;
            rows.push([tenant.info.code, stream, ...live, String(r?.deadLetters?.length ?? '-'), r?.lastSuccessAt ?? '-', lastError]);
        }
    }
    console.log(table(rows));
    return failing ? 1 : 0;
}

async function full(tenants: SyncTenant[]): Promise<number> {
    const { usable, skipped } = usableOnly(tenants, 'sync');
    let code = skipped ? 1 : 0;
    for (const tenant of usable) {
        const bar = progress(`${tenant.info.code} full sync`);
        const summary = await fullSync(tenant.ctx, tenant.info.code, { onProgress: bar.update });
        bar.done();
        const s = summary.durationMs / 1000;
        console.log(
            `${tenant.info.code}: ${summary.total} products — ${summary.applied} applied, ${summary.removed} removed, ` +
                `${summary.unchanged} unchanged in ${s.toFixed(1)} s (${summary.productsPerSecond} products/s)`,
        );
        for (const d of summary.deadLetters) console.log(`  dead letter: product ${d.itemKey}: ${d.error}`);
        if (summary.error) {
            console.error(`[sync] ${tenant.info.code}: stopped early: ${explain(summary.error)} — run it again when fixed`);
            code = 1;
        } else if (summary.deadLetters.length) code = 1;
    }
    return code;
}

async function verifyCommand(tenants: SyncTenant[]): Promise<number> {
    let drift = false;
    const { usable, skipped } = usableOnly(tenants, 'verify');
    let unchecked = skipped;
    for (const tenant of usable) {
        const bar = progress(`${tenant.info.code} verify`);
        let report: VerifyReport;
        try {
            report = await verify(tenant.ctx, tenant.info.code, { onProgress: bar.update }).finally(() => bar.done());
        } catch (err) {
            // E.g. its shop is unreachable: the other tenants are still compared.
            console.error(`[sync] ${tenant.info.code}: cannot verify: ${explain(err)}`);
            unchecked++;
            continue;
        }
        if (report.inSync) {
            console.log(`${tenant.info.code}: in sync (${report.checked} products compared)`);
            continue;
        }
        drift = true;
        console.log(
            `${tenant.info.code}: DRIFT in ${report.missing.length + report.extra.length + report.differing.length} of ${report.checked} products`,
        );
        for (const id of report.missing) console.log(`  missing    product ${id}: in master's catalog, not in the shop`);
        for (const e of report.extra)
            console.log(`  extra      product ${e.masterProductId}: in the shop (version ${e.shopVersion}), not in master's catalog`);
        for (const d of report.differing) {
            console.log(
                d.what === 'snapshot'
                    ? `  differing  product ${d.masterProductId}: master version ${d.masterVersion}, shop version ${d.shopVersion}, content hashes differ`
                    : `  differing  product ${d.masterProductId}: the shop's tables no longer hold what it applied (version ${d.shopVersion})`,
            );
        }
    }
    if (drift) console.log(`\nfix it with: npm run sync -- repair${tenants.length === 1 ? ` --tenant ${tenants[0].info.code}` : ''}`);
    if (unchecked) {
        console.error(`[sync] ${unchecked} of ${tenants.length} tenant(s) could not be verified: their drift is unknown`);
        return VERIFY_UNCHECKED;
    }
    return drift ? VERIFY_DRIFT : VERIFY_IN_SYNC;
}

async function repairCommand(tenants: SyncTenant[]): Promise<number> {
    const { usable, skipped } = usableOnly(tenants, 'repair');
    let code = skipped ? 1 : 0;
    for (const tenant of usable) {
        const bar = progress(`${tenant.info.code} repair`);
        const result = await repair(tenant.ctx, tenant.info.code, { onProgress: bar.update });
        bar.done();
        const { report } = result;
        if (report.inSync) {
            console.log(`${tenant.info.code}: nothing to repair (${report.checked} products in sync)`);
            continue;
        }
        console.log(
            `${tenant.info.code}: ${report.missing.length} missing, ${report.differing.length} differing, ${report.extra.length} extra → ` +
                `${result.applied} applied, ${result.removed} removed in ${(result.durationMs / 1000).toFixed(1)} s`,
        );
        for (const d of result.deadLetters) console.log(`  refused: product ${d.itemKey}: ${d.error}`);
        if (result.error) console.error(`[sync] ${tenant.info.code}: stopped early: ${explain(result.error)}`);
        if (result.error || result.deadLetters.length) code = 1;
    }
    if (code === 0) console.log('check with: npm run sync -- verify');
    return code;
}

/** A progress bar on a terminal, plain lines (every 10 %) otherwise. */
function progress(label: string): { update: (p: CatalogProgress) => void; done: () => void } {
    const tty = Boolean(process.stderr.isTTY);
    let lastDecile = -1;
    let drawn = false;
    return {
        update: ({ done, total }) => {
            const ratio = total ? Math.min(1, done / total) : 1;
            if (tty) {
                const width = 30;
                const filled = Math.round(ratio * width);
                process.stderr.write(
                    `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done}/${total}`,
                );
                drawn = true;
            } else if (Math.floor(ratio * 10) > lastDecile) {
                lastDecile = Math.floor(ratio * 10);
                process.stderr.write(`${label}: ${done}/${total} products (${Math.round(ratio * 100)}%)\n`);
            }
        },
        done: () => {
            if (drawn) process.stderr.write('\n');
        },
    };
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length)));
    return rows.map(r => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

export class CliError extends Error {}

/** An error as the next thing to do. */
export function explain(err: unknown, config?: SidecarConfig): string {
    if (err instanceof ConfigError || err instanceof CliError) return err.message;
    if (isSyncError(err)) {
        const unreachable = /unreachable \(([^)]*)\)/.exec(err.message);
        if (err.kind === 'retryable' && err.status === undefined && unreachable) {
            const base = err.url?.replace(/\/admin-api$/, '');
            const detail = `${unreachable[1]}${err.operation ? `, calling ${err.operation}` : ''}`;
            return err.server === 'master'
                ? `master at ${base ?? config?.masterUrl} is unreachable (${detail}): is \`npm start\` running? (or set MASTER_URL)`
                : `the ecommerce server at ${base} is unreachable (${detail}): is it running? (check the tenant's ecommerceUrl)`;
        }
        return err.message;
    }
    return err instanceof Error ? err.message : String(err);
}

if (require.main === module) {
    main().then(
        code => {
            // A finished command exits once its output is written, without waiting for idle
            // keep-alive connections to time out (seconds); `run` (code < 0) keeps going.
            if (code >= 0) process.stdout.write('', () => process.exit(code));
        },
        err => {
            console.error(`[sync] ${explain(err, safeConfig())}`);
            if (process.env.SYNC_DEBUG) console.error(err);
            process.exit(1);
        },
    );
}

function safeConfig(): SidecarConfig | undefined {
    try {
        return loadConfig();
    } catch {
        return undefined;
    }
}
