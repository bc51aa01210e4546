import type { ProductSnapshot, VariantSnapshot } from '../product-snapshot';
import type { SnapshotFieldPath } from '../snapshot-fields';

type Change = (snapshot: ProductSnapshot) => ProductSnapshot;

const changed = (text: string) => `${text} (changed)`;

/** The snapshot with its first variant changed. */
const firstVariant =
    (change: (variant: VariantSnapshot, snapshot: ProductSnapshot) => Partial<VariantSnapshot>): Change =>
    snapshot => ({
        ...snapshot,
        variants: snapshot.variants.map((v, i) => (i === 0 ? { ...v, ...change(v, snapshot) } : v)),
    });

/**
 * A valid change of each field of a snapshot (null: an envelope field, not content), written so it
 * applies to any real snapshot too — the apply e2e test runs each through both shop writers. The
 * type makes it complete: a new field does not compile until its change is here.
 */
export const FIELD_CHANGES: Record<SnapshotFieldPath, Change | null> = {
    schemaVersion: null,
    tenantCode: null,
    masterProductId: null,
    version: null,
    enabled: s => ({ ...s, enabled: !s.enabled }),
    translations: s => ({
        ...s,
        translations: s.translations.map(t => ({ ...t, name: changed(t.name), description: changed(t.description) })),
    }),
    facetValues: s => ({
        ...s,
        facetValues: [
            ...s.facetValues,
            {
                facetCode: 'eos-field-check',
                code: 'checked',
                translations: s.translations.map(t => ({ languageCode: t.languageCode, name: 'Checked' })),
                facetTranslations: s.translations.map(t => ({ languageCode: t.languageCode, name: 'Field check' })),
            },
        ],
    }),
    optionGroups: s => ({
        ...s,
        optionGroups: s.optionGroups.length
            ? s.optionGroups.map(g => ({
                  ...g,
                  translations: g.translations.map(t => ({ ...t, name: changed(t.name) })),
                  options: g.options.map(o => ({ ...o, translations: o.translations.map(t => ({ ...t, name: changed(t.name) })) })),
              }))
            : [
                  {
                      code: 'eos-field-check',
                      translations: names(s, 'Check'),
                      options: [{ code: 'eos-field-check-a', translations: names(s, 'A') }],
                  },
              ],
    }),
    // Reversed, or (a single one) gone with what featured it.
    assets: s =>
        s.assets.length > 1
            ? { ...s, assets: [...s.assets].reverse() }
            : {
                  ...s,
                  assets: [],
                  featuredAssetHash: null,
                  variants: s.variants.map(v => ({
                      ...v,
                      featuredAssetHash: v.assets.some(a => a.contentHash === v.featuredAssetHash) ? v.featuredAssetHash : null,
                  })),
              },
    featuredAssetHash: s => ({
        ...s,
        featuredAssetHash: s.featuredAssetHash
            ? (s.assets.find(a => a.contentHash !== s.featuredAssetHash)?.contentHash ?? null)
            : (s.assets[0]?.contentHash ?? null),
    }),
    variants: s => ({
        ...s,
        variants:
            s.variants.length > 1
                ? s.variants.slice(0, -1)
                : [
                      ...s.variants,
                      { ...s.variants[0], masterVariantId: `${s.variants[0].masterVariantId}9`, sku: `${s.variants[0].sku}-2` },
                  ],
    }),
    'variants.masterVariantId': firstVariant(v => ({ masterVariantId: `${v.masterVariantId}9` })),
    'variants.sku': firstVariant(v => ({ sku: `${v.sku}-X` })),
    'variants.enabled': firstVariant(v => ({ enabled: !v.enabled })),
    'variants.price': firstVariant(v => ({ price: v.price + 1 })),
    // Every variant: a product is priced in one currency (the tenant's).
    'variants.currencyCode': s => ({
        ...s,
        variants: s.variants.map(v => ({ ...v, currencyCode: v.currencyCode === 'EUR' ? 'USD' : 'EUR' })),
    }),
    'variants.taxCategoryCode': firstVariant(v => ({ taxCategoryCode: changed(v.taxCategoryCode) })),
    'variants.optionCodes': s => {
        const [variant] = s.variants;
        const group = s.optionGroups.find(g => g.options.some(o => variant.optionCodes.includes(o.code)));
        const other = group?.options.find(o => !variant.optionCodes.includes(o.code));
        if (group && other)
            return firstVariant(v => ({
                optionCodes: v.optionCodes.map(code => (group.options.some(o => o.code === code) ? other.code : code)),
            }))(s);
        // No other option to switch to: the variant gets one of a new group.
        const withGroup = FIELD_CHANGES.optionGroups!({ ...s, optionGroups: [] });
        return firstVariant(() => ({ optionCodes: [withGroup.optionGroups[0].options[0].code] }))({
            ...s,
            optionGroups: [...s.optionGroups, ...withGroup.optionGroups],
        });
    },
    'variants.translations': firstVariant(v => ({ translations: v.translations.map(t => ({ ...t, name: changed(t.name) })) })),
    'variants.assets': firstVariant((v, s) => ({ assets: v.assets.length ? v.assets.slice(1) : s.assets.slice(0, 1) })),
    'variants.featuredAssetHash': firstVariant((v, s) => ({
        featuredAssetHash: v.featuredAssetHash ? null : ((v.assets[0] ?? s.assets[0])?.contentHash ?? null),
    })),
};

function names(s: ProductSnapshot, name: string) {
    return s.translations.map(t => ({ languageCode: t.languageCode, name }));
}
