// Server or worker entry of the ecommerce app for benchmarks: `node ecommerce-variant.mjs server|worker`.
// Env (besides the usual DATA_DIR, ECOMMERCE_PORT, …):
//   BENCH_VARIANT=with|without   with: the app exactly as shipped; without: the same app minus
//                                MultiTenantPlugin, everything else unchanged
//   BENCH_CATALOG_COPIES=N       products beyond the sample catalog: N renamed copies of it (default 0)
// The seed is the ecommerce seed plus master's demo catalog (Vendure's sample products and our
// multi-variant products), so both variants hold the same data. It then builds the search index in
// one batch, as the worker's reindex job would: the bench needs no worker process (the per-product
// index jobs the import queued stay unprocessed, and nothing polls for them while measuring).
import fs from 'node:fs';

import { ecommerceApp } from '@entrepreneur-os/ecommerce';
import { EXTRA_PRODUCTS_CSV } from '@entrepreneur-os/master/dist/seed.js';
import { MultiTenantPlugin } from '@entrepreneur-os/multi-tenant-plugin';
import { importProductsCsv, runServer, runWorker, sampleCatalogPaths } from '@entrepreneur-os/platform';
import { Importer, ImportParser, LanguageCode, RequestContextService } from '@vendure/core';
// Not part of Vendure's public API; should it move, the bench fails at start-up (or on an empty search).
import { IndexerController } from '@vendure/core/dist/plugin/default-search-plugin/indexer/indexer.controller.js';

const role = process.argv[2];
const variant = process.env.BENCH_VARIANT;
if (!['server', 'worker'].includes(role) || !['with', 'without'].includes(variant)) {
    console.error('usage: BENCH_VARIANT=with|without node test/bench/lib/ecommerce-variant.mjs server|worker');
    process.exit(2);
}
const copies = Number(process.env.BENCH_CATALOG_COPIES || 0);

/** @type {import('@entrepreneur-os/platform').RunnableApp} */
const app = {
    ...ecommerceApp,
    plugins: settings => {
        const plugins = ecommerceApp.plugins(settings);
        if (!plugins.includes(MultiTenantPlugin))
            throw new Error('MultiTenantPlugin is not among the ecommerce plugins: nothing to compare');
        return variant === 'with' ? plugins : plugins.filter(p => p !== MultiTenantPlugin);
    },
    seed: async (nest, progress) => {
        const shop = await ecommerceApp.seed(nest, progress);
        const sample = sampleCatalogPaths();
        let products = await importProductsCsv(nest, sample.productsCsv, progress, 'sample products');
        products += await importProductsCsv(nest, EXTRA_PRODUCTS_CSV, progress, 'multi-variant products');
        if (copies > 0) products += await importCopies(nest, sample.productsCsv, copies, progress);
        const variants = await buildSearchIndex(nest, progress);
        return `${shop}; imported ${products} products, indexed ${variants} variants`;
    },
};

/** Imports the sample catalog `copies` more times under new names, slugs and SKUs (assets are shared). */
async function importCopies(nest, csvPath, copies, progress) {
    const parsed = await nest.get(ImportParser).parseProducts(fs.readFileSync(csvPath, 'utf8'), LanguageCode.en);
    if (parsed.errors.length) throw new Error(`parsing ${csvPath}: ${parsed.errors.slice(0, 3).join('; ')}`);
    const ctx = await nest.get(RequestContextService).create({ apiType: 'admin', languageCode: LanguageCode.en });
    const importer = nest.get(Importer);
    const total = parsed.results.length * copies;
    let imported = 0;
    for (let copy = 2; copy <= copies + 1; copy++) {
        const rows = parsed.results.map(({ product, variants }) => ({
            product: {
                ...product,
                translations: product.translations.map(t => ({ ...t, name: `${t.name} ${copy}`, slug: `${t.slug}-${copy}` })),
            },
            variants: variants.map(v => ({ ...v, sku: `${v.sku}-${copy}` })),
        }));
        const errors = await importer.importProducts(ctx, rows, p => progress.progress('catalog copies', imported + p.imported, total));
        if (errors.length) throw new Error(`importing catalog copy ${copy}: ${errors.slice(0, 3).join('; ')}`);
        imported += rows.length;
    }
    return imported;
}

/** The DefaultSearchPlugin's full reindex of the default channel, run in this process. */
async function buildSearchIndex(nest, progress) {
    const ctx = await nest.get(RequestContextService).create({ apiType: 'admin' });
    const job = { data: { ctx: ctx.serialize() }, state: 'RUNNING' };
    progress.step('building the search index');
    return new Promise((resolve, reject) => {
        let total = 0;
        nest.get(IndexerController)
            .reindex(job)
            .subscribe({
                next: p => {
                    total = p.total;
                    progress.progress('search index', p.completed, p.total);
                },
                error: reject,
                complete: () => resolve(total),
            });
    });
}

await (role === 'server' ? runServer(app) : runWorker(app));
