import { DashboardDataTableExtensionDefinition } from '@vendure/dashboard';

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
            component: ({ value }: { value: { score: number; missing: string[] } | null | undefined }) =>
                value ? (
                    <span title={value.missing.length ? `Missing: ${value.missing.join('; ')}` : 'Complete'}>
                        <CompletenessBadge score={value.score} />
                    </span>
                ) : null,
        },
    ],
    viewOptionDefaults: { columnVisibility: { tenantCompleteness: true } },
};
