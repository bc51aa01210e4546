import { CurrencyCode, LanguageCode } from '@vendure/core';

import { RESERVED_TENANT_CODES, TENANT_CODE_PATTERN } from '../constants';
import { DEFAULT_TENANT_SETTINGS, TenantSettings } from '../types';

/** Thrown for input that names what is wrong; nothing has been written when it is thrown. */
export class TenantInputError extends Error {
    constructor(readonly problems: string[]) {
        super(`Invalid tenant: ${problems.join('; ')}`);
        this.name = 'TenantInputError';
    }
}

export interface TenantInput {
    code: string;
    name: string;
    defaultLanguageCode: string;
    currencyCode: string;
    ecommerceUrl: string;
    ecommerceCredentialsRef: string;
    settings?: Partial<TenantSettings> | null;
}

const LANGUAGES = new Set<string>(Object.values(LanguageCode));
const CURRENCIES = new Set<string>(Object.values(CurrencyCode));

/** Validates a new tenant; returns the normalised values or throws with every problem named. */
export function validateTenantInput(input: TenantInput): TenantInput & { settings: TenantSettings } {
    const problems: string[] = [];
    const code = (input.code ?? '').trim();
    if (!TENANT_CODE_PATTERN.test(code)) {
        problems.push(`code "${code}" must be 3–32 characters of a-z, 0-9 and "-", starting with a letter`);
    } else if (RESERVED_TENANT_CODES.includes(code)) {
        problems.push(`code "${code}" is reserved`);
    }
    const name = (input.name ?? '').trim();
    if (!name || name.length > 100) problems.push('name must have 1–100 characters');
    if (!LANGUAGES.has(input.defaultLanguageCode))
        problems.push(`defaultLanguageCode "${input.defaultLanguageCode}" is not a language code Vendure knows`);
    if (!CURRENCIES.has(input.currencyCode)) problems.push(`currencyCode "${input.currencyCode}" is not an ISO 4217 currency code`);
    if (!/^https?:\/\/[^/\s]+/.test(input.ecommerceUrl ?? ''))
        problems.push(`ecommerceUrl "${input.ecommerceUrl}" must be the http(s) base URL of the ecommerce server`);
    problems.push(...credentialsRefProblems(input.ecommerceCredentialsRef));
    const settings = validateTenantSettings(input.settings ?? {}, problems);
    if (problems.length) throw new TenantInputError(problems);
    return { ...input, code, name, ecommerceUrl: input.ecommerceUrl.replace(/\/+$/, ''), settings };
}

/** Merges partial settings over the defaults, naming every invalid field. */
export function validateTenantSettings(raw: Partial<TenantSettings>, problems: string[] = []): TenantSettings {
    const settings: TenantSettings = {
        ...DEFAULT_TENANT_SETTINGS,
        ...raw,
        completeness: { ...DEFAULT_TENANT_SETTINGS.completeness, ...(raw.completeness ?? {}) },
    };
    const known = new Set(Object.keys(DEFAULT_TENANT_SETTINGS));
    for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`settings.${key} is not a tenant setting`);
    if (typeof settings.syncEnabled !== 'boolean') problems.push('settings.syncEnabled must be true or false');
    if (settings.pricingRuleSet !== null && (typeof settings.pricingRuleSet !== 'string' || !settings.pricingRuleSet.trim())) {
        problems.push('settings.pricingRuleSet must be a rule set code or null');
    }
    const c = settings.completeness;
    if (typeof c.requireDescription !== 'boolean') problems.push('settings.completeness.requireDescription must be true or false');
    if (!Number.isInteger(c.minAssets) || c.minAssets < 0 || c.minAssets > 50)
        problems.push('settings.completeness.minAssets must be an integer from 0 to 50');
    if (!Array.isArray(c.requiredFacetCodes) || c.requiredFacetCodes.some(f => typeof f !== 'string' || !f)) {
        problems.push('settings.completeness.requiredFacetCodes must be a list of facet codes');
    }
    return settings;
}

/**
 * A credentials reference names where a secret lives, never the secret: `env:VARIABLE` or
 * `file:relative/path` (inside the secrets folder).
 */
export function credentialsRefProblems(ref: string | undefined): string[] {
    if (!ref) return ['ecommerceCredentialsRef is required (env:VARIABLE or file:path)'];
    if (/^env:[A-Z_][A-Z0-9_]*$/.test(ref)) return [];
    if (/^file:[\w./-]+$/.test(ref) && !ref.includes('..')) return [];
    return [
        `ecommerceCredentialsRef "${ref}" must be env:VARIABLE_NAME or file:relative/path — a reference to the API key, never the key itself`,
    ];
}
