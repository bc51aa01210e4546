import { ID, RequestContext, StockLevel, TransactionalConnection } from '@vendure/core';

/**
 * Adds a delta to a variant's stock on hand at a location as one increment in the database.
 * Vendure's own helper reads the level and writes the sum back, so two movements booked at the same
 * moment (a sale and a receipt) could lose one; movements from both sides must always add up.
 */
export async function addStockOnHand(
    connection: TransactionalConnection,
    ctx: RequestContext,
    variantId: ID,
    locationId: ID,
    delta: number,
): Promise<void> {
    if (!Number.isSafeInteger(delta)) throw new TypeError(`stock delta ${delta}: a whole number`);
    const repo = connection.getRepository(ctx, StockLevel);
    const updated = await repo
        .createQueryBuilder()
        .update(StockLevel)
        .set({ stockOnHand: () => `"stockOnHand" + ${delta}` })
        .where({ productVariantId: variantId, stockLocationId: locationId })
        .execute();
    if (!updated.affected)
        await repo.insert({ productVariantId: variantId, stockLocationId: locationId, stockOnHand: delta, stockAllocated: 0 });
}
