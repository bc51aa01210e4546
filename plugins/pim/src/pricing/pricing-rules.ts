/**
 * Tenant pricing rules: what a tenant's shop charges for a master variant.
 *
 * Pure code with no Vendure or Nest imports, so that the Admin API preview, the sync and the
 * benchmarks all call the same function and it unit-tests without a server. All amounts are integers
 * in minor units (cents), as Vendure stores them; rounding assumes two decimal places.
 *
 * Semantics, for one variant at the instant `at`:
 *
 * 1. **Active rules** are valid (see {@link validatePricingRule}), `enabled`, and in force:
 *    `validFrom <= at < validTo`, a null bound being open. Invalid rules never price anything; they
 *    are listed in {@link TenantPricer.rejectedRules} and named in the warnings of every variant their
 *    scope matches.
 * 2. **Matching**: ALL matches every variant; COLLECTION when its id is in `collectionIds`;
 *    FACET_VALUE when its id is in `facetValueIds`; PRODUCT when it is `productId`; VARIANT when it
 *    is `variantId`.
 * 3. **Ranking**: highest `priority` first; on a tie the more specific scope
 *    (VARIANT > PRODUCT > FACET_VALUE = COLLECTION > ALL); then the lowest id (digit-only ids
 *    numerically and before any other id, others by code unit), so the result never depends on the
 *    order the rules were loaded in.
 * 4. **Winner**: the first matching rule in that ranking that is usable. MARKUP_ON_COST is usable
 *    only with a preferred supplier cost in the tenant currency; a higher-ranked rule that is skipped
 *    for that reason gets a warning, so the preview can say why a rule did not apply. Lower-ranked
 *    rules are not examined.
 * 5. **No winner**: the master price, `basis: 'MASTER_PRICE'`.
 * 6. **Arithmetic**: MARKUP_ON_COST = cost × (1 + value / 100); MULTIPLIER_ON_PRICE = master price ×
 *    value; FIXED_OFFSET = master price + value. A negative result is clamped to 0 (with a warning).
 *    The result is then rounded, and rounding never lowers a price: END_99 / END_95 give the smallest
 *    price ≥ the result whose minor units end in 99 / 95 (12.34 → 12.99, 12.99 stays, 13.00 → 13.99),
 *    WHOLE rounds up to a whole major unit, NONE rounds to the nearest minor unit.
 * 7. **Minimum-margin guard**: if the rule sets `minMarginPercent` and a preferred cost in the tenant
 *    currency is known, the price must be ≥ cost × (1 + minMarginPercent / 100) — a margin on cost
 *    (a markup), not on the selling price. A price below that is raised to it (rounded up to a whole
 *    minor unit) and rounded again with the rule's rounding; `marginGuardApplied` is set. Without a
 *    usable cost the guard cannot be checked and a warning says so.
 *
 * Performance: {@link createTenantPricer} validates, filters, ranks and indexes the rules once (by
 * scope type and id); pricing a variant then looks only at the buckets its own ids select, in rank
 * order, and usually stops at the first rule — no scan of all rules per variant.
 */

export type PricingScopeType = 'ALL' | 'COLLECTION' | 'FACET_VALUE' | 'PRODUCT' | 'VARIANT';

export type PricingScope = { type: 'ALL' } | { type: 'COLLECTION' | 'FACET_VALUE' | 'PRODUCT' | 'VARIANT'; id: string };

export const PRICING_METHODS = ['MARKUP_ON_COST', 'MULTIPLIER_ON_PRICE', 'FIXED_OFFSET'] as const;
/**
 * - `MARKUP_ON_COST`: `value` is a percentage on the preferred supplier's cost (80 = cost + 80 %).
 * - `MULTIPLIER_ON_PRICE`: `value` is a factor on the master price (1.15 = +15 %).
 * - `FIXED_OFFSET`: `value` is an amount in minor units added to the master price (may be negative).
 */
