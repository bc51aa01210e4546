// The kit every Entrepreneur-OS Dashboard extension shares (Tenants, PIM and Sync in master's Dashboard,
// the replicated-product page in the shops' Dashboard): how a server's refusal is shown, label/value
// layout, dates, money and pages that only explain why they show nothing. Extensions import it as
// `@entrepreneur-os/platform/dashboard`; DashboardKitPlugin makes the Dashboard build scan this folder
// for Tailwind classes and translations (i18n/<locale>.po).
import { Alert, AlertDescription, AlertTitle, Page, PageBlock, PageLayout, PageTitle, useLocalFormat } from '@vendure/dashboard';
import { i18n } from '@lingui/core';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { Trans } from '@lingui/react/macro';
import { Info } from 'lucide-react';
import type React from 'react';

// Vendure 3.7's Dashboard hands the extensions' catalogs to Lingui uncompiled (its virtual
// plugin-translations module merges the .po messages as plain strings). A production build of Lingui
// then shows such a message verbatim — "Retry {tenantCode}" — and warns "Uncompiled message detected".
// Every extension loads this kit, so it gives Lingui the compiler for those messages once.
i18n.setMessagesCompiler(compileMessage);

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

/** A moment in the Dashboard's locale, or "never". */
export function DateTime({ value }: Readonly<{ value: string | null | undefined }>) {
    const { formatDate } = useLocalFormat();
    return value ? (
        <span className="whitespace-nowrap">{formatDate(value, { dateStyle: 'medium', timeStyle: 'medium' })}</span>
    ) : (
        <span className="text-muted-foreground">
            <Trans>never</Trans>
        </span>
    );
}

/** A date without the time (validity periods). */
export function DateOnly({ value }: Readonly<{ value: string | null | undefined }>) {
    const { formatDate } = useLocalFormat();
    return value ? <span className="whitespace-nowrap">{formatDate(value, { dateStyle: 'medium' })}</span> : null;
}

/** Money in minor units, formatted in its currency with the Dashboard's locale and money precision. */
export function Money({ value, currencyCode }: Readonly<{ value: number; currencyCode: string }>) {
    const { formatCurrency } = useLocalFormat();
    return <span className="tabular-nums whitespace-nowrap">{formatCurrency(value, currencyCode)}</span>;
}

/** Label/value rows (a side block's facts). Labels are unique within one list. */
export function Fields({ rows }: Readonly<{ rows: Array<[React.ReactNode, React.ReactNode]> }>) {
    return (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 text-sm">
            {rows.map(([label, value], i) => (
                <div key={i} className="contents">
                    <dt className="text-muted-foreground">{label}</dt>
                    <dd>{value}</dd>
                </div>
            ))}
        </dl>
    );
}

/** A page that only explains why it shows nothing (wrong channel, missing permission). */
export function NoticePage({
    pageId,
    title,
    heading,
    icon,
    testId,
    children,
}: Readonly<{
    pageId: string;
    title: React.ReactNode;
    heading: React.ReactNode;
    /** lucide icon; default Info */
    icon?: React.ReactNode;
    testId?: string;
    children: React.ReactNode;
}>) {
    return (
        <Page pageId={pageId}>
            <PageTitle>{title}</PageTitle>
            <PageLayout>
                <PageBlock column="main" blockId="notice">
                    <Alert data-testid={testId}>
                        {icon ?? <Info />}
                        <AlertTitle>{heading}</AlertTitle>
                        <AlertDescription>{children}</AlertDescription>
                    </Alert>
                </PageBlock>
            </PageLayout>
        </Page>
    );
}
