import {
    Alert,
    AlertDescription,
    AlertTitle,
    api,
    Button,
    DashboardRouteDefinition,
    DataTable,
    Input,
    Label,
    Page,
    PageBlock,
    PageLayout,
    PageTitle,
    RadioGroup,
    RadioGroupItem,
    useChannel,
    useLocalFormat,
    usePermissions,
} from '@vendure/dashboard';
import { serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type ResultOf } from '@/gql';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Trans, useLingui } from '@lingui/react/macro';
import { FileX } from 'lucide-react';
import { useState } from 'react';

import { TenantGate } from './common';
import { type BlockPlacement, CsvImportStateBadge, CsvImportStatus, KIND_LABELS } from './csv-import-status';
import { csvImportListDocument, csvImportProbeDocument, importCsvDryRunDocument } from './csv-import.graphql';

type Kind = 'SUPPLIER_PRICES' | 'PRODUCTS';
type DryRun = ResultOf<typeof importCsvDryRunDocument>['importCsvDryRun'];
type ListItem = ResultOf<typeof csvImportListDocument>['csvImports']['items'][number];

/** Either kind's permission shows the page; each kind then needs both of its own (as the API checks). */
const PAGE_PERMISSIONS = ['UpdateCatalog', 'CreateSupplierPrice'];
const KIND_PERMISSIONS: Record<Kind, string[]> = {
    SUPPLIER_PRICES: ['CreateSupplierPrice', 'UpdateSupplierPrice'],
    PRODUCTS: ['CreateCatalog', 'UpdateCatalog'],
};

/** PIM → CSV import: check a supplier price list or product file, import it as a job and follow it. */
export const csvImportRoute: DashboardRouteDefinition = {
    path: '/csv-import',
    navMenuItem: {
        sectionId: 'pim',
        id: 'csv-import',
        title: /* i18n*/ 'CSV import',
        url: '/csv-import',
        order: 600,
        requiresPermission: PAGE_PERMISSIONS,
    },
    loader: () => ({ breadcrumb: () => <Trans>CSV import</Trans> }),
    component: () => (
        <TenantGate title={/* i18n*/ 'CSV import'} permission={PAGE_PERMISSIONS} probe={csvImportProbeDocument}>
            <CsvImportPage />
        </TenantGate>
    ),
};

function CsvImportPage() {
    const { hasPermissions } = usePermissions();
    // hasPermissions answers "any of"; a kind needs all of its permissions.
    const mayImport = (kind: Kind) => KIND_PERMISSIONS[kind].every(p => hasPermissions([p]));
    const [kind, setKind] = useState<Kind>(mayImport('SUPPLIER_PRICES') ? 'SUPPLIER_PRICES' : 'PRODUCTS');
    /** The import shown in the status block: the file just checked, or one opened from the list. */
    const [openId, setOpenId] = useState<string>();

    return (
        <Page pageId="csv-import">
            <PageTitle>
                <Trans>CSV import</Trans>
            </PageTitle>
            <PageLayout>
                {/* PageLayout places its children by their column and blockId props, wrappers included. */}
                <CheckFileBlock
                    column="main"
                    blockId="csv-import-file"
                    kind={kind}
                    setKind={setKind}
                    mayImport={mayImport}
                    onChecked={setOpenId}
                />
                {openId ? <CsvImportStatus column="main" blockId="csv-import-status" key={openId} id={openId} /> : null}
                <RecentImportsBlock column="main" blockId="csv-import-recent" openId={openId} onOpen={setOpenId} />
                <PageBlock column="side" blockId="csv-import-help" title={<Trans>Expected columns</Trans>}>
                    <FormatHelp kind={kind} />
                </PageBlock>
            </PageLayout>
        </Page>
    );
}