export type PricingMethod = (typeof PRICING_METHODS)[number];

export const PRICE_ROUNDINGS = ['NONE', 'END_99', 'END_95', 'WHOLE'] as const;
export type PriceRounding = (typeof PRICE_ROUNDINGS)[number];

export interface PricingRuleDefinition {
    id: string;
    name: string;
    scope: PricingScope;
    method: PricingMethod;
    /** Percent for MARKUP_ON_COST, factor for MULTIPLIER_ON_PRICE, minor units for FIXED_OFFSET. */
    value: number;
    rounding: PriceRounding;
    /** Minimum margin on cost in percent (30 = price ≥ cost × 1.3), or null for no guard. */
    minMarginPercent: number | null;
    /** Higher wins. */
    priority: number;
    /** Inclusive; null = since always. */
    validFrom: Date | null;
    /** Exclusive; null = forever. */
    validTo: Date | null;
    enabled: boolean;
}

/** What the pricer needs to know about one variant; ids as strings, amounts in minor units. */
export interface VariantPricingFacts {
    variantId: string;
    productId: string;
    /** Every collection the variant belongs to. */
    collectionIds: string[];
    /** The variant's facet values and its product's. */
    facetValueIds: string[];
    /** The master price in the tenant currency. */
    masterPrice: number;
    /** The tenant currency: the currency of `masterPrice` and of the result. */
    currencyCode: string;
    /** The preferred supplier's cost, or null when the variant has no preferred supplier price. */
    preferredCost: { amount: number; currencyCode: string } | null;
}

export interface TenantPrice {
    variantId: string;
    /** Minor units in the tenant currency; never negative. */
    price: number;
    ruleId: string | null;
    ruleName: string | null;
    basis: 'MASTER_PRICE' | 'RULE';
    marginGuardApplied: boolean;
    /** One human sentence, e.g. `"Alpine markup" (+80 % on supplier cost 10.00 EUR) → 18.00, rounded .99 → 18.99`. */
    explanation: string;
    warnings: string[];
}

export interface RejectedPricingRule {
    ruleId: string;
    ruleName: string;
    problems: string[];
}

export interface TenantPricer {
    /** The price of one variant under the rules and instant the pricer was created with. */
    price(facts: VariantPricingFacts): TenantPrice;
    /** Rules that failed validation and are ignored. */
    readonly rejectedRules: readonly RejectedPricingRule[];
}

const SCOPE_TYPES: readonly PricingScopeType[] = ['ALL', 'COLLECTION', 'FACET_VALUE', 'PRODUCT', 'VARIANT'];

const SPECIFICITY: Record<PricingScopeType, number> = { VARIANT: 3, PRODUCT: 2, FACET_VALUE: 1, COLLECTION: 1, ALL: 0 };

const MAX_MIN_MARGIN_PERCENT = 1000;

