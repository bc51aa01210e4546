import { describe, expect, it } from 'vitest';

import {
    applyRounding,
    compareIds,
    computeTenantPrices,
    createTenantPricer,
    PriceRounding,
    PricingRuleDefinition,
    TenantPrice,
    validatePricingRule,
    VariantPricingFacts,
} from './pricing-rules';

const AT = new Date('2025-06-01T12:00:00.000Z');
const ms = (offset: number) => new Date(AT.getTime() + offset);

function rule(overrides: Partial<PricingRuleDefinition> = {}): PricingRuleDefinition {
    return {
        id: '1',
        name: 'Rule',
        scope: { type: 'ALL' },
        method: 'MULTIPLIER_ON_PRICE',
        value: 1,
        rounding: 'NONE',
        minMarginPercent: null,
        priority: 0,
        validFrom: null,
        validTo: null,
        enabled: true,
        ...overrides,
    };
}

/** Master price 20.00 EUR, preferred cost 10.00 EUR. */
function facts(overrides: Partial<VariantPricingFacts> = {}): VariantPricingFacts {
    return {
        variantId: 'v1',
        productId: 'p1',
        collectionIds: ['c1'],
        facetValueIds: ['f1'],
        masterPrice: 2000,
        currencyCode: 'EUR',
        preferredCost: { amount: 1000, currencyCode: 'EUR' },
        ...overrides,
    };
}

function priceOf(rules: PricingRuleDefinition[], variant: VariantPricingFacts = facts(), at = AT): TenantPrice {
    return createTenantPricer(rules, at).price(variant);
}

describe('applyRounding', () => {
    it.each<[PriceRounding, number, number]>([
        ['END_99', 1234, 1299],
        ['END_99', 1299, 1299],
        ['END_99', 1300, 1399],
        ['END_99', 1298.5, 1299],
        ['END_99', 1299.2, 1399],
        ['END_99', 0, 99],
        ['END_99', 99, 99],
        ['END_99', 100, 199],
        ['END_95', 1234, 1295],
        ['END_95', 1295, 1295],
        ['END_95', 1296, 1395],
        ['END_95', 1299, 1395],
        ['END_95', 1300, 1395],
        ['END_95', 1294.1, 1295],
        ['END_95', 0, 95],
        ['WHOLE', 1234, 1300],
        ['WHOLE', 1200, 1200],
        ['WHOLE', 1201, 1300],
        ['WHOLE', 1199.5, 1200],
        ['WHOLE', 0, 0],
        ['NONE', 1234, 1234],
        ['NONE', 1234.5, 1235],
        ['NONE', 1234.49, 1234],
        ['NONE', 0, 0],
    ])('%s rounds %d to %d', (rounding, amount, expected) => {
        expect(applyRounding(amount, rounding)).toBe(expected);
    });

    it('ignores floating-point noise instead of adding a minor unit', () => {
        expect(1.12 * 5000).not.toBe(5600); // 5600.000000000001
        expect(applyRounding(1.12 * 5000, 'WHOLE')).toBe(5600);
        expect(applyRounding(1.12 * 5000 - 1, 'END_99')).toBe(5599);
        expect(applyRounding(1.12 * 5000 - 5, 'END_95')).toBe(5595);
        expect(applyRounding(5600.4, 'WHOLE')).toBe(5700); // a real fraction still rounds up
        expect(1.17 * 850).not.toBe(994.5); // 994.4999999999999
        expect(applyRounding(1.17 * 850, 'NONE')).toBe(995);
        expect(applyRounding(994.4999, 'NONE')).toBe(994);
    });

    it('never lowers a price, lands on its grid and adds less than one major unit', () => {
        for (let amount = 0; amount <= 1000; amount++) {
            for (const rounding of ['END_99', 'END_95', 'WHOLE'] as const) {
                const rounded = applyRounding(amount, rounding);
                expect(rounded).toBeGreaterThanOrEqual(amount);
                expect(rounded - amount).toBeLessThan(100);
                expect(rounded % 100).toBe({ END_99: 99, END_95: 95, WHOLE: 0 }[rounding]);
            }
            expect(applyRounding(amount, 'NONE')).toBe(amount);
        }
    });
});