function CheckFileBlock({
    kind,
    setKind,
    mayImport,
    onChecked,
    ...placement
}: Readonly<
    BlockPlacement & {
        kind: Kind;
        setKind: (kind: Kind) => void;
        mayImport: (kind: Kind) => boolean;
        onChecked: (id: string | undefined) => void;
    }
>) {
    const queryClient = useQueryClient();
    const { t, i18n } = useLingui();
    const [file, setFile] = useState<File | null>(null);
    /** A file the server refused as a whole (encoding, header, row limit): nothing of it was kept. */
    const [refused, setRefused] = useState<DryRun>();
    const check = useMutation({
        mutationFn: (vars: { kind: Kind; file: File }) => api.mutate(importCsvDryRunDocument, vars),
        onMutate: () => {
            setRefused(undefined);
            onChecked(undefined);
        },
        onSuccess: ({ importCsvDryRun: result }) => {
            if (result.importId) {
                onChecked(result.importId);
                void queryClient.invalidateQueries({ queryKey: ['pim-csv-imports'] });
            } else {
                setRefused(result);
            }
        },
    });

    return (
        <PageBlock
            {...placement}
            title={<Trans>Check a file</Trans>}
            description={<Trans>Nothing is written until you choose to import</Trans>}
        >
            <form
                className="space-y-4"
                onSubmit={event => {
                    event.preventDefault();
                    if (file) check.mutate({ kind, file });
                }}
            >
                <RadioGroup
                    value={kind}
                    onValueChange={value => setKind(value as Kind)}
                    className="flex flex-wrap gap-6"
                    aria-label={t`What the file holds`}
                >
                    {(Object.keys(KIND_PERMISSIONS) as Kind[]).map(k => (
                        <div key={k} className="flex items-center gap-2">
                            <RadioGroupItem id={`csv-kind-${k}`} value={k} disabled={!mayImport(k)} aria-label={i18n._(KIND_LABELS[k])} />
                            <Label htmlFor={`csv-kind-${k}`} className="font-normal">
                                {i18n._(KIND_LABELS[k])}
                            </Label>
                        </div>
                    ))}
                </RadioGroup>
                <div className="flex flex-wrap items-center gap-3">
                    <Input
                        id="csv-file"
                        type="file"
                        accept=".csv,text/csv"
                        className="max-w-md"
                        aria-label={t`CSV file`}
                        onChange={event => setFile(event.target.files?.[0] ?? null)}
                    />
                    <Button type="submit" disabled={!file || !mayImport(kind) || check.isPending}>
                        {check.isPending ? <Trans>Checking…</Trans> : <Trans>Check file</Trans>}
                    </Button>
                </div>
                {check.error ? (
                    <Alert variant="destructive" data-testid="csv-check-error">
                        <FileX />
                        <AlertTitle>
                            <Trans>The file was not checked</Trans>
                        </AlertTitle>
                        <AlertDescription>{serverMessage(check.error)}</AlertDescription>
                    </Alert>
                ) : null}
                {refused ? (
                    <Alert variant="destructive" data-testid="csv-refused">
                        <FileX />
                        <AlertTitle>
                            <Trans>{refused.fileName} was refused: nothing of it was kept</Trans>
                        </AlertTitle>
                        <AlertDescription>
                            {/* A refusal is about the file, in a few messages that name the row or column themselves. */}
                            <ul className="space-y-1 text-base" data-testid="csv-refused-reasons">
                                {refused.errors.map((error, n) => (
                                    <li key={n}>{error.message}</li>
                                ))}
                            </ul>
                        </AlertDescription>
                    </Alert>
                ) : null}
            </form>
        </PageBlock>
    );
}

