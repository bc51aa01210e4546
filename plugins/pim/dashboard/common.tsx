import {
    Alert,
    AlertDescription,
    AlertTitle,
    api,
    Badge,
    detailPageRouteLoader,
    Page,
    PageBlock,
    PageLayout,
    PageTitle,
    useChannel,
    useLocalFormat,
    usePermissions,
} from '@vendure/dashboard';
import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useQuery } from '@tanstack/react-query';
import { Building2, CircleAlert } from 'lucide-react';
import type React from 'react';

/** The server's message without the GraphQL client's "GraphQL Request Error: " prefix. */
export function serverMessage(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^GraphQL Request Error: /, '');
}

/** The GraphQL error code (e.g. FORBIDDEN) the Admin API answered with, if any. */
export function errorCode(err: unknown): string | undefined {
    const extensions = (err as { extensions?: { code?: unknown } } | null)?.extensions;
    return typeof extensions?.code === 'string' ? extensions.code : undefined;
}

/** Money in minor units, formatted in its currency with the Dashboard's locale and money precision. */
export function Money({ value, currencyCode }: Readonly<{ value: number; currencyCode: string }>) {
    const { formatCurrency } = useLocalFormat();
    return <span className="tabular-nums whitespace-nowrap">{formatCurrency(value, currencyCode)}</span>;
}

/** A date without the time (validity periods). */
export function DateOnly({ value }: Readonly<{ value: string | null | undefined }>) {
    const { formatDate } = useLocalFormat();
    return value ? <span className="whitespace-nowrap">{formatDate(value, { dateStyle: 'medium' })}</span> : null;
}

/** "1 Jan 2026 – 31 Dec 2026", "from 1 Jan 2026", "until …" or "always". */
export function Validity({ from, to }: Readonly<{ from: string | null | undefined; to: string | null | undefined }>) {
    if (!from && !to) return <span className="text-muted-foreground">always</span>;
    if (from && to) {
        return (
            <span>
                <DateOnly value={from} /> – <DateOnly value={to} />
            </span>
        );
    }
    return from ? (
        <span>
            from <DateOnly value={from} />
        </span>
    ) : (
        <span>
            until <DateOnly value={to} />
        </span>
    );
}

const PURCHASE_ORDER_STATE_VARIANTS: Record<string, 'success' | 'warning' | 'destructive' | 'secondary' | 'outline'> = {
    DRAFT: 'secondary',
    SUBMITTED: 'outline',
    PARTIALLY_RECEIVED: 'warning',
    RECEIVED: 'success',
    CANCELLED: 'destructive',
};

export function PurchaseOrderStateBadge({ state }: Readonly<{ state: string }>) {
    return (
        <Badge variant={PURCHASE_ORDER_STATE_VARIANTS[state] ?? 'outline'} data-po-state={state}>
            {state.replace('_', ' ')}
        </Badge>
    );
}

export function SupplierStatusBadge({ status }: Readonly<{ status: string }>) {
    return (
        <Badge variant={status === 'ACTIVE' ? 'success' : 'secondary'} data-supplier-status={status}>
            {status}
        </Badge>
    );
}

/** 0–100: green when complete, amber from 50, red below. */
export function CompletenessBadge({ score }: Readonly<{ score: number }>) {
    const variant = score >= 100 ? 'success' : score >= 50 ? 'warning' : 'destructive';
    return (
        <Badge variant={variant} data-completeness={score} className="tabular-nums">
            {score}%
        </Badge>
    );
}

/**
 * Renders a PIM page only where the PIM works. Every PIM query answers FORBIDDEN outside a tenant's
 * channel (the Default channel, say, where operators work); instead of an error, such a page says what
 * to do. `probe` is a cheap query of the page's own resource, guarded by the same permission.
 */
export function TenantGate({
    title,
    permission,
    probe,
    children,
}: Readonly<{
    title: string;
    /** Any of these lets the user in (as a nav item's requiresPermission). */
    permission: string | string[];
    probe: TypedDocumentNode<unknown, Record<string, never>>;
    children: React.ReactNode;
}>) {
    const { activeChannel } = useChannel();
    const { hasPermissions } = usePermissions();
    const permissions = Array.isArray(permission) ? permission : [permission];
    const allowed = hasPermissions(permissions);
    const result = useQuery({
        queryKey: ['pim-tenant-probe', title, activeChannel?.id],
        queryFn: () => api.query(probe),
        enabled: allowed,
        retry: false,
    });
    if (!allowed) {
        return (
            <Notice title={title} heading="Not allowed">
                Your role in <ChannelName code={activeChannel?.code} /> lacks the{' '}
                <span className="font-mono">{permissions.join(' or ')}</span> permission.
            </Notice>
        );
    }
    if (result.isPending) return null;
    if (result.error && errorCode(result.error) === 'FORBIDDEN') {
        return (
            <Notice title={title} heading="Choose a tenant channel" testId="pim-not-a-tenant">
                The PIM keeps suppliers, purchase orders, pricing rules and completeness per tenant, and{' '}
                <ChannelName code={activeChannel?.code} /> is not a tenant&rsquo;s channel: switch to one with the channel switcher at the
                top of the sidebar.
            </Notice>
        );
    }
    return children;
}

function ChannelName({ code }: Readonly<{ code: string | undefined }>) {
    return code === '__default_channel__' ? (
        <>the default channel</>
    ) : (
        <>
            channel <span className="font-mono">{code}</span>
        </>
    );
}

function Notice({
    title,
    heading,
    testId,
    children,
}: Readonly<{ title: string; heading: string; testId?: string; children: React.ReactNode }>) {
    return (
        <Page pageId="pim-notice">
            <PageTitle>{title}</PageTitle>
            <PageLayout>
                <PageBlock column="main" blockId="pim-notice">
                    <Alert data-testid={testId}>
                        {heading === 'Not allowed' ? <CircleAlert /> : <Building2 />}
                        <AlertTitle>{heading}</AlertTitle>
                        <AlertDescription>{children}</AlertDescription>
                    </Alert>
                </PageBlock>
            </PageLayout>
        </Page>
    );
}

/**
 * Vendure's detail route loader (it preloads the entity and names it in the breadcrumb), except that
 * outside a tenant's channel it leaves the page to {@link TenantGate} instead of failing the route.
 */
export function pimDetailLoader<T extends TypedDocumentNode<object, { id: string }>>(
    config: Parameters<typeof detailPageRouteLoader<T>>[0],
) {
    const loader = detailPageRouteLoader(config);
    return async (args: { location: Parameters<typeof config.breadcrumb>[2] }) => {
        try {
            return (await loader(args as never)) as unknown;
        } catch (err) {
            if (errorCode(err) === 'FORBIDDEN') return { breadcrumb: config.breadcrumb(false, undefined as never, args.location) };
            throw err;
        }
    };
}

/** The path segment of a detail route that opens its create form. */
export const NEW = 'new';

/** Label/value rows for a side block. */
export function Fields({ rows }: Readonly<{ rows: Array<[string, React.ReactNode]> }>) {
    return (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            {rows.map(([label, value]) => (
                <div key={label} className="contents">
                    <dt className="text-muted-foreground">{label}</dt>
                    <dd>{value}</dd>
                </div>
            ))}
        </dl>
    );
}
