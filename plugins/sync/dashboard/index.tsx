import { defineDashboardExtension } from '@vendure/dashboard';

import { orderSummaryListRoute } from './order-summaries';
import { syncStatusRoute } from './sync-status';

// Master's Dashboard: Settings → Sync (every tenant's streams: positions, lag, last success and error,
// dead letters, Retry) for operators with ReadSyncFeed, and PIM → Orders (from shops) for a tenant's
// catalog managers and viewers (ReadOrderSummary). Only master's build discovers this extension (see
// master/tsconfig.dashboard.json).
defineDashboardExtension({
    routes: [syncStatusRoute, orderSummaryListRoute],
});