describe('pricing methods', () => {
    it('MARKUP_ON_COST adds a percentage to the preferred cost', () => {
        const result = priceOf([rule({ id: '7', name: 'Alpine markup', method: 'MARKUP_ON_COST', value: 80, rounding: 'END_99' })]);
        expect(result).toEqual({
            variantId: 'v1',
            price: 1899,
            ruleId: '7',
            ruleName: 'Alpine markup',
            basis: 'RULE',
            marginGuardApplied: false,
            explanation: '"Alpine markup" (+80 % on supplier cost 10.00 EUR) → 18.00, rounded .99 → 18.99',
            warnings: [],
        });
    });

    it('MARKUP_ON_COST takes negative and fractional percentages', () => {
        const discount = priceOf([rule({ name: 'Clearance', method: 'MARKUP_ON_COST', value: -20 })]);
        expect(discount.price).toBe(800);
        expect(discount.explanation).toBe('"Clearance" (-20 % on supplier cost 10.00 EUR) → 8.00');
        expect(priceOf([rule({ method: 'MARKUP_ON_COST', value: -100 })]).price).toBe(0);
        // 1001 × 1.125 = 1126.125 → nearest minor unit
        expect(
            priceOf([rule({ method: 'MARKUP_ON_COST', value: 12.5 })], facts({ preferredCost: { amount: 1001, currencyCode: 'EUR' } }))
                .price,
        ).toBe(1126);
    });

    it('MARKUP_ON_COST ignores the master price', () => {
        expect(priceOf([rule({ method: 'MARKUP_ON_COST', value: 50 })], facts({ masterPrice: 99999 })).price).toBe(1500);
    });

    it('MULTIPLIER_ON_PRICE multiplies the master price', () => {
        const result = priceOf([rule({ name: 'Premium', method: 'MULTIPLIER_ON_PRICE', value: 1.15 })]);
        expect(result.price).toBe(2300);
        expect(result.explanation).toBe('"Premium" (×1.15 on master price 20.00 EUR) → 23.00');
        expect(priceOf([rule({ value: 1.12, rounding: 'WHOLE' })], facts({ masterPrice: 5000 })).price).toBe(5600);
        expect(priceOf([rule({ value: 0.5 })], facts({ masterPrice: 999 })).price).toBe(500); // 499.5 → 500
        expect(priceOf([rule({ value: 1.17 })], facts({ masterPrice: 850 })).price).toBe(995); // 994.5, not 994.4999999999999
    });

    it('MULTIPLIER_ON_PRICE works without any supplier cost', () => {
        const result = priceOf([rule({ value: 2 })], facts({ preferredCost: null }));
        expect(result.price).toBe(4000);
        expect(result.warnings).toEqual([]);
    });

    it('FIXED_OFFSET adds minor units to the master price, positive or negative', () => {
        const up = priceOf([rule({ name: 'Plus', method: 'FIXED_OFFSET', value: 250 })]);
        expect(up.price).toBe(2250);
        expect(up.explanation).toBe('"Plus" (+2.50 EUR on master price 20.00 EUR) → 22.50');
        const down = priceOf([rule({ name: 'Minus', method: 'FIXED_OFFSET', value: -510, rounding: 'END_95' })]);
        expect(down.price).toBe(1495);
        expect(down.explanation).toBe('"Minus" (-5.10 EUR on master price 20.00 EUR) → 14.90, rounded .95 → 14.95');
    });

    it('clamps a negative result to 0 with a warning, then rounds', () => {
        const offset = rule({ id: 'neg', name: 'Too much', method: 'FIXED_OFFSET', value: -3000 });
        const clamped = priceOf([offset], facts({ preferredCost: null }));
        expect(clamped.price).toBe(0);
        expect(clamped.explanation).toBe('"Too much" (-30.00 EUR on master price 20.00 EUR) → -10.00, clamped to 0.00');
        expect(clamped.warnings).toEqual(['rule "Too much" (neg) gives a negative price (-10.00); clamped to 0']);
        expect(priceOf([{ ...offset, rounding: 'END_99' }], facts({ preferredCost: null })).price).toBe(99);
        expect(priceOf([{ ...offset, rounding: 'WHOLE' }], facts({ preferredCost: null })).price).toBe(0);
    });

    it('clamps even one minor unit below 0, and leaves exactly 0 alone', () => {
        const minusOne = priceOf([rule({ method: 'FIXED_OFFSET', value: -2001 })], facts({ preferredCost: null }));
        expect(minusOne.price).toBe(0);
        expect(minusOne.warnings).toHaveLength(1);
        const zero = priceOf([rule({ method: 'FIXED_OFFSET', value: -2000 })], facts({ preferredCost: null }));
        expect(zero.price).toBe(0);
        expect(zero.warnings).toEqual([]);
    });

    it('explains rounding to the nearest minor unit and says nothing when rounding changes nothing', () => {
        expect(priceOf([rule({ name: 'Half', value: 0.5 })], facts({ masterPrice: 999 })).explanation).toBe(
            '"Half" (×0.5 on master price 9.99 EUR) → 4.995, rounded → 5.00',
        );
        expect(priceOf([rule({ name: 'Same', value: 1, rounding: 'END_99' })], facts({ masterPrice: 1299 })).explanation).toBe(
            '"Same" (×1 on master price 12.99 EUR) → 12.99',
        );
    });
});

