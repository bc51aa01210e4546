// Server or worker entry of the master app for the PIM benchmarks: `node master-pim.mjs server|worker`.
// Env (besides DATA_DIR, MASTER_PORT, …): BENCH_PRODUCTS=N products of 3 variants each (default 3334,
// i.e. ~10,000 variants), BENCH_TENANT=code of the tenant whose suppliers and prices are seeded.
// The seed is master's tax/zone set-up, a generated catalog, and for the tenant one supplier with a
// preferred price for every variant (written directly: the set-up is not what is measured).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { masterApp } from '@entrepreneur-os/master';
import { Supplier, SupplierPrice } from '@entrepreneur-os/pim-plugin';
import { importProductsCsv, runServer, runWorker, sampleCatalogPaths } from '@entrepreneur-os/platform';
import { ChannelService, Populator, ProductVariant, TransactionalConnection } from '@vendure/core';

const role = process.argv[2];
const productCount = Number(process.env.BENCH_PRODUCTS || 3334);
const tenantCode = process.env.BENCH_TENANT || 'bench';

/** A product CSV in Vendure's import format: `count` products with sizes S, M and L. */
export function generateProductsCsv(count) {
    const lines = [
        'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets',
    ];
    for (let i = 1; i <= count; i++) {
        const price = (10 + (i % 90)).toFixed(2);
        lines.push(
            `Bench product ${i},bench-product-${i},Description ${i},,category:bench-${i % 20},size,S,BENCH-${i}-S,${price},standard,10,,,`,
        );
        lines.push(`,,,,,,M,BENCH-${i}-M,${price},standard,10,,,`);
        lines.push(`,,,,,,L,BENCH-${i}-L,${price},standard,10,,,`);
    }
    return lines.join('\n');
}

const app = {
    ...masterApp,
    seed: async (nest, progress) => {
        const initialData = JSON.parse(fs.readFileSync(sampleCatalogPaths().initialData, 'utf8'));
        await nest.get(Populator).populateInitialData(initialData, await nest.get(ChannelService).getDefaultChannel());
        const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eos-bench-csv-')), 'products.csv');
        fs.writeFileSync(csv, generateProductsCsv(productCount));
        const products = await importProductsCsv(nest, csv, progress, 'generated products');
        progress.step(`supplier prices of tenant ${tenantCode}`);
        const connection = nest.get(TransactionalConnection).rawConnection;
        const supplier = await connection.getRepository(Supplier).save({
            tenantCode,
            code: 'bench-supplier',
            name: 'Bench supplier',
            currencyCode: 'USD',
            leadTimeDays: 3,
            status: 'ACTIVE',
            notes: '',
        });
        const variants = await connection.getRepository(ProductVariant).find({ select: { id: true } });
        for (let i = 0; i < variants.length; i += 500) {
            await connection.getRepository(SupplierPrice).insert(
                variants.slice(i, i + 500).map((v, j) => ({
                    tenantCode,
                    supplierId: supplier.id,
                    productVariantId: v.id,
                    costPrice: 400 + ((i + j) % 500),
                    currencyCode: 'USD',
                    minOrderQuantity: 1,
                    preferred: true,
                })),
            );
        }
        return `imported ${products} products (${variants.length} variants) with a preferred supplier price each`;
    },
};

if (role === 'server') void runServer(app);
else if (role === 'worker') void runWorker(app);
else if (role) {
    console.error('usage: node test/bench/lib/master-pim.mjs server|worker');
    process.exit(2);
}