/** Problems with a rule, each naming its field; empty when the rule is valid. */
export function validatePricingRule(rule: PricingRuleDefinition): string[] {
    const problems: string[] = [];
    if (typeof rule.id !== 'string' || rule.id.trim() === '') problems.push('id: required');
    if (typeof rule.name !== 'string' || rule.name.trim() === '') problems.push('name: must not be empty');

    const scope = rule.scope as { type?: unknown; id?: unknown } | null | undefined;
    if (!scope || !SCOPE_TYPES.includes(scope.type as PricingScopeType)) {
        problems.push(`scope.type: one of ${SCOPE_TYPES.join(', ')}`);
    } else if (scope.type !== 'ALL' && (typeof scope.id !== 'string' || scope.id.trim() === '')) {
        problems.push(`scope.id: required for a ${String(scope.type)} scope`);
    }

    const method = rule.method as string;
    const methodKnown = (PRICING_METHODS as readonly string[]).includes(method);
    if (!methodKnown) problems.push(`method: one of ${PRICING_METHODS.join(', ')}`);
    if (typeof rule.value !== 'number' || !Number.isFinite(rule.value)) {
        problems.push('value: must be a finite number');
    } else if (method === 'MARKUP_ON_COST' && rule.value < -100) {
        problems.push('value: a markup must be at least -100 %');
    } else if (method === 'MULTIPLIER_ON_PRICE' && rule.value <= 0) {
        problems.push('value: a multiplier must be greater than 0');
    } else if (method === 'FIXED_OFFSET' && !Number.isSafeInteger(rule.value)) {
        problems.push('value: a fixed offset must be a whole number of minor units');
    }

    if (!(PRICE_ROUNDINGS as readonly string[]).includes(rule.rounding)) {
        problems.push(`rounding: one of ${PRICE_ROUNDINGS.join(', ')}`);
    }
    if (
        rule.minMarginPercent !== null &&
        (typeof rule.minMarginPercent !== 'number' ||
            !Number.isFinite(rule.minMarginPercent) ||
            rule.minMarginPercent < 0 ||
            rule.minMarginPercent > MAX_MIN_MARGIN_PERCENT)
    ) {
        problems.push(`minMarginPercent: null or a number from 0 to ${MAX_MIN_MARGIN_PERCENT}`);
    }
    if (!Number.isSafeInteger(rule.priority)) problems.push('priority: must be an integer');

    const fromValid = isValidDateOrNull(rule.validFrom);
    const toValid = isValidDateOrNull(rule.validTo);
    if (!fromValid) problems.push('validFrom: null or a valid date');
    if (!toValid) problems.push('validTo: null or a valid date');
    if (fromValid && toValid && rule.validFrom && rule.validTo && rule.validTo.getTime() <= rule.validFrom.getTime()) {
        problems.push('validTo: must be after validFrom');
    }
    if (typeof rule.enabled !== 'boolean') problems.push('enabled: must be true or false');
    return problems;
}

/**
 * Validates, filters, ranks and indexes `rules` once for the instant `at`; the returned pricer then
 * prices any number of variants. See the module comment for the semantics.
 */
export function createTenantPricer(rules: readonly PricingRuleDefinition[], at: Date): TenantPricer {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new RangeError('createTenantPricer: `at` must be a valid Date');
    const atMs = at.getTime();

    const rejectedRules: RejectedPricingRule[] = [];
    const rejectedIndex = new ScopeIndex<RejectedPricingRule>();
    const active: PricingRuleDefinition[] = [];
    for (const rule of rules) {
        const problems = validatePricingRule(rule);
        if (problems.length > 0) {
            const rejected = { ruleId: String(rule.id), ruleName: String(rule.name), problems };
            rejectedRules.push(rejected);
            if (isIndexableScope(rule.scope)) rejectedIndex.add(rule.scope, rejected);
            continue;
        }
        if (rule.enabled && isInForce(rule, atMs)) active.push(rule);
    }

    // Rank once; buckets keep rank order because rules are added in that order.
    active.sort(compareRules); // Array.prototype.sort is stable: full ties keep input order.
    const index = new ScopeIndex<RankedRule>();
    active.forEach((rule, rank) => index.add(rule.scope, { rule, rank }));

    const skipped: RankedRule[] = []; // scratch, reused: price() is synchronous
    return {
        rejectedRules,
        price: facts => priceVariant(facts, index, rejectedIndex, skipped),
    };
}

/** Prices every variant of `factsList` (same order) under `rules` at `at`. */
export function computeTenantPrices(
    factsList: readonly VariantPricingFacts[],
    rules: readonly PricingRuleDefinition[],
    at: Date,
): TenantPrice[] {
    const pricer = createTenantPricer(rules, at);
    return factsList.map(facts => pricer.price(facts));
}

