import assert from 'node:assert/strict';
import path from 'node:path';
import { renderMessage } from '../server/src/core/checks/context.js';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { Project } from '../server/src/core/engine/project.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { knownSections, nearMissFor, sectionFor } from '../server/src/core/parse/markdown-sections.js';
import { loadRules } from '../server/src/core/rules/loader.js';
import { SchemaRegistry } from '../server/src/core/schema/validator.js';
import type { Finding } from '../server/src/core/types.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { tempWorkspaces, writeFiles } from './helpers/cli.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

const FRONT = [
  '---',
  'decision: launch-plan',
  'id: LP-2026-700',
  'title: One-click reorder',
  'status: proposed',
  'date: 2026-11-01',
  'owner: Dana Reyes',
  'customer_impact: direct',
  '---',
];

function markdown(...body: string[]): string {
  return [...FRONT, '# One-click reorder', '', ...body, ''].join('\n');
}

function data(text: string): Record<string, unknown> {
  const doc = parseDocument('r.md', text);
  assert.deepEqual(doc.syntax, []);
  return doc.data as Record<string, unknown>;
}

const workspace = tempWorkspaces();

/** Lints files written to a fresh folder, with no configuration (the built-in rules). */
function lint(files: Record<string, string>): Finding[] {
  const dir = workspace();
  writeFiles(dir, files);
  const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: '2026-11-20', configFile: false });
  return lintFiles(
    project,
    Object.keys(files).map((f) => path.join(dir, f)),
  ).findings;
}

