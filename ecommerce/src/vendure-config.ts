import { buildVendureConfig, loadSettings } from '@entrepreneur-os/platform';
import { VendureConfig } from '@vendure/core';

import { ecommerceApp } from './app';

/**
 * The ecommerce configuration for build tools: the Dashboard build (which discovers plugin extensions
 * and the schema from it) and migration generation. The servers build theirs in lifecycle.ts.
 */
export const config: VendureConfig = buildVendureConfig(loadSettings('ecommerce', process.env, { forTooling: true }), ecommerceApp);
