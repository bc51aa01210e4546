import {
    ActionBarItem,
    Alert,
    AlertDescription,
    AlertTitle,
    api,
    Button,
    ConfirmationDialog,
    DashboardRouteDefinition,
    ErrorPage,
    Page,
    PageActionBar,
    PageBlock,
    PageLayout,
    PageTitle,
    Table,
    TableBody,
    TableCell,
    TableHead,
    TableHeader,
    TableRow,
    toast,
} from '@vendure/dashboard';
import { DateTime, Fields, serverMessage } from '@entrepreneur-os/platform/dashboard';
import { type QueryClient, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AnyRoute } from '@tanstack/react-router';
import { Trans, useLingui } from '@lingui/react/macro';
import { CircleAlert, PowerIcon, PowerOffIcon, RotateCcwIcon } from 'lucide-react';

import { NewTenantPage } from './tenant-create';
import { disableTenantDocument, enableTenantDocument, retryTenantProvisioningDocument, tenantDetailDocument } from './tenants.graphql';
import { EventOutcomeBadge, IN_PROGRESS_STATUSES, TenantStatusBadge } from './tenant-status';

const NEW_TENANT = 'new';

function tenantQuery(id: string) {
    return queryOptions({
        queryKey: ['eos-tenant', id],
        queryFn: () => api.query(tenantDetailDocument, { id }),
        // While a provisioning run works on the tenant, follow its log.
        refetchInterval: query => (IN_PROGRESS_STATUSES.includes(query.state.data?.tenant?.status ?? '') ? 1000 : false),
    });
}

/** Settings → Tenants → a tenant: its fields, settings, provisioning log and actions. */
export const tenantDetailRoute: DashboardRouteDefinition = {
    path: '/tenants/$id',
    loader: async ({ context, params }: { context: { queryClient: QueryClient }; params: { id: string } }) => {
        if (params.id === NEW_TENANT) return { breadcrumb: [{ path: '/tenants', label: 'Tenants' }, 'New tenant'] };
        const data = await context.queryClient.ensureQueryData(tenantQuery(params.id));
        if (!data.tenant) throw new Error(`Tenant with the ID ${params.id} was not found`);
        return { breadcrumb: [{ path: '/tenants', label: 'Tenants' }, data.tenant.name] };
    },
    component: route => <TenantRoute route={route} />,
};

function TenantRoute({ route }: Readonly<{ route: AnyRoute }>) {
    const { id } = route.useParams<{ id: string }>();
    return id === NEW_TENANT ? <NewTenantPage /> : <TenantDetailPage id={id} />;
}

