import {
    Alert,
    AlertDescription,
    AlertTitle,
    api,
    Badge,
    Button,
    PageBlock,
    Progress,
    Table,
    TableBody,
    TableCell,
    TableHead,
    TableHeader,
    TableRow,
    toast,
    useLocalFormat,
} from '@vendure/dashboard';
import { Fields, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type ResultOf } from '@/gql';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleAlert, CircleCheck } from 'lucide-react';
import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';

import { applyCsvImportDocument, csvImportDocument } from './csv-import.graphql';

type CsvImport = NonNullable<ResultOf<typeof csvImportDocument>['csvImport']>;
export type CsvImportError = CsvImport['errors'][number];

/** Where a block wrapped in a component goes: PageLayout reads these props of its children. */
export type BlockPlacement = { column: 'main'; blockId: string };

export const KIND_LABELS: Record<string, string> = { SUPPLIER_PRICES: /* i18n*/ 'Supplier prices', PRODUCTS: /* i18n*/ 'Products' };

/** States in which the import's job has not finished yet: the page polls them. */
const ACTIVE_STATES = ['PENDING', 'RUNNING'];
const POLL_MS = 1_000;

const STATE_VARIANTS: Record<string, 'success' | 'warning' | 'destructive' | 'secondary' | 'outline'> = {
    DRY_RUN: 'secondary',
    PENDING: 'outline',
    RUNNING: 'warning',
    SUCCEEDED: 'success',
    FAILED: 'destructive',
};

const STATE_LABELS: Record<string, string> = {
    DRY_RUN: /* i18n*/ 'CHECKED',
    PENDING: /* i18n*/ 'PENDING',
    RUNNING: /* i18n*/ 'RUNNING',
    SUCCEEDED: /* i18n*/ 'SUCCEEDED',
    FAILED: /* i18n*/ 'FAILED',
};

export function CsvImportStateBadge({ state }: Readonly<{ state: string }>) {
    const { i18n } = useLingui();
    return (
        <Badge variant={STATE_VARIANTS[state] ?? 'outline'} data-import-state={state}>
            {STATE_LABELS[state] ? i18n._(STATE_LABELS[state]) : state}
        </Badge>
    );
}

/** Every problem of a file by row (header = row 1) and column, with a note when the server listed only the first ones. */
export function CsvErrorTable({
    errors,
    errorCount,
    truncated,
}: Readonly<{ errors: readonly CsvImportError[]; errorCount: number; truncated: boolean }>) {
    return (
        <div className="space-y-2">
            {truncated ? (
                <p className="text-sm text-warning" data-testid="csv-errors-truncated">
                    <Trans>
                        The first {errors.length.toLocaleString()} of {errorCount.toLocaleString()} errors are listed.
                    </Trans>
                </p>
            ) : null}
            <div className="max-h-[28rem] overflow-auto rounded-md border">
                <Table data-testid="csv-errors">
                    <TableHeader>
                        <TableRow>
                            <TableHead className="w-20">
                                <Trans>Row</Trans>
                            </TableHead>
                            <TableHead className="w-40">
                                <Trans>Column</Trans>
                            </TableHead>
                            <TableHead>
                                <Trans>Message</Trans>
                            </TableHead>
                        </TableRow>
                    </TableHeader>
                    <TableBody>
                        {errors.map((error, i) => (
                            <TableRow key={i} data-row={error.row ?? ''} data-column={error.column ?? ''}>
                                <TableCell className="tabular-nums">{error.row ?? '–'}</TableCell>
                                <TableCell className="font-mono text-sm">{error.column ?? '–'}</TableCell>
                                <TableCell className="whitespace-normal">{error.message}</TableCell>
                            </TableRow>
                        ))}
                    </TableBody>
                </Table>
            </div>
        </div>
    );
}

