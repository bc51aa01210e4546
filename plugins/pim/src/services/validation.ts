import { UserInputError } from '@vendure/core';

/** Throws one error naming every problem; nothing has been written when it does. */
export function assertValid(what: string, problems: string[]): void {
    if (problems.length) throw new UserInputError(`${what}: ${problems.join('; ')}`);
}

export const CURRENCY = /^[A-Z]{3}$/;
export const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function isWholeNumber(value: unknown, min: number): value is number {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}
