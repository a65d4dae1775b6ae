// Lint rules, including the layer rules from shared docs/architecture.md: a layer
// violation fails CI, not review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'util',
  'stream',
  'worker_threads',
  'events',
  'http',
  'https',
  'net',
  'zlib',
];

const sharedPatterns = [
  { group: nodeBuiltins, message: 'shared/ is pure: no Node built-ins.' },
  {
    group: [
      'electron',
      'electron/*',
      'react',
      'react-dom',
      'react/*',
      '@codemirror/*',
      'chokidar',
      'write-file-atomic',
    ],
    message: 'shared/ is pure: no Electron, React, DOM or I/O libraries.',
  },
  {
    group: ['**/electron/**', '**/renderer/**'],
    message: 'shared/ imports nothing from electron/ or renderer/.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use explicit named exports.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: sharedPatterns }],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        '__dirname',
        'localStorage',
        'navigator',
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'shared/ never reads the clock: take the date as input.',
        },
      ],
    },
  },
  // Inside shared/: content -> markdown -> site (and ipc on top). A lower folder never
  // imports a higher one. Each block repeats the shared/ patterns: a later
  // no-restricted-imports replaces an earlier one for the same files.
  ...[
    { dir: 'content', above: ['markdown', 'site', 'ipc'] },
    { dir: 'markdown', above: ['site', 'ipc'] },
    { dir: 'site', above: ['ipc'] },
  ].map(({ dir, above }) => ({
    files: [`shared/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...sharedPatterns,
            {
              group: above.map((a) => `../${a}/*`),
              message: `shared/${dir} sits below shared/${above.join(', shared/')}: content -> markdown -> site.`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['electron', 'electron/*', '**/electron/**'],
              message: 'The renderer talks to the back end only through renderer/api.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message: 'services, cli and web never import electron, so they run without it.',
            },
            { group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The command's CommonJS start-up files (bin/quire.cjs, the code cache loader).
    files: ['bin/**/*.cjs', 'scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setImmediate: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