function RecentImportsBlock({
    openId,
    onOpen,
    ...placement
}: Readonly<BlockPlacement & { openId: string | undefined; onOpen: (id: string) => void }>) {
    const { activeChannel } = useChannel();
    const { formatDate } = useLocalFormat();
    const { i18n } = useLingui();
    const [page, setPage] = useState(1);
    const [perPage, setPerPage] = useState(10);
    const { data, isFetching } = useQuery({
        queryKey: ['pim-csv-imports', activeChannel?.id, page, perPage],
        placeholderData: keepPreviousData,
        queryFn: () => api.query(csvImportListDocument, { options: { skip: (page - 1) * perPage, take: perPage } }),
    });
    const columns: Array<ColumnDef<ListItem>> = [
        {
            id: 'fileName',
            header: () => <Trans>File</Trans>,
            cell: ({ row }) => (
                <button
                    type="button"
                    className={`text-left hover:underline ${row.original.id === openId ? 'font-semibold' : 'font-medium'}`}
                    onClick={() => onOpen(row.original.id)}
                    data-testid="csv-import-open"
                >
                    {row.original.fileName}
                </button>
            ),
        },
        {
            id: 'kind',
            header: () => <Trans>Kind</Trans>,
            cell: ({ row }) => (KIND_LABELS[row.original.kind] ? i18n._(KIND_LABELS[row.original.kind]) : row.original.kind),
        },
        { id: 'state', header: () => <Trans>State</Trans>, cell: ({ row }) => <CsvImportStateBadge state={row.original.state} /> },
        {
            id: 'rows',
            header: () => <Trans>Rows</Trans>,
            cell: ({ row }) => (
                <span className="tabular-nums">
                    <Trans>
                        {row.original.validRows.toLocaleString()}/{row.original.totalRows.toLocaleString()} valid
                    </Trans>
                    {row.original.errorCount ? (
                        <span className="text-destructive">
                            {' · '}
                            <Trans>{row.original.errorCount.toLocaleString()} errors</Trans>
                        </span>
                    ) : null}
                </span>
            ),
        },
        { id: 'createdBy', header: () => <Trans>Created by</Trans>, cell: ({ row }) => row.original.createdBy ?? '–' },
        {
            id: 'createdAt',
            header: () => <Trans>When</Trans>,
            cell: ({ row }) => (
                <span className="whitespace-nowrap">{formatDate(row.original.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</span>
            ),
        },
    ];
    return (
        <PageBlock
            {...placement}
            title={<Trans>Recent imports</Trans>}
            description={<Trans>Newest first; open one for its errors and result</Trans>}
        >
            <DataTable
                columns={columns}
                data={data?.csvImports.items ?? []}
                totalItems={data?.csvImports.totalItems ?? 0}
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
    );
}

/** The header each kind expects, in short (the README has the details). */
function FormatHelp({ kind }: Readonly<{ kind: Kind }>) {
    const { t } = useLingui();
    const common = t`UTF-8 CSV with a header row, at most 50,000 data rows. Errors name the row as a spreadsheet shows it (header = row 1).`;
    return kind === 'SUPPLIER_PRICES' ? (
        <div className="space-y-2 text-sm" data-testid="csv-format-help">
            <code className="block break-all rounded bg-muted p-2 text-xs">
                supplier_code,sku,cost_price,currency,min_order_qty,valid_from,valid_to,preferred
            </code>
            <p>
                <Trans>
                    The first four are required. Amounts like <code>12.50</code> in the supplier&rsquo;s currency, dates{' '}
                    <code>YYYY-MM-DD</code> (<code>valid_to</code> exclusive), <code>preferred</code> yes/no. A price with the same
                    supplier, SKU and <code>valid_from</code> is updated.
                </Trans>
            </p>
            <p className="text-muted-foreground">{common}</p>
        </div>
    ) : (
        <div className="space-y-2 text-sm" data-testid="csv-format-help">
            <code className="block break-all rounded bg-muted p-2 text-xs">
                name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets
            </code>
            <p>
                <Trans>
                    Vendure&rsquo;s product import format: one row per variant, the product&rsquo;s columns on its first row. Translations
                    as <code>name:de</code>, custom fields as <code>product:&lt;name&gt;</code> / <code>variant:&lt;name&gt;</code>; assets
                    name files in the import assets folder. A product is imported whole or not at all; applying again skips the products
                    already created.
                </Trans>
            </p>
            <p className="text-muted-foreground">{common}</p>
        </div>
    );
}
