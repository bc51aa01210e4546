import fs from 'node:fs';
import path from 'node:path';

/**
 * Resolves a tenant's `ecommerceCredentialsRef` to its API key — the same rules as the multi-tenant
 * plugin (plugins/multi-tenant/src/services/credentials.ts), reimplemented so the sidecar does not
 * load Vendure: `env:NAME` (an environment variable) or `file:relative/path` inside `dataDir`.
 */
export function resolveCredentialsRef(ref: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
    if (/^env:[A-Z_][A-Z0-9_]*$/.test(ref)) {
        const name = ref.slice(4);
        const value = env[name]?.trim();
        if (!value) throw new Error(`credentials ${ref}: environment variable ${name} is not set in the sidecar's environment`);
        return value;
    }
    if (/^file:[\w./-]+$/.test(ref) && !ref.includes('..')) {
        const root = path.resolve(dataDir);
        const file = path.resolve(root, ref.slice(5));
        if (!file.startsWith(root + path.sep)) throw new Error(`credentials ${ref}: outside the data folder ${root}`);
        if (!fs.existsSync(file)) throw new Error(`credentials ${ref}: file ${file} does not exist (is DATA_DIR the same as master's?)`);
        const value = fs.readFileSync(file, 'utf8').trim();
        if (!value) throw new Error(`credentials ${ref}: file ${file} is empty`);
        return value;
    }
    throw new Error(`credentials "${ref}" must be env:VARIABLE_NAME or file:relative/path`);
}
