import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** The workspace files a fresh Node process loads when it requires `moduleName` (built code). */
function loadedWorkspaceFiles(moduleName: string): string[] {
    const script = `require(${JSON.stringify(moduleName)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
    return loaded.filter(file => !file.includes('node_modules')).map(file => path.relative(ROOT, file));
}

// Layering, checked on what `npm run build` produced (the unit tests run after it).
describe('layering', () => {
    it('the ecommerce app loads no PIM code and none of the sync plugin’s master side', () => {
        const loaded = loadedWorkspaceFiles('@entrepreneur-os/ecommerce');
        expect(loaded.some(file => file.startsWith('plugins/sync/dist/ecommerce/'))).toBe(true);
        expect(loaded.filter(file => file.startsWith('plugins/pim/') || file.startsWith('plugins/sync/dist/master/'))).toEqual([]);
    });

    it('master loads both (the check above can see them)', () => {
        const loaded = loadedWorkspaceFiles('@entrepreneur-os/master');
        expect(loaded.some(file => file.startsWith('plugins/pim/dist/'))).toBe(true);
        expect(loaded.some(file => file.startsWith('plugins/sync/dist/master/'))).toBe(true);
    });

    it('no build ships test code: no spec, no test helpers in any dist folder', () => {
        const packages = [
            'plugins/platform',
            'plugins/multi-tenant',
            'plugins/pim',
            'plugins/sync',
            'sync/contract',
            'sync/engine',
            'sync/sidecar',
            'master',
            'ecommerce',
        ];
        const shipped = packages.flatMap(pkg =>
            (fs.readdirSync(path.join(ROOT, pkg, 'dist'), { recursive: true }) as string[])
                .filter(file => /\.spec\.|(^|\/)testing(\/|$)/.test(file))
                .map(file => `${pkg}/dist/${file}`),
        );
        expect(shipped).toEqual([]);
    });
});