/** Rounds `amount` (minor units, possibly fractional, not negative) up to the rounding's grid; NONE rounds to nearest. */
export function applyRounding(amount: number, rounding: PriceRounding): number {
    const snapped = snap(amount);
    if (rounding === 'NONE') return Math.round(snapped);
    const whole = Math.ceil(snapped);
    const minor = ((whole % 100) + 100) % 100;
    switch (rounding) {
        case 'WHOLE':
            return minor === 0 ? whole : whole - minor + 100;
        case 'END_99':
            return whole - minor + 99;
        case 'END_95':
            return minor <= 95 ? whole - minor + 95 : whole - minor + 195;
    }
}

/** Orders rules best first: priority, then scope specificity, then id. */
export function compareRules(a: PricingRuleDefinition, b: PricingRuleDefinition): number {
    return b.priority - a.priority || SPECIFICITY[b.scope.type] - SPECIFICITY[a.scope.type] || compareIds(a.id, b.id);
}

/** Digit-only ids numerically and before all others (Vendure's default ids); others by code unit. */
export function compareIds(a: string, b: string): number {
    const aNumeric = DIGITS.test(a);
    const bNumeric = DIGITS.test(b);
    if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
    if (aNumeric) {
        const aTrimmed = a.replace(LEADING_ZEROS, '');
        const bTrimmed = b.replace(LEADING_ZEROS, '');
        if (aTrimmed.length !== bTrimmed.length) return aTrimmed.length - bTrimmed.length;
        if (aTrimmed !== bTrimmed) return aTrimmed < bTrimmed ? -1 : 1;
    }
    return a === b ? 0 : a < b ? -1 : 1;
}

const DIGITS = /^\d+$/;
const LEADING_ZEROS = /^0+(?=\d)/;

interface RankedRule {
    rule: PricingRuleDefinition;
    rank: number;
}

/** Items grouped by scope: one list for ALL, one map per scoped type. */
class ScopeIndex<T> {
    readonly all: T[] = [];
    readonly byType = {
        COLLECTION: new Map<string, T[]>(),
        FACET_VALUE: new Map<string, T[]>(),
        PRODUCT: new Map<string, T[]>(),
        VARIANT: new Map<string, T[]>(),
    };
    size = 0;

    add(scope: PricingScope, item: T): void {
        this.size++;
        if (scope.type === 'ALL') {
            this.all.push(item);
            return;
        }
        const map = this.byType[scope.type];
        const bucket = map.get(scope.id);
        if (bucket) bucket.push(item);
        else map.set(scope.id, [item]);
    }

    /** The buckets that match the variant (a bucket twice when an id is listed twice). */
    bucketsFor(facts: VariantPricingFacts): (T[] | undefined)[] {
        const { COLLECTION, FACET_VALUE, PRODUCT, VARIANT } = this.byType;
        const buckets = [VARIANT.get(facts.variantId), PRODUCT.get(facts.productId), this.all];
        for (const id of facts.facetValueIds) buckets.push(FACET_VALUE.get(id));
        for (const id of facts.collectionIds) buckets.push(COLLECTION.get(id));
        return buckets;
    }
}

/** What produced a rule-based price: the input of its explanation. */
interface Computation {
    rule: PricingRuleDefinition;
    currencyCode: string;
    masterPrice: number;
    cost: number | null;
    raw: number;
    clamped: boolean;
    rounded: number;
    /** The margin floor when the guard raised the price, else null. */
    floor: number | null;
    price: number;
}

