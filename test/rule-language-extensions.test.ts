import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { givenNodes, test, type EvalContext, type Predicate } from '../server/src/core/rules/predicates.js';
import { parsePath, pathMatches } from '../server/src/core/rules/paths.js';
import { compareVersions, versionOf } from '../server/src/core/rules/values.js';
import { findings, show, standpoint, tempWorkspaces, TODAY, triples } from './helpers/cli.js';
import { SCHEMAS_DIR } from './helpers/paths.js';

/** Evaluates a predicate (written as YAML) on the root of `data`. */
function holds(predicate: string, data: unknown, options: Record<string, unknown> = {}): boolean {
  const ctx: EvalContext = { root: data, today: TODAY, options, registries: {} };
  return test(parseYaml(predicate) as Predicate, { value: data, path: [] }, ctx);
}

describe('rule language: version comparison', () => {
  it('reads dotted versions with an optional v, and compares them part by part', () => {
    assert.deepEqual(versionOf('v1.25'), [1, 25]);
    assert.deepEqual(versionOf('1.25.3'), [1, 25, 3]);
    assert.deepEqual(versionOf(2), [2]);
    for (const bad of ['TBD', '', 'v', '1.x', '1..2', undefined, null]) assert.equal(versionOf(bad), undefined, String(bad));
    assert.equal(compareVersions([1, 9], [1, 10]), -1);
    assert.equal(compareVersions([1, 10], [1, 10, 0]), 0);
    assert.equal(compareVersions([2], [1, 99]), 1);
  });

  it('version: {gte, lt, eq, ...} against literals, options and other fields', () => {
    const kep = { stage: 'beta', 'latest-milestone': 'v1.25', milestone: { alpha: 'v1.9', beta: 'v1.26', stable: 'TBD' } };
    assert.equal(holds('{path: latest-milestone, version: {gte: "v1.10"}}', kep), true, '1.25 >= 1.10, not as text');
    assert.equal(holds('{path: milestone.alpha, version: {lt: "1.10"}}', kep), true, '1.9 < 1.10');
    assert.equal(holds('{path: latest-milestone, version: {gte: {path: milestone.beta}}}', kep), false);
    assert.equal(holds('{path: latest-milestone, version: {gte: {path: milestone.alpha}}}', kep), true);
    assert.equal(holds('{path: latest-milestone, version: {eq: {$option: current}}}', kep, { current: 'v1.25.0' }), true);
    // A value or a bound that is not a version never holds, either way.
    assert.equal(holds('{path: latest-milestone, version: {lt: {path: milestone.stable}}}', kep), false);
    assert.equal(holds('{path: latest-milestone, version: {gte: {path: milestone.stable}}}', kep), false);
    assert.equal(holds('{path: milestone.stable, version: {gte: "0"}}', kep), false);
    assert.equal(holds('{path: nothing, version: {gte: "0"}}', kep), false);
  });
});

describe('rule language: magnitude', () => {
  it('compares the size of a number, its sign ignored; what is not a number never holds', () => {
    const budget = { cut: -300000, spend: '300,000', small: '-120000', pct: '-15%', text: '€1.2m' };
    assert.equal(holds('{path: cut, magnitude: {gte: 250000}}', budget), true, 'a cut of 300000 is as large as a spend');
    assert.equal(holds('{path: cut, number: {gte: 250000}}', budget), false, 'number keeps the sign');
    assert.equal(holds('{path: spend, magnitude: {gte: {$option: major}}}', budget, { major: 250000 }), true);
    assert.equal(holds('{path: small, magnitude: {gte: 250000}}', budget), false);
    assert.equal(holds('{path: pct, magnitude: {eq: 15}}', budget), true);
    assert.equal(holds('{path: text, magnitude: {gte: 0}}', budget), false);
    assert.equal(holds('{path: missing, magnitude: {lt: 1}}', budget), false);
  });
});

