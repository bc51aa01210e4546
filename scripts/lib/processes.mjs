// Child-process helpers for the launcher and the build: prefixed output, clean shutdown.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** Runs a command to completion; rejects with its last output lines when it fails. */
export function run(cmd, args, { cwd, label, env = {} }) {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        const tail = [];
        const keep = line => {
            tail.push(line);
            if (tail.length > 30) tail.shift();
        };
        readline.createInterface({ input: child.stdout }).on('line', keep);
        readline.createInterface({ input: child.stderr }).on('line', keep);
        child.on('error', reject);
        child.on('exit', code => {
            if (code === 0) resolve();
            else
                reject(new Error(`${label} exited with code ${code}:\n${tail.filter(l => !l.includes('Unknown user config')).join('\n')}`));
        });
    });
}

/**
 * A long-running child whose output lines are prefixed with its name.
 * `stop()` sends SIGTERM, then SIGKILL after a grace period, and resolves once it has exited.
 */
export function startService(name, cmd, args, { cwd, env, onExit, color = 0 }) {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = process.stdout.isTTY ? `\x1b[${color}m${name.padEnd(16)}\x1b[0m| ` : `${name.padEnd(16)}| `;
    const listeners = [];
    const forward = stream => line => {
        stream.write(`${prefix}${line}\n`);
        for (const l of listeners) l(line);
    };
    readline.createInterface({ input: child.stdout }).on('line', forward(process.stdout));
    readline.createInterface({ input: child.stderr }).on('line', forward(process.stderr));
    let exited = false;
    const exitPromise = new Promise(resolve =>
        child.on('exit', (code, signal) => {
            exited = true;
            resolve({ code, signal });
            onExit?.(code, signal);
        }),
    );
    return {
        name,
        child,
        onLine: fn => listeners.push(fn),
        get exited() {
            return exited;
        },
        exitPromise,
        async stop(graceMs = 10_000) {
            if (exited) return exitPromise;
            child.kill('SIGTERM');
            const timer = setTimeout(() => !exited && child.kill('SIGKILL'), graceMs);
            const result = await exitPromise;
            clearTimeout(timer);
            return result;
        },
    };
}

export async function waitForHealthy(url, { timeoutMs, isAlive }) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (!isAlive()) return false;
        try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            if (res.ok) return true;
        } catch {
            // not up yet
        }
        await new Promise(r => setTimeout(r, 500));
    }
    return false;
}
