import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort, spawnNode } from '@entrepreneur-os/testing';
import { afterAll, describe, expect, it } from 'vitest';

// Bad configuration stops start-up with one clear line (what is wrong, how to fix it), exit code 1,
// no stack trace, and nothing written to the data folder.
// Independent of the backend under test, so it runs once, in the SQLite project; the one case that
// needs a live PostgreSQL runs in the PostgreSQL project.
const inPostgresProject = process.env.E2E_DB === 'postgres';

describe('start-up with bad input', () => {
    const dataDirs: string[] = [];
    afterAll(() => dataDirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

    async function startMaster(env: Record<string, string>, script = 'master/dist/index.js') {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-bad-'));
        dataDirs.push(dataDir);
        const proc = spawnNode(script, { DATA_DIR: dataDir, MASTER_PORT: String(await freePort()), ...env });
        const code = await proc.exited;
        const errorLines = proc.stderr().trim().split('\n');
        return { code, errorLines, dataDirEntries: fs.readdirSync(dataDir) };
    }

    function expectOneClearLine(result: Awaited<ReturnType<typeof startMaster>>, ...patterns: RegExp[]) {
        expect(result.code).toBe(1);
        expect(result.errorLines).toHaveLength(1);
        expect(result.errorLines[0]).toMatch(/^\[master(-worker)?\] cannot start: /);
        for (const p of patterns) expect(result.errorLines[0]).toMatch(p);
        expect(result.errorLines[0]).not.toMatch(/\s+at\s+\S+\s+\(/);
        expect(result.dataDirEntries.filter(f => f.endsWith('.sqlite'))).toEqual([]);
    }

    it.skipIf(inPostgresProject)('a malformed database URL', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: 'mysql://localhost/master' }),
            /MASTER_DATABASE_URL has unsupported scheme "mysql:"/,
        );
    });

    it.skipIf(inPostgresProject)('unreachable PostgreSQL', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/master` }),
            /Cannot connect to PostgreSQL/,
            /start PostgreSQL or fix the host\/port in MASTER_DATABASE_URL/,
        );
    });

    it.runIf(inPostgresProject)('a PostgreSQL database that does not exist', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/eos_no_such_database' }),
            /createdb eos_no_such_database/,
        );
    });

    it.skipIf(inPostgresProject)('unreachable Redis', async () => {
        expectOneClearLine(
            await startMaster({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
            /Cannot connect to Redis/,
            /REDIS_URL/,
        );
    });

    it.skipIf(inPostgresProject)('a port already in use', async () => {
        const blocker = net.createServer().listen(0);
        await new Promise(r => blocker.once('listening', r));
        const port = (blocker.address() as net.AddressInfo).port;
        try {
            expectOneClearLine(
                await startMaster({ MASTER_PORT: String(port) }),
                new RegExp(`Port ${port} is already in use`),
                /MASTER_PORT/,
            );
        } finally {
            blocker.close();
        }
    });

    it.skipIf(inPostgresProject)('production with default credentials and no cookie secret', async () => {
        expectOneClearLine(await startMaster({ NODE_ENV: 'production' }), /SUPERADMIN_PASSWORD must be set/, /COOKIE_SECRET/);
    });

    it.skipIf(inPostgresProject)('several problems at once are all named', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_PORT: 'eighty', LOG_LEVEL: 'chatty' }),
            /MASTER_PORT must be a port number/,
            /LOG_LEVEL must be one of/,
        );
    });

    it.skipIf(inPostgresProject)('the worker reports the same way', async () => {
        expectOneClearLine(
            await startMaster({ REDIS_URL: 'localhost:6379' }, 'master/dist/index-worker.js'),
            /^\[master-worker\]/,
            /REDIS_URL must look like redis:\/\/host:6379/,
        );
    });
});
