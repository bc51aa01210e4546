import { api, Badge, DashboardRouteDefinition, DataTable, Page, PageBlock, PageLayout, PageTitle, useChannel } from '@vendure/dashboard';
import { type ResultOf } from '@/gql';
import { Trans } from '@lingui/react/macro';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';

import { CompletenessBadge, TenantGate } from './common';
import { completenessProbeDocument, incompleteProductsDocument } from './pim.graphql';

type Row = ResultOf<typeof incompleteProductsDocument>['incompleteProducts']['items'][number] & { id: string };

/** PIM → Incomplete products: what keeps each of the tenant's products from being complete. */
export const incompleteProductsRoute: DashboardRouteDefinition = {
    path: '/incomplete-products',
    navMenuItem: {
        sectionId: 'pim',
        id: 'incomplete-products',
        title: /* i18n*/ 'Incomplete products',
        url: '/incomplete-products',
        order: 500,
        requiresPermission: ['ReadCatalog', 'ReadProduct'],
    },
    loader: () => ({ breadcrumb: () => <Trans>Incomplete products</Trans> }),
    component: () => (
        <TenantGate title={/* i18n*/ 'Incomplete products'} permission={['ReadCatalog', 'ReadProduct']} probe={completenessProbeDocument}>
            <IncompleteProductsPage />
        </TenantGate>
    ),
};

const columns: Array<ColumnDef<Row>> = [
    {
        id: 'product',
        header: () => <Trans>Product</Trans>,
        cell: ({ row }) => (
            <Link
                to="/products/$id"
                params={{ id: row.original.productId }}
                className="font-medium hover:underline"
                data-testid="incomplete-product"
            >
                {row.original.productName}
            </Link>
        ),
    },
    { id: 'score', header: () => <Trans>Completeness</Trans>, cell: ({ row }) => <CompletenessBadge score={row.original.score} /> },
    {
        id: 'missing',
        header: () => <Trans>Missing</Trans>,
        cell: ({ row }) => (
            <div className="flex flex-wrap gap-1 whitespace-normal">
                {row.original.missing.map(what => (
                    <Badge key={what} variant="outline">
                        {what}
                    </Badge>
                ))}
            </div>
        ),
    },
];

function IncompleteProductsPage() {
    const { activeChannel } = useChannel();
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(25);
    const { data, isFetching } = useQuery({
        queryKey: ['pim-incomplete-products', activeChannel?.id, page, perPage],
        placeholderData: keepPreviousData,
        queryFn: () => api.query(incompleteProductsDocument, { skip: (page - 1) * perPage, take: perPage }),
    });
    const rows: Row[] = (data?.incompleteProducts.items ?? []).map(item => ({ ...item, id: item.productId }));
    return (
        <Page pageId="incomplete-products">
            <PageTitle>
                <Trans>Incomplete products</Trans>
            </PageTitle>
            <PageLayout>
                <PageBlock
                    column="main"
                    blockId="incomplete-products-table"
                    description={
                        <Trans>Under this tenant's requirements (languages, description, images, facets), lowest score first</Trans>
                    }
                >
                    <DataTable
                        columns={columns}
                        data={rows}
                        totalItems={data?.incompleteProducts.totalItems ?? 0}
                        isLoading={isFetching}
                        page={page}
                        itemsPerPage={perPage}
                        disableViewOptions
                        onPageChange={(_, nextPage, nextPerPage) => {
                            setPage(nextPage);
                            setPerPage(nextPerPage);
                        }}
                    />
                </PageBlock>
            </PageLayout>
        </Page>
    );
}
