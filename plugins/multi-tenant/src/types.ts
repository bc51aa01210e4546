/** Which server the plugin runs in. */
export type MultiTenantRole = 'master' | 'ecommerce';

export interface MultiTenantPluginOptions {
    /**
     * `master` keeps the tenants and provisions them; `ecommerce` answers master's provisioning calls.
     */
    role: MultiTenantRole;
    /**
     * Folder that `file:` credential references are read from (the data folder).
     * @default process.cwd()
     */
    secretsDir?: string;
    /**
     * Host name → channel token. A request to such a host without a channel token header acts in
     * that channel (a storefront per domain).
     * @default {}
     */
    hostChannels?: Record<string, string>;
    /**
     * Permissions of other plugins that the tenant roles get on provisioning (e.g. the PIM's
     * ReadSupplier for viewers and all of them for catalog managers). Roles that already exist keep
     * theirs: an operator may have tuned them.
     * @default {}
     */
    extraRolePermissions?: { catalogManager?: readonly string[]; viewer?: readonly string[] };
}

export type TenantStatus = 'PENDING' | 'PROVISIONING' | 'READY' | 'FAILED' | 'DISABLED';

/** The typed per-tenant settings later capabilities read (sync, pricing, completeness). */
export interface TenantSettings {
    /** Replicate this tenant's catalog to its shop. */
    syncEnabled: boolean;
    /** Code of the pricing rule set that prices this tenant's catalog; null: master prices. */
    pricingRuleSet: string | null;
    /** What a product needs before it may be synced to this tenant. */
    completeness: {
        requireDescription: boolean;
        minAssets: number;
        requiredFacetCodes: string[];
    };
}

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
    syncEnabled: true,
    pricingRuleSet: null,
    completeness: { requireDescription: true, minAssets: 1, requiredFacetCodes: [] },
};

/** A step of provisioning, in order. Each is idempotent: re-running a finished step changes nothing. */
export const PROVISIONING_STEPS = ['master-seller', 'master-channel', 'master-roles', 'master-admin', 'ecommerce-shop', 'link'] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];
