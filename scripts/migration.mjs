#!/usr/bin/env node
// PostgreSQL migrations of an app.
//   npm run migration:generate -- <master|ecommerce> <name>
// Builds the code, replays the committed migrations on a scratch database, and writes the
// difference between that schema and the entities to <app>/src/migrations/<timestamp>-<name>.ts.
// On MIGRATION_PG_URL's server if set, else on an embedded PostgreSQL started for the purpose.
import { createRequire } from 'node:module';
import path from 'node:path';

import { APPS, build, ROOT } from './build.mjs';

const require = createRequire(import.meta.url);
const [command, app, name] = process.argv.slice(2);

function fail(message) {
    console.error(`[migration] ${message}`);
    process.exit(1);
}

if (command !== 'generate' || !APPS.includes(app) || !/^[a-z0-9-]+$/i.test(name ?? '')) {
    fail('usage: npm run migration:generate -- <master|ecommerce> <name-with-dashes>');
}

const { Client } = require('pg');
const scratch = `eos_migration_${app}_${process.pid}`;

async function admin(sql) {
    const client = new Client({ connectionString: adminUrl.toString() });
    await client.connect();
    try {
        await client.query(sql);
    } finally {
        await client.end();
    }
}

await build();
let embedded;
let adminUrl;
if (process.env.MIGRATION_PG_URL) {
    adminUrl = new URL(process.env.MIGRATION_PG_URL);
} else {
    const { startTemporaryPostgres } = require('@entrepreneur-os/platform/dist/embedded-postgres.js');
    console.log('[migration] starting a scratch embedded PostgreSQL (set MIGRATION_PG_URL to use a server of yours)');
    embedded = await startTemporaryPostgres('scratch', 'eos-migration');
    adminUrl = new URL(embedded.server.url('postgres'));
}
try {
    await admin(`CREATE DATABASE "${scratch}"`);
} catch (err) {
    fail(`cannot create a scratch database on ${adminUrl.host}: ${err.message} — start PostgreSQL or set MIGRATION_PG_URL`);
}
try {
    process.env[`${app.toUpperCase()}_DATABASE_URL`] = new URL(`/${scratch}`, adminUrl).toString();
    process.env.VENDURE_DISABLE_TELEMETRY = 'true';
    const { runMigrations, generateMigration } = require('@vendure/core');
    const { config } = require(path.join(ROOT, app, 'dist', 'vendure-config.js'));
    await runMigrations(config);
    const file = await generateMigration(config, { name, outputDir: path.join(ROOT, app, 'src', 'migrations') });
    console.log(
        file
            ? `[migration] wrote ${path.relative(ROOT, file)}`
            : '[migration] the schema already matches the entities: nothing to generate',
    );
} finally {
    await admin(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await embedded?.dispose();
}