function priceVariant(
    facts: VariantPricingFacts,
    index: ScopeIndex<RankedRule>,
    rejectedIndex: ScopeIndex<RejectedPricingRule>,
    skipped: RankedRule[],
): TenantPrice {
    const warnings: string[] = [];
    if (rejectedIndex.size > 0) {
        const seen = new Set<RejectedPricingRule>();
        for (const bucket of rejectedIndex.bucketsFor(facts)) {
            for (const rejected of bucket ?? []) {
                if (seen.has(rejected)) continue;
                seen.add(rejected);
                warnings.push(`rule "${rejected.ruleName}" (${rejected.ruleId}) ignored: invalid (${rejected.problems.join('; ')})`);
            }
        }
    }

    const costProblem = describeCostProblem(facts);
    const cost = costProblem === null && facts.preferredCost ? facts.preferredCost.amount : null;

    // Each bucket is in rank order: its first usable rule is its best; the winner is the best of those.
    // Markup rules passed over on the way (no usable cost) are remembered for the warnings.
    let winner: RankedRule | undefined;
    skipped.length = 0;
    for (const bucket of index.size > 0 ? index.bucketsFor(facts) : []) {
        if (bucket === undefined) continue;
        for (const entry of bucket) {
            if (winner !== undefined && entry.rank >= winner.rank) break;
            if (cost === null && entry.rule.method === 'MARKUP_ON_COST') {
                skipped.push(entry);
                continue;
            }
            winner = entry;
            break;
        }
    }
    if (skipped.length > 0) {
        // Only rules ranked above the winner matter; each once (a bucket can be listed twice), best first.
        const above = skipped.filter((entry, i) => (winner === undefined || entry.rank < winner.rank) && skipped.indexOf(entry) === i);
        above.sort((a, b) => a.rank - b.rank);
        for (const { rule } of above) warnings.push(`rule "${rule.name}" (${rule.id}) skipped: ${costProblem}`);
    }

    if (winner === undefined) {
        const { masterPrice, currencyCode } = facts;
        return {
            variantId: facts.variantId,
            price: masterPrice,
            ruleId: null,
            ruleName: null,
            basis: 'MASTER_PRICE',
            marginGuardApplied: false,
            explanation: `No pricing rule applies: master price ${formatMoney(masterPrice, currencyCode)}`,
            warnings,
        };
    }

    const { rule } = winner;
    let raw: number;
    switch (rule.method) {
        case 'MARKUP_ON_COST':
            if (cost === null) throw new Error('unreachable: a markup rule won without a usable cost');
            raw = (cost * (100 + rule.value)) / 100;
            break;
        case 'MULTIPLIER_ON_PRICE':
            raw = facts.masterPrice * rule.value;
            break;
        case 'FIXED_OFFSET':
            raw = facts.masterPrice + rule.value;
            break;
    }
    raw = snap(raw);
    const clamped = raw < 0;
    if (clamped) warnings.push(`rule "${rule.name}" (${rule.id}) gives a negative price (${formatAmount(raw)}); clamped to 0`);
    const rounded = applyRounding(clamped ? 0 : raw, rule.rounding);

    let price = rounded;
    let floor: number | null = null;
    if (rule.minMarginPercent !== null) {
        if (cost === null) {
            warnings.push(`minimum margin of rule "${rule.name}" (${rule.id}) not checked: ${costProblem}`);
        } else {
            const minimum = Math.ceil(snap((cost * (100 + rule.minMarginPercent)) / 100));
            if (rounded < minimum) {
                floor = minimum;
                price = applyRounding(minimum, rule.rounding);
            }
        }
    }

    const computation: Computation = {
        rule,
        currencyCode: facts.currencyCode,
        masterPrice: facts.masterPrice,
        cost,
        raw,
        clamped,
        rounded,
        floor,
        price,
    };
    return {
        variantId: facts.variantId,
        price,
        ruleId: rule.id,
        ruleName: rule.name,
        basis: 'RULE',
        marginGuardApplied: floor !== null,
        explanation: explain(computation),
        warnings,
    };
}

