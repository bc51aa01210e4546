import fs from 'node:fs';

import { sampleCatalogPaths, SeedFunction } from '@entrepreneur-os/platform';
import { ChannelService, InitialData, Populator } from '@vendure/core';

/**
 * The ecommerce shop set-up: countries, zones, tax rates, shipping methods and a test payment
 * method. No products: the catalog arrives from master by sync. Vendure creates the default
 * stock location itself on first start.
 */
export const seedEcommerceShop: SeedFunction = async (app, progress) => {
    const initialData = JSON.parse(fs.readFileSync(sampleCatalogPaths().initialData, 'utf8')) as InitialData;
    const channel = await app.get(ChannelService).getDefaultChannel();
    progress.step('tax categories, zones, countries, shipping and payment methods');
    await app.get(Populator).populateInitialData({ ...initialData, collections: [] }, channel);
    return `seeded ${initialData.countries.length} countries, ${initialData.taxRates.length} tax rates, ${initialData.shippingMethods.length} shipping methods, ${initialData.paymentMethods.length} payment method`;
};
