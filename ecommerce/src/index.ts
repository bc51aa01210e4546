import { runServer } from '@entrepreneur-os/platform';

import { ecommerceApp } from './app';

void runServer(ecommerceApp);
