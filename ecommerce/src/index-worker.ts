import { runWorker } from '@entrepreneur-os/platform';

import { ecommerceApp } from './app';

void runWorker(ecommerceApp);
