import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listFixtures, runFixture, type FixtureResult } from '../server/src/core/rule-testing/run-fixtures.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

const host = new NodeHost();
const ruleIds = fs
  .readdirSync(RULES_DIR)
  .filter((d) => fs.existsSync(path.join(RULES_DIR, d, 'rule.yaml')))
  .sort();

function explain(result: FixtureResult): string {
  const lines = [
    ...result.missing.map((m) => `  missing:    ${m.rule} at line ${m.line}${m.column ? `:${m.column}` : ''}`),
    ...result.unexpected.map((u) => `  unexpected: ${u.rule} at ${u.line}:${u.column} "${u.message}"`),
  ];
  return `${path.relative(RULES_DIR, result.fixture.path)}\n${lines.join('\n')}`;
}

describe('rule fixtures', () => {
  for (const id of ruleIds) {
    describe(id, () => {
      for (const fixture of listFixtures(host, path.join(RULES_DIR, id), id)) {
        it(`${fixture.expectation}/${path.basename(fixture.path)}`, () => {
          const result = runFixture(host, fixture, { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR });
          assert.ok(result.passed, explain(result));
          if (fixture.expectation === 'invalid') {
            assert.ok(
              result.expected.some((e) => e.rule === id),
              `${fixture.path} declares no ${id} finding`,
            );
          }
        });
      }
    });
  }
});