describe('no applicable rule', () => {
    it('gives the master price', () => {
        expect(priceOf([])).toEqual({
            variantId: 'v1',
            price: 2000,
            ruleId: null,
            ruleName: null,
            basis: 'MASTER_PRICE',
            marginGuardApplied: false,
            explanation: 'No pricing rule applies: master price 20.00 EUR',
            warnings: [],
        });
    });

    it('gives the master price when no rule matches the variant', () => {
        const rules = [
            rule({ id: '1', scope: { type: 'COLLECTION', id: 'c2' } }),
            rule({ id: '2', scope: { type: 'FACET_VALUE', id: 'f2' } }),
            rule({ id: '3', scope: { type: 'PRODUCT', id: 'p2' } }),
            rule({ id: '4', scope: { type: 'VARIANT', id: 'v2' } }),
        ].map(r => ({ ...r, value: 3 }));
        const result = priceOf(rules);
        expect(result.basis).toBe('MASTER_PRICE');
        expect(result.price).toBe(2000);
    });
});

describe('scope matching', () => {
    it.each<[PricingRuleDefinition['scope'], boolean]>([
        [{ type: 'ALL' }, true],
        [{ type: 'COLLECTION', id: 'c1' }, true],
        [{ type: 'COLLECTION', id: 'c9' }, true],
        [{ type: 'COLLECTION', id: 'c2' }, false],
        [{ type: 'FACET_VALUE', id: 'f1' }, true],
        [{ type: 'FACET_VALUE', id: 'f9' }, true],
        [{ type: 'FACET_VALUE', id: 'f2' }, false],
        [{ type: 'FACET_VALUE', id: 'c1' }, false],
        [{ type: 'PRODUCT', id: 'p1' }, true],
        [{ type: 'PRODUCT', id: 'p2' }, false],
        [{ type: 'PRODUCT', id: 'v1' }, false],
        [{ type: 'VARIANT', id: 'v1' }, true],
        [{ type: 'VARIANT', id: 'v2' }, false],
        [{ type: 'VARIANT', id: 'p1' }, false],
    ])('%j matches: %s', (scope, matches) => {
        const result = priceOf([rule({ scope, value: 2 })], facts({ collectionIds: ['c1', 'c9'], facetValueIds: ['f1', 'f9'] }));
        expect(result.basis).toBe(matches ? 'RULE' : 'MASTER_PRICE');
        expect(result.price).toBe(matches ? 4000 : 2000);
    });

    it('copes with a variant listed twice in the same collection', () => {
        const result = priceOf(
            [rule({ id: '1', scope: { type: 'COLLECTION', id: 'c1' }, method: 'MARKUP_ON_COST', value: 10, priority: 5 })],
            facts({ collectionIds: ['c1', 'c1'], preferredCost: null }),
        );
        expect(result.warnings).toEqual(['rule "Rule" (1) skipped: no preferred supplier cost']);
    });
});

