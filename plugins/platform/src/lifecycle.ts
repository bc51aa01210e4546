import { bootstrap, bootstrapWorker } from '@vendure/core';

import { preflight } from './preflight';
import { SeedFunction, initialiseDatabase, isDatabaseInitialised } from './seeding';
import { AppName, loadSettings, ServerSettings } from './settings';
import { describeStartupFailure, StartupError } from './startup-error';
import { AppDefinition, buildVendureConfig } from './vendure-config';

export interface RunnableApp extends AppDefinition {
    name: AppName;
    seed: SeedFunction;
}

const WORKER_WAIT_FOR_DATABASE_MS = 10 * 60_000;

/**
 * Starts an app's API server: validate settings → check services → migrate and seed → serve.
 * Any failure ends the process with one line naming the problem and exit code 1.
 */
export async function runServer(app: RunnableApp): Promise<void> {
    await runOrExit(app.name, async () => {
        const settings = prepare(app.name);
        await preflight(settings, { checkPort: true });
        await initialiseDatabase(settings, app, app.seed);
        await bootstrap(buildVendureConfig(settings, app));
        process.stdout.write(`[${app.name}] ready on ${settings.publicUrl} (${describeBackend(settings)})\n`);
    });
}

/** Starts an app's job-queue worker once its server has initialised the database. */
export async function runWorker(app: RunnableApp): Promise<void> {
    await runOrExit(`${app.name}-worker`, async () => {
        const settings = prepare(app.name);
        await preflight(settings, { checkPort: false });
        const deadline = Date.now() + WORKER_WAIT_FOR_DATABASE_MS;
        let announced = false;
        while (!(await isDatabaseInitialised(settings))) {
            if (Date.now() > deadline) {
                throw new StartupError(
                    `The ${app.name} database was not initialised in time`,
                    `start the ${app.name} server first: it creates and seeds the database`,
                );
            }
            if (!announced) process.stdout.write(`[${app.name}-worker] waiting for the ${app.name} server to initialise the database\n`);
            announced = true;
            await new Promise(resolve => setTimeout(resolve, 1000));
        }
        const worker = await bootstrapWorker(buildVendureConfig(settings, app));
        await worker.startJobQueue();
        await worker.startHealthCheckServer({ port: settings.port + 100, route: '/health' }).catch(() => undefined);
        process.stdout.write(`[${app.name}-worker] processing jobs\n`);
    });
}

function prepare(name: AppName): ServerSettings {
    process.env.VENDURE_DISABLE_TELEMETRY ??= 'true';
    exitWithParent();
    const settings = loadSettings(name);
    if (settings.usesDefaultCredentials) {
        process.stdout.write(
            `[${name}] WARNING: using the default development credentials (SUPERADMIN_PASSWORD / COOKIE_SECRET); never expose this server\n`,
        );
    }
    return settings;
}

/**
 * Under the `npm start` launcher (EOS_EXIT_WITH_PARENT=1) a server or worker shuts down gracefully
 * when the launcher disappears, even if it was killed with -9: no orphaned processes.
 */
function exitWithParent(): void {
    if (process.env.EOS_EXIT_WITH_PARENT !== '1') return;
    const parentPid = process.ppid;
    setInterval(() => {
        if (process.ppid !== parentPid) process.kill(process.pid, 'SIGTERM');
    }, 1000).unref();
}

export function describeBackend(settings: ServerSettings): string {
    const db = `PostgreSQL ${settings.database.host}:${settings.database.port}/${settings.database.database}`;
    return `${db}, ${settings.redisUrl ? 'BullMQ job queue on Redis' : 'SQL job queue'}`;
}

async function runOrExit(label: string, fn: () => Promise<void>): Promise<void> {
    try {
        await fn();
    } catch (error) {
        process.stderr.write(`[${label}] cannot start: ${describeStartupFailure(error)}\n`);
        if (process.env.DEBUG_STARTUP) console.error(error);
        process.exit(1);
    }
}
