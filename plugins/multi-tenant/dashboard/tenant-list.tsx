import { ActionBarItem, Button, DashboardRouteDefinition, DetailPageButton, ListPage } from '@vendure/dashboard';
import { Link } from '@tanstack/react-router';
import { PlusIcon } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';

import { tenantListDocument } from './tenants.graphql';
import { TenantStatusBadge } from './tenant-status';

/** Settings → Tenants: every tenant with its provisioning status. */
export const tenantListRoute: DashboardRouteDefinition = {
    path: '/tenants',
    navMenuItem: {
        // Next to Sellers and Channels, which a tenant is made of. Hidden without ReadTenants,
        // which exists only in master, so the entry never shows in an ecommerce Dashboard.
        sectionId: 'settings',
        id: 'tenants',
        title: /* i18n*/ 'Tenants',
        url: '/tenants',
        order: 50,
        requiresPermission: ['ReadTenants'],
    },
    loader: () => ({ breadcrumb: 'Tenants' }),
    component: route => <TenantListPage route={route} />,
};

function TenantListPage({ route }: { route: Parameters<NonNullable<DashboardRouteDefinition['component']>>[0] }) {
    const { t } = useLingui();
    return (
        <ListPage
            pageId="tenant-list"
            title={t`Tenants`}
            listQuery={tenantListDocument}
            route={route}
            defaultSort={[{ id: 'createdAt', desc: false }]}
            defaultColumnOrder={['code', 'name', 'status', 'currencyCode', 'defaultLanguageCode', 'channel']}
            defaultVisibility={{
                id: false,
                updatedAt: false,
                lastError: false,
                code: true,
                name: true,
                status: true,
                currencyCode: true,
                defaultLanguageCode: true,
                channel: true,
                createdAt: true,
            }}
            onSearchTermChange={searchTerm => ({ _or: [{ code: { contains: searchTerm } }, { name: { contains: searchTerm } }] })}
            customizeColumns={{
                code: {
                    header: t`Code`,
                    cell: ({ row }) => <DetailPageButton id={row.original.id} label={row.original.code} />,
                },
                name: { header: t`Name` },
                status: {
                    header: t`Status`,
                    meta: { dependencies: ['lastError'] },
                    cell: ({ row }) => (
                        <div className="flex flex-col items-start gap-1">
                            <TenantStatusBadge status={row.original.status} />
                            {row.original.status === 'FAILED' && row.original.lastError ? (
                                <span
                                    className="text-xs text-destructive max-w-80 truncate"
                                    title={row.original.lastError}
                                    data-testid="tenant-last-error"
                                >
                                    {row.original.lastError}
                                </span>
                            ) : null}
                        </div>
                    ),
                },
                currencyCode: { header: t`Currency` },
                defaultLanguageCode: { header: t`Language` },
                channel: {
                    header: t`Channel`,
                    cell: ({ row }) => <span className="font-mono text-sm">{row.original.channel?.code ?? '—'}</span>,
                },
                createdAt: { header: t`Created` },
            }}
        >
            <ActionBarItem itemId="create-button" requiresPermission={['ManageTenants']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    <Trans>New tenant</Trans>
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}
