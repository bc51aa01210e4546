import { masterApp } from '@entrepreneur-os/master';
import { PimImportPlugin, PimPlugin } from '@entrepreneur-os/pim-plugin';
import { RunnableApp } from '@entrepreneur-os/platform';
import {
    adminCall,
    adminToken,
    AppTestEnvironment,
    createAppTestEnvironment,
    createMasterOnlyTenant,
    graphql,
    storedJobData,
    waitFor,
} from '@entrepreneur-os/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type GqlResult = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

const PRICE_HEADER = 'supplier_code,sku,cost_price,currency,min_order_qty,valid_from,valid_to,preferred';
const PRODUCT_HEADER =
    'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets';
const IMPORT = `id kind state fileName totalRows validRows errorCount errors { row column message } truncatedErrors onlyValidRows processed total summary failureReason jobId`;

// CSV import through the Admin API of a real master: dry-run, apply as a job, tenant isolation.
describe(`CSV import: supplier prices and products`, () => {
    let master: AppTestEnvironment;
    let superadmin: string;
    const cm: Record<string, string> = {};
    const variantIds: Record<string, string> = {};
    const supplierIds: Record<string, string> = {};

    const app: RunnableApp = {
        ...masterApp,
        plugins: settings => {
            const plugins = masterApp.plugins?.(settings) ?? [];
            // Whatever of the PIM the master app does not list yet.
            return [...plugins, ...[PimPlugin, PimImportPlugin].filter(p => !plugins.includes(p))];
        },
    };

    const call = (token: string, channel: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
        adminCall(master.baseUrl, token, channel, query, variables);
    /** As the catalog manager of `tenant`, in its channel; fails the test on any error. */
    async function as(tenant: string, query: string, variables: Record<string, unknown> = {}) {
        const res = await call(cm[tenant], `master-${tenant}`, query, variables);
        if (res.errors?.length) throw new Error(res.errors.map(e => e.message).join('; '));
        return res.data;
    }

    /** importCsvDryRun with the file as a multipart upload (GraphQL multipart request spec), as the Dashboard sends it. */
    async function dryRun(tenant: string, kind: string, file: string | Uint8Array, options: { token?: string; channel?: string } = {}) {
        const form = new FormData();
        form.append(
            'operations',
            JSON.stringify({
                query: `mutation ($kind: CsvImportKind!, $file: Upload!) { importCsvDryRun(kind: $kind, file: $file) { importId kind fileName totalRows validRows errorCount errors { row column message } truncatedErrors } }`,
                variables: { kind, file: null },
            }),
        );
        form.append('map', JSON.stringify({ 0: ['variables.file'] }));
        const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
        form.append('0', new Blob([bytes], { type: 'text/csv' }), `${kind.toLowerCase()}.csv`);
        const res = await fetch(`${master.baseUrl}/admin-api`, {
            method: 'POST',
            // Vendure's CSRF prevention asks multipart requests for this header (browsers cannot send it cross-site).
            headers: {
                authorization: `Bearer ${options.token ?? cm[tenant]}`,
                'vendure-token': options.channel ?? `master-${tenant}`,
                'apollo-require-preflight': 'true',
            },
            body: form,
        });
        return (await res.json()) as GqlResult;
    }
    async function cleanDryRun(tenant: string, kind: string, file: string) {
        const res = await dryRun(tenant, kind, file);
        if (res.errors?.length) throw new Error(res.errors.map(e => e.message).join('; '));
        return res.data.importCsvDryRun;
    }
    const apply = (tenant: string, importId: string, onlyValidRows: boolean) =>
        call(
            cm[tenant],
            `master-${tenant}`,
            `mutation ($id: ID!, $o: Boolean!) { applyCsvImport(importId: $id, onlyValidRows: $o) { ${IMPORT} } }`,
            {
                id: importId,
                o: onlyValidRows,
            },
        );
    /** Polls the import until its job is done; returns the import and every state/progress seen on the way. */
    async function finished(tenant: string, id: string) {
        const seen: Array<{ state: string; processed: number; total: number }> = [];
        const done = await waitFor(
            `import ${id} to finish`,
            async () => {
                const { csvImport } = await as(tenant, `query ($id: ID!) { csvImport(id: $id) { ${IMPORT} } }`, { id });
                seen.push({ state: csvImport.state, processed: csvImport.processed, total: csvImport.total });
                return ['SUCCEEDED', 'FAILED'].includes(csvImport.state) && csvImport;
            },
            { timeoutMs: 60_000, intervalMs: 100 },
        );
        return { done, seen };
    }
    async function pricesOf(tenant: string, skus: string[]) {
        const ids = new Set(skus.map(s => variantIds[s]));
        const { supplierPrices } = await as(
            tenant,
            `{ supplierPrices(options: { take: 1000, sort: { id: ASC } }) { totalItems items { productVariantId costPrice currencyCode minOrderQuantity validFrom validTo preferred supplier { code } } } }`,
        );
        return (supplierPrices.items as any[]).filter(p => ids.has(String(p.productVariantId)));
    }

    beforeAll(async () => {
        master = await createAppTestEnvironment(app, 'pim_import');
        await master.start({ withCatalog: true });
        superadmin = await adminToken(master.baseUrl, 'superadmin', 'superadmin');
        // alfa works in EUR, unlike the default channel (USD): imported prices must land in EUR.
        for (const [code, currency] of [
            ['alfa', 'EUR'],
            ['bravo', 'USD'],
        ] as const) {
            const tenant = await createMasterOnlyTenant(master.baseUrl, superadmin, code, { currency });
            cm[code] = await adminToken(master.baseUrl, tenant.catalogManager.username, tenant.catalogManager.password);
        }
        // alfa sells the test catalog (10 variants).
        const { products, channels } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                {
                    products {
                        items {
                            id
                        }
                    }
                    channels {
                        items {
                            id
                            code
                        }
                    }
                }
            `,
            {},
            superadmin,
        );
        await graphql(
            `${master.baseUrl}/admin-api`,
            `
                mutation ($p: [ID!]!, $c: ID!) {
                    assignProductsToChannel(input: { productIds: $p, channelId: $c }) {
                        id
                    }
                }
            `,
            { p: products.items.map((p: { id: string }) => p.id), c: channels.items.find((c: { code: string }) => c.code === 'alfa').id },
            superadmin,
        );
        for (const v of (await as('alfa', `{ productVariants(options: { take: 100 }) { items { id sku } } }`)).productVariants.items) {
            variantIds[v.sku] = v.id;
        }
        for (const [code, currency] of [
            ['alpen', 'EUR'],
            ['pacific', 'USD'],
        ]) {
            const { createSupplier } = await as('alfa', `mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { id } }`, {
                i: { code, name: code, currencyCode: currency, leadTimeDays: 3 },
            });
            supplierIds[code] = createSupplier.id;
        }
        await as(
            'bravo',
            `mutation { createSupplier(input: { code: "alpen", name: "bravo's alpen", currencyCode: EUR, leadTimeDays: 1 }) { id } }`,
        );
    }, 300_000);

    afterAll(async () => {
        await master?.destroy();
    });

    it('supplier prices: the dry-run lists every error with row and column; apply is refused; only-valid writes exactly the valid rows', async () => {
        // A stored preferred price the file clashes with.
        await as('alfa', `mutation ($i: CreateSupplierPriceInput!) { createSupplierPrice(input: $i) { id } }`, {
            i: {
                supplierId: supplierIds.pacific,
                productVariantId: variantIds.B000ZYLPPU,
                costPrice: 300,
                currencyCode: 'USD',
                preferred: true,
            },
        });
        const before = await pricesOf('alfa', ['L2201308', 'L2201508', 'L2201316', 'L2201516', 'B000ZYLPPU']);
        const file = [
            PRICE_HEADER,
            'alpen,L2201308,12.50,EUR,1,2025-01-01,,yes',
            'alpen,L2201508,-3.00,EUR,,,,',
            'pacific,L2201316,9.99,EUR,,,,',
            'alpen,NOPE-1,1.00,EUR,,,,',
            'pacific,L2201308,11.00,USD,1,2025-03-01,,true',
            'alpen,L2201516,5,EUR,0,2025-05-01,2025-04-01,no',
            'pacific,L2201516,7.25,USD,10,,,false',
            'alpen,B000ZYLPPU,3.00,EUR,,,,true',
            '"alpen","L2201508","4.10","EUR","2","2025-01-01","2026-01-01","0"',
        ].join('\r\n');
        const result = await cleanDryRun('alfa', 'SUPPLIER_PRICES', file);
        expect(result).toMatchObject({ kind: 'SUPPLIER_PRICES', totalRows: 9, validRows: 3, errorCount: 7, truncatedErrors: false });
        expect(result.importId).toBeTruthy();
        expect(result.errors.map((e: any) => [e.row, e.column])).toEqual([
            [3, 'cost_price'],
            [4, 'currency'],
            [5, 'sku'],
            [6, 'preferred'],
            [7, 'min_order_qty'],
            [7, 'valid_to'],
            [9, 'preferred'],
        ]);
        expect(result.errors[1].message).toBe('EUR does not match the currency of supplier pacific (USD)');
        expect(result.errors[3].message).toMatch(/two preferred prices for overlapping periods: this row \(from 2025-03-01\) and row 2/);
        expect(result.errors[6].message).toMatch(/and the stored preferred price of supplier pacific/);
        expect(await pricesOf('alfa', ['L2201308', 'L2201508', 'L2201316', 'L2201516', 'B000ZYLPPU'])).toEqual(before);

        const refused = await apply('alfa', result.importId, false);
        expect(refused.errors?.[0].message).toBe(
            'The dry-run found 7 errors in this file, so nothing was written. Correct the file and upload it again, or apply with onlyValidRows: true to import only the 3 valid rows.',
        );
        expect(await pricesOf('alfa', ['L2201308', 'L2201508', 'L2201316', 'L2201516', 'B000ZYLPPU'])).toEqual(before);

        const applied = await apply('alfa', result.importId, true);
        expect(applied.errors).toBeUndefined();
        expect(applied.data.applyCsvImport).toMatchObject({ state: 'PENDING', onlyValidRows: true });
        const { done } = await finished('alfa', result.importId);
        expect(done).toMatchObject({ state: 'SUCCEEDED', failureReason: null, processed: 3, total: 3, errorCount: 7 });
        expect(done.summary).toBe('3 supplier prices created, 0 updated; 7 errors: the rows concerned were not imported');
        const after = await pricesOf('alfa', ['L2201308', 'L2201508', 'L2201316', 'L2201516']);
        expect(
            after.map(p => [
                p.supplier.code,
                p.productVariantId,
                p.costPrice,
                p.currencyCode,
                p.minOrderQuantity,
                p.validFrom,
                p.validTo,
                p.preferred,
            ]),
        ).toEqual([
            ['alpen', variantIds.L2201308, 1250, 'EUR', 1, '2025-01-01T00:00:00.000Z', null, true],
            ['pacific', variantIds.L2201516, 725, 'USD', 10, null, null, false],
            ['alpen', variantIds.L2201508, 410, 'EUR', 2, '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', false],
        ]);
        expect(await pricesOf('alfa', ['B000ZYLPPU'])).toHaveLength(1);
    });

    it('supplier prices: a clean file applies fully through a job whose progress is followed; applying again duplicates nothing', async () => {
        const skus = ['TBL200032', 'TBL200128', 'C24F390', 'C27F390'];
        const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
        const rows = Array.from({ length: 600 }, (_, i) => {
            const d = Math.floor(i / 4);
            return `pacific,${skus[i % 4]},${(i + 1) / 100},USD,1,${day(d)},${day(d + 1)},${d % 2 === 0}`;
        });
        const result = await cleanDryRun('alfa', 'SUPPLIER_PRICES', [PRICE_HEADER, ...rows].join('\n'));
        expect(result).toMatchObject({ totalRows: 600, validRows: 600, errorCount: 0, errors: [] });

        expect((await apply('alfa', result.importId, false)).errors).toBeUndefined();
        const first = await finished('alfa', result.importId);
        expect(first.done).toMatchObject({
            state: 'SUCCEEDED',
            failureReason: null,
            processed: 600,
            total: 600,
            summary: '600 supplier prices created, 0 updated',
        });
        for (let i = 1; i < first.seen.length; i++) expect(first.seen[i].processed).toBeGreaterThanOrEqual(first.seen[i - 1].processed);
        expect(await pricesOf('alfa', skus)).toHaveLength(600);
        // Vendure's job list shows the job; its data is the import id, channel and run, never the file or a token.
        const { job } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                query ($id: ID!) {
                    job(jobId: $id) {
                        state
                        progress
                        queueName
                    }
                }
            `,
            { id: first.done.jobId },
            superadmin,
        );
        expect(job).toEqual({ state: 'COMPLETED', progress: 100, queueName: 'eos-csv-import' });
        for (const data of await storedJobData(master, 'eos-csv-import')) {
            expect(Object.keys(data).sort()).toEqual(['channelId', 'importId', 'runId']);
        }

        expect((await apply('alfa', result.importId, false)).errors).toBeUndefined();
        const second = await finished('alfa', result.importId);
        expect(second.done).toMatchObject({
            state: 'SUCCEEDED',
            failureReason: null,
            processed: 600,
            total: 600,
            summary: '0 supplier prices created, 600 updated',
        });
        expect(await pricesOf('alfa', skus)).toHaveLength(600);
    });

    it('an import whose file no longer passes when its job runs fails with the reason, and writes nothing', async () => {
        const { createSupplier } = await as(
            'alfa',
            `mutation { createSupplier(input: { code: "gone", name: "Gone", currencyCode: EUR, leadTimeDays: 1 }) { id } }`,
        );
        const result = await cleanDryRun(
            'alfa',
            'SUPPLIER_PRICES',
            `${PRICE_HEADER}\ngone,799872520,1.00,EUR,,,,\ngone,799872520,2.00,EUR,,2026-01-01,,\n`,
        );
        expect(result).toMatchObject({ validRows: 2, errorCount: 0 });
        // The catalog changes between the dry-run and the apply.
        await as('alfa', `mutation ($id: ID!) { deleteSupplier(id: $id) { result } }`, { id: createSupplier.id });

        expect((await apply('alfa', result.importId, false)).errors).toBeUndefined();
        const { done } = await finished('alfa', result.importId);
        expect(done).toMatchObject({ state: 'FAILED', validRows: 0, errorCount: 2, summary: null });
        expect(done.failureReason).toBe(
            '2 errors now (the catalog changed since the dry-run), so nothing was written: upload the file again for a new dry-run, or apply with onlyValidRows: true',
        );
        expect(done.errors[0]).toEqual({ row: 2, column: 'supplier_code', message: 'no supplier with code "gone" in this tenant' });
        expect(await pricesOf('alfa', ['799872520'])).toEqual([]);
        const { job } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                query ($id: ID!) {
                    job(jobId: $id) {
                        state
                        error
                    }
                }
            `,
            { id: done.jobId },
            superadmin,
        );
        expect(job.state).toBe('FAILED');
        expect((await apply('alfa', result.importId, true)).errors?.[0].message).toMatch(/^No row of this file is valid \(2 errors\)/);
    });

    it("products: dry-run errors; only-valid lands in the tenant's catalog in its currency; applying again duplicates nothing", async () => {
        const file = [
            PRODUCT_HEADER,
            'Oak Desk,oak-desk,"Solid oak, two sizes",derick-david-409858-unsplash.jpg,material:Oak|brand:Acme,size,small,DESK-S,199.00,standard,10,true,,',
            ',,,,,,large,DESK-L,249.50,standard,5,,,',
            'Floor Lamp,,A lamp,,brand:Acme,,,LAMP-1,19.99,reduced,,,,',
            'Bad Price,,,,,,,BAD-1,-5,standard,,,,',
            'Bad Tax,,,,,,,BAD-2,5,luxury,,,,',
            'Dup,,,,,,,LAMP-1,5,standard,,,,',
            'No Pic,,,missing-picture.jpg,,,,PIC-1,5,standard,,,,',
        ].join('\n');
        const result = await cleanDryRun('alfa', 'PRODUCTS', file);
        expect(result).toMatchObject({ totalRows: 7, validRows: 3, errorCount: 4 });
        expect(result.errors).toEqual([
            { row: 5, column: 'price', message: '-5 is negative: amounts must be 0 or more' },
            { row: 6, column: 'taxCategory', message: 'no tax category "luxury" (one of: Standard Tax, Reduced Tax, Zero Tax)' },
            { row: 7, column: 'sku', message: 'SKU "LAMP-1" is also on row 4' },
            { row: 8, column: 'assets', message: 'asset file "missing-picture.jpg" is not in the import assets folder' },
        ]);
        const variantsOf = (tenant: string) =>
            as(
                tenant,
                `{ productVariants(options: { filter: { sku: { in: ["DESK-S", "DESK-L", "LAMP-1", "BAD-1", "BAD-2", "PIC-1"] } }, sort: { sku: ASC } }) {
                    items { sku price currencyCode stockOnHand product { slug featuredAsset { id } facetValues { name } } }
                } }`,
            ).then(d => d.productVariants.items);
        expect(await variantsOf('alfa')).toEqual([]);
        expect((await apply('alfa', result.importId, false)).errors?.[0].message).toMatch(
            /apply with onlyValidRows: true to import only the 3 valid rows/,
        );

        expect((await apply('alfa', result.importId, true)).errors).toBeUndefined();
        const { done } = await finished('alfa', result.importId);
        expect(done).toMatchObject({ state: 'SUCCEEDED', failureReason: null, processed: 2, total: 2 });
        expect(done.summary).toMatch(/^2 products \(3 variants\) created; 4 errors/);
        const imported = await variantsOf('alfa');
        expect(imported.map((v: any) => [v.sku, v.price, v.currencyCode, v.stockOnHand, v.product.slug])).toEqual([
            ['DESK-L', 24950, 'EUR', 5, 'oak-desk'],
            ['DESK-S', 19900, 'EUR', 10, 'oak-desk'],
            ['LAMP-1', 1999, 'EUR', 0, 'floor-lamp'],
        ]);
        expect(imported[0].product.featuredAsset).not.toBeNull();
        expect(imported[0].product.facetValues.map((f: any) => f.name).sort()).toEqual(['Acme', 'Oak']);
        expect(await variantsOf('bravo')).toEqual([]);

        expect((await apply('alfa', result.importId, true)).errors).toBeUndefined();
        const again = await finished('alfa', result.importId);
        expect(again.done).toMatchObject({ state: 'SUCCEEDED', failureReason: null, processed: 2, total: 2 });
        expect(again.done.summary).toMatch(/^0 products \(0 variants\) created, 2 already imported by an earlier run skipped/);
        expect(await variantsOf('alfa')).toHaveLength(3);
        const { products } = await as(
            'alfa',
            `{ products(options: { filter: { slug: { in: ["oak-desk", "floor-lamp"] } } }) { totalItems } }`,
        );
        expect(products.totalItems).toBe(2);

        // The same facet names in bravo's file give bravo facets of its own: nothing of alfa's is shared.
        const bravoFile = `${PRODUCT_HEADER}\nChair,,,,material:Oak|brand:Acme,,,CHAIR-1,50,standard,,,,\n`;
        const bravoImport = await cleanDryRun('bravo', 'PRODUCTS', bravoFile);
        expect(bravoImport).toMatchObject({ validRows: 1, errorCount: 0 });
        expect((await apply('bravo', bravoImport.importId, false)).errors).toBeUndefined();
        expect((await finished('bravo', bravoImport.importId)).done).toMatchObject({ state: 'SUCCEEDED', failureReason: null });
        const facetsOf = async (tenant: string) =>
            ((await as(tenant, `{ facets { items { id code values { id name } } } }`)).facets.items as any[]).filter(f =>
                /^(brand|material)/.test(f.code),
            );
        const [alfaFacets, bravoFacets] = [await facetsOf('alfa'), await facetsOf('bravo')];
        expect(alfaFacets.flatMap(f => f.values.map((v: any) => v.name)).sort()).toEqual(['Acme', 'Oak']);
        expect(bravoFacets.flatMap(f => f.values.map((v: any) => v.name)).sort()).toEqual(['Acme', 'Oak']);
        const alfaIds = new Set(alfaFacets.flatMap(f => [`f${f.id}`, ...f.values.map((v: any) => `v${v.id}`)]));
        expect(bravoFacets.flatMap(f => [`f${f.id}`, ...f.values.map((v: any) => `v${v.id}`)]).filter(id => alfaIds.has(id))).toEqual([]);
    });

    it("a tenant can neither see nor apply another tenant's import; administrators without the permission are refused", async () => {
        const result = await cleanDryRun('alfa', 'SUPPLIER_PRICES', `${PRICE_HEADER}\nalpen,L2201316,1.00,EUR,,,,\n`);
        const id = result.importId;
        expect((await call(cm.bravo, 'master-bravo', `query ($id: ID!) { csvImport(id: $id) { id } }`, { id })).data.csvImport).toBeNull();
        const bravoList = await as('bravo', `{ csvImports { totalItems items { id } } }`);
        expect(bravoList.csvImports.items.map((i: any) => i.id)).not.toContain(id);
        expect((await apply('bravo', id, true)).errors?.[0].extensions?.code).toBe('ENTITY_NOT_FOUND');
        // bravo's manager naming alfa's channel has no permission there.
        const crossChannel = await call(
            cm.bravo,
            'master-alfa',
            `mutation ($id: ID!) { applyCsvImport(importId: $id, onlyValidRows: true) { id } }`,
            { id },
        );
        expect(crossChannel.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        // Outside any tenant (the default channel) there are no imports.
        expect((await call(superadmin, undefined, `{ csvImports { totalItems } }`)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect((await as('alfa', `query ($id: ID!) { csvImport(id: $id) { state } }`, { id })).csvImport).toEqual({ state: 'DRY_RUN' });

        // alfa's viewer may read the catalog, not import into it.
        const { roles } = await graphql(
            `${master.baseUrl}/admin-api`,
            `
                {
                    roles(options: { filter: { code: { eq: "alfa-viewer" } } }) {
                        items {
                            id
                        }
                    }
                }
            `,
            {},
            superadmin,
        );
        await graphql(
            `${master.baseUrl}/admin-api`,
            `
                mutation ($r: ID!) {
                    createAdministrator(
                        input: {
                            emailAddress: "viewer@alfa.test"
                            firstName: "V"
                            lastName: "V"
                            password: "viewer-password"
                            roleIds: [$r]
                        }
                    ) {
                        id
                    }
                }
            `,
            { r: roles.items[0].id },
            superadmin,
        );
        const viewer = await adminToken(master.baseUrl, 'viewer@alfa.test', 'viewer-password');
        const denied = await dryRun('alfa', 'PRODUCTS', `${PRODUCT_HEADER}\n`, { token: viewer });
        expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(
            (await call(viewer, 'master-alfa', `query ($id: ID!) { csvImport(id: $id) { id } }`, { id })).errors?.[0].extensions?.code,
        ).toBe('FORBIDDEN');
    });

    it('wrong encoding, too many rows and wrong columns are each refused, with nothing kept or written', async () => {
        const countImports = async () => (await as('alfa', `{ csvImports { totalItems } }`)).csvImports.totalItems as number;
        const importsBefore = await countImports();
        const pricesBefore = (await as('alfa', `{ supplierPrices { totalItems } }`)).supplierPrices.totalItems;

        // "Café" in Latin-1, as a spreadsheet saved in Windows-1252 writes it: é is the byte after the text.
        const text = `${PRICE_HEADER}\nalpen,L2201316,1.00,EUR,,,,\nalpen,Caf`;
        const latin1 = new Uint8Array([...new TextEncoder().encode(text), 0xe9, 0x0a]);
        const encoding = (await dryRun('alfa', 'SUPPLIER_PRICES', latin1)).data.importCsvDryRun;
        expect(encoding).toMatchObject({ importId: null, totalRows: 0, validRows: 0, errorCount: 1 });
        expect(encoding.errors).toEqual([
            {
                row: 3,
                column: null,
                message: `the file is not UTF-8 (first bad byte 0xE9 at byte ${text.length + 1}, row 3): save it as CSV UTF-8`,
            },
        ]);

        const tooMany = (await dryRun('alfa', 'SUPPLIER_PRICES', `${PRICE_HEADER}\n${'alpen,L2201316,1.00,EUR,,,,\n'.repeat(50_001)}`)).data
            .importCsvDryRun;
        expect(tooMany).toMatchObject({ importId: null, validRows: 0 });
        expect(tooMany.errors).toEqual([
            {
                row: null,
                column: null,
                message: 'the file has more than 50,000 data rows (the limit of one import): split it into files of at most 50,000 rows',
            },
        ]);

        const columns = (await dryRun('alfa', 'SUPPLIER_PRICES', 'supplier,sku,price,currency\nalpen,L2201316,1.00,EUR\n')).data
            .importCsvDryRun;
        expect(columns).toMatchObject({ importId: null });
        expect(columns.errors.map((e: any) => e.message)).toEqual([
            `unknown column "supplier"; expected header: ${PRICE_HEADER}`,
            `unknown column "price"; expected header: ${PRICE_HEADER}`,
            `missing columns "supplier_code", "cost_price"; expected header: ${PRICE_HEADER}`,
        ]);
        const productColumns = (await dryRun('alfa', 'PRODUCTS', 'name,sku,price\nDesk,D-1,1\n')).data.importCsvDryRun;
        expect(productColumns.errors[0].message).toMatch(
            /^missing columns "slug", "description", "assets", "facets", "optionGroups", "optionValues", "taxCategory"/,
        );

        expect(await countImports()).toBe(importsBefore);
        expect((await as('alfa', `{ supplierPrices { totalItems } }`)).supplierPrices.totalItems).toBe(pricesBefore);
    });
});
