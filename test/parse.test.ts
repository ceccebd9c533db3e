import assert from 'node:assert/strict';
import { parseDocument } from '../server/src/core/parse/document.js';
import type { PathSegment } from '../server/src/core/types.js';

/** Line:column where a finding about `path` would point. */
function at(text: string, file: string, path: PathSegment[]): string {
  const doc = parseDocument(file, text);
  const { span } = doc.map.locate(path);
  const p = doc.lines.position(span.start);
  const e = doc.lines.position(span.end);
  return `${p.line}:${p.column}-${e.line}:${e.column}`;
}

const YAML = [
  'decision: launch-plan',
  'id: LP-1',
  'owner: Dana Reyes',
  'customer_standpoint:',
  '  advocates: [Priya Shah]',
  'promises:',
  '  - id: P-1',
  '    promise: Reorders arrive within 2 days',
  '  - ref: P-12',
  'empty:',
  '',
].join('\n');

describe('YAML records: model and positions', () => {
  it('reads the model', () => {
    const doc = parseDocument('r.yaml', YAML);
    assert.deepEqual(doc.syntax, []);
    assert.equal(doc.form, 'yaml');
    assert.deepEqual((doc.data as Record<string, unknown>).promises, [{ id: 'P-1', promise: 'Reorders arrive within 2 days' }, { ref: 'P-12' }]);
  });

  it('points at a scalar value, not its key', () => {
    assert.equal(at(YAML, 'r.yaml', ['owner']), '3:8-3:18');
  });

  it('points at the key of a block', () => {
    assert.equal(at(YAML, 'r.yaml', ['customer_standpoint']), '4:1-4:20');
  });

  it('points at the first line of a list item', () => {
    assert.equal(at(YAML, 'r.yaml', ['promises', 0]), '7:5-7:12');
  });

  it('points a missing field at the nearest existing parent', () => {
    assert.equal(at(YAML, 'r.yaml', ['promises', 0, 'owner']), '7:5-7:12');
    assert.equal(at(YAML, 'r.yaml', ['customer_standpoint', 'evidence']), '4:1-4:20');
  });

  it('points a missing top-level field at the decision key, not at line 1 column 1 by default', () => {
    const text = '# a comment first\nid: X\ndecision: campaign\n';
    assert.equal(at(text, 'r.yaml', ['owner']), '3:1-3:9');
  });

  it('points an empty value at its key', () => {
    assert.equal(at(YAML, 'r.yaml', ['empty']), '10:1-10:6');
  });

  it('keeps ranges right with CRLF line endings', () => {
    const crlf = YAML.replace(/\n/g, '\r\n');
    assert.equal(at(crlf, 'r.yaml', ['owner']), '3:8-3:18');
    assert.equal(at(crlf, 'r.yaml', ['promises', 1, 'ref']), '9:10-9:14');
  });

  it('reports malformed YAML where the parser stopped, never throwing', () => {
    const doc = parseDocument('r.yaml', 'decision: launch-plan\nid: [unclosed\nowner: x\n');
    assert.equal(doc.data, undefined);
    assert.ok(doc.syntax.length > 0);
    assert.ok(doc.lines.position(doc.syntax[0].span.start).line >= 2);
  });

  it('reports duplicate keys and tab indentation as syntax problems', () => {
    assert.ok(parseDocument('r.yaml', 'a: 1\na: 2\n').syntax.length > 0);
    assert.ok(parseDocument('r.yaml', 'a:\n\tb: 1\n').syntax.length > 0);
  });

  it('refuses alias bombs with a message naming the limit', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const doc = parseDocument('r.yaml', bomb);
    assert.equal(doc.data, undefined);
    assert.match(doc.syntax[0].message, /alias/i);
  });

  it('refuses binary files', () => {
    assert.match(parseDocument('r.yaml', 'decision: x\u0000\u0001').syntax[0].message, /binary/);
  });
});

const MD = [
  '---',
  'decision: budget-change',
  'id: BC-2026-007',
  'owner: Lee Wong',
  'budget: {function: Contact Centre, change: -15%, touchpoint: true}',
  '---',
  '# Reduce contact-centre staffing by 15%',
  '',
  '## Customer evidence',
  '- 22% of calls are "where is my order" questions',
  '  - source: support-tickets',
  '  - date: 2026-10-01',
  '',
  '## Reinvestment',
  '- Proactive delivery-status messages',
  '  - area: technology',
  '  - amount: 120000',
  '',
  '## Customer impact',
  '',
  'Callers wait longer unless the reasons to call go away.',
  '',
  '## Background',
  '',
  'It is not our problem that volumes grew.',
  '',
].join('\n');

/** A model value read by key, as far down as a test looks. */
type Deep = { readonly [key: string]: Deep } & Record<string, unknown>;

