// Type-aware linting for every TypeScript package; floating promises are errors (a lost rejection
// in a Vendure service is a silent data bug).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
    ['console', 'process', 'fetch', 'AbortSignal', 'setTimeout', 'clearTimeout', 'setInterval', 'URL', '__dirname'].map(g => [
        g,
        'readonly',
    ]),
);

export default tseslint.config(
    { ignores: ['**/node_modules/**', '**/dist/**', '**/src/gql/**', '**/migrations/**', 'coverage/**', '**/.data/**', '**/*.d.ts'] },
    js.configs.recommended,
    {
        // .tsx: Dashboard extensions (plugins/*/dashboard, type-checked by their own tsconfig.json).
        files: ['**/*.ts', '**/*.tsx'],
        extends: [...tseslint.configs.recommendedTypeChecked],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-misused-promises': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        },
    },
    {
        // Unit specs and test helpers are left out of the packages' builds: typed by tsconfig.specs.json.
        files: ['**/src/**/*.spec.ts', 'sync/*/src/testing/**/*.ts'],
        languageOptions: {
            parserOptions: { projectService: false, project: ['./tsconfig.specs.json'], tsconfigRootDir: import.meta.dirname },
        },
    },
    {
        // Tests read loosely typed GraphQL results.
        files: ['**/e2e/**/*.ts', 'test/**/*.ts', '**/*.spec.ts'],
        rules: {
            '@typescript-eslint/no-explicit-any': 'off',
            '@typescript-eslint/no-unsafe-member-access': 'off',
            '@typescript-eslint/no-unsafe-assignment': 'off',
            '@typescript-eslint/no-unsafe-argument': 'off',
            '@typescript-eslint/no-unsafe-return': 'off',
            '@typescript-eslint/no-unsafe-call': 'off',
        },
    },
    {
        // The shop's side of the sync runs on ecommerce servers: no master or PIM code (ecommerce/src/layering.spec.ts checks the build).
        files: ['plugins/sync/src/ecommerce/**/*.ts', 'plugins/sync/src/shared/**/*.ts'],
        rules: {
            'no-restricted-imports': [
                'error',
                {
                    patterns: [
                        {
                            group: ['@entrepreneur-os/pim-plugin', '@entrepreneur-os/pim-plugin/*'],
                            message: 'the shop side must not load PIM code',
                        },
                        { group: ['../master', '../master/*', '**/master/**'], message: "the shop side must not import master's side" },
                    ],
                },
            ],
        },
    },
    {
        files: ['**/*.mjs', '**/*.mts'],
        extends: [tseslint.configs.base],
        languageOptions: { globals: nodeGlobals },
    },
);
