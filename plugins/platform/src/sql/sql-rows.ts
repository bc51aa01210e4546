import { Product, RequestContext, TransactionalConnection } from '@vendure/core';
import { ObjectLiteral } from 'typeorm';

/** Ids per `IN (…)` list: far below PostgreSQL's limit of 65,535 bound parameters. */
const IDS_PER_QUERY = 1000;

/**
 * Rows of a hand-written query, in the request's transaction. For read paths that load whole
 * batches (snapshots, completeness): TypeORM's relation loading groups related rows with nested
 * scans, which costs more than the queries themselves once a batch holds hundreds of rows.
 * Parameters as in TypeORM (`:name`, `:...list`); camelCase identifiers in double quotes. Ids come
 * back as the driver gives them: compare with `String()`.
 */
export async function sqlRows<T extends ObjectLiteral>(
    connection: TransactionalConnection,
    ctx: RequestContext,
    sql: string,
    parameters: ObjectLiteral = {},
): Promise<T[]> {
    const manager = connection.getRepository(ctx, Product).manager;
    const [query, bound] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
    return manager.query<T[]>(query, bound);
}

/** `sqlRows` for an id list of any length: one query per slice of `:...ids`, rows concatenated. */
export async function sqlRowsForIds<T extends ObjectLiteral>(
    connection: TransactionalConnection,
    ctx: RequestContext,
    sql: string,
    ids: ReadonlyArray<string | number>,
    parameters: ObjectLiteral = {},
): Promise<T[]> {
    const rows: T[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        rows.push(...(await sqlRows<T>(connection, ctx, sql, { ...parameters, ids: ids.slice(i, i + IDS_PER_QUERY) })));
    }
    return rows;
}

/** Rows grouped by a key column, as strings (ids differ in type between drivers). */
export function groupRows<T extends ObjectLiteral>(rows: T[], key: keyof T): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
        const k = String(row[key]);
        const group = groups.get(k);
        if (group) group.push(row);
        else groups.set(k, [row]);
    }
    return groups;
}

/** A list in slices of `size` (multi-row INSERTs, `IN (…)` lists). */
export function chunks<T>(list: readonly T[], size: number): T[][] {
    const slices: T[][] = [];
    for (let i = 0; i < list.length; i += size) slices.push(list.slice(i, i + size));
    return slices;
}