const where = (f: Finding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;

describe('Markdown section headings: variants', () => {
  const CASES: Array<[string, string]> = [
    ['Customer evidence', 'customer_standpoint.evidence'],
    ['Customer Evidence:', 'customer_standpoint.evidence'],
    ['Evidence', 'customer_standpoint.evidence'],
    ['Evidence from customers', 'customer_standpoint.evidence'],
    ['Advocate', 'customer_standpoint.advocates'],
    ['Customer advocates', 'customer_standpoint.advocates'],
    ["Customer's concerns", 'customer_standpoint.concerns'],
    ['Customer concerns', 'customer_standpoint.concerns'],
    ['Functions', 'functions'],
    ['Affected functions', 'functions'],
    ['Function affected', 'functions'],
    ['Risks and barriers', 'barriers'],
    ['Risks & Barriers', 'barriers'],
    ['Barrier', 'barriers'],
    ['Our promises', 'promises'],
    ['Our promise', 'promises'],
    ['PROMISES!', 'promises'],
    ['3. Metrics', 'metrics'],
    ['Action', 'actions'],
    ['Readiness', 'launch.readiness'],
    ['Reinvestments', 'budget.reinvestment'],
    ['The customer standpoint', 'customer_standpoint.summary'],
    ['Outcome', 'outcome.summary'],
    ['Outcomes', 'outcome.summary'],
    ['Review outcome', 'outcome.summary'],
    ['What happened', 'outcome.summary'],
  ];
  for (const [heading, field] of CASES) {
    it(`"${heading}" fills ${field}`, () => {
      assert.equal(sectionFor(heading)?.path.join('.'), field);
    });
  }

  it('maps a variant heading onto the model exactly as the canonical heading does', () => {
    const canonical = data(markdown('## Customer evidence', '', '- 340 tickets tagged "reorder"', '  - source: support-tickets'));
    const variant = data(markdown('## Evidence from customers:', '', '- 340 tickets tagged "reorder"', '  - source: support-tickets'));
    assert.deepEqual(variant, canonical);
    assert.deepEqual(canonical.customer_standpoint, { evidence: [{ summary: '340 tickets tagged "reorder"', source: 'support-tickets' }] });
  });

  it('an Outcome section is the outcome summary, beside the result and date given in front matter', () => {
    const text = markdown('## Outcome', '', 'Reorder used by 41,200 customers a month.', '', 'P-31 met.').replace(
      'customer_impact: direct\n',
      'customer_impact: direct\nreview_by: 2027-05-01\noutcome: {result: kept, date: 2027-05-03}\n',
    );
    assert.deepEqual(data(text).outcome, { result: 'kept', date: '2027-05-03', summary: 'Reorder used by 41,200 customers a month.\n\nP-31 met.' });
    assert.deepEqual(nearMissFor('Outcom'), { heading: 'Outcome', section: 'Outcome', field: 'outcome.summary' });
    assert.deepEqual(nearMissFor('Decision outcomes summary'), { heading: 'Outcome', section: 'Outcome', field: 'outcome.summary' });
  });

  it('keeps one table: each section once, each variant naming one section', () => {
    const sections = knownSections();
    assert.equal(new Set(sections.map((s) => s.mapping.path.join('.'))).size, sections.length);
    for (const s of sections) for (const v of s.variants) assert.equal(sectionFor(v), s.mapping, v);
  });
});

describe('Markdown section headings: near misses', () => {
  const NEAR: Array<[string, { heading: string; section: string; field: string }]> = [
    ['Customer evidance', { heading: 'Customer evidence', section: 'Customer evidence', field: 'customer_standpoint.evidence' }],
    ['Advocats', { heading: 'Advocates', section: 'Advocates', field: 'customer_standpoint.advocates' }],
    ['Customer advocats', { heading: 'Customer advocates', section: 'Advocates', field: 'customer_standpoint.advocates' }],
    ['Promsies', { heading: 'Promises', section: 'Promises', field: 'promises' }],
    ['Readyness', { heading: 'Readiness', section: 'Readiness', field: 'launch.readiness' }],
    ['Key metrics', { heading: 'Metrics', section: 'Metrics', field: 'metrics' }],
    ['Customer evidence summary', { heading: 'Customer evidence', section: 'Customer evidence', field: 'customer_standpoint.evidence' }],
  ];
  for (const [heading, near] of NEAR) {
    it(`"${heading}" is a near miss of ${near.section}`, () => {
      assert.equal(sectionFor(heading), undefined);
      assert.deepEqual(nearMissFor(heading), near);
    });
  }

  for (const heading of ['Background', 'Rationale', 'Options', 'Actors', 'Context', 'Decision', 'Risks', 'Notes', 'Customer', 'Customer evidence', 'Evidence']) {
    it(`"${heading}" is no near miss`, () => {
      assert.equal(nearMissFor(heading), undefined);
    });
  }

  it('reads a near-miss heading as prose, and records it in the document facts at the heading', () => {
    const text = markdown('## Customer evidance <!-- typo -->', '', '- 340 tickets tagged "reorder"', '  - source: support-tickets');
    const doc = parseDocument('r.md', text);
    assert.equal((doc.data as Record<string, unknown>).customer_standpoint, undefined);
    assert.deepEqual(
      doc.prose.map((p) => p.text),
      ['340 tickets tagged "reorder"', 'source: support-tickets'],
    );
    assert.deepEqual(doc.facts.headings, [
      { text: 'One-click reorder', level: 1 },
      {
        text: 'Customer evidance',
        level: 2,
        near_miss: { heading: 'Customer evidence', section: 'Customer evidence', field: 'customer_standpoint.evidence' },
      },
    ]);
    const span = doc.map.locate(['$document', 'headings', 1]).span;
    assert.equal(text.slice(span.start, span.end), '## Customer evidance');
  });

  it('reports heading-unrecognised (info) at the heading, and customer-evidence-required names the heading', () => {
    const found = lint({
      'decisions/reorder.md': markdown(
        '## Advocates',
        '',
        '- Priya Shah',
        '',
        '## Customer evidance',
        '',
        '- 340 tickets tagged "reorder"',
        '  - source: support-tickets',
      ),
    });
    const heading = found.filter((f) => f.rule === 'heading-unrecognised');
    assert.deepEqual(
      heading.map((f) => [f.severity, where(f), f.message]),
      [
        [
          'info',
          '16:1-16:21',
          'Heading "Customer evidance" is not recognised as the Customer evidence section, so what follows it is read as prose — did you mean "Customer evidence"?',
        ],
      ],
    );
    const evidence = found.filter((f) => f.rule === 'customer-evidence-required');
    assert.deepEqual(
      evidence.map((f) => [where(f), f.message]),
      [
        [
          '8:18-8:24',
          'Add at least one evidence item from customers or the people who serve them (a `source` such as support-tickets, customer-interview, ' +
            'frontline-staff, complaints or usage-data); market research, financial models and internal metrics do not count on their own. ' +
            'Note that a heading "Customer evidance" was not recognised as Customer evidence: its items are read as prose.',
        ],
      ],
    );
  });

  it('leaves the evidence message as it was when no heading nearly names the section, and YAML records alone', () => {
    const found = lint({
      'decisions/reorder.md': markdown('## Advocates', '', '- Priya Shah', '', '## Background', '', 'Shoppers rebuild baskets by hand.'),
      'decisions/reorder.yaml': [...FRONT.slice(1, -1), 'customer_standpoint:', '  advocates: [Priya Shah]', ''].join('\n'),
    });
    assert.deepEqual(
      found.filter((f) => f.rule === 'heading-unrecognised'),
      [],
    );
    const messages = found.filter((f) => f.rule === 'customer-evidence-required').map((f) => f.message);
    assert.equal(messages.length, 2);
    for (const m of messages) assert.match(m, /do not count on their own\.$/);
  });
});

describe('Markdown section headings: nesting', () => {
  it('turns a known section nested under another into that section', () => {
    const d = data(markdown('## Advocates', '', '- Priya Shah', '', '### Customer evidence', '', '- 340 tickets tagged "reorder"', '  - source: support-tickets'));
    assert.deepEqual(d.customer_standpoint, {
      advocates: ['Priya Shah'],
      evidence: [{ summary: '340 tickets tagged "reorder"', source: 'support-tickets' }],
    });
  });

  it('ends a section at a sub-heading that is no section: what follows is prose', () => {
    const doc = parseDocument('r.md', markdown('## Advocates', '', '- Priya Shah', '', '### Notes', '', '- Mo Khan joined later', '', 'Priya leads the review.'));
    assert.deepEqual((doc.data as Record<string, unknown>).customer_standpoint, { advocates: ['Priya Shah'] });
    assert.deepEqual(
      doc.prose.map((p) => p.text),
      ['Mo Khan joined later', 'Priya leads the review.'],
    );
  });

  it('ends a text section at a sub-heading too', () => {
    const d = data(markdown('## Customer standpoint', '', 'Shoppers want a quicker reorder.', '', '### Open questions', '', 'Which basket do we offer?'));
    assert.deepEqual(d.customer_standpoint, { summary: 'Shoppers want a quicker reorder.' });
  });
});

describe('document facts in the rule language', () => {
  const RULE = (check: string) =>
    [
      'id: team-headings',
      'severity: info',
      'principle: test',
      'title: Headings a team cares about',
      "message: 'Heading {{text}}'",
      'checks:',
      check,
      'docs: {rationale: r, triggers: t, comply: c}',
      '',
    ].join('\n');

  function load(check: string): string {
    const dir = workspace({ 'team-headings/rule.yaml': RULE(check) });
    const host = new NodeHost();
    try {
      loadRules(host, new SchemaRegistry(host, SCHEMAS_DIR), { dir, builtin: false, docsUrl: () => '' });
      return 'loaded';
    } catch (err) {
      return (err as Error).message.replace(`${dir}/`, '');
    }
  }

  it('reads $document paths in checks, and refuses them as record fields', () => {
    assert.equal(load("  - kind: assert\n    given: '$document.headings[*]'\n    assert: {path: level, number: {lte: 3}}"), 'loaded');
    assert.equal(
      load("  - kind: schema\n    known_fields: ['$document.headings']"),
      "team-headings/rule.yaml:8:20: a field path cannot start with $document: the document's facts are not record fields",
    );
  });
});

describe('message sections', () => {
  const ctx = { root: { owner: 'Sam Lee' }, today: '2026-11-20', options: {}, registries: {} };
  const root = { value: ctx.root, path: [] };

  it('keeps {{#X}}...{{/X}} only when X fills in something', () => {
    assert.equal(renderMessage('Fix it.{{#owner}} Ask {{owner}}.{{/owner}}', root, ctx), 'Fix it. Ask Sam Lee.');
    assert.equal(renderMessage('Fix it.{{#approver}} Ask {{approver}}.{{/approver}}', root, ctx), 'Fix it.');
    assert.equal(renderMessage('Fix it.{{#$near_miss}} See "{{$near_miss}}".{{/$near_miss}}', root, ctx, { nearMiss: 'Promsies' }), 'Fix it. See "Promsies".');
    assert.equal(renderMessage('Fix it.{{#$near_miss}} See "{{$near_miss}}".{{/$near_miss}}', root, ctx), 'Fix it.');
  });
});

describe('Markdown sub-items named like object internals', () => {
  const FIELDS = ['__proto__', 'constructor', 'prototype'];
  const md = markdown('## Promises', '', '- Reorders arrive within 2 days', ...FIELDS.map((f) => `  - ${f}: {owner: Mallory}`));
  const yaml = [...FRONT.slice(1, -1), 'promises:', '  - promise: Reorders arrive within 2 days', ...FIELDS.map((f) => `    ${f}: {owner: Mallory}`), ''].join('\n');

  it('keeps them as data, as YAML does, without touching the item prototype', () => {
    const promise = (data(md).promises as Array<Record<string, unknown>>)[0];
    assert.deepEqual(Object.keys(promise), ['promise', ...FIELDS]);
    assert.equal(Object.getPrototypeOf(promise), Object.prototype);
    assert.equal(promise.owner, undefined);
    assert.deepEqual(promise.__proto__, { owner: 'Mallory' });
  });

  it('reports them as unknown fields in both forms', () => {
    const found = lint({ 'decisions/p.md': md, 'decisions/p.yaml': yaml });
    const unknown = (file: string) =>
      found
        .filter((f) => f.rule === 'record-schema' && f.file.endsWith(file))
        .map((f) => `${f.severity} ${where(f)} ${f.message}`)
        .sort();
    assert.deepEqual(unknown('p.md'), [
      'info 15:5-15:14 unknown field "__proto__"',
      'info 16:5-16:16 unknown field "constructor"',
      'info 17:5-17:14 unknown field "prototype"',
    ]);
    assert.deepEqual(unknown('p.yaml'), [
      'info 10:5-10:14 unknown field "__proto__"',
      'info 11:5-11:16 unknown field "constructor"',
      'info 12:5-12:14 unknown field "prototype"',
    ]);
  });
});
