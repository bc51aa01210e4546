import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runningPostmaster } from '@entrepreneur-os/platform/dist/embedded-postgres.js';
import { adminToken, freePort, graphql, REPO_ROOT, waitFor } from '@entrepreneur-os/testing';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';

// The whole embedded stack exactly as a user starts it: `npm start` in a fresh data folder.
describe('npm start (embedded PostgreSQL stack)', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-stack-'));
    // As root the embedded PostgreSQL runs as `postgres`, which must enter the data folder.
    fs.chmodSync(dataDir, 0o755);
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    async function npmStart(ports: { master: number; ecommerce: number; sync: number; postgres: number }) {
        let output = '';
        const child = spawn('npm', ['start', '--silent'], {
            cwd: REPO_ROOT,
            env: {
                ...process.env,
                DATA_DIR: dataDir,
                MASTER_PORT: String(ports.master),
                ECOMMERCE_PORT: String(ports.ecommerce),
                SYNC_PORT: String(ports.sync),
                EMBEDDED_PG_PORT: String(ports.postgres),
            },
            stdio: ['ignore', 'pipe', 'pipe'],
            // Its own process group, like a terminal job: Ctrl-C there signals the whole group.
            detached: true,
        });
        child.stdout.on('data', d => (output += d));
        child.stderr.on('data', d => (output += d));
        const exited = new Promise<number | string | null>(resolve => child.on('exit', (code, signal) => resolve(code ?? signal)));
        // An early exit fails at once, with what it printed (waitFor would keep polling until its timeout).
        await Promise.race([
            waitFor('the "is running" banner', () => /Entrepreneur-OS commerce is running/.test(output), {
                timeoutMs: 540_000,
                intervalMs: 250,
            }),
            exited.then(code => {
                throw new Error(`npm start exited early (${code})`);
            }),
        ]).catch(err => {
            throw new Error(`${(err as Error).message}; its last output:\n${output.slice(-3000)}`);
        });
        return { child, exited, output: () => output };
    }

    function descendants(pid: number): number[] {
        const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
            .trim()
            .split('\n')
            .map(l => l.trim().split(/\s+/).map(Number));
        const result: number[] = [];
        const walk = (p: number) => rows.filter(([, ppid]) => ppid === p).forEach(([child]) => (result.push(child), walk(child)));
        walk(pid);
        return result;
    }

    const alive = (pid: number) => {
        try {
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    };

    /** The embedded PostgreSQL's server process, while it runs. */
    const postmaster = () => runningPostmaster(path.join(dataDir, 'postgres'))?.pid;

    it('starts both servers and workers, serves catalog, logins and admin UIs, then stops with no orphans; a restart keeps the data', async () => {
        const ports = { master: await freePort(), ecommerce: await freePort(), sync: await freePort(), postgres: await freePort() };
        const first = await npmStart(ports);
        // What the stack printed is the only record of what went wrong inside it.
        onTestFailed(() => console.log(`npm start's output:\n${first.output().slice(-20_000)}`));
        const master = `http://localhost:${ports.master}`;
        const ecommerce = `http://localhost:${ports.ecommerce}`;
        expect(first.output()).toMatch(/first start: creating the database and seeding demo data/);
        // The embedded PostgreSQL: initialised on first start, on 127.0.0.1, its password in the data folder's secrets.
        expect(first.output()).toMatch(/\[db\] initialising the embedded PostgreSQL 18/);
        expect(first.output()).toContain(`embedded PostgreSQL on 127.0.0.1:${ports.postgres} (eos_master, eos_ecommerce)`);
        expect(fs.statSync(path.join(dataDir, 'secrets', 'postgres-password')).mode & 0o077).toBe(0);
        const db = spawnSync('npm', ['run', '-s', 'db', '--', 'url', 'master'], {
            cwd: REPO_ROOT,
            env: { ...process.env, DATA_DIR: dataDir },
            encoding: 'utf8',
        });
        expect(db.stdout.trim()).toMatch(new RegExp(`^postgres://eos:[^@]+@127\\.0\\.0\\.1:${ports.postgres}/eos_master$`));
        expect(first.output()).toContain(`${master}/dashboard`);
        expect(first.output()).toMatch(/login: superadmin \/ superadmin/);
        expect(first.output()).toMatch(/WARNING: default credentials/);

        const { products } = await graphql(`${master}/shop-api`, '{ products { totalItems } }');
        expect(products.totalItems).toBeGreaterThanOrEqual(60);
        expect((await graphql(`${ecommerce}/shop-api`, '{ products { totalItems } }')).products.totalItems).toBe(0);
        for (const base of [master, ecommerce]) {
            expect(await adminToken(base, 'superadmin', 'superadmin')).toBeTruthy();
            expect((await fetch(`${base}/dashboard/`)).status).toBe(200);
            expect(await (await fetch(`${base}/admin/`)).text()).toContain('<vdr-root>');
        }
        // Two demo tenants, provisioned on first start, each with its own logins and channel.
        expect(first.output()).toMatch(/demo tenants \(each sees only its own channel\)/);
        const cm = await adminToken(master, 'catalog@alpine.demo', 'alpine-demo-2026');
        const me = await graphql(`${master}/admin-api`, '{ me { channels { code } } }', {}, cm);
        expect(me.me.channels.map((c: any) => c.code)).toEqual(['alpine']);
        // …with the master catalog and its PIM data: suppliers, prices, its own pricing rule, a received purchase order.
        const pim = await fetch(`${master}/admin-api`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${cm}`, 'vendure-token': 'master-alpine' },
            body: JSON.stringify({
                query: `{ products { totalItems } suppliers { totalItems } pricingRules { items { name } } purchaseOrders { items { state } }
                          previewTenantPrices(options: { take: 5 }) { sku price basis ruleName } }`,
            }),
        }).then(r => r.json() as Promise<{ data: any }>);
        expect(pim.data.products.totalItems).toBe(products.totalItems);
        expect(pim.data.suppliers.totalItems).toBe(2);
        expect(pim.data.pricingRules.items).toEqual([{ name: 'Alpine markup' }]);
        expect(pim.data.purchaseOrders.items).toEqual([{ state: 'RECEIVED' }]);
        expect(pim.data.previewTenantPrices.every((p: any) => p.basis === 'RULE' && p.ruleName === 'Alpine markup')).toBe(true);
        const staff = await adminToken(ecommerce, 'staff@pacific.demo', 'pacific-demo-2026');
        // The sync sidecar brought each tenant's catalog to its shop, with the tenant's own prices and stock.
        expect(first.output()).toMatch(/\[demo\] catalog sync \(feed positions applied\): alpine (\d+)\/\1, pacific (\d+)\/\2/);
        const shop = (token: string) =>
            graphql(
                `${ecommerce}/shop-api?vendure-token=${token}`,
                `
                    {
                        products(options: { take: 100 }) {
                            totalItems
                            items {
                                variants {
                                    sku
                                    price
                                    currencyCode
                                    stockLevel
                                }
                            }
                        }
                    }
                `,
            );
        for (const [token, currency] of [
            ['alpine', 'EUR'],
            ['pacific', 'USD'],
        ]) {
            const { products: shopProducts } = await shop(token);
            expect(shopProducts.totalItems).toBe(products.totalItems);
            const variants = shopProducts.items.flatMap((p: any) => p.variants);
            expect(variants.every((v: any) => v.currencyCode === currency)).toBe(true);
        }
        // …and the opening stock of the demo purchase orders follows (the stock stream runs beside the
        // catalog's): each shop holds exactly what its tenant received in master, variant by variant, and
        // shows every variant at exactly the tenant's price from master.
        const superadmin = await adminToken(master, 'superadmin', 'superadmin');
        const ecommerceSuperadmin = await adminToken(ecommerce, 'superadmin', 'superadmin');
        // By sku, then value: the sample catalog has variants sharing a sku.
        const bySku = (rows: Array<[string, number]>) => rows.sort(([a, x], [b, y]) => a.localeCompare(b) || x - y);
        for (const token of ['alpine', 'pacific']) {
            const inMaster = await graphql(
                `${master}/admin-api?vendure-token=master-${token}`,
                `
                    {
                        previewTenantPrices {
                            productVariantId
                            sku
                            price
                        }
                        purchaseOrders {
                            items {
                                lines {
                                    productVariantId
                                    receivedQuantity
                                }
                            }
                        }
                    }
                `,
                {},
                superadmin,
            );
            const received = new Map<string, number>();
            for (const po of inMaster.purchaseOrders.items)
                for (const l of po.lines) received.set(l.productVariantId, (received.get(l.productVariantId) ?? 0) + l.receivedQuantity);
            expect(received.size, `${token}'s received purchase order lines`).toBeGreaterThan(0);
            const expectedStock = bySku(
                (inMaster.previewTenantPrices as Array<{ productVariantId: string; sku: string }>).map(p => [
                    p.sku,
                    received.get(p.productVariantId) ?? 0,
                ]),
            );
            const shopStock = async () =>
                bySku(
                    (
                        await graphql(
                            `${ecommerce}/admin-api?vendure-token=${token}`,
                            '{ productVariants(options: { take: 1000 }) { items { sku stockOnHand } } }',
                            {},
                            ecommerceSuperadmin,
                        )
                    ).productVariants.items.map((v: { sku: string; stockOnHand: number }) => [v.sku, v.stockOnHand]),
                );
            await waitFor(
                `${token}'s opening stock in its shop`,
                async () => JSON.stringify(await shopStock()) === JSON.stringify(expectedStock),
                {
                    timeoutMs: 120_000,
                },
            ).catch(async err => {
                expect(await shopStock(), (err as Error).message).toEqual(expectedStock);
            });
            const shopPrices = bySku((await shop(token)).products.items.flatMap((p: any) => p.variants).map((v: any) => [v.sku, v.price]));
            expect(shopPrices, `${token}'s prices in its shop`).toEqual(
                bySku((inMaster.previewTenantPrices as Array<{ sku: string; price: number }>).map(p => [p.sku, p.price])),
            );
        }
        expect((await graphql(`${ecommerce}/shop-api`, '{ products { totalItems } }')).products.totalItems).toBe(0);

        // An edit by alpine's catalog manager reaches alpine's shop (the sidecar runs on push; which shops
        // get an edit is the sidecar e2e's business).
        const inAlpine = async (query: string, variables: Record<string, unknown> = {}) => {
            const res = await fetch(`${master}/admin-api`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${cm}`, 'vendure-token': 'master-alpine' },
                body: JSON.stringify({ query, variables }),
            });
            const body = (await res.json()) as { data?: any; errors?: Array<{ message: string }> };
            if (body.errors?.length) throw new Error(body.errors[0].message);
            return body.data;
        };
        const [edited] = (await inAlpine('{ products(options: { take: 1 }) { items { id } } }')).products.items;
        const newName = `Neu ${Date.now()}`;
        const alpineGermanNames = async () =>
            (
                await graphql(
                    `${ecommerce}/shop-api?vendure-token=alpine&languageCode=de`,
                    '{ products(options: { take: 100 }) { items { name } } }',
                )
            ).products.items.map((p: { name: string }) => p.name);
        const editedAt = performance.now();
        await inAlpine(
            `mutation ($id: ID!, $name: String!) { updateProduct(input: { id: $id, translations: [{ languageCode: de, name: $name }] }) { id } }`,
            {
                id: edited.id,
                name: newName,
            },
        );
        await waitFor('the edit in alpine’s shop', async () => (await alpineGermanNames()).includes(newName), {
            timeoutMs: 30_000,
            intervalMs: 20,
        });
        console.log(`[stack] master edit → alpine's Shop API: ${Math.round(performance.now() - editedAt)} ms`);

        const staffMe = await graphql(`${ecommerce}/admin-api`, '{ me { channels { code permissions } } }', {}, staff);
        expect(staffMe.me.channels.map((c: any) => c.code)).toEqual(['pacific']);
        expect(staffMe.me.channels[0].permissions).toContain('UpdateOrder');

        // The tenant CLI talks to the same master.
        const cli = (...args: string[]) =>
            spawnSync('npm', ['run', '--silent', 'tenant', '--', ...args], {
                cwd: REPO_ROOT,
                env: { ...process.env, MASTER_PORT: String(ports.master), ECOMMERCE_PORT: String(ports.ecommerce) },
                encoding: 'utf8',
            });
        const list = cli('list');
        expect(list.status).toBe(0);
        expect(list.stdout).toMatch(/alpine\s+READY/);
        expect(list.stdout).toMatch(/pacific\s+READY/);
        const bad = cli('create', 'Not Valid', '--name', 'X');
        expect(bad.status).toBe(1);
        expect(bad.stderr).toMatch(/\[tenant\] .*code "Not Valid" must be 3–32 characters/);

        // The workers are up and drain the seeding's search-index jobs.
        await waitFor(
            'search results on master',
            async () => (await graphql(`${master}/shop-api`, '{ search(input: { term: "laptop" }) { totalItems } }')).search.totalItems > 0,
            {
                timeoutMs: 120_000,
            },
        );

        // launcher + 2 servers + 2 workers + sync sidecar (+ npm's shell), and the database in a session of its own
        const tree = [...descendants(first.child.pid!), postmaster()!];
        expect(tree.length).toBeGreaterThanOrEqual(7);
        first.child.kill('SIGTERM'); // a supervisor stopping `npm start`: only npm gets the signal
        // npm re-raises the signal its script was stopped by; the launcher itself exits 0.
        expect([0, 'SIGTERM']).toContain(await first.exited);
        await waitFor('all child processes to exit', () => tree.every(pid => !alive(pid)), { timeoutMs: 30_000 });
        expect(first.output()).toMatch(/\[start\] stopped/);

        const second = await npmStart(ports);
        expect(second.output()).not.toMatch(/first start|initialising the embedded PostgreSQL/);
        expect((await graphql(`${master}/shop-api`, '{ products { totalItems } }')).products.totalItems).toBe(products.totalItems);
        // kill -9 of the launcher: the servers, workers and sidecar stop on their own, and so does the database.
        const secondTree = [...descendants(second.child.pid!), postmaster()!];
        const launcher = Number(fs.readFileSync(path.join(dataDir, 'launcher.pid'), 'utf8'));
        expect(secondTree).toContain(launcher);
        process.kill(launcher, 'SIGKILL');
        await waitFor('every process of the killed stack to exit', () => secondTree.every(pid => !alive(pid)), { timeoutMs: 30_000 });
        await second.exited;

        const third = await npmStart(ports);
        expect(third.output()).not.toMatch(/first start|initialising the embedded PostgreSQL/);
        expect((await graphql(`${master}/shop-api`, '{ products { totalItems } }')).products.totalItems).toBe(products.totalItems);
        const thirdTree = [...descendants(third.child.pid!), postmaster()!];
        process.kill(-third.child.pid!, 'SIGINT'); // Ctrl-C in a terminal
        await third.exited;
        await waitFor('all child processes to exit', () => thirdTree.every(pid => !alive(pid)), { timeoutMs: 30_000 });
        expect(postmaster()).toBeUndefined();
    });
});
