import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ecommerceApp } from '@entrepreneur-os/ecommerce';
import { AppTestEnvironment, createAppTestEnvironment, queryDatabase } from '@entrepreneur-os/testing';
import gql from 'graphql-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Many requests writing at once, some of them failing half-way: every write that answered success
 * must be in the database for anyone reading it afterwards, none that failed, and the database must
 * stay writable. (The SQLite embedded mode of earlier versions failed this: its one connection per
 * process let concurrent transactions nest, so a failing request rolled back others' committed work.)
 * Uploads wait on the disk inside their transactions meanwhile.
 */
describe(`concurrent transactions`, () => {
    let env: AppTestEnvironment;
    let variantIds: string[];

    beforeAll(async () => {
        env = await createAppTestEnvironment(ecommerceApp, 'concurrent_tx');
        await env.start();
        await env.adminClient.asSuperAdmin();
        const { productVariants } = await env.adminClient.query<{ productVariants: { items: Array<{ id: string }> } }>(gql`
            {
                productVariants(options: { take: 100 }) {
                    items {
                        id
                    }
                }
            }
        `);
        variantIds = productVariants.items.map(p => p.id);
        expect(variantIds.length).toBeGreaterThanOrEqual(4);
    });

    afterAll(async () => {
        await env?.destroy();
    });

    /** A small PNG: Vendure writes the file and renders its preview inside the upload's transaction (it waits on I/O there). */
    function pngFile(name: string): string {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eos-png-')), name);
        const onePixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
        fs.writeFileSync(file, Buffer.from(onePixel, 'base64'));
        return file;
    }

    /** Variant names as a fresh connection to the database reads them (not through the server). */
    async function namesInDatabase(): Promise<Map<string, string>> {
        const sql = `SELECT CAST("baseId" AS VARCHAR) AS "id", "name" FROM "product_variant_translation" WHERE "languageCode" = 'en'
                     UNION ALL SELECT 'asset', CAST("id" AS VARCHAR) FROM "asset"`;
        const rows = await queryDatabase<{ id: string; name: string }>(env.databaseUrl, sql);
        return new Map(rows.map(r => [r.id === 'asset' ? `asset ${r.name}` : String(r.id), r.name]));
    }

    it('keeps every write that answered success and none that failed, and the database stays writable', async () => {
        // A rename that fails inside its transaction: the first variant is written, the second does not exist.
        const rename = (id: string, name: string, { failHalfWay = false } = {}) =>
            env.adminClient
                .query(
                    gql`
                        mutation ($input: [UpdateProductVariantInput!]!) {
                            updateProductVariants(input: $input) {
                                id
                            }
                        }
                    `,
                    {
                        input: [
                            { id, translations: [{ languageCode: 'en', name }] },
                            ...(failHalfWay ? [{ id: '999999', translations: [{ languageCode: 'en', name }] }] : []),
                        ],
                    },
                )
                .then(
                    () => ({ id, name, ok: true }),
                    () => ({ id, name, ok: false }),
                );
        let uploads = 0;
        const upload = async (): Promise<string[]> => {
            const file = pngFile(`upload-${++uploads}.png`);
            const { createAssets } = await env.adminClient.fileUploadMutation({
                mutation: gql`
                    mutation CreateAssets($input: [CreateAssetInput!]!) {
                        createAssets(input: $input) {
                            ... on Asset {
                                id
                            }
                        }
                    }
                `,
                filePaths: [file],
                mapVariables: () => ({ input: [{ file: null }] }),
            });
            return (createAssets as Array<{ id: string }>).map(a => a.id);
        };
        for (let round = 1; round <= 5; round++) {
            // Each variant: at the same moment, one rename that succeeds and one that fails after writing;
            // meanwhile files are uploaded, whose transactions wait on the disk and the image library.
            const uploads = Promise.all([1, 2, 3].map(() => upload()));
            const outcomes = await Promise.all(
                variantIds.flatMap(id => [
                    rename(id, `kept ${round}-${id}`),
                    rename(id, `rolled back ${round}-${id}`, { failHalfWay: true }),
                ]),
            );
            const uploaded = (await uploads).flat();
            expect(outcomes.filter(o => !o.ok).every(o => o.name.startsWith('rolled back'))).toBe(true);
            const names = await namesInDatabase();
            for (const id of variantIds) {
                const answeredOk = outcomes.filter(o => o.id === id && o.ok).map(o => o.name);
                expect(answeredOk, `round ${round}, variant ${id}`).toEqual([`kept ${round}-${id}`]);
                expect(names.get(id), `round ${round}, variant ${id} as the database holds it`).toBe(`kept ${round}-${id}`);
            }
            expect(uploaded).toHaveLength(3);
            for (const id of uploaded) expect(names.has(`asset ${id}`), `round ${round}, asset ${id} in the database`).toBe(true);
        }
        // The server still writes, and what it writes is committed.
        await rename(variantIds[0], 'after the storm');
        expect((await namesInDatabase()).get(variantIds[0])).toBe('after the storm');
    });
});
