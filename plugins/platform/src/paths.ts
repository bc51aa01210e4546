import path from 'node:path';

import { ServerSettings } from './settings';

/** Where an app keeps its files in the data folder. */
export function dataPaths(settings: Pick<ServerSettings, 'app' | 'dataDir'>) {
    return {
        assetsDir: path.join(settings.dataDir, 'assets', settings.app),
        mailDir: path.join(settings.dataDir, 'mail', settings.app),
    };
}
