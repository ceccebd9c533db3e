import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from '../server/src/core/parse/document.js';
import { LIMITS } from '../server/src/core/parse/limits.js';
import { findings, record, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { LspClient, uri } from './helpers/lsp-client.js';

/** A record with a flow map of `keys` keys (short base-36 names). */
function flowMap(keys: number): string {
  const pairs = Array.from({ length: keys }, (_, i) => `k${i.toString(36)}: 1`).join(', ');
  return `decision: launch-plan\nid: LP-2026-001\nextra: {${pairs}}\n`;
}

/** Where the entry one past the limit starts: the comma before it (the first entry is the `{`). */
function pastLimit(text: string): { line: number; column: number } {
  let at = text.indexOf('{');
  for (let n = 1; n <= LIMITS.maxYamlEntries - 3; n++) at = text.indexOf(',', at + 1);
  const line = text.slice(0, at).split('\n').length;
  return { line, column: at - text.lastIndexOf('\n', at - 1) };
}

const LIMIT = LIMITS.maxYamlEntries.toLocaleString('en-US');
const MESSAGE = new RegExp(`more than ${LIMIT} entries \\(keys and list items\\): the limit for YAML written with flow collections .* is ${LIMIT}`);

/**
 * The general YAML parser builds several objects per key and used to compare every key of a
 * map with every earlier one: a 4 MB flow map of 400,000 keys took minutes. Documents it would
 * read are refused past LIMITS.maxYamlEntries entries, counted by a linear scan, and duplicate
 * keys are found in one pass.
 */
describe('hostile inputs: huge YAML maps', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  for (const keys of [40_000, 400_000]) {
    it(`a ${keys.toLocaleString('en-US')}-key flow map is a located syntax problem at the entry past the limit, in well under a second`, () => {
      const text = flowMap(keys);
      assert.ok(text.length < LIMITS.maxFileSize, `${text.length} characters`);
      const started = performance.now();
      const doc = parseDocument('/ws/decisions/huge.yaml', text);
      const took = performance.now() - started;
      assert.ok(took < 1000, `took ${Math.round(took)} ms`);
      assert.equal(doc.data, undefined);
      assert.equal(doc.syntax.length, 1);
      assert.match(doc.syntax[0].message, MESSAGE);
      const at = doc.lines.position(doc.syntax[0].span.start);
      assert.deepEqual({ line: at.line, column: at.column }, pastLimit(text));
    });
  }

  it('counts the keys of a block map that needs the general parser (an anchor), list items, and front matter', () => {
    const block = `decision: launch-plan\nanchor: &a x\n${Array.from({ length: 25_000 }, (_, i) => `k${i}: *a`).join('\n')}\n`;
    const doc = parseDocument('/ws/decisions/block.yaml', block);
    assert.match(doc.syntax[0]?.message ?? '', MESSAGE);
    // 3 lines before the keys; the entry past the limit is key number limit - 2 (decision and anchor count too).
    assert.equal(doc.lines.position(doc.syntax[0].span.start).line, 2 + LIMITS.maxYamlEntries - 1);

    // A one-line flow list of scalars is read directly; over several lines it needs the general parser.
    const list = `decision: launch-plan\nitems: [\n${Array.from({ length: 30_000 }, (_, i) => `  ${i}`).join(',\n')}\n]\n`;
    assert.match(parseDocument('/ws/decisions/list.yaml', list).syntax[0]?.message ?? '', MESSAGE);

    const md = `---\ndecision: launch-plan\nid: LP-2026-002\nextra: {${Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join(', ')}}\n---\n# Title\n`;
    const fm = parseDocument('/ws/decisions/front.md', md);
    assert.match(fm.syntax[0]?.message ?? '', MESSAGE);
    assert.equal(fm.lines.position(fm.syntax[0].span.start).line, 4);
  });

  it('reads documents under the limit, and a block-style record of any length, as before', () => {
    const under = parseDocument('/ws/decisions/under.yaml', flowMap(LIMITS.maxYamlEntries - 10));
    assert.deepEqual(under.syntax, []);
    assert.equal(Object.keys((under.data as { extra: object }).extra).length, LIMITS.maxYamlEntries - 10);
    // Plain block style is read by the direct reader, linear in the text: no limit on entries.
    const long = `decision: launch-plan\nid: LP-2026-003\n${Array.from({ length: 30_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
    assert.deepEqual(parseDocument('/ws/decisions/long.yaml', long).syntax, []);
    const normal = parseDocument('/ws/decisions/normal.yaml', 'decision: launch-plan\nid: LP-2026-004\nbudget: {function: Sales, change: -5%}\ntags: [a, b]\n');
    assert.deepEqual(normal.syntax, []);
    assert.deepEqual((normal.data as { budget: unknown }).budget, { function: 'Sales', change: '-5%' });
  });

  it('finds a duplicate key among 19,000 at once, where the parser would have reported it', () => {
    const pairs = Array.from({ length: 19_000 }, (_, i) => `k${i}: 1`);
    pairs.push('k7: 2');
    const text = `decision: launch-plan\nextra: {${pairs.join(', ')}}\n`;
    const started = performance.now();
    const doc = parseDocument('/ws/decisions/dup.yaml', text);
    assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(
      doc.syntax.map((p) => [p.message, p.span.start]),
      [['Map keys must be unique', text.lastIndexOf('k7: 2')]],
    );
    // Equal values, as the parser compares keys: 1 and 1.0 collide, "1" and 1 do not.
    assert.equal(parseDocument('/ws/d.yaml', '{a: 1, 1: x, 1.0: y}\n').syntax.length, 1);
    assert.equal(parseDocument('/ws/d.yaml', '{a: 1, "1": x, 1: y}\n').syntax.length, 0);
  });

  it('the CLI reports the huge maps and still checks the normal record, quickly (exit 1)', () => {
    const ws = make({
      'decisions/huge.yaml': flowMap(400_000),
      'decisions/big.yaml': flowMap(40_000),
      'decisions/ok.yaml': record({ id: 'LP-2026-010' }),
    });
    const started = Date.now();
    const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.equal(out.code, 1, show(out));
    const got = findings(out);
    for (const file of ['decisions/huge.yaml', 'decisions/big.yaml']) {
      const text = fs.readFileSync(path.join(ws, file), 'utf8');
      assert.deepEqual(
        got.filter((f) => f.file === file).map((f) => `${f.rule}@${f.line}:${f.column}`),
        [`record-syntax@${pastLimit(text).line}:${pastLimit(text).column}`],
      );
    }
    assert.ok(!got.some((f) => f.file === 'decisions/ok.yaml' && f.rule === 'record-syntax'), show(out));
  });

  it('the language server reports a 400,000-key map where it is, and keeps answering', async () => {
    const ws = make({ 'decisions/ok.yaml': record({ id: 'LP-2026-011' }) });
    const client = new LspClient();
    try {
      await client.initialize(ws);
      const huge = path.join(ws, 'decisions/huge.yaml');
      const text = flowMap(400_000);
      await client.open(huge, text);
      const got = await client.waitFor(huge, (d) => d.length > 0, 20_000);
      const at = pastLimit(text);
      assert.deepEqual(
        got.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`),
        [`record-syntax@${at.line}:${at.column}`],
      );
      assert.match(got[0].message, MESSAGE);
      const ok = path.join(ws, 'decisions/ok.yaml');
      await client.open(ok, fs.readFileSync(ok, 'utf8'));
      await client.waitFor(ok, (_d, v) => v === 1);
      const hover = await client.request('textDocument/hover', { textDocument: { uri: uri(ok) }, position: { line: 0, character: 1 } });
      assert.notEqual(hover, undefined);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