describe('Markdown records: front matter and mapped body', () => {
  const doc = parseDocument('r.md', MD);
  // The test reads known shapes out of the model; a deep type would only restate them.
  const data = doc.data as Deep;

  it('maps known sections onto the same model as YAML', () => {
    assert.deepEqual(doc.syntax, []);
    assert.equal(doc.form, 'markdown');
    assert.equal(data.budget.change, '-15%');
    assert.deepEqual(data.customer_standpoint.evidence, [{ summary: '22% of calls are "where is my order" questions', source: 'support-tickets', date: '2026-10-01' }]);
    assert.deepEqual(data.budget.reinvestment, [{ description: 'Proactive delivery-status messages', area: 'technology', amount: 120000 }]);
    assert.equal(data.customer_impact_rationale, 'Callers wait longer unless the reasons to call go away.');
  });

  it('shifts front-matter positions to file lines', () => {
    assert.equal(at(MD, 'r.md', ['owner']), '4:8-4:16');
    assert.equal(at(MD, 'r.md', ['nope']), '2:1-2:9');
  });

  it('points at headings, items and sub-item values in the body', () => {
    assert.equal(at(MD, 'r.md', ['customer_standpoint', 'evidence']), '9:1-9:21');
    assert.equal(at(MD, 'r.md', ['customer_standpoint', 'evidence', 0]), '10:1-10:49');
    assert.equal(at(MD, 'r.md', ['customer_standpoint', 'evidence', 0, 'source']), '11:13-11:28');
    assert.equal(at(MD, 'r.md', ['budget', 'reinvestment', 0, 'owner']), '15:1-15:37');
  });

  it('keeps free prose for prose rules, with exact offsets', () => {
    assert.equal(doc.prose.length, 1);
    assert.equal(MD.slice(doc.prose[0].span.start, doc.prose[0].span.end), 'It is not our problem that volumes grew.');
  });

  it('matches headings case-insensitively, ignoring punctuation', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\n---\n## FUNCTIONS — affected!\n- Billing\n  - customer_effect: none\n');
    assert.deepEqual((d.data as Deep).functions, [{ function: 'Billing', customer_effect: 'none' }]);
  });

  it('lets front matter win over the body and records the duplicate', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\nfunctions: []\n---\n## Functions affected\n- Billing\n');
    assert.deepEqual((d.data as Deep).functions, []);
    assert.equal(d.duplicates.length, 1);
    assert.equal(d.lines.position(d.duplicates[0].span.start).line, 5);
  });

  it('reports front matter that is never closed', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\n# Title\n');
    assert.match(d.syntax[0].message, /never closed/);
    assert.equal(d.lines.position(d.syntax[0].span.start).line, 1);
  });

  it('reports malformed front matter at the right file line', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\nid: [broken\n---\n# T\n');
    assert.ok(d.syntax.length > 0);
    assert.ok(d.lines.position(d.syntax[0].span.start).line >= 3);
  });

  it('keeps CRLF Markdown positions right', () => {
    const crlf = MD.replace(/\n/g, '\r\n');
    assert.equal(at(crlf, 'r.md', ['owner']), '4:8-4:16');
    assert.equal(at(crlf, 'r.md', ['customer_standpoint', 'evidence', 0, 'source']), '11:13-11:28');
  });

  it('reads inline waivers in front matter and body', () => {
    const d = parseDocument(
      'r.md',
      '---\ndecision: org-change\n# standpoint-waive functions-declared reason="x y" owner="A B" expires=2027-01-01\nid: X\n---\n<!-- standpoint-waive promise-hedged reason="r" owner="o" expires=2027-01-01 -->\n\n## Promises\n',
    );
    assert.deepEqual(
      d.inlineWaivers.map((w) => [w.rule, w.reason, w.owner, w.expires, w.targetLine]),
      [
        ['functions-declared', 'x y', 'A B', '2027-01-01', 3],
        ['promise-hedged', 'r', 'o', '2027-01-01', 7],
      ],
    );
  });
});

describe('Markdown list items that are fields', () => {
  it('reads `- ref: P-12` under Promises as a reference, not as promise text', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\n---\n## Promises\n- ref: P-12\n- Refunds within 3 days\n  - owner: Sam Lee\n');
    assert.deepEqual((d.data as Deep).promises, [{ ref: 'P-12' }, { promise: 'Refunds within 3 days', owner: 'Sam Lee' }]);
    assert.equal(at('---\ndecision: org-change\n---\n## Promises\n- ref: P-12\n', 'r.md', ['promises', 0, 'ref']), '5:8-5:12');
  });

  it('keeps prose with a colon as the principal text', () => {
    const d = parseDocument('r.md', '---\ndecision: org-change\n---\n## Promises\n- Note: refunds within 3 days\n');
    assert.deepEqual((d.data as Deep).promises, [{ promise: 'Note: refunds within 3 days' }]);
  });
});

describe('plain one-line values read without a YAML parser', () => {
  it('agrees with the YAML parser on every value it resolves', async () => {
    const { plainScalar } = await import('../server/src/core/parse/plain-scalar.js');
    const { parse } = await import('yaml');
    const samples = [
      '',
      '~',
      'null',
      'NULL',
      'true',
      'False',
      '42',
      '-7',
      '+3',
      '0.5',
      '.5',
      '1e3',
      '2.5E-2',
      '-15%',
      '2026-10-01',
      'support-tickets',
      'Sam Lee',
      '">= 95%"',
      '[a, b]',
      '{acquire: 1}',
      'a: b',
      'x #y',
      '0x1F',
      '0o17',
      '.inf',
      'yes',
      '@user',
      '*alias',
      '120000',
      "O'Brien",
    ];
    for (const text of samples) {
      const fast = plainScalar(text);
      if (fast) assert.deepEqual(fast.value, parse(text) ?? null, `"${text}"`);
    }
    assert.equal(plainScalar('">= 95%"'), undefined);
    assert.equal(plainScalar('[a, b]'), undefined);
    // The same core-schema reading as the block reader's: octal, hexadecimal and special floats too.
    assert.deepEqual(plainScalar('0o17'), { value: 15 });
    assert.deepEqual(plainScalar('0x1F'), { value: 31 });
    assert.deepEqual(plainScalar('-.inf'), undefined);
    assert.deepEqual(plainScalar('.inf'), { value: Infinity });
  });
});
