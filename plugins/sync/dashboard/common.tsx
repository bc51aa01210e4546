import { Alert, AlertDescription, AlertTitle, Page, PageBlock, PageLayout, PageTitle, useLocalFormat } from '@vendure/dashboard';
import { Info } from 'lucide-react';
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

export function DateTime({ value }: Readonly<{ value: string | null | undefined }>) {
    const { formatDate } = useLocalFormat();
    return value ? (
        <span className="whitespace-nowrap">{formatDate(value, { dateStyle: 'medium', timeStyle: 'medium' })}</span>
    ) : (
        <span className="text-muted-foreground">never</span>
    );
}

export function Money({ value, currencyCode }: Readonly<{ value: number; currencyCode: string }>) {
    const { formatCurrency } = useLocalFormat();
    return <span className="tabular-nums whitespace-nowrap">{formatCurrency(value, currencyCode)}</span>;
}

/** A page that only explains why it shows nothing (wrong channel, missing permission). */
export function Notice({
    title,
    heading,
    testId,
    children,
}: Readonly<{ title: string; heading: string; testId: string; children: React.ReactNode }>) {
    return (
        <Page pageId={`sync-notice-${testId}`}>
            <PageTitle>{title}</PageTitle>
            <PageLayout>
                <PageBlock column="main" blockId="sync-notice">
                    <Alert data-testid={testId}>
                        <Info />
                        <AlertTitle>{heading}</AlertTitle>
                        <AlertDescription>{children}</AlertDescription>
                    </Alert>
                </PageBlock>
            </PageLayout>
        </Page>
    );
}
