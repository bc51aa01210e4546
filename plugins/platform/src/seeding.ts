import fs from 'node:fs';
import path from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { bootstrapWorker, Importer, LanguageCode, runMigrations, VendureConfig } from '@vendure/core';
import type { Client } from 'pg';

import { dataPaths } from './paths';
import { ProgressReporter } from './progress';
import { DatabaseSettings, ServerSettings } from './settings';
import { StartupError } from './startup-error';
import { AppDefinition, buildVendureConfig } from './vendure-config';

/** Fills a freshly created database with an app's demo data. */
export type SeedFunction = (app: INestApplicationContext, progress: ProgressReporter) => Promise<string>;

/**
 * Brings an app's database to a usable state before the server starts: the committed migrations
 * and, on first start only, the demo data.
 *
 * A crash at any point leaves nothing half-initialised: an `eos_init_state` row marks seeding in
 * progress; a restart that finds it resets the (then demo-only) schema and seeds again.
 */
export async function initialiseDatabase(settings: ServerSettings, app: AppDefinition, seed: SeedFunction): Promise<void> {
    const db = settings.database;
    const config = buildVendureConfig(settings, app);
    await runMigrations(config);
    const state = await withPg(db, client => readInitState(client, db.schema, settings.app));
    if (state === 'ready') return;
    if (state === 'seeding') {
        process.stdout.write(
            `[${settings.app}] the previous first start was interrupted while seeding: resetting schema "${db.schema}" and seeding again\n`,
        );
        await withPg(db, async client => {
            await client.query(`DROP SCHEMA ${quoteIdent(db.schema)} CASCADE`);
            await client.query(`CREATE SCHEMA ${quoteIdent(db.schema)}`);
        });
        await runMigrations(config);
    } else {
        const hasCatalog = await withPg(db, async client => {
            const res = await client.query<{ present: boolean }>(
                `SELECT EXISTS (SELECT 1 FROM ${quoteIdent(db.schema)}."product") AS present`,
            );
            return Boolean(res.rows[0]?.present);
        });
        if (hasCatalog) {
            // An existing database we did not seed: never put demo data into it.
            await withPg(db, client => writeInitState(client, db.schema, settings.app, 'ready'));
            return;
        }
    }
    await withPg(db, client => writeInitState(client, db.schema, settings.app, 'seeding'));
    // Asset files belong to the database being seeded: those of an interrupted seed go with it.
    fs.rmSync(dataPaths(settings).assetsDir, { recursive: true, force: true });
    await createSchemaAndSeed(settings, app, seed);
    await withPg(db, client => writeInitState(client, db.schema, settings.app, 'ready'));
}

/** True when the database was initialised (by the server) and a worker may use it. */
export async function isDatabaseInitialised(settings: ServerSettings): Promise<boolean> {
    const db = settings.database;
    return (await withPg(db, client => readInitState(client, db.schema, settings.app))) === 'ready';
}

async function createSchemaAndSeed(settings: ServerSettings, app: AppDefinition, seed: SeedFunction): Promise<void> {
    const progress = new ProgressReporter(`[${settings.app}]`);
    progress.step(
        settings.seedDemoData ? 'first start: creating the database and seeding demo data' : 'first start: creating the database',
    );
    const config: VendureConfig = buildVendureConfig(settings, app);
    const worker = await bootstrapWorker(config);
    try {
        const summary = settings.seedDemoData ? await seed(worker.app, progress) : 'empty database created';
        progress.summary(summary);
    } finally {
        await worker.app.close();
    }
}

type InitState = 'seeding' | 'ready' | undefined;

async function readInitState(client: Client, schema: string, app: string): Promise<InitState> {
    const table = `${quoteIdent(schema)}.eos_init_state`;
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [`${schema}.eos_init_state`]);
    if (!exists.rows[0]?.t) return undefined;
    const res = await client.query<{ state: InitState }>(`SELECT state FROM ${table} WHERE app = $1`, [app]);
    return res.rows[0]?.state;
}

async function writeInitState(client: Client, schema: string, app: string, state: Exclude<InitState, undefined>) {
    const table = `${quoteIdent(schema)}.eos_init_state`;
    await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (app text PRIMARY KEY, state text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(
        `INSERT INTO ${table} (app, state) VALUES ($1, $2) ON CONFLICT (app) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [app, state],
    );
}

async function withPg<T>(db: DatabaseSettings, fn: (client: Client) => Promise<T>): Promise<T> {
    const { Client: PgClient } = await import('pg');
    const client = new PgClient({
        host: db.host,
        port: db.port,
        user: db.username,
        password: db.password,
        database: db.database,
        ssl: db.ssl ? { rejectUnauthorized: false } : undefined,
    });
    await client.connect();
    try {
        return await fn(client);
    } finally {
        await client.end();
    }
}

function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Imports a products CSV (Vendure's import format) with a progress line.
 * @returns the number of imported products
 * @throws StartupError listing the rows the importer rejected
 */
export async function importProductsCsv(
    app: INestApplicationContext,
    csvPath: string,
    progress: ProgressReporter,
    label: string,
): Promise<number> {
    const importer = app.get(Importer);
    const csv = fs.readFileSync(csvPath, 'utf8');
    let imported = 0;
    const errors: string[] = [];
    await new Promise<void>((resolve, reject) => {
        importer.parseAndImport(csv, LanguageCode.en, false).subscribe({
            next: p => {
                // `processed` is the number of products parsed from the file, `imported` the count so far.
                imported = p.imported;
                if (p.errors?.length) errors.splice(0, errors.length, ...p.errors);
                progress.progress(label, p.imported, p.processed);
            },
            error: reject,
            complete: () => resolve(),
        });
    });
    if (errors.length) {
        throw new StartupError(
            `Importing ${path.basename(csvPath)} failed: ${errors.slice(0, 5).join('; ')}`,
            'fix the CSV and start again',
        );
    }
    return imported;
}
