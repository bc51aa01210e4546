import fs from 'node:fs';
import path from 'node:path';

import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium: playwright-core drives it, nothing is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
];

/** A headless Chromium, or an error saying how to install it. */
export function launchChromium(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)`);
    return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Fails with what to do when an app's Dashboard is not built, or was built before an extension
 * existed: `marker` is a string only that extension's bundle contains (an operation name).
 */
export function assertDashboardBuilt(appPackageDir: string, extension: string, marker: string): void {
    const dir = path.join(appPackageDir, 'dist', 'dashboard');
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
        throw new Error(`the Dashboard is not built (${dir}/index.html is missing): run npm run build`);
    }
    const assets = path.join(dir, 'assets');
    const withExtension = fs
        .readdirSync(assets)
        .some(f => f.endsWith('.js') && fs.readFileSync(path.join(assets, f), 'utf8').includes(marker));
    if (!withExtension) throw new Error(`the Dashboard in ${dir} was built without the ${extension} extension: run npm run build`);
}

/** A fresh browser context (own storage) logged in to an app's Dashboard at `baseUrl`/dashboard. */
export async function dashboardLogin(browser: Browser, baseUrl: string, username: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/dashboard/login`);
    await page.fill('#field-username', username);
    await page.fill('#field-password', password);
    await page.click('button[type=submit]');
    // Logged in once the sidebar shows the user (its channels and permissions are loaded by then).
    await page.locator('[data-sidebar="menu-button"]', { hasText: username }).waitFor();
    return page;
}

/** With DASHBOARD_SCREENSHOTS=<folder>, keeps a screenshot of the page (for looking at, not asserted). */
export async function dashboardScreenshot(page: Page, name: string, fullPage = true): Promise<void> {
    const folder = process.env.DASHBOARD_SCREENSHOTS;
    if (folder) await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage });
}