/**
 * One import: its check (totals, errors) and, for a dry-run, the buttons that apply it; once applied,
 * its job's progress, polled every second until it has SUCCEEDED or FAILED, then its summary or reason.
 */
export function CsvImportStatus({ id, ...placement }: Readonly<BlockPlacement & { id: string }>) {
    const queryClient = useQueryClient();
    const { formatDate } = useLocalFormat();
    const { t, i18n } = useLingui();
    const { data, error } = useQuery({
        queryKey: ['pim-csv-import', id],
        queryFn: () => api.query(csvImportDocument, { id }),
        refetchInterval: query => (ACTIVE_STATES.includes(query.state.data?.csvImport?.state ?? '') ? POLL_MS : false),
    });
    const item = data?.csvImport;
    const state = item?.state;
    // The list below shows the state too: refresh it whenever this import's state changes.
    useEffect(() => {
        if (state) void queryClient.invalidateQueries({ queryKey: ['pim-csv-imports'] });
    }, [state, queryClient]);
    const apply = useMutation({
        mutationFn: (onlyValidRows: boolean) => api.mutate(applyCsvImportDocument, { importId: id, onlyValidRows }),
        onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pim-csv-import', id] }),
        onError: err => toast.error(t`The import did not start`, { description: serverMessage(err) }),
    });

    if (error) {
        return (
            <PageBlock {...placement} title={<Trans>Import</Trans>}>
                <Alert variant="destructive">
                    <CircleAlert />
                    <AlertTitle>
                        <Trans>This import cannot be shown</Trans>
                    </AlertTitle>
                    <AlertDescription>{serverMessage(error)}</AlertDescription>
                </Alert>
            </PageBlock>
        );
    }
    if (!data) return null;
    if (!item) {
        return (
            <PageBlock {...placement} title={<Trans>Import</Trans>}>
                <p className="text-sm text-muted-foreground">
                    <Trans>This import does not exist in this channel.</Trans>
                </p>
            </PageBlock>
        );
    }
    const applied = item.state !== 'DRY_RUN';
    const percent = item.total > 0 ? Math.round((item.processed / item.total) * 100) : item.state === 'SUCCEEDED' ? 100 : 0;
    const unit = item.kind === 'PRODUCTS' ? 'products' : 'rows';
    return (
        <PageBlock {...placement} title={item.fileName} description={KIND_LABELS[item.kind] ? i18n._(KIND_LABELS[item.kind]) : item.kind}>
            <div className="space-y-4" data-testid="csv-import-status" data-import-id={item.id}>
                <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
                    <CsvImportStateBadge state={item.state} />
                    <span data-testid="csv-total-rows">
                        <Trans>
                            <span className="font-medium tabular-nums">{item.totalRows.toLocaleString()}</span> rows
                        </Trans>
                    </span>
                    <span data-testid="csv-valid-rows">
                        <Trans>
                            <span className="font-medium tabular-nums">{item.validRows.toLocaleString()}</span> valid
                        </Trans>
                    </span>
                    <span data-testid="csv-error-count" className={item.errorCount ? 'text-destructive' : undefined}>
                        {item.errorCount === 1 ? (
                            <Trans>
                                <span className="font-medium tabular-nums">{item.errorCount.toLocaleString()}</span> error
                            </Trans>
                        ) : (
                            <Trans>
                                <span className="font-medium tabular-nums">{item.errorCount.toLocaleString()}</span> errors
                            </Trans>
                        )}
                    </span>
                </div>

                {applied ? (
                    <div className="space-y-3">
                        <Progress value={percent} data-testid="csv-progress">
                            <span className="text-sm font-medium">
                                {ACTIVE_STATES.includes(item.state) ? <Trans>Importing…</Trans> : <Trans>Imported</Trans>}
                            </span>
                            <span className="ml-auto text-sm text-muted-foreground tabular-nums" data-testid="csv-processed">
                                {unit === 'products' ? (
                                    <Trans>
                                        {item.processed.toLocaleString()} / {item.total.toLocaleString()} products
                                    </Trans>
                                ) : (
                                    <Trans>
                                        {item.processed.toLocaleString()} / {item.total.toLocaleString()} rows
                                    </Trans>
                                )}
                            </span>
                        </Progress>
                        {item.state === 'SUCCEEDED' && item.summary ? (
                            <Alert data-testid="csv-summary">
                                <CircleCheck />
                                <AlertTitle>
                                    <Trans>Import finished</Trans>
                                </AlertTitle>
                                <AlertDescription>{item.summary}</AlertDescription>
                            </Alert>
                        ) : null}
                        {item.state === 'FAILED' ? (
                            <Alert variant="destructive" data-testid="csv-failure">
                                <CircleAlert />
                                <AlertTitle>
                                    <Trans>Import failed: nothing of it was written</Trans>
                                </AlertTitle>
                                <AlertDescription>{item.failureReason}</AlertDescription>
                            </Alert>
                        ) : null}
                        <Fields
                            rows={[
                                [<Trans>Checked</Trans>, formatDate(item.createdAt, { dateStyle: 'medium', timeStyle: 'short' })],
                                [<Trans>By</Trans>, item.createdBy ?? '–'],
                                [
                                    <Trans>Imported</Trans>,
                                    unit === 'products'
                                        ? item.onlyValidRows
                                            ? t`only the valid products`
                                            : t`every product`
                                        : item.onlyValidRows
                                          ? t`only the valid rows`
                                          : t`every row`,
                                ],
                                [
                                    <Trans>Started</Trans>,
                                    item.startedAt ? formatDate(item.startedAt, { dateStyle: 'medium', timeStyle: 'medium' }) : '–',
                                ],
                                [
                                    <Trans>Finished</Trans>,
                                    item.finishedAt ? formatDate(item.finishedAt, { dateStyle: 'medium', timeStyle: 'medium' }) : '–',
                                ],
                            ]}
                        />
                    </div>
                ) : (
                    <ApplyButtons item={item} pending={apply.isPending} onApply={onlyValidRows => apply.mutate(onlyValidRows)} />
                )}

                {item.errors.length ? (
                    <CsvErrorTable errors={item.errors} errorCount={item.errorCount} truncated={item.truncatedErrors} />
                ) : null}
            </div>
        </PageBlock>
    );
}

