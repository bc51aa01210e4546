import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ecommerceApp } from '@entrepreneur-os/ecommerce';
import { masterApp } from '@entrepreneur-os/master';
import { buildVendureConfig, loadSettings, RunnableApp } from '@entrepreneur-os/platform';
import { createDatabase, dropDatabase, testPostgresUrl } from '@entrepreneur-os/testing';
import { generateMigration, runMigrations } from '@vendure/core';
import { describe, expect, it } from 'vitest';

// PostgreSQL never uses `synchronize` outside tests: its schema comes only from the committed
// migrations. This proves they build the exact schema the entities describe.
describe('PostgreSQL migrations', () => {
    it.each([masterApp, ecommerceApp] as RunnableApp[])(
        'replaying the committed migrations of $name leaves no schema difference',
        async app => {
            const dbName = `e2e_migrations_${app.name}`;
            await createDatabase(dbName);
            const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-migrations-'));
            try {
                const settings = loadSettings(app.name, {
                    [`${app.name.toUpperCase()}_DATABASE_URL`]: new URL(`/${dbName}`, testPostgresUrl()).toString(),
                });
                const config = buildVendureConfig(settings, app);
                const applied = await runMigrations(config);
                expect(applied.length).toBeGreaterThanOrEqual(1);
                const generated = await generateMigration(config, { name: 'drift', outputDir });
                expect(
                    generated,
                    `entities differ from the migrations: run npm run migration:generate -- ${app.name} <name>`,
                ).toBeUndefined();
            } finally {
                fs.rmSync(outputDir, { recursive: true, force: true });
                await dropDatabase(dbName);
            }
        },
    );
});
