import fs from 'node:fs';
import path from 'node:path';

import { importProductsCsv, sampleCatalogPaths, SeedFunction } from '@entrepreneur-os/platform';
import { ChannelService, InitialData, Populator } from '@vendure/core';

/** Our additions to Vendure's sample catalog: products that each come in several variants. */
export const EXTRA_PRODUCTS_CSV = path.join(__dirname, '..', 'seed', 'extra-products.csv');

/**
 * The master demo catalog: Vendure's sample data (tax, zones, facets, 54 products with images,
 * collections) plus our multi-variant products.
 */
export const seedMasterCatalog: SeedFunction = async (app, progress) => {
    const sample = sampleCatalogPaths();
    const initialData = JSON.parse(fs.readFileSync(sample.initialData, 'utf8')) as InitialData;
    const channel = await app.get(ChannelService).getDefaultChannel();
    const populator = app.get(Populator);

    progress.step('tax categories, zones, countries, shipping and payment methods');
    await populator.populateInitialData(initialData, channel);
    const sampleCount = await importProductsCsv(app, sample.productsCsv, progress, 'sample products');
    const extraCount = await importProductsCsv(app, EXTRA_PRODUCTS_CSV, progress, 'multi-variant products');
    progress.step('collections');
    await populator.populateCollections(initialData, channel);
    return `seeded ${sampleCount + extraCount} products and ${initialData.collections.length} collections`;
};
