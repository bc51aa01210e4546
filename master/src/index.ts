import { runServer } from '@entrepreneur-os/platform';

import { masterApp } from './app';

void runServer(masterApp);
