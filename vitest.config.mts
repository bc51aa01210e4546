import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Vendure code needs decorator metadata, which esbuild does not emit: compile tests with SWC.
const swcPlugin = () => swc.vite({ jsc: { transform: { useDefineForClassFields: false } } });

export default defineConfig({
    plugins: [swcPlugin()],
    test: {
        // Each e2e file boots real Vendure servers; two at a time is what 2 cores can take.
        maxWorkers: 2,
        fileParallelism: true,
        reporters: ['default'],
        projects: [
            {
                extends: true,
                test: {
                    name: 'unit',
                    include: ['{master,ecommerce,plugins/*,sync/*,test,scripts}/**/src/**/*.spec.ts', 'scripts/**/*.spec.mjs'],
                },
            },
            {
                extends: true,
                test: {
                    name: 'e2e',
                    include: ['{master,ecommerce,plugins/*,test}/e2e/**/*.e2e-spec.ts'],
                    // Every suite on PostgreSQL: an embedded one for the run, or TEST_PG_URL, or with
                    // TEST_WITH_SERVICES=1 the machine's PostgreSQL and Redis (see test/test-services.ts).
                    globalSetup: ['test/test-services.ts'],
                    testTimeout: 120_000,
                    hookTimeout: 300_000,
                },
            },
            {
                extends: true,
                test: { name: 'stack', include: ['test/stack/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
            },
        ],
    },
});