describe('winner', () => {
    const scoped = {
        VARIANT: rule({ id: '1', name: 'variant', scope: { type: 'VARIANT', id: 'v1' }, value: 1.1 }),
        PRODUCT: rule({ id: '2', name: 'product', scope: { type: 'PRODUCT', id: 'p1' }, value: 1.2 }),
        FACET_VALUE: rule({ id: '3', name: 'facet', scope: { type: 'FACET_VALUE', id: 'f1' }, value: 1.3 }),
        COLLECTION: rule({ id: '4', name: 'collection', scope: { type: 'COLLECTION', id: 'c1' }, value: 1.4 }),
        ALL: rule({ id: '5', name: 'all', scope: { type: 'ALL' }, value: 1.5 }),
    };

    it('is the rule with the highest priority, whatever its scope', () => {
        const rules = [
            { ...scoped.VARIANT, priority: 5 },
            { ...scoped.PRODUCT, priority: 6 },
            { ...scoped.ALL, priority: 10 },
        ];
        expect(priceOf(rules).ruleName).toBe('all');
        expect(priceOf([{ ...scoped.ALL, priority: -1 }, scoped.COLLECTION]).ruleName).toBe('collection');
    });

    it('on equal priority is the most specific: VARIANT > PRODUCT > FACET_VALUE/COLLECTION > ALL', () => {
        const all = Object.values(scoped);
        expect(priceOf(all).ruleName).toBe('variant');
        expect(priceOf(all.filter(r => r !== scoped.VARIANT)).ruleName).toBe('product');
        expect(priceOf([scoped.ALL, scoped.FACET_VALUE]).ruleName).toBe('facet');
        expect(priceOf([scoped.ALL, scoped.COLLECTION]).ruleName).toBe('collection');
        expect(priceOf([scoped.ALL]).ruleName).toBe('all');
    });

    it('between a facet value and a collection of equal priority is the lower id', () => {
        expect(priceOf([scoped.FACET_VALUE, scoped.COLLECTION]).ruleName).toBe('facet'); // 3 < 4
        expect(priceOf([{ ...scoped.FACET_VALUE, id: '40' }, scoped.COLLECTION]).ruleName).toBe('collection');
    });

    it('on a full tie is the lowest id, numeric ids numerically, regardless of input order', () => {
        const nine = rule({ id: '9', name: 'nine', value: 1.1 });
        const ten = rule({ id: '10', name: 'ten', value: 1.2 });
        const alpha = rule({ id: 'a', name: 'alpha', value: 1.3 });
        const beta = rule({ id: 'b', name: 'beta', value: 1.4 });
        expect(priceOf([ten, nine]).ruleName).toBe('nine');
        expect(priceOf([nine, ten]).ruleName).toBe('nine');
        expect(priceOf([beta, alpha]).ruleName).toBe('alpha');
        expect(priceOf([alpha, ten]).ruleName).toBe('ten');
    });

    it('is the first usable rule: a markup rule without a cost gives way, with a warning', () => {
        const markup = rule({ id: 'm', name: 'Markup', method: 'MARKUP_ON_COST', value: 80, priority: 10 });
        const fallback = rule({ id: 'f', name: 'Fallback', value: 1.5, priority: 1 });
        const result = priceOf([markup, fallback], facts({ preferredCost: null }));
        expect(result.ruleId).toBe('f');
        expect(result.price).toBe(3000);
        expect(result.warnings).toEqual(['rule "Markup" (m) skipped: no preferred supplier cost']);
    });

    it('warns only about rules ranked above the winner, in rank order', () => {
        const rules = [
            rule({ id: 'low', method: 'MARKUP_ON_COST', value: 10, priority: 1 }),
            rule({ id: 'mid', value: 1.5, priority: 5 }),
            rule({ id: 'top', name: 'Top', method: 'MARKUP_ON_COST', value: 10, priority: 9 }),
            rule({ id: 'high', name: 'High', method: 'MARKUP_ON_COST', value: 10, priority: 7, scope: { type: 'PRODUCT', id: 'p1' } }),
        ];
        const result = priceOf(rules, facts({ preferredCost: null }));
        expect(result.ruleId).toBe('mid');
        expect(result.warnings).toEqual([
            'rule "Top" (top) skipped: no preferred supplier cost',
            'rule "High" (high) skipped: no preferred supplier cost',
        ]);
    });

    it('skips a markup rule when the cost is in another currency', () => {
        const markup = rule({ id: 'm', name: 'Markup', method: 'MARKUP_ON_COST', value: 80 });
        const result = priceOf([markup], facts({ preferredCost: { amount: 1000, currencyCode: 'USD' } }));
        expect(result.basis).toBe('MASTER_PRICE');
        expect(result.price).toBe(2000);
        expect(result.warnings).toEqual(['rule "Markup" (m) skipped: supplier cost is in USD, tenant prices in EUR']);
    });

    it('compares currency codes case-insensitively', () => {
        const markup = rule({ method: 'MARKUP_ON_COST', value: 80 });
        expect(priceOf([markup], facts({ preferredCost: { amount: 1000, currencyCode: 'eur' } })).price).toBe(1800);
    });

    it('skips a markup rule when the cost is not a usable amount', () => {
        const markup = rule({ id: 'm', name: 'Markup', method: 'MARKUP_ON_COST', value: 80 });
        const result = priceOf([markup], facts({ preferredCost: { amount: Number.NaN, currencyCode: 'EUR' } }));
        expect(result.basis).toBe('MASTER_PRICE');
        expect(result.warnings).toEqual(['rule "Markup" (m) skipped: preferred supplier cost is not a valid amount (NaN)']);
    });
});

describe('enabled and valid dates', () => {
    const withRule = (overrides: Partial<PricingRuleDefinition>) => priceOf([rule({ value: 2, ...overrides })]).basis;

    it('ignores disabled rules, silently', () => {
        const result = priceOf([rule({ value: 2, enabled: false, priority: 10 }), rule({ id: '2', value: 3 })]);
        expect(result.ruleId).toBe('2');
        expect(result.warnings).toEqual([]);
    });

    it('treats validFrom as inclusive', () => {
        expect(withRule({ validFrom: AT })).toBe('RULE');
        expect(withRule({ validFrom: ms(-1) })).toBe('RULE');
        expect(withRule({ validFrom: ms(1) })).toBe('MASTER_PRICE');
    });

    it('treats validTo as exclusive', () => {
        expect(withRule({ validTo: AT })).toBe('MASTER_PRICE');
        expect(withRule({ validTo: ms(-1) })).toBe('MASTER_PRICE');
        expect(withRule({ validTo: ms(1) })).toBe('RULE');
    });

    it('treats null bounds as open', () => {
        expect(withRule({ validFrom: null, validTo: ms(1) })).toBe('RULE');
        expect(withRule({ validFrom: ms(-1), validTo: null })).toBe('RULE');
        expect(withRule({ validFrom: new Date('1970-01-01'), validTo: new Date('9999-01-01') })).toBe('RULE');
    });

    it('uses the instant the pricer was created with', () => {
        const sale = rule({ id: 'sale', value: 0.8, priority: 5, validFrom: new Date('2025-11-28'), validTo: new Date('2025-12-01') });
        const regular = rule({ id: 'regular', value: 1 });
        expect(priceOf([sale, regular], facts(), new Date('2025-11-27T23:59:59.999Z')).ruleId).toBe('regular');
        expect(priceOf([sale, regular], facts(), new Date('2025-11-28T00:00:00.000Z')).ruleId).toBe('sale');
        expect(priceOf([sale, regular], facts(), new Date('2025-11-30T23:59:59.999Z')).ruleId).toBe('sale');
        expect(priceOf([sale, regular], facts(), new Date('2025-12-01T00:00:00.000Z')).ruleId).toBe('regular');
    });

    it('refuses an invalid instant', () => {
        expect(() => createTenantPricer([], new Date('nope'))).toThrow(RangeError);
    });
});

