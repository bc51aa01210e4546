import { api, Badge, detailPageRouteLoader, useChannel, usePermissions } from '@vendure/dashboard';
import { DateOnly, errorCode, NoticePage } from '@entrepreneur-os/platform/dashboard';
import { type TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Trans, useLingui } from '@lingui/react/macro';
import { useQuery } from '@tanstack/react-query';
import { Building2, CircleAlert } from 'lucide-react';
import type React from 'react';

/** "1 Jan 2026 – 31 Dec 2026", "from 1 Jan 2026", "until …" or "always". */
export function Validity({ from, to }: Readonly<{ from: string | null | undefined; to: string | null | undefined }>) {
    if (!from && !to)
        return (
            <span className="text-muted-foreground">
                <Trans>always</Trans>
            </span>
        );
    if (from && to) {
        return (
            <span>
                <DateOnly value={from} /> – <DateOnly value={to} />
            </span>
        );
    }
    return from ? (
        <span>
            <Trans>
                from <DateOnly value={from} />
            </Trans>
        </span>
    ) : (
        <span>
            <Trans>
                until <DateOnly value={to} />
            </Trans>
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

/** What a purchase order's state reads as (a message id each). */
export const PURCHASE_ORDER_STATE_LABELS: Record<string, string> = {
    DRAFT: /* i18n*/ 'DRAFT',
    SUBMITTED: /* i18n*/ 'SUBMITTED',
    PARTIALLY_RECEIVED: /* i18n*/ 'PARTIALLY RECEIVED',
    RECEIVED: /* i18n*/ 'RECEIVED',
    CANCELLED: /* i18n*/ 'CANCELLED',
};

const SUPPLIER_STATUS_LABELS: Record<string, string> = { ACTIVE: /* i18n*/ 'ACTIVE', INACTIVE: /* i18n*/ 'INACTIVE' };

export function PurchaseOrderStateBadge({ state }: Readonly<{ state: string }>) {
    const { i18n } = useLingui();
    return (
        <Badge variant={PURCHASE_ORDER_STATE_VARIANTS[state] ?? 'outline'} data-po-state={state}>
            {PURCHASE_ORDER_STATE_LABELS[state] ? i18n._(PURCHASE_ORDER_STATE_LABELS[state]) : state.replace('_', ' ')}
        </Badge>
    );
}

export function SupplierStatusBadge({ status }: Readonly<{ status: string }>) {
    const { i18n } = useLingui();
    return (
        <Badge variant={status === 'ACTIVE' ? 'success' : 'secondary'} data-supplier-status={status}>
            {SUPPLIER_STATUS_LABELS[status] ? i18n._(SUPPLIER_STATUS_LABELS[status]) : status}
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
    /** A message id (marked for extraction where it is written, as the nav titles). */
    title: string;
    /** Any of these lets the user in (as a nav item's requiresPermission). */
    permission: string | string[];
    probe: TypedDocumentNode<unknown, Record<string, never>>;
    children: React.ReactNode;
}>) {
    const { activeChannel } = useChannel();
    const { t, i18n } = useLingui();
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
            <NoticePage pageId="pim-notice" title={i18n._(title)} heading={t`Not allowed`} icon={<CircleAlert />}>
                <Trans>
                    Your role in <ChannelName code={activeChannel?.code} /> lacks the{' '}
                    <span className="font-mono">{permissions.join(' | ')}</span> permission.
                </Trans>
            </NoticePage>
        );
    }
    if (result.isPending) return null;
    if (result.error && errorCode(result.error) === 'FORBIDDEN') {
        return (
            <NoticePage
                pageId="pim-notice"
                title={i18n._(title)}
                heading={t`Choose a tenant channel`}
                icon={<Building2 />}
                testId="pim-not-a-tenant"
            >
                <Trans>
                    The PIM keeps suppliers, purchase orders, pricing rules and completeness per tenant, and{' '}
                    <ChannelName code={activeChannel?.code} /> is not a tenant’s channel: switch to one with the channel switcher at the top
                    of the sidebar.
                </Trans>
            </NoticePage>
        );
    }
    return children;
}

function ChannelName({ code }: Readonly<{ code: string | undefined }>) {
    return code === '__default_channel__' ? (
        <Trans>the default channel</Trans>
    ) : (
        <Trans>
            channel <span className="font-mono">{code}</span>
        </Trans>
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
