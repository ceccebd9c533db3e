import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CHECK_KINDS, isWaivable } from '../server/src/core/checks/registry.js';
import type { Rule, RuleDefinition } from '../server/src/core/rules/definition.js';
import { ruleFacts, usesRegistries } from '../server/src/core/rules/facts.js';
import { loadRules } from '../server/src/core/rules/loader.js';
import { OPERATORS } from '../server/src/core/rules/operators/index.js';
import { renderRuleSchema } from '../server/src/core/rules/rule-schema.js';
import { SchemaRegistry } from '../server/src/core/schema/validator.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { REPO, RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

const host = new NodeHost();
const builtin = loadRules(host, new SchemaRegistry(host, SCHEMAS_DIR), { dir: RULES_DIR, builtin: true, docsUrl: () => '' });

/** The rows of the first table under a `## heading` of a Markdown file, as cells (`\|` inside a cell kept). */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  const lines = markdown.slice(start, end < 0 ? undefined : end).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const table: string[] = [];
  for (let i = first; i >= 0 && i < lines.length && lines[i].startsWith('|'); i++) table.push(lines[i]);
  // The header and the |---| line are not rows.
  return table.slice(2).map((row) =>
    row
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
}

/** The code spans of a Markdown table cell. */
function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

describe('rule language: the check-kind and operator registries', () => {
  it('schemas/rule.schema.json is up to date with the registries (fix: npm run schemas)', () => {
    const committed = fs.readFileSync(path.join(SCHEMAS_DIR, 'rule.schema.json'), 'utf8');
    assert.ok(renderRuleSchema(committed) === committed, 'schemas/rule.schema.json differs from what the check kinds and operators say: run npm run schemas');
  });

  it("the schema has one branch per check kind, whose keys are the kind's own plus kind, message and severity", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'rule.schema.json'), 'utf8')) as {
      definitions: { check: { properties: { kind: { enum: string[] } }; allOf: Array<{ if: unknown; then: { properties: Record<string, unknown> } }> } };
    };
    const check = schema.definitions.check;
    assert.deepEqual(
      check.properties.kind.enum,
      CHECK_KINDS.map((k) => k.name),
    );
    assert.deepEqual(
      check.allOf.map((b) => b.if),
      CHECK_KINDS.map((k) => ({ properties: { kind: { const: k.name } } })),
    );
    check.allOf.forEach((branch, i) => {
      assert.deepEqual(Object.keys(branch.then.properties), ['kind', 'message', 'severity', ...Object.keys(CHECK_KINDS[i].schema.properties)], CHECK_KINDS[i].name);
    });
  });

  it('docs/rule-language.md documents every check kind and every predicate operator, and nothing else', () => {
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'rule-language.md'), 'utf8');
    const kinds = tableRows(docs, 'Check kinds').map((cells) => codeSpans(cells[0]).join(' '));
    assert.deepEqual([...kinds].sort(), CHECK_KINDS.map((k) => k.name).sort(), 'the "Check kinds" table, one row per kind');
    const operators = tableRows(docs, 'Predicates').flatMap((cells) => codeSpans(cells[0]).map((span) => /^([a-z_]+)\s*:/.exec(span)?.[1] ?? `?${span}`));
    assert.deepEqual([...new Set(operators)].sort(), Object.keys(OPERATORS).sort(), 'the "Predicates" table, each operator written as `name: ...`');
  });

  it('every operator documents itself in one line (the description editors show)', () => {
    for (const [name, op] of Object.entries(OPERATORS)) {
      assert.equal(typeof op.schema.description, 'string', name);
      assert.doesNotMatch(String(op.schema.description), /\n/, name);
    }
  });
});

describe("rule language: waivability is the check kinds' to say", () => {
  it('built-in rules: only unreadable files and waivers cannot be waived', () => {
    assert.deepEqual(
      builtin
        .filter((r) => !isWaivable(r))
        .map((r) => r.id)
        .sort(),
      ['record-syntax', 'waiver-expired', 'waiver-incomplete', 'waiver-unused'],
    );
  });

  it('a team rule is waivable by its kinds, whatever its id; what is not a rule is not waivable', () => {
    const rule = (id: string, kind: string): Rule => ({ ...builtin[0], id, checks: [{ kind }] });
    assert.equal(isWaivable(rule('our-syntax', 'syntax')), false);
    assert.equal(isWaivable(rule('our-waivers', 'waiver')), false);
    assert.equal(isWaivable(rule('record-syntax-like', 'assert')), true);
    assert.equal(isWaivable(undefined), false, 'internal-error and config findings have no rule');
  });
});

describe('rule language: one walker says what a rule uses', () => {
  const rule = {
    id: 'facts',
    severity: 'warning',
    principle: 'p',
    title: 't',
    message: 'm',
    docs: { rationale: 'r', triggers: 't', comply: 'c' },
    options: { schema: {}, defaults: { owners: ['a'], pattern: 'x', fields: [] } },
    applies_to: { when: { path: 'status', in: { $option: 'owners' } } },
    severity_when: [{ when: { path: 'owner', person: { roles: ['cco'] } }, severity: 'error' }],
    checks: [
      {
        kind: 'assert',
        given: 'promises[*]',
        where: { path: 'ref', present: false },
        assert: { all_of: [{ path: 'owner', matches: '^[A-Z]' }, { not: { date: { before: { path: '/date', months: { $option: 'months' } } } } }] },
        report: 'owner',
      },
      { kind: 'find', given: '$strings', patterns: { $option: 'pattern' } },
      { kind: 'schema', known_fields: ['segments', 'a.b[*].c'] },
      { kind: 'waiver', state: 'unused' },
    ],
  } as unknown as RuleDefinition;

  it('finds options, paths, patterns and registries where they are written, by compiling the rule', () => {
    const facts = ruleFacts(rule);
    assert.deepEqual(facts.options, [
      { name: 'months', at: ['checks', 0, 'assert', 'all_of', 1, 'not', 'date', 'before', 'months', '$option'], pattern: false },
      { name: 'pattern', at: ['checks', 1, 'patterns', '$option'], pattern: true },
      { name: 'owners', at: ['applies_to', 'when', 'in', '$option'], pattern: false },
    ]);
    assert.deepEqual(
      facts.paths.map((p) => `${p.role} ${p.source} @${p.at.join('.')}`),
      [
        'given promises[*] @checks.0.given',
        'node ref @checks.0.where.path',
        'node owner @checks.0.assert.all_of.0.path',
        'node /date @checks.0.assert.all_of.1.not.date.before.path',
        'report owner @checks.0.report',
        'strings $strings @checks.1.given',
        'field segments @checks.2.known_fields.0',
        'field a.b[*].c @checks.2.known_fields.1',
        'node status @applies_to.when.path',
        'node owner @severity_when.0.when.path',
      ],
    );
    assert.deepEqual(facts.patterns, [{ source: '^[A-Z]', at: ['checks', 0, 'assert', 'all_of', 0, 'matches'] }]);
    assert.deepEqual([...facts.registries], ['people']);
  });

  it('knows which built-in rules consult a registry', () => {
    assert.deepEqual(
      builtin
        .filter(usesRegistries)
        .map((r) => r.id)
        .sort(),
      ['advocate-required', 'cco-signoff-major', 'no-diffused-ownership', 'promise-ref-resolves'],
    );
  });
});