function TenantDetailPage({ id }: Readonly<{ id: string }>) {
    const queryClient = useQueryClient();
    const { t } = useLingui();
    const { data, error } = useQuery(tenantQuery(id));

    const action = (
        mutationFn: () => Promise<{ code: string; status: string }>,
        success: (t: { code: string; status: string }) => string,
    ) =>
        ({
            mutationFn,
            onSuccess: (tenant: { code: string; status: string }) => {
                toast.success(success(tenant));
                return queryClient.invalidateQueries({ queryKey: ['eos-tenant', id] });
            },
            onError: (err: unknown) => {
                toast.error(t`The server refused`, { description: serverMessage(err) });
                return queryClient.invalidateQueries({ queryKey: ['eos-tenant', id] });
            },
        }) as const;
    const retry = useMutation(
        action(
            () => api.mutate(retryTenantProvisioningDocument, { id }).then(r => r.retryTenantProvisioning),
            tenant => t`Provisioning of ${tenant.code} restarted`,
        ),
    );
    const disable = useMutation(
        action(
            () => api.mutate(disableTenantDocument, { id }).then(r => r.disableTenant),
            tenant => t`Tenant ${tenant.code} disabled; its data is kept`,
        ),
    );
    const enable = useMutation(
        action(
            () => api.mutate(enableTenantDocument, { id }).then(r => r.enableTenant),
            tenant => t`Tenant ${tenant.code} enabled (${tenant.status})`,
        ),
    );

    if (error) return <ErrorPage message={serverMessage(error)} />;
    const tenant = data?.tenant;
    if (!tenant) return null;
    const busy = retry.isPending || disable.isPending || enable.isPending;

    return (
        <Page pageId="tenant-detail" entity={tenant}>
            <PageTitle>
                <span className="flex items-center gap-3">
                    {tenant.name}
                    <TenantStatusBadge status={tenant.status} />
                </span>
            </PageTitle>
            <PageActionBar>
                {tenant.status === 'FAILED' ? (
                    <ActionBarItem itemId="retry-provisioning-button" requiresPermission={['ManageTenants']}>
                        <Button onClick={() => retry.mutate()} disabled={busy}>
                            <RotateCcwIcon className="mr-2 h-4 w-4" />
                            <Trans>Retry provisioning</Trans>
                        </Button>
                    </ActionBarItem>
                ) : null}
                {tenant.status === 'READY' || tenant.status === 'FAILED' ? (
                    <ActionBarItem itemId="disable-tenant-button" requiresPermission={['ManageTenants']}>
                        <ConfirmationDialog
                            title={t`Disable ${tenant.code}?`}
                            description={t`Its channels answer 403, its administrators cannot log in and their sessions end, on master and on the ecommerce server. Nothing is deleted; enable it again at any time.`}
                            confirmText={t`Disable`}
                            onConfirm={() => disable.mutate()}
                        >
                            <Button variant="outline" disabled={busy}>
                                <PowerOffIcon className="mr-2 h-4 w-4" />
                                <Trans>Disable</Trans>
                            </Button>
                        </ConfirmationDialog>
                    </ActionBarItem>
                ) : null}
                {tenant.status === 'DISABLED' ? (
                    <ActionBarItem itemId="enable-tenant-button" requiresPermission={['ManageTenants']}>
                        <Button onClick={() => enable.mutate()} disabled={busy}>
                            <PowerIcon className="mr-2 h-4 w-4" />
                            <Trans>Enable</Trans>
                        </Button>
                    </ActionBarItem>
                ) : null}
            </PageActionBar>
            <PageLayout>
                {tenant.status === 'FAILED' && tenant.lastError ? (
                    <PageBlock column="main" blockId="tenant-last-error">
                        <Alert variant="destructive">
                            <CircleAlert />
                            <AlertTitle>
                                <Trans>Provisioning failed</Trans>
                            </AlertTitle>
                            <AlertDescription data-testid="tenant-last-error">{tenant.lastError}</AlertDescription>
                        </Alert>
                    </PageBlock>
                ) : null}
                <PageBlock column="main" blockId="tenant-event-log" title={t`Provisioning log`} description={t`Oldest first`}>
                    <Table data-testid="tenant-event-log">
                        <TableHeader>
                            <TableRow>
                                <TableHead>
                                    <Trans>Time</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>Step</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>Outcome</Trans>
                                </TableHead>
                                <TableHead>
                                    <Trans>Message</Trans>
                                </TableHead>
                            </TableRow>
                        </TableHeader>
                        <TableBody>
                            {tenant.events.map(event => (
                                <TableRow key={event.id} data-event-step={event.step} data-event-outcome={event.outcome}>
                                    <TableCell className="align-top">
                                        <DateTime value={event.createdAt} />
                                    </TableCell>
                                    <TableCell className="align-top font-mono text-sm">{event.step}</TableCell>
                                    <TableCell className="align-top">
                                        <EventOutcomeBadge outcome={event.outcome} />
                                    </TableCell>
                                    <TableCell className="whitespace-normal break-words">{event.message}</TableCell>
                                </TableRow>
                            ))}
                        </TableBody>
                    </Table>
                </PageBlock>
                <PageBlock
                    column="main"
                    blockId="tenant-settings"
                    title={t`Settings`}
                    description={t`Read by sync, pricing and completeness`}
                >
                    <pre className="bg-muted rounded-md p-3 text-xs font-mono overflow-x-auto" data-testid="tenant-settings">
                        {JSON.stringify(tenant.settings, null, 2)}
                    </pre>
                </PageBlock>
                <PageBlock column="side" blockId="tenant-fields" title={t`Tenant`}>
                    <Fields
                        rows={[
                            [t`Code`, <span className="font-mono">{tenant.code}</span>],
                            [t`Status`, <TenantStatusBadge status={tenant.status} />],
                            [t`Language`, tenant.defaultLanguageCode],
                            [t`Currency`, tenant.currencyCode],
                            [t`Channel`, tenant.channel ? <span className="font-mono">{tenant.channel.code}</span> : '—'],
                            [t`Channel token`, tenant.channel ? <span className="font-mono break-all">{tenant.channel.token}</span> : '—'],
                            [t`Created`, <DateTime value={tenant.createdAt} />],
                            [t`Updated`, <DateTime value={tenant.updatedAt} />],
                        ]}
                    />
                </PageBlock>
                <PageBlock column="side" blockId="tenant-shop" title={t`Ecommerce shop`}>
                    <Fields
                        rows={[
                            [t`Server`, <span className="break-all">{tenant.ecommerceUrl}</span>],
                            [t`Shop token`, <span className="font-mono break-all">{tenant.ecommerceChannelToken ?? '—'}</span>],
                            [t`API key from`, <span className="font-mono break-all">{tenant.ecommerceCredentialsRef}</span>],
                        ]}
                    />
                </PageBlock>
            </PageLayout>
        </Page>
    );
}