describe('minimum-margin guard', () => {
    // Master price 20.00, cost 10.00 unless stated otherwise.
    it('raises a price below cost × (1 + minMargin / 100)', () => {
        const result = priceOf(
            [rule({ name: 'Cheap', value: 1, minMarginPercent: 30 })],
            facts({ masterPrice: 1000, preferredCost: { amount: 900, currencyCode: 'EUR' } }),
        );
        expect(result.price).toBe(1170);
        expect(result.marginGuardApplied).toBe(true);
        expect(result.basis).toBe('RULE');
        expect(result.explanation).toBe(
            '"Cheap" (×1 on master price 10.00 EUR) → 10.00; below the 30 % minimum margin on cost 9.00 EUR → raised to 11.70',
        );
    });

    it("rounds the raised price with the rule's rounding", () => {
        const result = priceOf(
            [rule({ name: 'Cheap', value: 1, minMarginPercent: 30, rounding: 'END_99' })],
            facts({ masterPrice: 1000, preferredCost: { amount: 900, currencyCode: 'EUR' } }),
        );
        expect(result.price).toBe(1199);
        expect(result.explanation).toBe(
            '"Cheap" (×1 on master price 10.00 EUR) → 10.00, rounded .99 → 10.99; below the 30 % minimum margin on cost 9.00 EUR → raised to 11.70, rounded .99 → 11.99',
        );
    });

    it('rounds a fractional minimum up to the next minor unit', () => {
        // 999 × 1.125 = 1123.875 → 1124
        const result = priceOf(
            [rule({ value: 1, minMarginPercent: 12.5 })],
            facts({ masterPrice: 1000, preferredCost: { amount: 999, currencyCode: 'EUR' } }),
        );
        expect(result.price).toBe(1124);
        expect(result.marginGuardApplied).toBe(true);
    });

    it('raises a price one minor unit below the minimum', () => {
        const result = priceOf([rule({ value: 1, minMarginPercent: 100 })], facts({ masterPrice: 1999 }));
        expect(result.price).toBe(2000);
        expect(result.marginGuardApplied).toBe(true);
    });

    it('leaves a price at or above the minimum alone', () => {
        const exact = priceOf([rule({ value: 1, minMarginPercent: 100 })]); // 20.00 = 10.00 × 2
        expect(exact.price).toBe(2000);
        expect(exact.marginGuardApplied).toBe(false);
        expect(exact.explanation).not.toContain('minimum margin');
        expect(priceOf([rule({ value: 1, minMarginPercent: 0 })]).marginGuardApplied).toBe(false);
    });

    it('with 0 % keeps the price at least at cost', () => {
        const result = priceOf([rule({ method: 'FIXED_OFFSET', value: -1500, minMarginPercent: 0 })]);
        expect(result.price).toBe(1000);
        expect(result.marginGuardApplied).toBe(true);
    });

    it('guards markup rules too', () => {
        const result = priceOf([rule({ method: 'MARKUP_ON_COST', value: 10, minMarginPercent: 25 })]);
        expect(result.price).toBe(1250);
        expect(result.marginGuardApplied).toBe(true);
    });

    it('raises a clamped negative price', () => {
        const result = priceOf([rule({ method: 'FIXED_OFFSET', value: -5000, minMarginPercent: 10 })]);
        expect(result.price).toBe(1100);
        expect(result.marginGuardApplied).toBe(true);
        expect(result.warnings).toHaveLength(1);
    });

    it('cannot be checked without a cost in the tenant currency, and says so', () => {
        const guarded = rule({ id: 'g', name: 'Guarded', value: 0.1, minMarginPercent: 30 });
        const noCost = priceOf([guarded], facts({ preferredCost: null }));
        expect(noCost.price).toBe(200);
        expect(noCost.marginGuardApplied).toBe(false);
        expect(noCost.warnings).toEqual(['minimum margin of rule "Guarded" (g) not checked: no preferred supplier cost']);
        const usd = priceOf([guarded], facts({ preferredCost: { amount: 1000, currencyCode: 'USD' } }));
        expect(usd.price).toBe(200);
        expect(usd.warnings).toEqual(['minimum margin of rule "Guarded" (g) not checked: supplier cost is in USD, tenant prices in EUR']);
    });

    it('is off when minMarginPercent is null', () => {
        const result = priceOf([rule({ value: 0.1, minMarginPercent: null })], facts({ preferredCost: null }));
        expect(result.price).toBe(200);
        expect(result.warnings).toEqual([]);
    });
});

