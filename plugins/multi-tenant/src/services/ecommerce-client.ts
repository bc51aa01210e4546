import type { TenantShop, TenantShopInput } from './tenant-shop.service';

/** Why a call to an ecommerce server failed, in words an operator can act on. */
export class EcommerceCallError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'EcommerceCallError';
    }
}

const ENSURE_TENANT_SHOP = `mutation EnsureTenantShop($input: TenantShopInput!) {
    ensureTenantShop(input: $input) { channelId channelToken shopStaffRoleCode }
}`;

const SET_TENANT_SHOP_ENABLED = `mutation SetTenantShopEnabled($code: String!, $enabled: Boolean!) {
    setTenantShopEnabled(code: $code, enabled: $enabled)
}`;

/** Calls `ensureTenantShop` on an ecommerce server's Admin API with an API key. */
export async function callEnsureTenantShop(baseUrl: string, apiKey: string, input: TenantShopInput): Promise<TenantShop> {
    const data = await callEcommerce<{ ensureTenantShop?: TenantShop }>(baseUrl, apiKey, ENSURE_TENANT_SHOP, { input });
    if (!data.ensureTenantShop)
        throw new EcommerceCallError(`ecommerce server ${baseUrl} does not run the multi-tenant plugin (no ensureTenantShop)`);
    return data.ensureTenantShop;
}

/** Calls `setTenantShopEnabled` on an ecommerce server (disabling or enabling a tenant). */
export async function callSetTenantShopEnabled(baseUrl: string, apiKey: string, code: string, enabled: boolean): Promise<void> {
    await callEcommerce(baseUrl, apiKey, SET_TENANT_SHOP_ENABLED, { code, enabled });
}

async function callEcommerce<T>(
    baseUrl: string,
    apiKey: string,
    query: string,
    variables: Record<string, unknown>,
    timeoutMs = 15_000,
): Promise<T> {
    const url = `${baseUrl}/admin-api`;
    let res: Response;
    try {
        res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'vendure-api-key': apiKey },
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(timeoutMs),
        });
    } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        throw new EcommerceCallError(
            `ecommerce server ${baseUrl} is unreachable (${cause}): check the tenant's ecommerceUrl and that the server runs`,
        );
    }
    const text = await res.text();
    let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
        body = JSON.parse(text) as typeof body;
    } catch {
        throw new EcommerceCallError(
            `ecommerce server ${baseUrl} answered HTTP ${res.status} with something that is not GraphQL: is ecommerceUrl right?`,
        );
    }
    const error = body.errors?.[0];
    if (error) {
        if (error.extensions?.code === 'FORBIDDEN' || /not currently authorized/i.test(error.message)) {
            throw new EcommerceCallError(
                `ecommerce server ${baseUrl} rejected the credentials: the API key in the tenant's credentials reference is wrong or lacks the ProvisionTenantShop permission`,
            );
        }
        throw new EcommerceCallError(`ecommerce server ${baseUrl} refused: ${error.message}`);
    }
    if (!body.data) throw new EcommerceCallError(`ecommerce server ${baseUrl} answered without data`);
    return body.data;
}
