import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort, spawnNode, testPostgresUrl } from '@entrepreneur-os/testing';
import { afterAll, describe, expect, it } from 'vitest';

// Bad configuration stops start-up with one clear line (what is wrong, how to fix it), exit code 1,
// no stack trace, and nothing written to the data folder.

describe('start-up with bad input', () => {
    const dataDirs: string[] = [];
    afterAll(() => dataDirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

    async function startMaster(env: Record<string, string>, script = 'master/dist/index.js', prepare?: (dataDir: string) => void) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-bad-'));
        dataDirs.push(dataDir);
        prepare?.(dataDir);
        // A reachable database unless the case says otherwise: each check must fail on its own.
        const database = new URL('/postgres', testPostgresUrl()).toString();
        const proc = spawnNode(script, { DATA_DIR: dataDir, MASTER_PORT: String(await freePort()), MASTER_DATABASE_URL: database, ...env });
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
        expect(result.dataDirEntries.filter(f => f !== 'master.sqlite')).toEqual([]);
    }

    it('no database URL (outside npm start, which sets it to its embedded PostgreSQL)', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: '' }),
            /MASTER_DATABASE_URL is not set \(npm start sets it to its embedded PostgreSQL/,
        );
    });

    it('a data folder of the SQLite era is refused, not converted', async () => {
        const result = await startMaster({}, 'master/dist/index.js', dataDir =>
            fs.writeFileSync(path.join(dataDir, 'master.sqlite'), 'old'),
        );
        expectOneClearLine(result, /holds the SQLite database of an earlier version \(master.sqlite\)/, /move the folder away/);
        expect(result.dataDirEntries).toEqual(['master.sqlite']);
    });

    it('a malformed database URL', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: 'mysql://localhost/master' }),
            /MASTER_DATABASE_URL has unsupported scheme "mysql:"/,
        );
    });

    it('unreachable PostgreSQL', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/master` }),
            /Cannot connect to PostgreSQL/,
            /start PostgreSQL or fix the host\/port in MASTER_DATABASE_URL/,
        );
    });

    it('a PostgreSQL database that does not exist', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_DATABASE_URL: new URL('/eos_no_such_database', testPostgresUrl()).toString() }),
            /createdb eos_no_such_database/,
        );
    });

    it('unreachable Redis', async () => {
        expectOneClearLine(
            await startMaster({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
            /Cannot connect to Redis/,
            /REDIS_URL/,
        );
    });

    it('a port already in use', async () => {
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

    it('production with default credentials and no cookie secret', async () => {
        expectOneClearLine(await startMaster({ NODE_ENV: 'production' }), /SUPERADMIN_PASSWORD must be set/, /COOKIE_SECRET/);
    });

    it('several problems at once are all named', async () => {
        expectOneClearLine(
            await startMaster({ MASTER_PORT: 'eighty', LOG_LEVEL: 'chatty' }),
            /MASTER_PORT must be a port number/,
            /LOG_LEVEL must be one of/,
        );
    });

    it('the worker reports the same way', async () => {
        expectOneClearLine(
            await startMaster({ REDIS_URL: 'localhost:6379' }, 'master/dist/index-worker.js'),
            /^\[master-worker\]/,
            /REDIS_URL must look like redis:\/\/host:6379/,
        );
    });
});
