import {
    api,
    Badge,
    Button,
    DashboardRouteDefinition,
    FullWidthPageBlock,
    Page,
    PageLayout,
    PageTitle,
    Table,
    TableBody,
    TableCell,
    TableHead,
    TableHeader,
    TableRow,
    toast,
    usePermissions,
} from '@vendure/dashboard';
import { DateTime, NoticePage, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type ResultOf } from '@/gql';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Trans, useLingui } from '@lingui/react/macro';
import { RotateCcwIcon } from 'lucide-react';

import { retrySyncDocument, syncStatusDocument } from './sync.graphql';

type StreamStatus = ResultOf<typeof syncStatusDocument>['syncStatus'][number];
interface DeadLetter {
    itemKey: string;
    error: string;
    attempts: number;
    lastFailedAt: string;
}

/** Streams master sends: its own position is the freshest source position. */
const MASTER_SENDS = new Set(['catalog', 'stock-to-ecommerce']);

/** Settings → Sync: every tenant's four streams as the sidecars report them, with master's own positions. */
export const syncStatusRoute: DashboardRouteDefinition = {
    path: '/sync',
    navMenuItem: {
        // Next to Tenants; hidden without ReadSyncFeed, which exists only in master.
        sectionId: 'settings',
        id: 'sync',
        title: /* i18n*/ 'Sync',
        url: '/sync',
        order: 55,
        requiresPermission: ['ReadSyncFeed'],
    },
    loader: () => ({ breadcrumb: 'Sync' }),
    component: () => <SyncStatusPage />,
};

function SyncStatusPage() {
    const { hasPermissions } = usePermissions();
    const allowed = hasPermissions(['ReadSyncFeed']);
    const queryClient = useQueryClient();
    const { t } = useLingui();
    const { data, error, isPending } = useQuery({
        queryKey: ['eos-sync-status'],
        queryFn: () => api.query(syncStatusDocument),
        enabled: allowed,
        refetchInterval: 5_000,
    });
    const retry = useMutation({
        mutationFn: (tenantCode: string) => api.mutate(retrySyncDocument, { tenantCode }),
        onSuccess: (_, tenantCode) => {
            toast.success(t`Retry sent to ${tenantCode}'s sync: dead letters cleared`);
            return queryClient.invalidateQueries({ queryKey: ['eos-sync-status'] });
        },
        onError: (err: unknown) => {
            toast.error(t`The server refused`, { description: serverMessage(err) });
        },
    });
    if (!allowed) {
        return (
            <NoticePage pageId="sync-notice" title={t`Sync`} heading={t`Not allowed`} testId="sync-not-allowed">
                <Trans>
                    Your role lacks the <span className="font-mono">ReadSyncFeed</span> permission.
                </Trans>
            </NoticePage>
        );
    }
    const rows = data?.syncStatus ?? [];
    const tenants = [...new Set(rows.map(r => r.tenantCode))];
    return (
        <Page pageId="sync-status">
            <PageTitle>
                <Trans>Sync</Trans>
            </PageTitle>
            <PageLayout>
                {error ? (
                    <FullWidthPageBlock blockId="sync-error">
                        <p className="text-destructive" data-testid="sync-error">
                            {serverMessage(error)}
                        </p>
                    </FullWidthPageBlock>
                ) : null}
                {!isPending && !tenants.length ? (
                    <FullWidthPageBlock blockId="sync-empty">
                        <p className="text-muted-foreground">
                            <Trans>No tenants yet.</Trans>
                        </p>
                    </FullWidthPageBlock>
                ) : null}
                {tenants.map(tenantCode => (
                    <FullWidthPageBlock key={tenantCode} blockId={`sync-${tenantCode}`}>
                        <section data-testid="sync-tenant" data-tenant={tenantCode} className="space-y-3 rounded-xl border bg-card p-6">
                            <div>
                                <h2 className="text-lg font-semibold">{tenantCode}</h2>
                                <p className="text-sm text-muted-foreground">
                                    <Trans>
                                        Per stream: the sender’s newest position, what the receiver applied, and how far behind it is
                                    </Trans>
                                </p>
                            </div>
                            <TenantStreams rows={rows.filter(r => r.tenantCode === tenantCode)} />
                            <Button
                                variant="outline"
                                disabled={retry.isPending}
                                onClick={() => retry.mutate(tenantCode)}
                                data-testid="sync-retry"
                            >
                                <RotateCcwIcon />
                                <Trans>Retry {tenantCode}</Trans>
                            </Button>
                        </section>
                    </FullWidthPageBlock>
                ))}
            </PageLayout>
        </Page>
    );
}

function TenantStreams({ rows }: Readonly<{ rows: StreamStatus[] }>) {
    return (
        <Table>
            <TableHeader>
                <TableRow>
                    <TableHead>
                        <Trans>Stream</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Sender</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Applied</Trans>
                    </TableHead>
                    <TableHead className="text-right">
                        <Trans>Lag</Trans>
                    </TableHead>
                    <TableHead>
                        <Trans>Last success</Trans>
                    </TableHead>
                    <TableHead>
                        <Trans>Last error</Trans>
                    </TableHead>
                    <TableHead>
                        <Trans>Dead letters</Trans>
                    </TableHead>
                    <TableHead>
                        <Trans>Reported</Trans>
                    </TableHead>
                </TableRow>
            </TableHeader>
            <TableBody>
                {rows.map(row => {
                    const source = MASTER_SENDS.has(row.stream) ? Math.max(row.masterPosition, row.sourcePosition) : row.sourcePosition;
                    const applied = MASTER_SENDS.has(row.stream) ? row.appliedPosition : Math.max(row.masterPosition, row.appliedPosition);
                    const lag = Math.max(0, source - applied);
                    const deadLetters = (row.deadLetters ?? []) as DeadLetter[];
                    return (
                        <TableRow key={row.stream} data-testid="sync-stream" data-stream={row.stream}>
                            <TableCell className="font-mono">{row.stream}</TableCell>
                            <TableCell className="text-right tabular-nums" data-testid="sync-source">
                                {source}
                            </TableCell>
                            <TableCell className="text-right tabular-nums" data-testid="sync-applied">
                                {applied}
                            </TableCell>
                            <TableCell className="text-right tabular-nums" data-testid="sync-lag">
                                <Badge variant={lag === 0 ? 'success' : 'warning'}>
                                    {lag} {row.lagSeconds > 0 ? `· ${Math.round(row.lagSeconds)} s` : ''}
                                </Badge>
                            </TableCell>
                            <TableCell>
                                <DateTime value={row.lastSuccessAt} />
                            </TableCell>
                            <TableCell className="max-w-80 whitespace-normal text-destructive" data-testid="sync-last-error">
                                {row.lastError ?? ''}
                            </TableCell>
                            <TableCell data-testid="sync-dead-letters" data-count={deadLetters.length}>
                                {deadLetters.length ? (
                                    <details>
                                        <summary className="cursor-pointer">
                                            <Badge variant="destructive">{deadLetters.length}</Badge>
                                        </summary>
                                        <ul className="mt-1 space-y-1 text-xs">
                                            {deadLetters.map(letter => (
                                                <li key={letter.itemKey}>
                                                    <span className="font-mono">{letter.itemKey}</span>: {letter.error} ({letter.attempts}×)
                                                </li>
                                            ))}
                                        </ul>
                                    </details>
                                ) : (
                                    <span className="text-muted-foreground">0</span>
                                )}
                            </TableCell>
                            <TableCell>
                                <DateTime value={row.updatedAt} />
                            </TableCell>
                        </TableRow>
                    );
                })}
            </TableBody>
        </Table>
    );
}