/**
 * "Import" only for a file without errors. With errors, nothing is written unless the user chooses to
 * import the valid rows; with no valid row, there is nothing to import.
 */
function ApplyButtons({
    item,
    pending,
    onApply,
}: Readonly<{ item: CsvImport; pending: boolean; onApply: (onlyValidRows: boolean) => void }>) {
    const count = item.validRows.toLocaleString();
    return (
        <div className="space-y-2">
            <p className="text-sm text-muted-foreground">
                {!item.errorCount ? (
                    <Trans>The file has no errors. Nothing has been written yet.</Trans>
                ) : item.kind === 'PRODUCTS' ? (
                    <Trans>Nothing has been written. Correct the file and check it again, or import only the rows of valid products.</Trans>
                ) : (
                    <Trans>Nothing has been written. Correct the file and check it again, or import only the valid rows.</Trans>
                )}
            </p>
            <div className="flex flex-wrap gap-2">
                <Button onClick={() => onApply(false)} disabled={pending || item.errorCount > 0 || item.validRows === 0}>
                    <Trans>Import</Trans>
                </Button>
                {item.errorCount > 0 && item.validRows > 0 ? (
                    <Button variant="outline" onClick={() => onApply(true)} disabled={pending}>
                        {item.kind === 'PRODUCTS' ? (
                            <Trans>Import only the {count} rows of valid products</Trans>
                        ) : (
                            <Trans>Import only the {count} valid rows</Trans>
                        )}
                    </Button>
                ) : null}
            </div>
        </div>
    );
}
