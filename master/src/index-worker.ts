import { runWorker } from '@entrepreneur-os/platform';

import { masterApp } from './app';

void runWorker(masterApp);
