// @ts-check
// ESLint for Standpoint: type-aware typescript-eslint rules for server/, client/ and test/ TypeScript,
// plain JavaScript rules for the build, bench and harness scripts, and the engine boundary:
//   - the hosts (server/src/cli, lsp, node and client/src) reach the engine only through server/src/core/index.ts;
//   - the core (server/src/core) never imports a host.
// Run with `npm run lint` (ESLint, then Prettier's check). test/lint-config.test.ts proves the boundary rules fire.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Every global of the Node that runs ESLint: the scripts run on Node, so this is their environment exactly. */
const nodeGlobals = Object.fromEntries(
  Object.getOwnPropertyNames(globalThis)
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name))
    .map((name) => [name, /** @type {const} */ ('readonly')]),
);
/** @type {import('eslint').Linter.Globals} */
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };

// Import specifiers are matched as written (relative, with the .js suffix that node16 resolution requires).
// A host file at any depth reaches the core by some number of '../', then 'core/' (or 'server/src/core/' from client/src).
const CORE_INTERNAL = String.raw`^(?:\.\./)+(?:server/src/)?core/(?!index\.js$)`;
const CORE_MESSAGE = 'Import the engine through core/index.js; this module is internal to the core.';
// From server/src/core/**, a host is some number of '../' away: cli/, lsp/, node/ (server/src) or client/ (repository root).
const HOST_MODULE = String.raw`^(?:\.\./)+(?:cli|lsp|node|client)/`;
const HOST_MESSAGE = 'The core must not depend on a host (cli/, lsp/, node/, client/): move the shared code into core/ or pass it in through the Host interface.';

/**
 * Dynamic `import()` and `typeof import()` types are imports too; no-restricted-imports sees only static ones.
 * esquery's regex literals cannot contain '/', so it is written \x2F.
 * @param {string} regex
 * @param {string} message
 */
function dynamicImportsMatching(regex, message) {
  const esquery = regex.replaceAll('/', String.raw`\x2F`);
  return [
    { selector: `ImportExpression[source.value=/${esquery}/]`, message },
    { selector: `TSImportType[argument.literal.value=/${esquery}/]`, message },
  ];
}

export default defineConfig(
  {
    name: 'standpoint/ignores',
    ignores: [
      '**/node_modules/',
      'out/',
      'dist/',
      '.tools/',
      '.e2e-work/',
      '.scratch/',
      'test-output/',
      'bench/.work/',
      'test/fixtures/',
      'rules/',
      'samples/',
      'schemas/',
      'docs/',
    ],
  },
  {
    name: 'standpoint/options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Every file: ESLint's recommended checks.
  { name: 'eslint/recommended', ...js.configs.recommended },
  {
    name: 'standpoint/all-files',
    rules: {
      eqeqeq: ['error', 'smart'],
    },
  },

  // Build, bench and harness scripts: plain JavaScript on Node.
  {
    name: 'standpoint/scripts-esm',
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: nodeGlobals },
  },
  {
    name: 'standpoint/scripts-cjs',
    files: ['**/*.cjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
  },
  {
    // Functions handed to Playwright's page.waitForFunction/evaluate run in the editor's browser page.
    name: 'standpoint/browser-callbacks',
    files: ['test/e2e/harness/ui-check.cjs', 'test/e2e/harness/ui-editor-check.cjs'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },

  // TypeScript (server, tests, VS Code client): type-aware, each file checked against its own tsconfig
  // (tsconfig.json for server/src and test/, client/tsconfig.json for client/src).
  {
    name: 'standpoint/typescript',
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Off: they flag deliberate idioms of this code base rather than mistakes.
      // Without noUncheckedIndexedAccess every `record[key]?.x` and `match[1] ?? ''` reads as "unnecessary".
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // `x!` after a check TypeScript cannot follow (Map.get after has, test results) is used on purpose.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `() => void doSomething()` and `(x) => set.add(x)` shorthand callbacks.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // `delete counts[key]` on Record<string, …> used as a map (baseline, env snapshots).
      '@typescript-eslint/no-dynamic-delete': 'off',
      // lazyModule<typeof import('x')>(…): a caller-chosen type parameter is the point.
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      // Numbers, booleans and nullish values in messages are fine (the recommended defaults, not strict's).
      '@typescript-eslint/restrict-template-expressions': ['error', { allowAny: true, allowBoolean: true, allowNullish: true, allowNumber: true, allowRegExp: true }],
      // Match TypeScript's noUnused*: a leading underscore marks a deliberately unused name; `{ a: _a, ...rest }` drops a key.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // The engine boundary. Tests may reach into the core; the hosts may not.
  {
    name: 'standpoint/hosts-use-core-index',
    files: ['server/src/cli/**/*.ts', 'server/src/lsp/**/*.ts', 'server/src/node/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: CORE_INTERNAL, message: CORE_MESSAGE }] }],
      'no-restricted-syntax': ['error', ...dynamicImportsMatching(CORE_INTERNAL, CORE_MESSAGE)],
    },
  },
  {
    name: 'standpoint/core-imports-no-host',
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: HOST_MODULE, message: HOST_MESSAGE }] }],
      'no-restricted-syntax': ['error', ...dynamicImportsMatching(HOST_MODULE, HOST_MESSAGE)],
    },
  },
);
