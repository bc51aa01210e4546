import { ActionBarItem, Button, DashboardRouteDefinition, DetailPageButton, ListPage, usePermissions } from '@vendure/dashboard';
import { type AnyRoute, Link } from '@tanstack/react-router';
import { PlusIcon } from 'lucide-react';

import { SupplierStatusBadge, TenantGate } from './common';
import { deleteSupplierDocument, supplierListDocument, supplierProbeDocument } from './pim.graphql';

/** PIM → Suppliers: the tenant's suppliers. */
export const supplierListRoute: DashboardRouteDefinition = {
    path: '/suppliers',
    navMenuItem: {
        sectionId: 'pim',
        id: 'suppliers',
        title: 'Suppliers',
        url: '/suppliers',
        order: 100,
        requiresPermission: ['ReadSupplier'],
    },
    loader: () => ({ breadcrumb: 'Suppliers' }),
    component: route => (
        <TenantGate title="Suppliers" permission="ReadSupplier" probe={supplierProbeDocument}>
            <SupplierListPage route={route} />
        </TenantGate>
    ),
};

function SupplierListPage({ route }: Readonly<{ route: AnyRoute }>) {
    const { hasPermissions } = usePermissions();
    return (
        <ListPage
            pageId="supplier-list"
            title="Suppliers"
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
                    header: 'Code',
                    cell: ({ row }) => (
                        <DetailPageButton id={row.original.id} label={<span className="font-mono">{row.original.code}</span>} />
                    ),
                },
                name: { header: 'Name' },
                currencyCode: { header: 'Currency' },
                leadTimeDays: {
                    header: 'Lead time',
                    cell: ({ row }) => `${row.original.leadTimeDays} ${row.original.leadTimeDays === 1 ? 'day' : 'days'}`,
                },
                status: { header: 'Status', cell: ({ row }) => <SupplierStatusBadge status={row.original.status} /> },
                contactName: { header: 'Contact' },
                emailAddress: { header: 'E-mail' },
                phoneNumber: { header: 'Phone' },
            }}
        >
            <ActionBarItem itemId="create-button" requiresPermission={['CreateSupplier']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    New supplier
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}