describe('validatePricingRule', () => {
    it('accepts a valid rule of every method', () => {
        expect(validatePricingRule(rule())).toEqual([]);
        expect(validatePricingRule(rule({ method: 'MARKUP_ON_COST', value: -100, minMarginPercent: 0 }))).toEqual([]);
        expect(validatePricingRule(rule({ method: 'FIXED_OFFSET', value: -500, minMarginPercent: 1000 }))).toEqual([]);
        expect(validatePricingRule(rule({ scope: { type: 'VARIANT', id: '42' }, validFrom: AT, validTo: ms(1), priority: -3 }))).toEqual(
            [],
        );
    });

    it.each<[string, Partial<PricingRuleDefinition>, string]>([
        ['empty name', { name: '  ' }, 'name: must not be empty'],
        ['empty id', { id: '' }, 'id: required'],
        ['scope without id', { scope: { type: 'COLLECTION', id: '' } }, 'scope.id: required for a COLLECTION scope'],
        ['scope without id', { scope: { type: 'VARIANT' } as never }, 'scope.id: required for a VARIANT scope'],
        ['unknown scope', { scope: { type: 'CHANNEL' } as never }, 'scope.type: one of ALL, COLLECTION, FACET_VALUE, PRODUCT, VARIANT'],
        ['unknown method', { method: 'DISCOUNT' as never }, 'method: one of MARKUP_ON_COST, MULTIPLIER_ON_PRICE, FIXED_OFFSET'],
        ['NaN value', { value: Number.NaN }, 'value: must be a finite number'],
        ['infinite value', { value: Infinity }, 'value: must be a finite number'],
        ['markup below -100 %', { method: 'MARKUP_ON_COST', value: -100.5 }, 'value: a markup must be at least -100 %'],
        ['zero multiplier', { method: 'MULTIPLIER_ON_PRICE', value: 0 }, 'value: a multiplier must be greater than 0'],
        ['negative multiplier', { method: 'MULTIPLIER_ON_PRICE', value: -1 }, 'value: a multiplier must be greater than 0'],
        ['fractional offset', { method: 'FIXED_OFFSET', value: 1.5 }, 'value: a fixed offset must be a whole number of minor units'],
        ['unknown rounding', { rounding: 'END_49' as never }, 'rounding: one of NONE, END_99, END_95, WHOLE'],
        ['negative min margin', { minMarginPercent: -1 }, 'minMarginPercent: null or a number from 0 to 1000'],
        ['min margin above 1000', { minMarginPercent: 1000.01 }, 'minMarginPercent: null or a number from 0 to 1000'],
        ['NaN min margin', { minMarginPercent: Number.NaN }, 'minMarginPercent: null or a number from 0 to 1000'],
        ['fractional priority', { priority: 1.5 }, 'priority: must be an integer'],
        ['NaN priority', { priority: Number.NaN }, 'priority: must be an integer'],
        ['validTo equal to validFrom', { validFrom: AT, validTo: AT }, 'validTo: must be after validFrom'],
        ['validTo before validFrom', { validFrom: AT, validTo: ms(-1) }, 'validTo: must be after validFrom'],
        ['invalid validFrom', { validFrom: new Date('nope') }, 'validFrom: null or a valid date'],
        ['invalid validTo', { validTo: new Date('nope') }, 'validTo: null or a valid date'],
        ['non-boolean enabled', { enabled: 'yes' as never }, 'enabled: must be true or false'],
    ])('reports %s', (_, overrides, message) => {
        expect(validatePricingRule(rule(overrides))).toEqual([message]);
    });

    it('reports every problem at once', () => {
        const problems = validatePricingRule(
            rule({
                name: '',
                scope: { type: 'PRODUCT', id: '' },
                method: 'MULTIPLIER_ON_PRICE',
                value: 0,
                priority: 0.5,
                minMarginPercent: 2000,
            }),
        );
        expect(problems).toEqual([
            'name: must not be empty',
            'scope.id: required for a PRODUCT scope',
            'value: a multiplier must be greater than 0',
            'minMarginPercent: null or a number from 0 to 1000',
            'priority: must be an integer',
        ]);
    });

    it('makes the pricer ignore an invalid rule and name it for the variants it matches', () => {
        const broken = rule({ id: 'bad', name: 'Broken', scope: { type: 'PRODUCT', id: 'p1' }, value: 0, priority: 100 });
        const fallback = rule({ id: 'ok', value: 1.5 });
        const pricer = createTenantPricer([broken, fallback], AT);
        expect(pricer.rejectedRules).toEqual([
            { ruleId: 'bad', ruleName: 'Broken', problems: ['value: a multiplier must be greater than 0'] },
        ]);
        const matched = pricer.price(facts());
        expect(matched.ruleId).toBe('ok');
        expect(matched.warnings).toEqual(['rule "Broken" (bad) ignored: invalid (value: a multiplier must be greater than 0)']);
        expect(pricer.price(facts({ productId: 'p2' })).warnings).toEqual([]);
    });

    it('names an invalid rule once even when the variant lists its collection twice', () => {
        const broken = rule({ id: 'bad', name: 'Broken', scope: { type: 'COLLECTION', id: 'c1' }, priority: 0.5 });
        const result = priceOf([broken], facts({ collectionIds: ['c1', 'c1'] }));
        expect(result.basis).toBe('MASTER_PRICE');
        expect(result.warnings).toEqual(['rule "Broken" (bad) ignored: invalid (priority: must be an integer)']);
    });
});

