/**
 * Cell values of import files: amounts, whole numbers, dates and yes/no flags. Each parser returns
 * the value or a message that says what is wrong and what is expected, in the user's terms.
 */

export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** Largest amount a money column holds (a 32-bit integer of minor units). */
export const MAX_MINOR_UNITS = 2_147_483_647;
const MAX_WHOLE = 2_147_483_647;

/**
 * A decimal amount in major units ("12.50") → minor units (1250), without floating-point rounding.
 * At most two decimals, a dot as the decimal separator, never negative.
 */
export function parseAmount(text: string): Parsed<number> {
    const s = text.trim();
    if (s === '') return { error: 'required' };
    if (/^-\s*\d/.test(s)) return { error: `${s} is negative: amounts must be 0 or more` };
    const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) {
        if (/^\d+,\d{1,2}$/.test(s)) return { error: `${s}: use a dot as the decimal separator (${s.replace(',', '.')})` };
        if (/^[\d.,]+$/.test(s)) return { error: `${s}: write amounts without thousands separators, with a dot for decimals (1234.50)` };
        return { error: `"${s}" is not an amount; write it like 12.50` };
    }
    const decimals = m[2] ?? '';
    if (decimals.length > 2) return { error: `${s} has more than 2 decimals` };
    const minor = Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
    if (!Number.isSafeInteger(minor) || minor > MAX_MINOR_UNITS) {
        return { error: `${s} is too large (at most ${(MAX_MINOR_UNITS / 100).toFixed(2)})` };
    }
    return { value: minor };
}

/** A whole number of at least `min`; `fallback` for an empty cell (undefined: the cell is required). */
export function parseWhole(text: string, min: number, fallback?: number): Parsed<number> {
    const s = text.trim();
    if (s === '') return fallback === undefined ? { error: 'required' } : { value: fallback };
    if (/^-\s*\d+(\.\d*)?$/.test(s)) return { error: `${s} is negative: it must be ${min} or more` };
    if (!/^\d+$/.test(s)) {
        return /^\d*[.,]\d+$/.test(s) ? { error: `${s} is not a whole number` } : { error: `"${s}" is not a whole number` };
    }
    const value = Number(s);
    if (value < min) return { error: `${s} is less than ${min}` };
    if (value > MAX_WHOLE) return { error: `${s} is too large` };
    return { value };
}

/** An ISO date (YYYY-MM-DD) → midnight UTC of that day; null for an empty cell. */
export function parseIsoDate(text: string): Parsed<Date | null> {
    const s = text.trim();
    if (s === '') return { value: null };
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return { error: `"${s}" is not a date written as YYYY-MM-DD (e.g. 2025-01-31)` };
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
        return { error: `${s} is not a day of the calendar` };
    }
    return { value: date };
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/** true/false, yes/no, 1/0 (any case); `fallback` for an empty cell. */
export function parseFlag(text: string, fallback: boolean): Parsed<boolean> {
    const s = text.trim().toLowerCase();
    if (s === '') return { value: fallback };
    if (TRUE.has(s)) return { value: true };
    if (FALSE.has(s)) return { value: false };
    return { error: `"${text.trim()}" is not one of true/false, yes/no, 1/0` };
}

/** YYYY-MM-DD of a date (UTC), for messages. */
export function isoDay(date: Date | null): string {
    return date ? date.toISOString().slice(0, 10) : '';
}
