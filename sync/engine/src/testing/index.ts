// Test helpers of the engine (`@entrepreneur-os/sync-engine/testing`): in-memory fakes of both servers.
// TypeScript sources for the test runners, never compiled into dist.
export * from './fake-servers';
