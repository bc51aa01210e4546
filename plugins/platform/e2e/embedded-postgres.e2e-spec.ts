import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
    EmbeddedPostgres,
    EmbeddedPostgresOptions,
    resolvePostgresBinaries,
    runningPostmaster,
} from '@entrepreneur-os/platform/dist/embedded-postgres.js';
import { freePort, waitFor } from '@entrepreneur-os/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// The embedded PostgreSQL of `npm start` and the tests: real clusters from the npm package's
// binaries, in temp folders. What a user meets: first start, restart, a launcher killed with -9,
// leftovers of a crash, and every kind of bad input ending in one clear line with nothing half-made.
describe('embedded PostgreSQL', () => {
    const roots: string[] = [];
    const running: EmbeddedPostgres[] = [];
    afterEach(async () => {
        for (const server of running.splice(0)) await server.stop().catch(() => undefined);
    });
    afterAll(() => roots.forEach(r => fs.rmSync(r, { recursive: true, force: true })));

    function folder(): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-embedded-pg-'));
        fs.chmodSync(dir, 0o755); // as root the server runs as `postgres`, which must enter it
        roots.push(dir);
        return dir;
    }

    async function cluster(dir: string, extra: Partial<EmbeddedPostgresOptions> = {}) {
        const lines: string[] = [];
        const server = new EmbeddedPostgres({
            clusterDir: path.join(dir, 'postgres'),
            passwordFile: path.join(dir, 'secrets', 'postgres-password'),
            port: await freePort(),
            profile: 'laptop',
            log: line => lines.push(line),
            ...extra,
        });
        running.push(server);
        return { server, lines };
    }

    async function startError(server: EmbeddedPostgres): Promise<string> {
        try {
            await server.start();
        } catch (err) {
            return (err as Error & { toLine(): string }).toLine();
        }
        throw new Error('start() succeeded');
    }

    it('initialises once with a generated password, binds 127.0.0.1 only, and keeps the data across restarts', async () => {
        const dir = folder();
        const { server, lines } = await cluster(dir);
        await server.start();
        expect(lines.join('\n')).toMatch(/initialising the embedded PostgreSQL 18/);
        const password = fs.readFileSync(path.join(dir, 'secrets', 'postgres-password'), 'utf8').trim();
        expect(password.length).toBeGreaterThanOrEqual(24);
        expect(fs.statSync(path.join(dir, 'secrets', 'postgres-password')).mode & 0o077).toBe(0);
        await server.ensureDatabase('eos_master');
        await server.ensureDatabase('eos_master'); // idempotent
        await server.withClient('eos_master', async c => {
            await c.query('CREATE TABLE kept (v text)');
            await c.query(`INSERT INTO kept VALUES ('before restart')`);
            const settings = await c.query(
                `SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'max_connections', 'fsync')`,
            );
            expect(Object.fromEntries(settings.rows.map(r => [r.name, r.setting]))).toEqual({
                listen_addresses: '127.0.0.1',
                max_connections: '60',
                fsync: 'on',
            });
        });
        // The password is required.
        const { Client } = await import('pg');
        const wrong = new Client({ host: '127.0.0.1', port: server.port, user: 'eos', password: 'wrong', database: 'postgres' });
        await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
        await server.stop();
        expect(runningPostmaster(server.options.clusterDir)).toBeUndefined();

        const again = await cluster(dir, { port: server.port });
        await again.server.start();
        expect(again.lines.join('\n')).not.toMatch(/initialising/);
        await again.server.withClient('eos_master', async c => {
            expect((await c.query('SELECT v FROM kept')).rows).toEqual([{ v: 'before restart' }]);
        });
    });

    it('stops when the process that started it is killed with -9, and the next start finds it stopped', async () => {
        const dir = folder();
        const port = await freePort();
        // An owner process like the launcher: starts the cluster, asks to be outlived by no one, waits.
        const owner = spawn(
            process.execPath,
            [
                '-e',
                `const { EmbeddedPostgres } = require('@entrepreneur-os/platform/dist/embedded-postgres.js');
                 const pg = new EmbeddedPostgres({ clusterDir: ${JSON.stringify(path.join(dir, 'postgres'))},
                     passwordFile: ${JSON.stringify(path.join(dir, 'secrets', 'pw'))}, port: ${port}, profile: 'laptop' });
                 pg.start().then(() => { pg.stopWhenProcessDies(process.pid); console.log('ready'); setInterval(() => {}, 1000); });`,
            ],
            { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        await new Promise<void>(resolve => owner.stdout.on('data', d => String(d).includes('ready') && resolve()));
        const postmaster = runningPostmaster(path.join(dir, 'postgres'));
        expect(postmaster?.port).toBe(port);
        owner.kill('SIGKILL');
        await waitFor('the orphaned PostgreSQL to stop', () => runningPostmaster(path.join(dir, 'postgres')) === undefined, {
            timeoutMs: 15_000,
        });
        const next = await cluster(dir, { port, passwordFile: path.join(dir, 'secrets', 'pw') });
        await next.server.start();
        await next.server.withClient('postgres', async c => expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]));
    });

    it('a server left running by an earlier run is stopped and started again; a stale postmaster.pid is removed', async () => {
        const dir = folder();
        const first = await cluster(dir);
        await first.server.start();
        const leftOver = runningPostmaster(first.server.options.clusterDir)!;
        const second = await cluster(dir, { port: first.server.port });
        await second.server.start();
        expect(second.lines.join('\n')).toMatch(new RegExp(`still running \\(pid ${leftOver.pid}\\): stopping it`));
        expect(runningPostmaster(second.server.options.clusterDir)!.pid).not.toBe(leftOver.pid);
        await second.server.stop();

        // A crash leaves postmaster.pid naming a pid that now belongs to another program of the
        // database's user (PostgreSQL itself would refuse to start: "lock file already exists").
        const owner = fs.statSync(second.server.options.clusterDir);
        const other = spawn('sleep', ['60'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
        try {
            const pidFile = path.join(second.server.options.clusterDir, 'postmaster.pid');
            const clusterDir = second.server.options.clusterDir;
            fs.writeFileSync(pidFile, `${other.pid}\n${clusterDir}\n0\n${second.server.port}\n\n127.0.0.1\n0 0\nready\n`);
            const third = await cluster(dir, { port: first.server.port });
            await third.server.start();
            expect(runningPostmaster(clusterDir)!.pid).not.toBe(other.pid);
        } finally {
            other.kill();
        }
    });

    it('leftovers of an interrupted initialisation are discarded', async () => {
        const dir = folder();
        fs.mkdirSync(path.join(dir, 'postgres.initialising', 'cluster'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'postgres.initialising', 'cluster', 'PG_VERSION'), '18\n');
        const { server } = await cluster(dir);
        await server.start();
        expect(fs.existsSync(path.join(dir, 'postgres.initialising'))).toBe(false);
        expect(fs.readdirSync(dir).sort()).toEqual(['postgres', 'secrets']);
    });

    it('a port in use: one line naming EMBEDDED_PG_PORT, nothing started', async () => {
        const dir = folder();
        const blocker = net.createServer().listen(0, '127.0.0.1');
        await new Promise(r => blocker.once('listening', r));
        try {
            const port = (blocker.address() as net.AddressInfo).port;
            const { server } = await cluster(dir, { port });
            expect(await startError(server)).toMatch(
                new RegExp(`Port ${port} of the embedded PostgreSQL is in use .* set EMBEDDED_PG_PORT to a free port`),
            );
            expect(runningPostmaster(server.options.clusterDir)).toBeUndefined();
        } finally {
            blocker.close();
        }
    });

    it('data of another PostgreSQL major version is refused with what to do, and left as it was', async () => {
        const dir = folder();
        const { server } = await cluster(dir);
        await server.start();
        await server.stop();
        fs.writeFileSync(path.join(server.options.clusterDir, 'PG_VERSION'), '17\n');
        const next = await cluster(dir, { port: server.port });
        expect(await startError(next.server)).toMatch(
            /made by PostgreSQL 17, this version runs PostgreSQL 18 — dump it with the tools of PostgreSQL 17/,
        );
        expect(fs.readFileSync(path.join(server.options.clusterDir, 'PG_VERSION'), 'utf8')).toBe('17\n');
        expect(runningPostmaster(server.options.clusterDir)).toBeUndefined();
    });

    it('a missing platform package or an unsupported platform: one line saying what to install or set', () => {
        const missing = () =>
            resolvePostgresBinaries('linux', 'x64', () => {
                throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
            });
        expect(missing).toThrow(/The embedded PostgreSQL package @embedded-postgres\/linux-x64 is not installed/);
        try {
            missing();
        } catch (err) {
            expect((err as Error & { hint: string }).hint).toMatch(
                /npm ci again without --omit=optional .* MASTER_DATABASE_URL and ECOMMERCE_DATABASE_URL/,
            );
        }
        expect(() => resolvePostgresBinaries('aix', 'ppc64')).toThrow(/There is no embedded PostgreSQL for aix-ppc64/);
    });

    it('restores the library links an install without scripts left out', () => {
        const real = resolvePostgresBinaries();
        const packageDir = path.resolve(real.binDir, '..', '..');
        const copy = path.join(folder(), 'package');
        fs.mkdirSync(path.join(copy, 'dist'), { recursive: true });
        fs.mkdirSync(path.join(copy, 'native', 'lib'), { recursive: true });
        fs.copyFileSync(path.join(packageDir, 'package.json'), path.join(copy, 'package.json'));
        fs.copyFileSync(path.join(packageDir, 'native', 'pg-symlinks.json'), path.join(copy, 'native', 'pg-symlinks.json'));
        const links = JSON.parse(fs.readFileSync(path.join(copy, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{
            source: string;
            target: string;
        }>;
        for (const { source } of links) fs.writeFileSync(path.join(copy, source), 'library');
        resolvePostgresBinaries(process.platform, process.arch, () => path.join(copy, 'dist', 'index.js'));
        for (const { source, target } of links) {
            expect(fs.readlinkSync(path.join(copy, target))).toBe(path.basename(source));
        }
    });

    // A full disk needs a small file system of its own: a tmpfs, which only root may mount.
    const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
    it.runIf(canMount)('a full disk at initialisation: one line saying so, nothing half-initialised left (tmpfs of 8 MB)', async () => {
        const dir = folder();
        const small = path.join(dir, 'small');
        fs.mkdirSync(small);
        expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=755', 'tmpfs', small]).status).toBe(0);
        try {
            const { server } = await cluster(small, { passwordFile: path.join(dir, 'secrets', 'pw') });
            expect(await startError(server)).toMatch(
                /Initialising the embedded PostgreSQL failed: .*No space left on device — the disk is full: free some space/,
            );
            expect(fs.readdirSync(small)).toEqual([]);
        } finally {
            spawnSync('umount', [small]);
        }
    });
});
