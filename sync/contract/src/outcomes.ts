/**
 * The error contract of every apply operation (catalog, stock both ways, order summaries): the
 * receiver answers **per item** — applied, skipped because it already holds that or newer, pending,
 * or refused with a code. The code says whose fault a refusal is, and the engine decides on the code
 * alone (never on an exception class or a message):
 *
 * - `DATA` — the item itself is wrong; sending it again fails again. The receiver applies the rest of
 *   the call and moves the checkpoint; the engine keeps the item as a dead letter for an operator.
 * - `RECEIVER` — the receiving server cannot take the item as it is set up now (configuration, a
 *   reference it lacks, overload). The receiver writes **nothing** of the call and the checkpoint
 *   stays; the engine stops the run and reports the code and message; a later run sends the same
 *   items again, so they arrive once the receiver is fixed — with no manual step.
 *
 * A malformed call as a whole (no tenant, too many items, a bad feed position) is still answered
 * with a GraphQL error: it is not any item's fault, and the engine stops without dead-lettering.
 */
export type RefusalFault = 'DATA' | 'RECEIVER';

interface RefusalCodeSpec {
    fault: RefusalFault;
    /** RECEIVER only: likely to clear by itself within seconds (the engine retries at once, with backoff). */
    transient?: boolean;
    /** What the code means, for operators (shown in docs and status). */
    meaning: string;
}

export const REFUSAL_CODES = {
    INVALID_ITEM: { fault: 'DATA', meaning: 'the item breaks the sync contract (a field missing or malformed)' },
    WRONG_TENANT: { fault: 'DATA', meaning: 'the item names another tenant than the call' },
    DUPLICATE_IN_CALL: { fault: 'DATA', meaning: 'the same item appears twice in one call' },
    UNKNOWN_VARIANT: { fault: 'DATA', meaning: "the item names a variant that is not in the tenant's catalog" },
    NO_TAX_CATEGORY: {
        fault: 'RECEIVER',
        meaning: 'the ecommerce server has no tax category to give the variants: run its set-up (or create one)',
    },
    CURRENCY_NOT_AVAILABLE: {
        fault: 'RECEIVER',
        meaning:
            "the tenant's shop channel does not sell in the snapshot's currency: add it to the channel (or change the tenant's currency in master)",
    },
    BUSY: { fault: 'RECEIVER', transient: true, meaning: 'the receiver is overloaded (a lock wait ran out): try again shortly' },
} as const satisfies Record<string, RefusalCodeSpec>;

export type RefusalCode = keyof typeof REFUSAL_CODES;

export interface ItemRefusal {
    code: RefusalCode;
    fault: RefusalFault;
    /** What is wrong and what to do, naming the field or setting. */
    message: string;
}

/**
 * One item's outcome, in the order the items were sent.
 *
 * - `APPLIED` — written (created, changed, removed, or a stock movement booked);
 * - `SKIPPED` — the receiver already holds this version or a newer one / this idempotency key;
 * - `PENDING` — accepted and stored, booked later (a shop's stock movement for a variant still on its way);
 * - `REFUSED` — see `refusal`;
 * - `HELD` — fine, but not written because another item of the call was refused for a RECEIVER reason.
 */
export interface ItemOutcome {
    /** The item's key: master product id, idempotency key or order code. */
    key: string;
    status: 'APPLIED' | 'SKIPPED' | 'PENDING' | 'REFUSED' | 'HELD';
    refusal?: ItemRefusal;
}

/** What every apply operation answers besides its counts. */
export interface ItemOutcomes {
    outcomes: ItemOutcome[];
    /** False when a RECEIVER refusal stopped the call: nothing was written, the checkpoint did not move. */
    committed: boolean;
}

/** A refusal of `code`, with the fault the contract gives that code. */
export function refusal(code: RefusalCode, message: string): ItemRefusal {
    return { code, fault: REFUSAL_CODES[code].fault, message };
}

export function isReceiverRefusal(outcome: ItemOutcome): boolean {
    return outcome.status === 'REFUSED' && outcome.refusal?.fault === 'RECEIVER';
}

/**
 * The outcomes of a call from each item's refusal (or none): when any refusal is the receiver's,
 * the others are HELD and `committed` is false; otherwise `accepted(i)` gives the status of item i.
 */
export function decideOutcomes<T>(
    items: T[],
    keyOf: (item: T, index: number) => string,
    refusals: Array<ItemRefusal | null>,
): { outcomes: ItemOutcome[]; committed: boolean; accepted: number[] } {
    const committed = !refusals.some(r => r?.fault === 'RECEIVER');
    const outcomes = items.map((item, i): ItemOutcome => ({
        key: keyOf(item, i),
        status: refusals[i] ? 'REFUSED' : committed ? 'APPLIED' : 'HELD',
        ...(refusals[i] ? { refusal: refusals[i] } : {}),
    }));
    const accepted = committed ? items.flatMap((_, i) => (refusals[i] ? [] : [i])) : [];
    return { outcomes, committed, accepted };
}
