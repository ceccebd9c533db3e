import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { REPO } from './helpers/paths.js';

// The engine boundary is enforced by eslint.config.mjs: the hosts import the core only through
// server/src/core/index.ts, and the core imports no host. These tests lint source text under file
// names in the guarded folders with the repository's own configuration; nothing is written to disk.
//
// The type-aware rules need each file to be part of a tsconfig, which a file that exists only as
// text is not; the boundary rules read only import specifiers, so type information is switched
// off for these checks (the globs, patterns and messages under test still come from the real file).
const withoutTypeInformation: Linter.Config[] = [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }];

type Problem = Pick<Linter.LintMessage, 'ruleId' | 'severity' | 'message'>;

describe('lint configuration: the engine boundary', function () {
  this.timeout(60_000);
  let eslint: ESLint;

  before(() => {
    eslint = new ESLint({ cwd: REPO, overrideConfig: withoutTypeInformation });
  });

  async function lint(file: string, code: string): Promise<Problem[]> {
    const filePath = path.join(REPO, file);
    assert.equal(await eslint.isPathIgnored(filePath), false, `${file} is ignored by the lint configuration`);
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
  }

  const deepImport = (specifier: string) => `import { openProject } from '${specifier}';\nexport const open = openProject;\n`;

  const hosts = [
    { file: 'server/src/cli/lint-config-probe.ts', core: '../core' },
    { file: 'server/src/cli/commands/report/lint-config-probe.ts', core: '../../../core' },
    { file: 'server/src/lsp/lint-config-probe.ts', core: '../core' },
    { file: 'server/src/lsp/features/lint-config-probe.ts', core: '../../core' },
    { file: 'server/src/node/lint-config-probe.ts', core: '../core' },
    { file: 'client/src/lint-config-probe.ts', core: '../../server/src/core' },
  ];

  for (const { file, core } of hosts) {
    describe(file, () => {
      it('fails an import of a module inside the core, naming core/index.js', async () => {
        const specifier = `${core}/engine/project.js`;
        const problems = await lint(file, deepImport(specifier));
        assert.deepEqual(
          problems.map((p) => [p.ruleId, p.severity]),
          [['no-restricted-imports', 2]],
        );
        assert.match(problems[0].message, /Import the engine through core\/index\.js/);
        assert.ok(problems[0].message.includes(`'${specifier}'`), `the message names the import: ${problems[0].message}`);
      });

      it('fails a type-only import and a re-export from inside the core alike', async () => {
        const code = `import type { Finding } from '${core}/types.js';\nexport type { Project } from '${core}/engine/project.js';\nexport type F = Finding;\n`;
        const problems = await lint(file, code);
        assert.deepEqual(
          problems.map((p) => p.ruleId),
          ['no-restricted-imports', 'no-restricted-imports'],
        );
      });

      it('fails a dynamic import or import type of a module inside the core', async () => {
        const problems = await lint(file, `export const load = () => import('${core}/engine/project.js');\n`);
        assert.deepEqual(
          problems.map((p) => [p.ruleId, p.severity]),
          [['no-restricted-syntax', 2]],
        );
        assert.match(problems[0].message, /Import the engine through core\/index\.js/);
        const typeQuery = await lint(file, `export type Project = typeof import('${core}/engine/project.js');\n`);
        assert.deepEqual(
          typeQuery.map((p) => p.ruleId),
          ['no-restricted-syntax'],
        );
      });

      it('accepts the same import through core/index.js', async () => {
        assert.deepEqual(await lint(file, deepImport(`${core}/index.js`)), []);
        assert.deepEqual(await lint(file, `export const load = () => import('${core}/index.js');\n`), []);
        assert.deepEqual(await lint(file, `export type Core = typeof import('${core}/index.js');\n`), []);
      });
    });
  }

  describe('server/src/core', () => {
    const hostImports = [
      { file: 'server/src/core/engine/lint-config-probe.ts', specifier: '../../cli/main.js' },
      { file: 'server/src/core/lint-config-probe.ts', specifier: '../lsp/server.js' },
      { file: 'server/src/core/rules/lint-config-probe.ts', specifier: '../../node/node-host.js' },
      { file: 'server/src/core/engine/lint-config-probe.ts', specifier: '../../../../client/src/extension.js' },
    ];
    for (const { file, specifier } of hostImports) {
      it(`fails ${specifier} from ${file}`, async () => {
        const problems = await lint(file, `import { x } from '${specifier}';\nexport const y = x;\n`);
        assert.deepEqual(
          problems.map((p) => [p.ruleId, p.severity]),
          [['no-restricted-imports', 2]],
        );
        assert.match(problems[0].message, /The core must not depend on a host/);
        assert.ok(problems[0].message.includes(`'${specifier}'`), problems[0].message);
      });
    }

    it('fails a dynamic import of a host', async () => {
      const problems = await lint('server/src/core/engine/lint-config-probe.ts', `export const load = () => import('../../cli/main.js');\n`);
      assert.deepEqual(
        problems.map((p) => p.ruleId),
        ['no-restricted-syntax'],
      );
    });

    it('accepts imports between modules of the core', async () => {
      const code = `import { openProject } from './project.js';\nimport type { Finding } from '../types.js';\nexport const open = openProject;\nexport type F = Finding;\n`;
      assert.deepEqual(await lint('server/src/core/engine/lint-config-probe.ts', code), []);
    });
  });

  describe('scope', () => {
    it('lets the tests reach into the core', async () => {
      assert.deepEqual(await lint('test/lint-config-probe.test.ts', deepImport('../server/src/core/engine/project.js')), []);
    });

    it('lints the real sources with type information', async () => {
      const plain = new ESLint({ cwd: REPO });
      for (const file of ['server/src/cli/main.ts', 'client/src/extension.ts', 'test/meta.test.ts']) {
        const config = await plain.calculateConfigForFile(path.join(REPO, file));
        assert.ok(config, file);
        const parserOptions = config.languageOptions.parserOptions as Linter.ParserOptions | undefined;
        assert.equal(parserOptions?.projectService, true, file);
        assert.equal(config.rules?.['@typescript-eslint/no-floating-promises']?.[0], 2, `${file}: type-aware rules are on`);
      }
    });
  });
});
