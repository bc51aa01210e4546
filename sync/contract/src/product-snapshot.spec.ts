import { describe, expect, it } from 'vitest';

import { canonicalJson, contentHash } from './canonical';
import { snapshotContentHash, validateProductSnapshot } from './product-snapshot';
import { testSnapshot as snapshot } from './testing';

describe('canonical JSON and content hashes', () => {
    it('ignore key order and undefined members', () => {
        expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
        expect(contentHash({ x: 1, y: 2 })).toBe(contentHash({ y: 2, x: 1 }));
        expect(contentHash({ x: 1 })).not.toBe(contentHash({ x: 2 }));
    });

    it('refuse what JSON cannot carry', () => {
        expect(() => canonicalJson({ price: NaN })).toThrow(/NaN has no JSON form/);
    });

    it('a snapshot hashes by content: a new version of the same content hashes the same, a changed price does not', () => {
        expect(snapshotContentHash({ ...snapshot, version: 13 })).toBe(snapshotContentHash(snapshot));
        expect(snapshotContentHash({ ...snapshot, variants: [{ ...snapshot.variants[0], price: 1999 }] })).not.toBe(
            snapshotContentHash(snapshot),
        );
    });
});

describe('validateProductSnapshot', () => {
    it('accepts a complete snapshot', () => {
        expect(validateProductSnapshot(snapshot)).toEqual([]);
    });

    it('names every problem by its path', () => {
        const bad = {
            ...snapshot,
            version: 0,
            translations: [{ languageCode: 'de', name: '', slug: '' }],
            assets: [{ contentHash: 'nope' }],
            variants: [
                snapshot.variants[0],
                { ...snapshot.variants[0], price: -1, currencyCode: 'euro', optionCodes: ['size-99'], featuredAssetHash: 'f'.repeat(64) },
            ],
        };
        expect(validateProductSnapshot(bad)).toEqual([
            'version: a whole number ≥ 1',
            'translations[0]: languageCode, name and slug',
            'assets[0].contentHash: a SHA-256 hex digest',
            'featuredAssetHash: one of the product’s assets, or null',
            'variants[1].masterVariantId: 21 appears twice',
            'variants[1].price: whole minor units ≥ 0',
            'variants[1].currencyCode: an ISO code',
            'variants[1].featuredAssetHash: one of the variant’s or the product’s assets, or null',
            "variants[1].optionCodes: size-99 is in none of the product's option groups",
        ]);
        expect(validateProductSnapshot('nonsense')).toEqual(['snapshot: an object']);
    });
});
