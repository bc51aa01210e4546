import {
    api,
    Badge,
    DashboardRouteDefinition,
    DataTable,
    Page,
    FullWidthPageBlock,
    PageLayout,
    PageTitle,
    useChannel,
    usePermissions,
} from '@vendure/dashboard';
import { DateTime, NoticePage, Money, errorCode, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { Trans, useLingui } from '@lingui/react/macro';
import { type ResultOf } from '@/gql';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';

import { orderSummaryListDocument } from './sync.graphql';

type Row = ResultOf<typeof orderSummaryListDocument>['orderSummaries']['items'][number];

/** PIM → Orders (from shops): the tenant's shop orders as the sync brings them back, newest change first. */
export const orderSummaryListRoute: DashboardRouteDefinition = {
    path: '/shop-orders',
    navMenuItem: {
        sectionId: 'pim',
        id: 'shop-orders',
        title: /* i18n*/ 'Orders (from shops)',
        url: '/shop-orders',
        order: 700,
        requiresPermission: ['ReadOrderSummary'],
    },
    loader: () => ({ breadcrumb: 'Orders (from shops)' }),
    component: () => <OrderSummaryListPage />,
};

const columns: Array<ColumnDef<Row>> = [
    {
        id: 'orderCode',
        header: 'Order',
        cell: ({ row }) => (
            <span className="font-mono font-medium" data-testid="shop-order-code">
                {row.original.orderCode}
            </span>
        ),
    },
    {
        id: 'state',
        header: 'State',
        cell: ({ row }) => (
            <Badge variant="outline" data-testid="shop-order-state">
                {row.original.state}
            </Badge>
        ),
    },
    {
        id: 'total',
        header: 'Total',
        cell: ({ row }) => <Money value={row.original.totalWithTax} currencyCode={row.original.currencyCode} />,
    },
    {
        id: 'lines',
        header: 'Items',
        cell: ({ row }) => (
            <div className="min-w-56 whitespace-normal text-xs">
                {row.original.lines.map(line => (
                    <div key={`${line.masterVariantId}-${line.sku}`}>
                        {line.quantity} × {line.productName} <span className="font-mono text-muted-foreground">{line.sku}</span>
                    </div>
                ))}
            </div>
        ),
    },
    { id: 'customer', header: 'Customer', cell: ({ row }) => row.original.customerEmail ?? '' },
    { id: 'placedAt', header: 'Placed', cell: ({ row }) => <DateTime value={row.original.placedAt} /> },
    { id: 'orderUpdatedAt', header: 'Last change', cell: ({ row }) => <DateTime value={row.original.orderUpdatedAt} /> },
];

function OrderSummaryListPage() {
    const { activeChannel } = useChannel();
    const { t } = useLingui();
    const { hasPermissions } = usePermissions();
    const allowed = hasPermissions(['ReadOrderSummary']);
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(25);
    const { data, error, isFetching } = useQuery({
        queryKey: ['eos-shop-orders', activeChannel?.id, page, perPage],
        placeholderData: keepPreviousData,
        enabled: allowed,
        retry: false,
        queryFn: () => api.query(orderSummaryListDocument, { options: { skip: (page - 1) * perPage, take: perPage } }),
    });
    if (!allowed) {
        return (
            <NoticePage
                pageId="shop-orders-notice"
                title={t`Orders (from shops)`}
                heading={t`Not allowed`}
                testId="shop-orders-not-allowed"
            >
                <Trans>
                    Your role lacks the <span className="font-mono">ReadOrderSummary</span> permission.
                </Trans>
            </NoticePage>
        );
    }
    if (error && errorCode(error) === 'FORBIDDEN') {
        return (
            <NoticePage
                pageId="shop-orders-notice"
                title={t`Orders (from shops)`}
                heading={t`Choose a tenant channel`}
                testId="shop-orders-not-a-tenant"
            >
                <Trans>
                    Each tenant’s shop orders are kept in its channel: switch to one with the channel switcher at the top of the sidebar.
                </Trans>
            </NoticePage>
        );
    }
    return (
        <Page pageId="shop-orders">
            <PageTitle>
                <Trans>Orders (from shops)</Trans>
            </PageTitle>
            <PageLayout>
                <FullWidthPageBlock blockId="shop-orders-table">
                    <p className="mb-3 text-sm text-muted-foreground">
                        <Trans>The orders of this tenant’s shop as the sync brings them to master, most recently changed first</Trans>
                    </p>
                    {error ? <p className="text-destructive">{serverMessage(error)}</p> : null}
                    <DataTable
                        columns={columns}
                        data={data?.orderSummaries.items ?? []}
                        totalItems={data?.orderSummaries.totalItems ?? 0}
                        isLoading={isFetching}
                        page={page}
                        itemsPerPage={perPage}
                        disableViewOptions
                        onPageChange={(_, nextPage, nextPerPage) => {
                            setPage(nextPage);
                            setPerPage(nextPerPage);
                        }}
                    />
                </FullWidthPageBlock>
            </PageLayout>
        </Page>
    );
}
