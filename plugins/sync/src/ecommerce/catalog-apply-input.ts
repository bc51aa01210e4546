import {
    ApplyProductsInput,
    ItemRefusal,
    ProductRemoval,
    ProductSnapshot,
    refusal,
    validateProductSnapshot,
} from '@entrepreneur-os/sync-contract';
import { UserInputError } from '@vendure/core';

/** One item of an apply call: a snapshot or a removal, in the order the outcomes are given. */
export type CatalogItem = { kind: 'snapshot'; snapshot: ProductSnapshot } | { kind: 'removal'; removal: ProductRemoval };

export interface CheckedApplyInput {
    input: ApplyProductsInput;
    /** Snapshots first, then removals. */
    items: CatalogItem[];
    /** Per item: why it is refused (the data's fault), or null. */
    refusals: Array<ItemRefusal | null>;
}

export const catalogItemKey = (item: CatalogItem) =>
    String((item.kind === 'snapshot' ? item.snapshot?.masterProductId : item.removal?.masterProductId) ?? '');

/**
 * Checks an `applyProductSnapshots` call before anything is written. A malformed call as a whole is
 * refused with an error naming each problem; a bad item only refuses that item (DATA fault), with
 * every problem of it named by its path.
 */
export function checkApplyInput(raw: unknown, maxItems: number): CheckedApplyInput {
    const problems: string[] = [];
    const input = (raw ?? {}) as Partial<ApplyProductsInput>;
    if (typeof input.tenantCode !== 'string' || !input.tenantCode) problems.push('tenantCode: required');
    if (typeof input.assetBaseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(input.assetBaseUrl))
        problems.push("assetBaseUrl: master's asset URL (http or https)");
    if (!Array.isArray(input.snapshots)) problems.push('snapshots: a list');
    if (!Array.isArray(input.removals)) problems.push('removals: a list');
    const snapshots = Array.isArray(input.snapshots) ? input.snapshots : [];
    const removals = Array.isArray(input.removals) ? input.removals : [];
    if (snapshots.length + removals.length > maxItems) problems.push(`snapshots and removals: at most ${maxItems} per call`);
    if (input.feedPosition != null && (!Number.isSafeInteger(input.feedPosition) || input.feedPosition < 0))
        problems.push('feedPosition: a feed position, 0 or more');
    if (problems.length) throw new UserInputError(`applyProductSnapshots refused, nothing written: ${problems.slice(0, 20).join('; ')}`);

    const items: CatalogItem[] = [
        ...snapshots.map(snapshot => ({ kind: 'snapshot' as const, snapshot })),
        ...removals.map(removal => ({ kind: 'removal' as const, removal })),
    ];
    const seen = new Set<string>();
    const refusals = items.map((item, i): ItemRefusal | null => {
        const at = item.kind === 'snapshot' ? `snapshots[${i}]` : `removals[${i - snapshots.length}]`;
        const itemProblems =
            item.kind === 'snapshot' ? validateProductSnapshot(item.snapshot).map(p => `${at}.${p}`) : removalProblems(item.removal, at);
        if (itemProblems.length) return refusal('INVALID_ITEM', itemProblems.slice(0, 20).join('; '));
        const key = catalogItemKey(item);
        if (item.kind === 'snapshot' && item.snapshot.tenantCode !== input.tenantCode)
            return refusal('WRONG_TENANT', `${at}.tenantCode: ${item.snapshot.tenantCode} is not ${input.tenantCode}`);
        if (seen.has(key)) return refusal('DUPLICATE_IN_CALL', `${at}: product ${key} appears twice in the call`);
        seen.add(key);
        return null;
    });
    return { input: input as ApplyProductsInput, items, refusals };
}

function removalProblems(removal: ProductRemoval | undefined, at: string): string[] {
    const problems: string[] = [];
    if (!removal || typeof removal.masterProductId !== 'string' || !removal.masterProductId)
        problems.push(`${at}.masterProductId: required`);
    if (!Number.isSafeInteger(removal?.version) || removal!.version < 1) problems.push(`${at}.version: a whole number ≥ 1`);
    return problems;
}
