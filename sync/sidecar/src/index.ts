/**
 * @entrepreneur-os/sync-sidecar — runs the sync engine for every READY tenant (timer + push,
 * BullMQ when REDIS_URL is set). `node sync/sidecar/dist/index.js` starts it; `cli.js` has the
 * commands (status, full, verify, repair, run).
 */
import { explain } from './cli';
import { runSidecar } from './main';

export * from './config';
export * from './credentials';
export * from './http';
export * from './log';
export * from './metrics';
export * from './scheduler';
export * from './sidecar';
export * from './state';
export * from './tenants';
export { runSidecar } from './main';

if (require.main === module) {
    runSidecar().catch(err => {
        process.stderr.write(`[sync] cannot start: ${explain(err)}\n`);
        if (process.env.SYNC_DEBUG) console.error(err);
        process.exit(1);
    });
}
