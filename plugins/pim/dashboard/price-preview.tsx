import { api, Badge, DashboardRouteDefinition, DataTable, Page, PageBlock, PageLayout, PageTitle, useChannel } from '@vendure/dashboard';
import { Money } from '@entrepreneur-os/platform/dashboard';
import { graphql, type ResultOf } from '@/gql';
import { Trans } from '@lingui/react/macro';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ColumnDef } from '@tanstack/react-table';
import { TriangleAlertIcon } from 'lucide-react';
import { useEffect, useState } from 'react';

import { TenantGate } from './common';
import { pricingRuleProbeDocument, previewTenantPricesDocument, variantIdsBySearchDocument } from './pim.graphql';

type PreviewRow = ResultOf<typeof previewTenantPricesDocument>['previewTenantPrices'][number] & { id: string };

/** How many variants a search narrows the preview to, at most. */
const SEARCH_LIMIT = 500;

const variantCountDocument = graphql(`
    query PimVariantCount {
        productVariants(options: { take: 1 }) {
            totalItems
        }
    }
`);

/** PIM → Price preview: the tenant's price of every variant, and which rule made it. */
export const pricePreviewRoute: DashboardRouteDefinition = {
    path: '/price-preview',
    navMenuItem: {
        sectionId: 'pim',
        id: 'price-preview',
        title: /* i18n*/ 'Price preview',
        url: '/price-preview',
        order: 400,
        requiresPermission: ['ReadPricingRule'],
    },
    loader: () => ({ breadcrumb: [{ path: '/pricing-rules', label: <Trans>Pricing rules</Trans> }, <Trans>Price preview</Trans>] }),
    component: () => (
        <TenantGate title={/* i18n*/ 'Price preview'} permission="ReadPricingRule" probe={pricingRuleProbeDocument}>
            <PricePreviewPage />
        </TenantGate>
    ),
};

const columns: Array<ColumnDef<PreviewRow>> = [
    {
        id: 'sku',
        header: 'SKU',
        cell: ({ row }) => (
            <Link to="/product-variants/$id" params={{ id: row.original.productVariantId }} className="font-mono text-sm hover:underline">
                {row.original.sku}
            </Link>
        ),
    },
    {
        id: 'masterPrice',
        header: () => <Trans>Master price</Trans>,
        cell: ({ row }) => <Money value={row.original.masterPrice} currencyCode={row.original.currencyCode} />,
    },
    {
        id: 'price',
        header: () => <Trans>Tenant price</Trans>,
        cell: ({ row }) => (
            <span className={row.original.basis === 'RULE' ? 'font-medium' : 'text-muted-foreground'} data-testid="preview-price">
                <Money value={row.original.price} currencyCode={row.original.currencyCode} />
            </span>
        ),
    },
    {
        id: 'rule',
        header: () => <Trans>Rule</Trans>,
        cell: ({ row }) =>
            row.original.ruleId ? (
                <span className="flex items-center gap-2">
                    <Link
                        to="/pricing-rules/$id"
                        params={{ id: row.original.ruleId }}
                        className="hover:underline"
                        data-testid="preview-rule"
                    >
                        {row.original.ruleName}
                    </Link>
                    {row.original.marginGuardApplied ? (
                        <Badge variant="warning">
                            <Trans>margin guard</Trans>
                        </Badge>
                    ) : null}
                </span>
            ) : (
                <Badge variant="secondary">
                    <Trans>master price</Trans>
                </Badge>
            ),
    },
    {
        id: 'explanation',
        header: () => <Trans>Explanation</Trans>,
        cell: ({ row }) => (
            <div className="whitespace-normal text-sm max-w-xl">
                {row.original.explanation}
                {row.original.warnings.map(warning => (
                    <div key={warning} className="flex items-start gap-1 text-warning text-xs mt-1">
                        <TriangleAlertIcon className="h-3 w-3 mt-0.5 shrink-0" />
                        {warning}
                    </div>
                ))}
            </div>
        ),
    },
];

function PricePreviewPage() {
    const { activeChannel } = useChannel();
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(25);
    const [term, setTerm] = useState('');
    const [search, setSearch] = useState('');
    useEffect(() => {
        const timer = setTimeout(() => setSearch(term.trim()), 300);
        return () => clearTimeout(timer);
    }, [term]);

    // A search narrows the preview to the variants whose SKU or name matches; otherwise, the whole catalog.
    const scope = useQuery({
        queryKey: ['pim-price-preview-scope', activeChannel?.id, search],
        queryFn: async () => {
            if (!search) return { ids: undefined, total: (await api.query(variantCountDocument)).productVariants.totalItems };
            const { productVariants } = await api.query(variantIdsBySearchDocument, { term: search, take: SEARCH_LIMIT });
            return { ids: productVariants.items.map(v => v.id), total: productVariants.items.length };
        },
    });
    const preview = useQuery({
        queryKey: ['pim-price-preview', activeChannel?.id, search, page, perPage, scope.data?.ids],
        enabled: !!scope.data,
        placeholderData: keepPreviousData,
        queryFn: () =>
            api.query(previewTenantPricesDocument, {
                options: { productVariantIds: scope.data?.ids, skip: (page - 1) * perPage, take: perPage },
            }),
    });
    const rows: PreviewRow[] = (preview.data?.previewTenantPrices ?? []).map(p => ({ ...p, id: p.productVariantId }));

    return (
        <Page pageId="price-preview">
            <PageTitle>
                <Trans>Price preview</Trans>
            </PageTitle>
            <PageLayout>
                <PageBlock
                    column="main"
                    blockId="price-preview-table"
                    description={<Trans>Today's prices in this tenant's shop, from its enabled rules</Trans>}
                >
                    <DataTable
                        columns={columns}
                        data={rows}
                        totalItems={scope.data?.total ?? 0}
                        isLoading={scope.isFetching || preview.isFetching}
                        page={page}
                        itemsPerPage={perPage}
                        disableViewOptions
                        onSearchTermChange={value => {
                            setTerm(value);
                            setPage(1);
                        }}
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
