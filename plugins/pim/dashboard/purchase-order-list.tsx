import { ActionBarItem, Button, DashboardRouteDefinition, DetailPageButton, ListPage } from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';
import { Link } from '@tanstack/react-router';
import { PlusIcon } from 'lucide-react';

import { PurchaseOrderStateBadge, TenantGate } from './common';
import { purchaseOrderListDocument, purchaseOrderProbeDocument } from './pim.graphql';

const STATES = ['DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'];

/** PIM → Purchase orders: the tenant's orders to its suppliers, newest first. */
export const purchaseOrderListRoute: DashboardRouteDefinition = {
    path: '/purchase-orders',
    navMenuItem: {
        sectionId: 'pim',
        id: 'purchase-orders',
        title: 'Purchase orders',
        url: '/purchase-orders',
        order: 200,
        requiresPermission: ['ReadPurchaseOrder'],
    },
    loader: () => ({ breadcrumb: 'Purchase orders' }),
    component: route => (
        <TenantGate title="Purchase orders" permission="ReadPurchaseOrder" probe={purchaseOrderProbeDocument}>
            <ListPage
                pageId="purchase-order-list"
                title="Purchase orders"
                listQuery={purchaseOrderListDocument}
                route={route}
                defaultSort={[{ id: 'createdAt', desc: true }]}
                defaultColumnOrder={['code', 'supplier', 'state', 'total', 'createdAt']}
                defaultVisibility={{ code: true, supplier: true, state: true, total: true, createdAt: true }}
                onSearchTermChange={searchTerm => ({ code: { contains: searchTerm } })}
                facetedFilters={{
                    state: { title: 'State', options: STATES.map(state => ({ label: state.replace('_', ' '), value: state })) },
                }}
                customizeColumns={{
                    code: {
                        header: 'Code',
                        cell: ({ row }) => (
                            <DetailPageButton id={row.original.id} label={<span className="font-mono">{row.original.code}</span>} />
                        ),
                    },
                    supplier: {
                        header: 'Supplier',
                        cell: ({ row }) => row.original.supplier.name,
                    },
                    state: { header: 'State', cell: ({ row }) => <PurchaseOrderStateBadge state={row.original.state} /> },
                    // Computed from the lines: neither sortable nor filterable on the server.
                    total: {
                        header: 'Total',
                        enableSorting: false,
                        enableColumnFilter: false,
                        meta: { dependencies: ['currencyCode'] },
                        cell: ({ row }) => <Money value={row.original.total} currencyCode={row.original.currencyCode} />,
                    },
                    currencyCode: { header: 'Currency' },
                    createdAt: { header: 'Created' },
                    notes: { header: 'Notes' },
                }}
            >
                <ActionBarItem itemId="create-button" requiresPermission={['CreatePurchaseOrder']}>
                    <Button render={<Link to="./new" />}>
                        <PlusIcon className="mr-2 h-4 w-4" />
                        New purchase order
                    </Button>
                </ActionBarItem>
            </ListPage>
        </TenantGate>
    ),
};
