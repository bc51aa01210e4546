import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Vendure code needs decorator metadata, which esbuild does not emit: compile tests with SWC.
const swcPlugin = () => swc.vite({ jsc: { transform: { useDefineForClassFields: false } } });

const withServices = /^(1|true|yes)$/i.test(process.env.TEST_WITH_SERVICES ?? '');

const e2e = (name: string, env: Record<string, string>) => ({
    extends: true as const,
    test: {
        name,
        include: ['{master,ecommerce,plugins/*,test}/e2e/**/*.e2e-spec.ts'],
        env,
        // The service-backed project fails at once, with the reason, when PostgreSQL or Redis is down.
        globalSetup: env.E2E_DB === 'postgres' ? ['test/require-services.ts'] : [],
        testTimeout: 120_000,
        hookTimeout: 300_000,
    },
});

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
            e2e('e2e-sqlite', { E2E_DB: 'sqlite' }),
            ...(withServices ? [e2e('e2e-postgres', { E2E_DB: 'postgres' })] : []),
            {
                extends: true,
                test: { name: 'stack', include: ['test/stack/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
            },
        ],
    },
});
