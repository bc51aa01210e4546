// Test helpers of the contract (`@entrepreneur-os/sync-contract/testing`): TypeScript sources for the
// test runners, never compiled into dist.
export * from './field-changes';
export * from './test-snapshot';