describe('rule language: value references {path: P}', () => {
  const pricing = {
    segments: ['Small business', 'Enterprise'],
    customer_standpoint: { evidence: [{ source: 'survey', segment: 'small business' }, { source: 'reviews' }] },
    price: { old: '40', new: 45 },
    cap: 50,
  };

  it('in / not_in: the list of values a wildcard path reaches (case-insensitive)', () => {
    assert.equal(holds('{path: "segments[0]", in: {path: "/customer_standpoint.evidence[*].segment"}}', pricing), true);
    assert.equal(holds('{path: "segments[1]", in: {path: "/customer_standpoint.evidence[*].segment"}}', pricing), false);
    assert.equal(holds('{path: "segments[1]", not_in: {path: "/customer_standpoint.evidence[*].segment"}}', pricing), true);
    // A single-valued reference is a list of one; a missing one is an empty list.
    assert.equal(holds('{path: "segments[0]", in: {path: "/customer_standpoint.evidence[0].segment"}}', pricing), true);
    assert.equal(holds('{path: "segments[0]", in: {path: /nothing}}', pricing), false);
    assert.equal(holds('{path: "segments[0]", not_in: {path: /nothing}}', pricing), true);
  });

  it('equals: another field; a reference to a missing value equals nothing', () => {
    assert.equal(holds('{path: "segments[0]", equals: {path: "/customer_standpoint.evidence[0].segment"}}', pricing), true);
    assert.equal(holds('{path: price.old, equals: {path: /price.new}}', pricing), false);
    assert.equal(holds('{path: missing, equals: {path: /also_missing}}', pricing), false);
  });

  it('number, count and word_count bounds: another field, relative to the node under test', () => {
    assert.equal(holds('{path: price.new, number: {gt: {path: /price.old}}}', pricing), true);
    assert.equal(holds('{path: price.new, number: {lte: {path: /cap}}}', pricing), true);
    assert.equal(holds('{path: price, all_of: [{path: new, number: {gt: {path: old}}}]}', pricing), true, 'relative to the node under test');
    assert.equal(holds('{path: segments, count: {eq: {path: "/customer_standpoint.evidence[*].source"}}}', pricing), false, 'a list is not a number');
    assert.equal(holds('{path: price.new, number: {lt: {path: /nothing}}}', pricing), false);
  });

  it('a model path pattern matches concrete paths (used by known_fields)', () => {
    const p = parsePath('customer_standpoint.evidence[*].segment');
    assert.equal(pathMatches(p, ['customer_standpoint', 'evidence', 3, 'segment']), true);
    assert.equal(pathMatches(p, ['customer_standpoint', 'evidence', 'x', 'segment']), false);
    assert.equal(pathMatches(parsePath('**.segment'), ['segment']), true);
    assert.equal(pathMatches(parsePath('**.segment'), ['a', 0, 'segment']), true);
    assert.equal(pathMatches(parsePath('segments'), ['segments', 0]), false);
  });
});

describe('rule language: predicates compiled once, evaluated many times', () => {
  const record = {
    promises: [{ id: 'P-1', owner: 'Ana' }, { id: 'P-2' }, { id: 'P-3', owner: 'Bo' }],
    tags: 'single',
    empty: [],
  };

  it('any / all / none over lists, a single value and a missing value', () => {
    assert.equal(holds('{path: promises, any: {path: owner, present: true}}', record), true);
    assert.equal(holds('{path: promises, all: {path: owner, present: true}}', record), false);
    assert.equal(holds('{path: promises, none: {path: owner, equals: Cy}}', record), true);
    assert.equal(holds('{path: promises, none: {path: owner, equals: bo}}', record), false, 'case-insensitive');
    // A single value is a list of one; a missing or empty one is a list of none.
    assert.equal(holds('{path: tags, any: {equals: SINGLE}}', record), true);
    assert.equal(holds('{path: tags, all: {equals: other}}', record), false);
    for (const p of ['missing', 'empty']) {
      assert.equal(holds(`{path: ${p}, any: {present: true}}`, record), false, p);
      assert.equal(holds(`{path: ${p}, all: {present: false}}`, record), true, p);
      assert.equal(holds(`{path: ${p}, none: {present: true}}`, record), true, p);
    }
  });

  it('count with where, in / not_in with an option list, and the same predicate object reused on other records', () => {
    const pred = parseYaml('{path: promises, count: {min: 2, where: {path: owner, in: {$option: owners}}}}') as Predicate;
    const run = (data: unknown, owners: string[]) => test(pred, { value: data, path: [] }, { root: data, today: TODAY, options: { owners }, registries: {} });
    assert.equal(run(record, ['ana', 'BO']), true);
    assert.equal(run(record, ['ana']), false);
    assert.equal(run({ promises: [{ owner: 'Ana' }, { owner: 'Ana' }] }, ['Ana']), true);
    assert.equal(run({ promises: [] }, ['Ana']), false);
  });

  it('an unknown test fails when the predicate runs, naming the test', () => {
    assert.throws(() => holds('{path: tags, no_such_test: 1}', record), /unknown predicate test "no_such_test"/);
  });

  it('a finding path is spelled out for nodes reached through wildcards and **', () => {
    const ctx: EvalContext = { root: record, today: TODAY, options: {}, registries: {} };
    const owners = givenNodes('**.owner', ctx);
    assert.deepEqual(
      owners.map((c) => c.path),
      [
        ['promises', 0, 'owner'],
        ['promises', 2, 'owner'],
      ],
    );
    assert.deepEqual(
      owners.map((c) => c.value),
      ['Ana', 'Bo'],
    );
    assert.equal(givenNodes('**.owner', ctx), owners, 'a selection is made once per model');
  });
});

