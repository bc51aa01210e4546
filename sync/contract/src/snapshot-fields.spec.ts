import { describe, expect, it } from 'vitest';

import { snapshotContentHash, validateProductSnapshot } from './product-snapshot';
import { replicatedView, replicatedViewHash } from './replicated-view';
import { SNAPSHOT_FIELD_PATHS, snapshotFieldRole } from './snapshot-fields';
import { FIELD_CHANGES, testSnapshot } from './testing';

const viewHash = (s: typeof testSnapshot) => replicatedViewHash(replicatedView(s));

// Each field of the snapshot, by its role: a change of a compared field must show in the content
// hash and in the replicated view `verify` compares; a written-only one in the content hash alone.
describe('snapshot fields', () => {
    it('every field path has a role and (unless an envelope field) a valid change', () => {
        expect(SNAPSHOT_FIELD_PATHS).toHaveLength(Object.keys(FIELD_CHANGES).length);
        for (const path of SNAPSHOT_FIELD_PATHS) {
            const change = FIELD_CHANGES[path];
            if (snapshotFieldRole(path).role === 'envelope') expect(change, path).toBeNull();
            else expect(validateProductSnapshot(change!(testSnapshot)), path).toEqual([]);
        }
    });

    it.each(SNAPSHOT_FIELD_PATHS.filter(path => snapshotFieldRole(path).role === 'compared'))(
        'a change of %s changes the content hash and the replicated view',
        path => {
            const after = FIELD_CHANGES[path]!(testSnapshot);
            expect(snapshotContentHash(after)).not.toBe(snapshotContentHash(testSnapshot));
            expect(viewHash(after)).not.toBe(viewHash(testSnapshot));
        },
    );

    it.each(SNAPSHOT_FIELD_PATHS.filter(path => snapshotFieldRole(path).role === 'written'))(
        'a change of %s (written, not compared) changes the content hash only',
        path => {
            const after = FIELD_CHANGES[path]!(testSnapshot);
            expect(snapshotContentHash(after)).not.toBe(snapshotContentHash(testSnapshot));
            expect(viewHash(after)).toBe(viewHash(testSnapshot));
        },
    );
});
