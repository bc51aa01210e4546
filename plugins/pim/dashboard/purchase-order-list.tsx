import { ActionBarItem, Button, DashboardRouteDefinition, DetailPageButton, ListPage } from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';
import { type AnyRoute, Link } from '@tanstack/react-router';
import { Trans, useLingui } from '@lingui/react/macro';
import { PlusIcon } from 'lucide-react';

import { PURCHASE_ORDER_STATE_LABELS, PurchaseOrderStateBadge, TenantGate } from './common';
import { purchaseOrderListDocument, purchaseOrderProbeDocument } from './pim.graphql';

const STATES = ['DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'];

/** PIM → Purchase orders: the tenant's orders to its suppliers, newest first. */
export const purchaseOrderListRoute: DashboardRouteDefinition = {
    path: '/purchase-orders',
    navMenuItem: {
        sectionId: 'pim',
        id: 'purchase-orders',
        title: /* i18n*/ 'Purchase orders',
        url: '/purchase-orders',
        order: 200,
        requiresPermission: ['ReadPurchaseOrder'],
    },
    loader: () => ({ breadcrumb: () => <Trans>Purchase orders</Trans> }),
    component: route => (
        <TenantGate title={/* i18n*/ 'Purchase orders'} permission="ReadPurchaseOrder" probe={purchaseOrderProbeDocument}>
            <PurchaseOrderListPage route={route} />
        </TenantGate>
    ),
};

function PurchaseOrderListPage({ route }: Readonly<{ route: AnyRoute }>) {
    const { t, i18n } = useLingui();
    return (
        <ListPage
            pageId="purchase-order-list"
            title={<Trans>Purchase orders</Trans>}
            listQuery={purchaseOrderListDocument}
            route={route}
            defaultSort={[{ id: 'createdAt', desc: true }]}
            defaultColumnOrder={['code', 'supplier', 'state', 'total', 'createdAt']}
            defaultVisibility={{ code: true, supplier: true, state: true, total: true, createdAt: true }}
            onSearchTermChange={searchTerm => ({ code: { contains: searchTerm } })}
            facetedFilters={{
                state: {
                    title: t`State`,
                    options: STATES.map(state => ({ label: i18n._(PURCHASE_ORDER_STATE_LABELS[state]), value: state })),
                },
            }}
            customizeColumns={{
                code: {
                    header: () => <Trans>Code</Trans>,
                    cell: ({ row }) => (
                        <DetailPageButton id={row.original.id} label={<span className="font-mono">{row.original.code}</span>} />
                    ),
                },
                supplier: {
                    header: () => <Trans>Supplier</Trans>,
                    cell: ({ row }) => row.original.supplier.name,
                },
                state: {
                    header: () => <Trans>State</Trans>,
                    cell: ({ row }) => <PurchaseOrderStateBadge state={row.original.state} />,
                },
                // Computed from the lines: neither sortable nor filterable on the server.
                total: {
                    header: () => <Trans>Total</Trans>,
                    enableSorting: false,
                    enableColumnFilter: false,
                    meta: { dependencies: ['currencyCode'] },
                    cell: ({ row }) => <Money value={row.original.total} currencyCode={row.original.currencyCode} />,
                },
                currencyCode: { header: () => <Trans>Currency</Trans> },
                createdAt: { header: () => <Trans>Created</Trans> },
                notes: { header: () => <Trans>Notes</Trans> },
            }}
        >
            <ActionBarItem itemId="create-button" requiresPermission={['CreatePurchaseOrder']}>
                <Button render={<Link to="./new" />}>
                    <PlusIcon className="mr-2 h-4 w-4" />
                    <Trans>New purchase order</Trans>
                </Button>
            </ActionBarItem>
        </ListPage>
    );
}
