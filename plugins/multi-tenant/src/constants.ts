export const loggerCtx = 'MultiTenantPlugin';
export const MULTI_TENANT_OPTIONS = Symbol('MULTI_TENANT_OPTIONS');
export const PROVISION_QUEUE = 'provision-tenant';

/** Tenant codes become channel codes, role codes and URL parts: a short lowercase slug. */
export const TENANT_CODE_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
/** Codes that would collide with Vendure's own or ours. */
export const RESERVED_TENANT_CODES = ['default', '__default_channel__', 'admin', 'master', 'ecommerce', 'api', 'assets', 'dashboard'];
