// A minimal Admin API client for our command-line tools (they run before/without the TypeScript build).

export class AdminApi {
    /** @param {string} baseUrl e.g. http://localhost:3000 */
    constructor(baseUrl) {
        this.baseUrl = baseUrl.replace(/\/+$/, '');
        this.token = undefined;
        this.channelToken = undefined;
    }

    /** Later calls act in the channel with this token (a tenant's channel). */
    inChannel(channelToken) {
        this.channelToken = channelToken;
        return this;
    }

    async login(username, password) {
        const res = await this.post(
            `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }`,
            { u: username, p: password },
        );
        if (!res.login.id)
            throw new Error(
                `login to ${this.baseUrl} as ${username} failed (${res.login.errorCode}): check SUPERADMIN_USERNAME / SUPERADMIN_PASSWORD`,
            );
        return this;
    }

    async query(query, variables = {}) {
        return this.post(query, variables);
    }

    async post(query, variables) {
        let res;
        try {
            res = await fetch(`${this.baseUrl}/admin-api`, {
                method: 'POST',
                headers: {
                    'content-type': 'application/json',
                    ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
                    ...(this.channelToken ? { 'vendure-token': this.channelToken } : {}),
                },
                body: JSON.stringify({ query, variables }),
                signal: AbortSignal.timeout(30_000),
            });
        } catch (err) {
            throw new Error(`cannot reach ${this.baseUrl} (${err.cause?.code ?? err.message}): is the server running?`);
        }
        const token = res.headers.get('vendure-auth-token');
        if (token) this.token = token;
        const body = await res.json();
        if (body.errors?.length) throw new Error(body.errors.map(e => e.message).join('; '));
        return body.data;
    }
}

export const TENANT_FIELDS =
    'id code name status lastError defaultLanguageCode currencyCode ecommerceUrl ecommerceChannelToken channel { code token } events { createdAt step outcome message }';

export async function findTenant(api, code) {
    const { tenants } = await api.query(
        `query($c: String!) { tenants(options: { filter: { code: { eq: $c } } }) { items { ${TENANT_FIELDS} } } }`,
        { c: code },
    );
    return tenants.items[0];
}

/**
 * Waits until a tenant is READY or FAILED, printing each new provisioning event as it happens.
 * @returns the settled tenant
 */
export async function followProvisioning(api, code, { log = console.log, timeoutMs = 180_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    let printed = 0;
    for (;;) {
        const tenant = await findTenant(api, code);
        for (const e of tenant.events.slice(printed)) log(`  ${code}: ${e.step.padEnd(15)} ${e.outcome.padEnd(9)} ${e.message}`);
        printed = tenant.events.length;
        if (tenant.status === 'READY' || tenant.status === 'FAILED') return tenant;
        if (Date.now() > deadline)
            throw new Error(`tenant ${code} is still ${tenant.status} after ${timeoutMs / 1000}s: is the master worker running?`);
        await new Promise(r => setTimeout(r, 500));
    }
}
