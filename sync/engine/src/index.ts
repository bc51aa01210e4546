/**
 * @entrepreneur-os/sync-engine — runs the sync contract between master and the tenant shops.
 * Pure TypeScript (graphql-request, no Nest/Vendure): used by the sidecar and by n8n nodes.
 */
export * from './errors';
export * from './graphql-client';
export * from './clients';
export * from './retry';
export * from './types';
export { syncTenant, retryDeadLetters, measureStream, OutcomeApplier, callWithRetry } from './runner';
export type { StreamRunState, DeadLetterRetryResult, ApplyCounters } from './runner';
export { fullSync, verify, repair } from './full-sync';
export type { CatalogOptions, CatalogProgress, FullSyncSummary, VerifyReport, DriftedProduct, RepairResult } from './full-sync';
export { inboxPosition } from './streams';
export type { ApplyOutcome, CatalogUnit } from './streams';
