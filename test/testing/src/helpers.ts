export { freePort } from '@entrepreneur-os/platform';

/**
 * Polls `check` until it returns a value other than undefined/false, instead of sleeping.
 * @throws with `what` and the last error when the timeout passes
 */
export async function waitFor<T>(
    what: string,
    check: () => Promise<T | undefined | false> | T | undefined | false,
    opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    let lastError: unknown;
    while (Date.now() < deadline) {
        try {
            const result = await check();
            if (result !== undefined && result !== false) return result;
        } catch (err) {
            lastError = err;
        }
        await new Promise(r => setTimeout(r, opts.intervalMs ?? 200));
    }
    throw new Error(`Timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/**
 * Rows of a SQL query on a server's database through a connection of the test's own — what was
 * really committed, not what the server's APIs show. Read-only unless `write`.
 */
export async function queryDatabase<T = Record<string, unknown>>(
    connectionString: string,
    sql: string,
    { write = false }: { write?: boolean } = {},
): Promise<T[]> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString });
    await client.connect();
    try {
        if (!write) await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
        return (await client.query(sql)).rows as T[];
    } finally {
        await client.end();
    }
}
