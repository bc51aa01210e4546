import { createHash } from 'node:crypto';

/**
 * JSON with object keys in sorted order and `undefined` members left out, so that equal content
 * always gives equal text (and equal hashes) on both sides, whatever order it was built in.
 */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

/** SHA-256 (hex) of the canonical JSON of `value`. */
export function contentHash(value: unknown): string {
    return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(v => (v === undefined ? null : sortKeys(v)));
    if (value && typeof value === 'object' && !(value instanceof Date)) {
        return Object.fromEntries(
            Object.keys(value)
                .filter(k => (value as Record<string, unknown>)[k] !== undefined)
                .sort()
                .map(k => [k, sortKeys((value as Record<string, unknown>)[k])]),
        );
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
    return value;
}
