import { loadConfig, SidecarConfig } from './config';
import { createLogger } from './log';
import { Sidecar } from './sidecar';

/**
 * Runs the sidecar until SIGTERM/SIGINT (graceful: runs in progress finish, a second signal ends
 * at once). Under the `npm start` launcher (EOS_EXIT_WITH_PARENT=1) it also stops when the launcher
 * disappears, as the servers do (plugins/platform/src/lifecycle.ts).
 */
export async function runSidecar(config: SidecarConfig = loadConfig()): Promise<Sidecar> {
    const log = createLogger(config.logFormat);
    const sidecar = new Sidecar({ config, log });
    let stopping = false;
    const stop = (signal: string) => {
        if (stopping) {
            log('warn', `${signal} again: exiting now`);
            process.exit(1);
        }
        stopping = true;
        log('info', `${signal} received`);
        sidecar.stop().then(
            () => process.exit(0),
            err => {
                log('error', `could not stop cleanly: ${(err as Error).message}`);
                process.exit(1);
            },
        );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    exitWithParent();
    try {
        await sidecar.start();
    } catch (err) {
        await sidecar.stop().catch(() => undefined);
        throw err;
    }
    return sidecar;
}

function exitWithParent(): void {
    if (process.env.EOS_EXIT_WITH_PARENT !== '1') return;
    const parentPid = process.ppid;
    setInterval(() => {
        if (process.ppid !== parentPid) process.kill(process.pid, 'SIGTERM');
    }, 1000).unref();
}
