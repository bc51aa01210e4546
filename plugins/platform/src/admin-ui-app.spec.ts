import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { adminUiAppDir } from './admin-ui-app';

describe('adminUiAppDir: an Admin UI app folder per app and data folder', () => {
    const dirs: string[] = [];
    const tempDir = () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-admin-ui-'));
        dirs.push(dir);
        return dir;
    };
    afterEach(() => dirs.splice(0).forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

    it('gives each app its own copies of the files the plugin rewrites, and links the rest', () => {
        const data = tempDir();
        const master = adminUiAppDir(data, 'master');
        const ecommerce = adminUiAppDir(data, 'ecommerce');
        expect(master).not.toBe(ecommerce);
        for (const dir of [master, ecommerce]) {
            expect(fs.lstatSync(path.join(dir, 'index.html')).isFile()).toBe(true);
            expect(fs.lstatSync(path.join(dir, 'vendure-ui-config.json')).isFile()).toBe(true);
            expect(fs.lstatSync(path.join(dir, 'assets')).isSymbolicLink()).toBe(true);
            expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('<vdr-root>');
        }
        // A rewrite in one app's folder leaves the other's, and the package's, alone.
        fs.writeFileSync(path.join(master, 'index.html'), 'rewritten');
        expect(fs.readFileSync(path.join(ecommerce, 'index.html'), 'utf8')).toContain('<vdr-root>');
        const packaged = path.join(path.dirname(require.resolve('@vendure/admin-ui-plugin')), 'admin-ui', 'browser', 'index.html');
        expect(fs.readFileSync(packaged, 'utf8')).toContain('<vdr-root>');
    });

    it('keeps what is there on a second call (the server and its worker both make it)', () => {
        const data = tempDir();
        const dir = adminUiAppDir(data, 'master');
        fs.writeFileSync(path.join(dir, 'vendure-ui-config.json'), '{"written":"by the plugin"}');
        expect(adminUiAppDir(data, 'master')).toBe(dir);
        expect(fs.readFileSync(path.join(dir, 'vendure-ui-config.json'), 'utf8')).toBe('{"written":"by the plugin"}');
        expect(fs.readdirSync(dir).length).toBe(
            fs.readdirSync(path.dirname(require.resolve('@vendure/admin-ui-plugin')) + '/admin-ui/browser').length,
        );
    });
});
