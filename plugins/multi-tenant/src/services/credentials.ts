import fs from 'node:fs';
import path from 'node:path';

import { credentialsRefProblems } from './tenant-validation';

/** Resolves a credentials reference to the secret; the secret is used for one call and never stored. */
export function resolveCredentials(ref: string, secretsDir: string, env: NodeJS.ProcessEnv = process.env): string {
    const problems = credentialsRefProblems(ref);
    if (problems.length) throw new Error(problems.join('; '));
    if (ref.startsWith('env:')) {
        const name = ref.slice(4);
        const value = env[name];
        if (!value) throw new Error(`credentials ${ref}: environment variable ${name} is not set`);
        return value.trim();
    }
    const file = path.resolve(secretsDir, ref.slice(5));
    if (!file.startsWith(path.resolve(secretsDir) + path.sep)) throw new Error(`credentials ${ref}: outside the secrets folder`);
    if (!fs.existsSync(file)) throw new Error(`credentials ${ref}: file ${file} does not exist`);
    return fs.readFileSync(file, 'utf8').trim();
}