/** `"Alpine markup" (+80 % on supplier cost 10.00 EUR) → 18.00, rounded .99 → 18.99` and the like. */
function explain(c: Computation): string {
    const { rule, currencyCode } = c;
    let how: string;
    switch (rule.method) {
        case 'MARKUP_ON_COST':
            how = `${rule.value < 0 ? '' : '+'}${rule.value} % on supplier cost ${formatMoney(c.cost ?? 0, currencyCode)}`;
            break;
        case 'MULTIPLIER_ON_PRICE':
            how = `×${rule.value} on master price ${formatMoney(c.masterPrice, currencyCode)}`;
            break;
        case 'FIXED_OFFSET':
            how =
                `${rule.value < 0 ? '-' : '+'}${formatMoney(Math.abs(rule.value), currencyCode)}` +
                ` on master price ${formatMoney(c.masterPrice, currencyCode)}`;
            break;
    }
    let text = `"${rule.name}" (${how}) → ${formatAmount(c.raw)}`;
    if (c.clamped) text += `, clamped to ${formatAmount(0)}`;
    if (c.rounded !== (c.clamped ? 0 : c.raw)) text += `, ${describeRounding(rule.rounding)} → ${formatAmount(c.rounded)}`;
    if (c.floor !== null) {
        text +=
            `; below the ${rule.minMarginPercent} % minimum margin on cost ${formatMoney(c.cost ?? 0, currencyCode)}` +
            ` → raised to ${formatAmount(c.floor)}`;
        if (c.price !== c.floor) text += `, ${describeRounding(rule.rounding)} → ${formatAmount(c.price)}`;
    }
    return text;
}

/** Why the preferred cost cannot be used, or null when it can. */
function describeCostProblem(facts: VariantPricingFacts): string | null {
    const cost = facts.preferredCost;
    if (!cost) return 'no preferred supplier cost';
    if (typeof cost.amount !== 'number' || !Number.isFinite(cost.amount) || cost.amount < 0) {
        return `preferred supplier cost is not a valid amount (${String(cost.amount)})`;
    }
    if (cost.currencyCode.toUpperCase() !== facts.currencyCode.toUpperCase()) {
        return `supplier cost is in ${cost.currencyCode}, tenant prices in ${facts.currencyCode}`;
    }
    return null;
}

function isInForce(rule: PricingRuleDefinition, atMs: number): boolean {
    return (rule.validFrom === null || rule.validFrom.getTime() <= atMs) && (rule.validTo === null || atMs < rule.validTo.getTime());
}

function isValidDateOrNull(value: unknown): boolean {
    return value === null || (value instanceof Date && !Number.isNaN(value.getTime()));
}

function isIndexableScope(scope: unknown): scope is PricingScope {
    if (!scope || typeof scope !== 'object') return false;
    const { type, id } = scope as { type?: unknown; id?: unknown };
    return type === 'ALL' || (SCOPE_TYPES.includes(type as PricingScopeType) && typeof id === 'string');
}

/**
 * Removes floating-point noise (1.12 × 5000 = 5600.000000000001, 1.17 × 850 = 994.4999999999999) by
 * rounding to a millionth of a minor unit, so that rounding up does not add a cent and rounding to
 * nearest does not lose one. Rules are never that precise.
 */
function snap(amount: number): number {
    return Math.round(amount * 1e6) / 1e6;
}

function describeRounding(rounding: PriceRounding): string {
    switch (rounding) {
        case 'END_99':
            return 'rounded .99';
        case 'END_95':
            return 'rounded .95';
        case 'WHOLE':
            return 'rounded up to whole';
        case 'NONE':
            return 'rounded';
    }
}

function formatMoney(minor: number, currencyCode: string): string {
    return `${formatAmount(minor)} ${currencyCode}`;
}

/** Minor units as major units with two decimals (more when the amount has fractions of a minor unit). */
function formatAmount(minor: number): string {
    const sign = minor < 0 ? '-' : '';
    const abs = Math.abs(minor);
    if (Number.isInteger(abs)) {
        const major = Math.floor(abs / 100);
        const rest = abs - major * 100;
        return `${sign}${major}.${String(rest).padStart(2, '0')}`;
    }
    return `${sign}${(abs / 100).toFixed(4).replace(/0{1,2}$/, '')}`;
}
