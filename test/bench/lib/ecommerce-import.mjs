// The ecommerce app whose first-start seed loads the generated bench catalog with Vendure's own
// Importer (the same CSV as master's): the baseline the full sync is compared with. The import's
// wall-clock time is written to <DATA_DIR>/importer-timing.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ecommerceApp } from '@entrepreneur-os/ecommerce';
import { importProductsCsv, runServer, sampleCatalogPaths } from '@entrepreneur-os/platform';
import { ChannelService, Populator } from '@vendure/core';

import { generateProductsCsv } from './master-pim.mjs';

const productCount = Number(process.env.BENCH_PRODUCTS || 10_000);

void runServer({
    ...ecommerceApp,
    seed: async (nest, progress) => {
        const initialData = JSON.parse(fs.readFileSync(sampleCatalogPaths().initialData, 'utf8'));
        await nest
            .get(Populator)
            .populateInitialData({ ...initialData, collections: [] }, await nest.get(ChannelService).getDefaultChannel());
        const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eos-bench-csv-')), 'products.csv');
        fs.writeFileSync(csv, generateProductsCsv(productCount));
        const started = performance.now();
        const products = await importProductsCsv(nest, csv, progress, 'generated products (Vendure Importer)');
        const ms = performance.now() - started;
        fs.writeFileSync(path.join(process.env.DATA_DIR, 'importer-timing.json'), JSON.stringify({ products, ms }));
        return `imported ${products} products with Vendure's Importer in ${(ms / 1000).toFixed(1)} s`;
    },
});
