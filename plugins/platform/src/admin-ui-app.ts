import fs from 'node:fs';
import path from 'node:path';

/** The files AdminUiPlugin rewrites at every server start (its config and the base href). */
const WRITTEN_AT_START = new Set(['index.html', 'vendure-ui-config.json']);

/**
 * The Angular Admin UI's app folder for one app in one data folder. Vendure's AdminUiPlugin
 * rewrites `index.html` and `vendure-ui-config.json` in its app folder at every start; left in
 * node_modules, every server on the machine shares them — master's brand shows in ecommerce, and a
 * server can read an `index.html` another one is rewriting at that moment (an empty page). So each
 * app gets its own folder: copies of those two files, symlinks to everything else. Only creates
 * what is missing, so a server and its worker may both call it.
 */
export function adminUiAppDir(dataDir: string, app: string): string {
    const source = path.join(path.dirname(require.resolve('@vendure/admin-ui-plugin')), 'admin-ui', 'browser');
    const target = path.join(dataDir, 'admin-ui', app);
    fs.mkdirSync(target, { recursive: true });
    for (const entry of fs.readdirSync(source)) {
        const from = path.join(source, entry);
        const to = path.join(target, entry);
        if (WRITTEN_AT_START.has(entry)) {
            if (!fs.existsSync(to)) fs.copyFileSync(from, to);
            continue;
        }
        const current = fs.lstatSync(to, { throwIfNoEntry: false });
        if (current?.isSymbolicLink() && fs.readlinkSync(to) === from) continue;
        if (current) fs.rmSync(to, { recursive: true, force: true }); // node_modules moved: point again
        try {
            fs.symlinkSync(from, to);
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // the worker made it meanwhile
        }
    }
    return target;
}