describe('compareIds', () => {
    it('orders digit-only ids numerically before all others, others by code unit', () => {
        const ids = ['b', '10', '5a', '9', 'A', '009', '100', 'a'];
        expect([...ids].sort(compareIds)).toEqual(['009', '9', '10', '100', '5a', 'A', 'a', 'b']);
        expect(compareIds('7', '7')).toBe(0);
    });
});

describe('computeTenantPrices', () => {
    it('prices every variant in order', () => {
        const rules = [rule({ scope: { type: 'PRODUCT', id: 'p2' }, value: 2 })];
        const results = computeTenantPrices([facts(), facts({ variantId: 'v2', productId: 'p2' })], rules, AT);
        expect(results.map(r => [r.variantId, r.price, r.basis])).toEqual([
            ['v1', 2000, 'MASTER_PRICE'],
            ['v2', 4000, 'RULE'],
        ]);
    });

    it('prices 10,000 variants under 50 rules as a naive scan of all rules would', () => {
        const variants = Array.from({ length: 10_000 }, (_, i): VariantPricingFacts => ({
            variantId: String(i + 1),
            productId: `p${Math.floor(i / 10)}`,
            collectionIds: [`c${i % 20}`, `c${(i * 7) % 23}`],
            facetValueIds: [`f${i % 30}`, `f${30 + (i % 11)}`],
            masterPrice: 1000 + (i % 500) * 7,
            currencyCode: 'EUR',
            preferredCost: i % 5 === 0 ? null : { amount: 400 + (i % 300), currencyCode: i % 7 === 0 ? 'USD' : 'EUR' },
        }));

        const methods = ['MARKUP_ON_COST', 'MULTIPLIER_ON_PRICE', 'FIXED_OFFSET'] as const;
        const roundings = ['NONE', 'END_99', 'END_95', 'WHOLE'] as const;
        const scopes = (k: number): PricingRuleDefinition['scope'] => {
            switch (k % 5) {
                case 0:
                    return { type: 'COLLECTION', id: `c${k % 20}` };
                case 1:
                    return { type: 'FACET_VALUE', id: `f${k % 41}` };
                case 2:
                    return { type: 'PRODUCT', id: `p${(k * 37) % 1000}` };
                case 3:
                    return { type: 'VARIANT', id: String(k * 191) };
                default:
                    return k % 3 === 0 ? { type: 'ALL' } : { type: 'COLLECTION', id: `c${k % 23}` };
            }
        };
        const rules: PricingRuleDefinition[] = [
            // Hand-checked below.
            rule({ id: '1', name: 'v42 special', scope: { type: 'VARIANT', id: '42' }, method: 'FIXED_OFFSET', value: 100, priority: 100 }),
            rule({ id: '2', name: 'p500 double', scope: { type: 'PRODUCT', id: 'p500' }, value: 2, rounding: 'WHOLE', priority: 90 }),
            rule({ id: '3', name: 'guarded', scope: { type: 'VARIANT', id: '7779' }, value: 0.1, minMarginPercent: 50, priority: 90 }),
            rule({ id: '4', name: 'all markup', method: 'MARKUP_ON_COST', value: 80, rounding: 'END_99', priority: 80 }),
            rule({
                id: '5',
                name: 'f40 fallback',
                scope: { type: 'FACET_VALUE', id: 'f40' },
                value: 1.25,
                rounding: 'END_95',
                priority: 70,
            }),
            // Generated: ties on priority, every scope, method and rounding, some disabled or out of date.
            ...Array.from({ length: 45 }, (_, n) => {
                const k = n + 6;
                return rule({
                    id: String(k),
                    name: `generated ${k}`,
                    scope: scopes(k),
                    method: methods[k % 3],
                    value: [35, 1.07, -150][k % 3] + (k % 4),
                    rounding: roundings[k % 4],
                    minMarginPercent: k % 6 === 0 ? 20 : null,
                    priority: k % 3,
                    enabled: k % 11 !== 0,
                    validFrom: k % 13 === 0 ? ms(1) : null,
                    validTo: k % 17 === 0 ? AT : null,
                });
            }),
        ];
        expect(rules).toHaveLength(50);

        const results = computeTenantPrices(variants, rules, AT);
        expect(results).toHaveLength(10_000);

        // Spot checks, by hand. Variant n has index n - 1; cost: none when index % 5 = 0, USD when index % 7 = 0.
        const byId = (id: string) => results[Number(id) - 1];
        // index 41: master 1000 + 41 × 7 = 1287, + 1.00
        expect(byId('42')).toMatchObject({ ruleId: '1', price: 1387, basis: 'RULE', marginGuardApplied: false });
        // index 5003, product p500: master 1000 + 3 × 7 = 1021, × 2 = 20.42 → 21.00
        expect(byId('5004')).toMatchObject({ ruleId: '2', price: 2100 });
        // index 7778: master 1000 + 278 × 7 = 2946, × 0.1 = 2.95; cost 400 + 278 = 678, × 1.5 = 10.17
        expect(byId('7779')).toMatchObject({ ruleId: '3', price: 1017, marginGuardApplied: true });
        // index 1: cost 401 × 1.8 = 7.218 → 7.99
        expect(byId('2')).toMatchObject({ ruleId: '4', price: 799, warnings: [] });
        // index 10 (facet f40): no cost, so the markup gives way; master 1070 × 1.25 = 13.375 → 13.95
        expect(byId('11')).toMatchObject({
            ruleId: '5',
            price: 1395,
            warnings: ['rule "all markup" (4) skipped: no preferred supplier cost'],
        });
        // index 21 (facet f40): cost in USD; master 1147 × 1.25 = 14.3375 → 14.95
        expect(byId('22')).toMatchObject({
            ruleId: '5',
            price: 1495,
            warnings: ['rule "all markup" (4) skipped: supplier cost is in USD, tenant prices in EUR'],
        });

        // Every variant as a naive implementation — all rules, sorted per variant — would price it.
        const oracle = naivePrices(variants, rules, AT);
        const mismatches = results.filter((r, i) => r.ruleId !== oracle[i].ruleId || r.price !== oracle[i].price).map(r => r.variantId);
        expect(mismatches).toEqual([]);
        // The generated rules do decide some prices: winners below the hand-written ones exist.
        expect(new Set(results.map(r => r.ruleId)).size).toBeGreaterThan(8);

        // And the input order of the rules does not matter.
        const reversed = computeTenantPrices(variants, [...rules].reverse(), AT);
        expect(reversed).toEqual(results);
    });
});

