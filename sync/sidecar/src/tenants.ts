import { EcommerceApi, EcommerceClient, MasterApi, RetryOptions, SyncContext, TenantInfo } from '@entrepreneur-os/sync-engine';

import { resolveCredentialsRef } from './credentials';

/** A READY tenant and the engine context to sync it, or why it cannot be synced. */
export interface SyncTenant {
    info: TenantInfo;
    /** Undefined when `problem` is set. */
    ctx?: SyncContext;
    /** E.g. its credentials reference does not resolve. */
    problem?: string;
}

export interface TenantDirectoryOptions {
    master: MasterApi;
    dataDir: string;
    assetBaseUrl: string;
    timeoutMs: number;
    retry?: RetryOptions;
    /** Feed entries per page (the engine's default when unset). */
    pageSize?: number;
    env?: NodeJS.ProcessEnv;
    signal?: AbortSignal;
    /** Tests: builds the tenant's ecommerce side instead of an EcommerceClient. */
    ecommerceFactory?: (tenant: TenantInfo, apiKey: string) => EcommerceApi;
}

/**
 * The tenants to sync: master's `tenants` with status READY, each with an EcommerceClient built from
 * its `ecommerceUrl` and the API key its `ecommerceCredentialsRef` points to (read again at every
 * refresh, so a rotated key is picked up).
 */
export class TenantDirectory {
    private tenants = new Map<string, SyncTenant>();
    private refreshedAt = 0;

    constructor(private readonly options: TenantDirectoryOptions) {}

    async refresh(): Promise<SyncTenant[]> {
        const infos = await this.options.master.tenants();
        const next = new Map<string, SyncTenant>();
        for (const info of infos.filter(t => t.status === 'READY')) next.set(info.code, this.build(info));
        this.tenants = next;
        this.refreshedAt = Date.now();
        return this.list();
    }

    /** Refreshes when older than `maxAgeMs`. */
    async refreshIfOlder(maxAgeMs: number): Promise<SyncTenant[]> {
        return Date.now() - this.refreshedAt > maxAgeMs ? this.refresh() : this.list();
    }

    list(): SyncTenant[] {
        return [...this.tenants.values()];
    }

    /** A tenant by code; an unknown code re-reads the list once (a tenant that just became READY). */
    async get(code: string): Promise<SyncTenant | undefined> {
        if (!this.tenants.has(code)) await this.refreshIfOlder(1000);
        return this.tenants.get(code);
    }

    private build(info: TenantInfo): SyncTenant {
        let apiKey: string;
        try {
            apiKey = resolveCredentialsRef(info.ecommerceCredentialsRef, this.options.dataDir, this.options.env);
        } catch (err) {
            return { info, problem: `tenant ${info.code}: ${(err as Error).message}` };
        }
        const ecommerce =
            this.options.ecommerceFactory?.(info, apiKey) ??
            new EcommerceClient({
                baseUrl: info.ecommerceUrl,
                apiKey,
                timeoutMs: this.options.timeoutMs,
                credentialsHint: `tenant ${info.code}'s ecommerceCredentialsRef ${info.ecommerceCredentialsRef}`,
            });
        return {
            info,
            ctx: {
                master: this.options.master,
                ecommerce,
                assetBaseUrl: this.options.assetBaseUrl,
                options: { retry: this.options.retry, ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}) },
                signal: this.options.signal,
            },
        };
    }
}
