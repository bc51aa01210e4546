import { Badge } from '@vendure/dashboard';

/** Mirrors the server's TenantStatus; the API types it as a plain string. */
export type TenantStatus = 'PENDING' | 'PROVISIONING' | 'READY' | 'FAILED' | 'DISABLED';

/** Statuses a provisioning run is still working on: pages poll while a tenant is in one. */
export const IN_PROGRESS_STATUSES: readonly string[] = ['PENDING', 'PROVISIONING'];

const VARIANTS: Record<string, 'success' | 'warning' | 'destructive' | 'secondary'> = {
    READY: 'success',
    PENDING: 'warning',
    PROVISIONING: 'warning',
    FAILED: 'destructive',
    DISABLED: 'secondary',
};

export function TenantStatusBadge({ status }: Readonly<{ status: string }>) {
    return (
        <Badge variant={VARIANTS[status] ?? 'secondary'} data-tenant-status={status}>
            {status}
        </Badge>
    );
}

const OUTCOME_VARIANTS: Record<string, 'success' | 'warning' | 'destructive' | 'secondary' | 'outline'> = {
    SUCCEEDED: 'success',
    STARTED: 'outline',
    SKIPPED: 'secondary',
    FAILED: 'destructive',
    INFO: 'outline',
};

export function EventOutcomeBadge({ outcome }: Readonly<{ outcome: string }>) {
    return <Badge variant={OUTCOME_VARIANTS[outcome] ?? 'outline'}>{outcome}</Badge>;
}
