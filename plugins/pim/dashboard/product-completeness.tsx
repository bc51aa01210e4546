import { DashboardDataTableExtensionDefinition } from '@vendure/dashboard';
import { useLingui } from '@lingui/react/macro';

import { CompletenessBadge } from './common';

/**
 * A "Tenant completeness" column in Vendure's product list: each product's score under the tenant's
 * requirements, its gaps in the tooltip. Outside a tenant's channel the server answers null: no badge.
 */
export const productCompletenessColumn: DashboardDataTableExtensionDefinition = {
    pageId: 'product-list',
    extendListDocument: `
        query {
            products {
                items {
                    tenantCompleteness {
                        score
                        missing
                    }
                }
            }
        }
    `,
    displayComponents: [
        {
            column: 'tenantCompleteness',
            component: TenantCompleteness,
        },
    ],
    viewOptionDefaults: { columnVisibility: { tenantCompleteness: true } },
};

function TenantCompleteness({ value }: Readonly<{ value: { score: number; missing: string[] } | null | undefined }>) {
    const { t } = useLingui();
    return value ? (
        <span title={value.missing.length ? t`Missing: ${value.missing.join('; ')}` : t`Complete`}>
            <CompletenessBadge score={value.score} />
        </span>
    ) : null;
}
