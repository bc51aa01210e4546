import type { ProductSnapshot, VariantSnapshot } from './product-snapshot';
import type { ReplicatedView } from './replicated-view';

/**
 * What each field of a product snapshot is for — every field listed once (TypeScript refuses this
 * table until a new field is in it):
 *
 * - `envelope` — says which product, tenant and version the snapshot is; not written as content.
 * - `compared` — written into the shop's tables and read back by `verify` (the replicated view);
 *   `view` names the view field when it differs.
 * - `written` — written into the shop but not compared, for the reason given.
 *
 * Where a replicated field lives, for whoever adds one:
 * 1. the type (product-snapshot.ts), its check in `validateProductSnapshot`, and this table;
 * 2. master builds it (plugins/sync/src/master/snapshot-rows.ts) and records changes to it in the
 *    feed (feed-fanout.ts — proven by e2e/feed-coverage.e2e-spec.ts);
 * 3. the shop's column mapping (plugins/sync/src/ecommerce/catalog-rows.ts), which both writers use;
 * 4. `compared` fields: `replicatedView` here and the shop's read-back (ecommerce/replicated-views.ts).
 * The read-only guard needs nothing: it lists the few shop-local fields, every other field is
 * master's. The content hash covers every field by itself. `FIELD_CHANGES` (the contract's testing
 * entry) must name a change of the new field — the unit test then checks hash and view, and the
 * apply e2e test checks both shop writers and the read-back against master's view.
 */
export type SnapshotFieldRole =
    | { role: 'envelope' }
    | { role: 'compared'; view?: keyof ReplicatedView | keyof ReplicatedView['variants'][number] }
    | { role: 'written'; why: string };

export const PRODUCT_SNAPSHOT_FIELDS = {
    schemaVersion: { role: 'envelope' },
    tenantCode: { role: 'envelope' },
    masterProductId: { role: 'envelope' },
    version: { role: 'envelope' },
    enabled: { role: 'compared' },
    translations: { role: 'compared' },
    facetValues: { role: 'compared' },
    optionGroups: { role: 'compared' },
    assets: { role: 'compared', view: 'assetHashes' },
    featuredAssetHash: { role: 'compared' },
    variants: { role: 'compared' },
} as const satisfies Record<keyof ProductSnapshot, SnapshotFieldRole>;

export const VARIANT_SNAPSHOT_FIELDS = {
    masterVariantId: { role: 'compared' },
    sku: { role: 'compared' },
    enabled: { role: 'compared' },
    price: { role: 'compared' },
    currencyCode: { role: 'compared' },
    taxCategoryCode: {
        role: 'written',
        why: "the shop maps it to its own tax category of that name, else its default one: the shop's category is the shop's business",
    },
    optionCodes: { role: 'compared' },
    translations: { role: 'compared' },
    assets: { role: 'compared', view: 'assetHashes' },
    featuredAssetHash: { role: 'compared' },
} as const satisfies Record<keyof VariantSnapshot, SnapshotFieldRole>;

/** Every field path a change can touch: `enabled`, `variants.price`, … */
export type SnapshotFieldPath = keyof ProductSnapshot | `variants.${keyof VariantSnapshot}`;

export const SNAPSHOT_FIELD_PATHS = [
    ...Object.keys(PRODUCT_SNAPSHOT_FIELDS),
    ...Object.keys(VARIANT_SNAPSHOT_FIELDS).map(field => `variants.${field}`),
] as SnapshotFieldPath[];

/** The role of a field path. */
export function snapshotFieldRole(path: SnapshotFieldPath): SnapshotFieldRole {
    const [head, field] = path.split('.') as [keyof ProductSnapshot, keyof VariantSnapshot | undefined];
    return field ? VARIANT_SNAPSHOT_FIELDS[field] : PRODUCT_SNAPSHOT_FIELDS[head];
}

// Compile-time: the view has exactly the compared fields (under their view names), nothing else.
type ViewName<Table, K extends keyof Table> = Table[K] extends { view: infer V } ? V : K;
type ComparedNames<Table> = {
    [K in keyof Table]: Table[K] extends { role: 'compared' } ? ViewName<Table, K> : never;
}[keyof Table];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const productViewMatches: Same<ComparedNames<typeof PRODUCT_SNAPSHOT_FIELDS> | 'masterProductId', keyof ReplicatedView> = true;
const variantViewMatches: Same<ComparedNames<typeof VARIANT_SNAPSHOT_FIELDS>, keyof ReplicatedView['variants'][number]> = true;
void productViewMatches;
void variantViewMatches;
