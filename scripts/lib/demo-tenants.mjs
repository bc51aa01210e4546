// The embedded demo: two tenants with different languages and currencies, each with a catalog-manager
// login in master and a shop-staff login in ecommerce. Idempotent: a warm start only checks them.
import { AdminApi, findTenant, followProvisioning } from './admin-api.mjs';
import { ensureDemoPim } from './demo-pim.mjs';
import { ECOMMERCE_KEY_REF } from './stack-keys.mjs';

export const DEMO_TENANTS = [
    { code: 'alpine', name: 'Alpine Outfitters', language: 'de', currency: 'EUR', password: 'alpine-demo-2026' },
    { code: 'pacific', name: 'Pacific Home', language: 'en', currency: 'USD', password: 'pacific-demo-2026' },
];

/**
 * @returns one line per login to print in the banner
 */
export async function ensureDemoTenants({ masterUrl, ecommerceUrl, superadmin, log }) {
    const ecommerce = await new AdminApi(ecommerceUrl).login(superadmin.username, superadmin.password);
    const master = await new AdminApi(masterUrl).login(superadmin.username, superadmin.password);
    const logins = [];
    for (const demo of DEMO_TENANTS) {
        const existing = await findTenant(master, demo.code);
        if (existing?.status !== 'READY') {
            log(`[demo] provisioning tenant ${demo.code} (${demo.language}/${demo.currency})`);
            if (!existing) {
                await master.query(`mutation($i: CreateTenantInput!) { createTenant(input: $i) { status } }`, {
                    i: {
                        code: demo.code,
                        name: demo.name,
                        defaultLanguageCode: demo.language,
                        currencyCode: demo.currency,
                        ecommerceUrl,
                        ecommerceCredentialsRef: ECOMMERCE_KEY_REF,
                        firstAdministrator: {
                            emailAddress: `catalog@${demo.code}.demo`,
                            password: demo.password,
                            firstName: demo.name,
                            lastName: 'Catalog',
                        },
                    },
                });
            } else if (existing.status === 'FAILED') {
                await master.query(`mutation($id: ID!) { retryTenantProvisioning(id: $id) { status } }`, { id: existing.id });
            }
            const tenant = await followProvisioning(master, demo.code, { log });
            if (tenant.status !== 'READY') throw new Error(`demo tenant ${demo.code} failed: ${tenant.lastError}`);
        }
        await ensureShopStaff(ecommerce, demo);
        await ensureDemoPim({ masterUrl, master, demo, log });
        logins.push(
            `  ${demo.name.padEnd(18)} master: catalog@${demo.code}.demo / ${demo.password}   ecommerce: staff@${demo.code}.demo / ${demo.password}   shop token: ${demo.code}`,
        );
    }
    return logins;
}

async function ensureShopStaff(ecommerce, demo) {
    const email = `staff@${demo.code}.demo`;
    const { administrators } = await ecommerce.query(
        `query($e: String!) { administrators(options: { filter: { emailAddress: { eq: $e } } }) { totalItems } }`,
        { e: email },
    );
    if (administrators.totalItems) return;
    const { roles } = await ecommerce.query(`query($c: String!) { roles(options: { filter: { code: { eq: $c } } }) { items { id } } }`, {
        c: `${demo.code}-shop-staff`,
    });
    if (!roles.items.length) throw new Error(`role ${demo.code}-shop-staff is missing on ecommerce`);
    await ecommerce.query(`mutation($i: CreateAdministratorInput!) { createAdministrator(input: $i) { id } }`, {
        i: { emailAddress: email, password: demo.password, firstName: demo.name, lastName: 'Staff', roleIds: [roles.items[0].id] },
    });
}
