import { defineDashboardExtension } from '@vendure/dashboard';

import { tenantDetailRoute } from './tenant-detail';
import { tenantListRoute } from './tenant-list';

// Master's Dashboard: Settings → Tenants (list, detail with the provisioning log, retry/disable/enable,
// new tenant). Only master's build discovers this extension (see master/tsconfig.dashboard.json).
defineDashboardExtension({
    routes: [tenantListRoute, tenantDetailRoute],
});
