import { ActionBarItem, Button, DashboardRouteDefinition, DetailPageButton, ListPage, usePermissions } from '@vendure/dashboard';
import { type AnyRoute, Link } from '@tanstack/react-router';
import { Trans, useLingui } from '@lingui/react/macro';
import { PlusIcon } from 'lucide-react';

import { SupplierStatusBadge, TenantGate } from './common';
import { deleteSupplierDocument, supplierListDocument, supplierProbeDocument } from './pim.graphql';

/** PIM → Suppliers: the tenant's suppliers. */
export const supplierListRoute: DashboardRouteDefinition = {
    path: '/suppliers',
    navMenuItem: {
        sectionId: 'pim',
        id: 'suppliers',
        title: /* i18n*/ 'Suppliers',
        url: '/suppliers',
        order: 100,
        requiresPermission: ['ReadSupplier'],
    },
    loader: () => ({ breadcrumb: () => <Trans>Suppliers</Trans> }),
    component: route => (
        <TenantGate title={/* i18n*/ 'Suppliers'} permission="ReadSupplier" probe={supplierProbeDocument}>
            <SupplierListPage route={route} />
        </TenantGate>
    ),
};

function SupplierListPage({ route }: Readonly<{ route: AnyRoute }>) {
    const { hasPermissions } = usePermissions();
    const { t } = useLingui();
    return (
        <ListPage
            pageId="supplier-list"
            title={<Trans>Suppliers</Trans>}
            listQuery={supplierListDocument}
            // The row menu's Delete has no permission check of its own: offer it only to those allowed.
            deleteMutation={hasPermissions(['DeleteSupplier']) ? deleteSupplierDocument : undefined}
            route={route}
            defaultSort={[{ id: 'code', desc: false }]}
            defaultColumnOrder={['code', 'name', 'currencyCode', 'leadTimeDays', 'status']}
            defaultVisibility={{ code: true, name: true, currencyCode: true, leadTimeDays: true, status: true }}
            onSearchTermChange={searchTerm => ({ _or: [{ code: { contains: searchTerm } }, { name: { contains: searchTerm } }] })}
            customizeColumns={{
                code: {
                    header: () => <Trans>Code</Trans>,
                    cell: ({ row }) => (
                        <DetailPageButton id={row.original.id} label={<span className="font-mono">{row.original.code}</span>} />
                    ),
                },
                name: { header: () => <Trans>Name</Trans> },
                currencyCode: { header: () => <Trans>Currency</Trans> },
                leadTimeDays: {
                    header: () => <Trans>Lead time</Trans>,
                    cell: ({ row }) => (row.original.leadTimeDays === 1 ? t`1 day` : t`${row.original.leadTimeDays} days`),
                },
                status: { header: () => <Trans>Status</Trans>, cell: ({ row }) => <SupplierStatusBadge status={row.original.status} /> },
                contactName: { header: () => <Trans>Contact</Trans> },
                emailAddress: { header: () => <Trans>E-mail</Trans> },
                phoneNumber: { header: () => <Trans>Phone</Trans> },
            }}
        >
            <ActionBarItem itemId="create-button" requiresPermission={['CreateSupplier']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    <Trans>New supplier</Trans>
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}
