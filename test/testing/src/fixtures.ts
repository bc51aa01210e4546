import fs from 'node:fs';
import path from 'node:path';

import { InitialData } from '@vendure/core';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Countries in two zones, tax rates, shipping methods, the test payment method, collections. */
export const testInitialData: InitialData = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'initial-data.json'), 'utf8'));

/** Five products (ten variants, two with options) in Vendure's CSV import format; images from the sample catalog. */
export const testProductsCsv = path.join(FIXTURES, 'products.csv');

/** Number of products and variants in {@link testProductsCsv}. */
export const TEST_CATALOG = { products: 5, variants: 10 } as const;

/**
 * The payment method the test data creates: Vendure's dummy handler, settled at once.
 * Pay with it through {@link payWithTestMethod}.
 */
export const TEST_PAYMENT_METHOD_CODE = 'standard-payment';