describe('rule language: extensions in rule files and configuration', () => {
  const make = tempWorkspaces();
  const record = `decision: pricing-change
id: PR-2026-070
title: New prices for the small-business plan
status: proposed
owner: Dana Reyes
customer_impact: direct
segments: [Small business, Enterprise]
customer_standpoint:
  advocates: [Priya Shah]
  evidence:
    - source: survey
      segment: Small business
      summary: Small businesses would accept a higher price for phone support
`;
  const rule = `id: segment-evidence
severity: error
principle: brutal-facts
title: Evidence from every segment a pricing change affects
message: No evidence from the "{{$value}}" segment.
applies_to: {kinds: [pricing-change]}
checks:
  - kind: assert
    given: segments[*]
    assert: {in: {path: "/customer_standpoint.evidence[*].segment"}}
docs: {rationale: r, triggers: t, comply: c}
`;

  it('a rule file using value references and versions loads and runs', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\nrules:\n  record-schema: {options: {extra_fields: [segments, "customer_standpoint.evidence[*].segment"]}}\n',
      'rules/segment-evidence/rule.yaml': rule,
      'decisions/pr.yaml': record,
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(
      triples(findings(run)).filter((t) => /^(segment-evidence|record-schema)@/.test(t)),
      ['segment-evidence@decisions/pr.yaml:7'],
    );
    assert.match(findings(run).find((f) => f.rule === 'segment-evidence')!.message, /No evidence from the "Enterprise" segment\./);
  });

  it("record-schema reports a team's own fields as unknown until they are listed in extra_fields", () => {
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/pr.yaml': record });
    const before = findings(standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws })).filter((f) => f.rule === 'record-schema');
    assert.deepEqual(
      before.map((f) => `${f.severity}@${f.line}: ${f.message}`),
      ['info@7: unknown field "segments"', 'info@12: unknown field "segment"'],
    );
    fs.writeFileSync(path.join(ws, '.standpoint.yaml'), 'root: true\nrules:\n  record-schema: {options: {extra_fields: [segments, "**.segment"]}}\n');
    const after = findings(standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws })).filter((f) => f.rule === 'record-schema');
    assert.deepEqual(after, []);
  });

  it('a malformed extra_fields path or version bound is a located configuration error (exit 2)', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\nrules:\n  record-schema: {options: {extra_fields: ["segments["]}}\n', 'decisions/pr.yaml': record });
    const run = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 2, show(run));
    assert.match(run.stderr, /\.standpoint\.yaml:3:/);
    const bad = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/segment-evidence/rule.yaml': rule.replace('assert: {in: {path: "/customer_standpoint.evidence[*].segment"}}', 'assert: {version: {gte: "one"}}'),
      'decisions/pr.yaml': record,
    });
    const broken = standpoint(['check', '--today', TODAY], { cwd: bad });
    assert.equal(broken.code, 2, show(broken));
    assert.match(broken.stderr, /rules\/segment-evidence\/rule\.yaml:10:29: rule file at checks\[0\]\.assert\.version\.gte/);
    const listed = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/segment-evidence/rule.yaml': rule.replace('    assert: {in:', '    report: [customer_standpoint, "segments[*]"]\n    assert: {in:'),
      'decisions/pr.yaml': record,
    });
    const multi = standpoint(['check', '--today', TODAY], { cwd: listed });
    assert.equal(multi.code, 2, show(multi));
    assert.match(multi.stderr, /rules\/segment-evidence\/rule\.yaml:10:\d+: .*report path "segments\[\*\]" must name one node/);
  });
});

describe('rule schema: documentation of every key', () => {
  it('every key a rule file can hold has a description (what the editor shows on hover)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'rule.schema.json'), 'utf8')) as Record<string, unknown>;
    const definitions = schema.definitions as Record<string, Record<string, unknown>>;
    // A key that is only a reference to a definition shows that definition's description (as the editor does).
    const described = (value: Record<string, unknown>): boolean => {
      const ref = typeof value.$ref === 'string' && Object.keys(value).length === 1 ? /^#\/definitions\/(\w+)$/.exec(value.$ref) : null;
      return typeof (ref ? definitions[ref[1]] : value).description === 'string';
    };
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      const map = node as Record<string, unknown>;
      if (map.properties && typeof map.properties === 'object' && !at.endsWith('/if')) {
        for (const [key, value] of Object.entries(map.properties as Record<string, Record<string, unknown>>)) {
          // `kind: {}` in an if/then branch only re-allows the key described on the check itself.
          if (Object.keys(value).length > 0 && !described(value)) missing.push(`${at}.${key}`);
        }
      }
      for (const [key, value] of Object.entries(map)) walk(value, `${at}/${key}`);
    };
    walk(schema, '');
    assert.deepEqual(missing, []);
  });
});