/** Reference: for each variant, every rule checked and sorted — what the indexed pricer must agree with. */
function naivePrices(
    variants: VariantPricingFacts[],
    rules: PricingRuleDefinition[],
    at: Date,
): { ruleId: string | null; price: number }[] {
    const specificity = { VARIANT: 3, PRODUCT: 2, FACET_VALUE: 1, COLLECTION: 1, ALL: 0 };
    const numericId = (id: string) => Number(id);
    return variants.map(v => {
        const matching = rules
            .filter(r => r.enabled && (!r.validFrom || r.validFrom <= at) && (!r.validTo || at < r.validTo))
            .filter(r => {
                const s = r.scope;
                if (s.type === 'ALL') return true;
                if (s.type === 'COLLECTION') return v.collectionIds.includes(s.id);
                if (s.type === 'FACET_VALUE') return v.facetValueIds.includes(s.id);
                if (s.type === 'PRODUCT') return v.productId === s.id;
                return v.variantId === s.id;
            })
            .sort(
                (a, b) =>
                    b.priority - a.priority || specificity[b.scope.type] - specificity[a.scope.type] || numericId(a.id) - numericId(b.id),
            );
        const cost = v.preferredCost && v.preferredCost.currencyCode === v.currencyCode ? v.preferredCost.amount : null;
        const winner = matching.find(r => r.method !== 'MARKUP_ON_COST' || cost !== null);
        if (!winner) return { ruleId: null, price: v.masterPrice };
        const raw =
            winner.method === 'MARKUP_ON_COST'
                ? (cost! * (100 + winner.value)) / 100
                : winner.method === 'MULTIPLIER_ON_PRICE'
                  ? v.masterPrice * winner.value
                  : v.masterPrice + winner.value;
        let price = applyRounding(Math.max(0, raw), winner.rounding);
        if (winner.minMarginPercent !== null && cost !== null) {
            const floor = Math.ceil(Math.round(cost * (100 + winner.minMarginPercent)) / 100);
            if (price < floor) price = applyRounding(floor, winner.rounding);
        }
        return { ruleId: winner.id, price };
    });
}
