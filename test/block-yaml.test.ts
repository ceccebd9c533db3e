import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { readBlockYaml } from '../server/src/core/parse/block-yaml.js';
import { resolvePlain } from '../server/src/core/parse/plain-scalar.js';
import { nodesOfDocument, type YamlNode } from '../server/src/core/parse/yaml-nodes.js';
import { readYaml } from '../server/src/core/parse/yaml-tree.js';
import { corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { CORPUS_DIR, REPO, RULES_DIR, SAMPLES_DIR } from './helpers/paths.js';

/**
 * The direct block reader must either give up or agree exactly with the general parser:
 * same data, same node ranges. Checked on every YAML text in the repository and the
 * real-world corpus, and on generated documents (clean ones it must read itself, and
 * mutated ones with comments, odd values and broken indentation it may hand over).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261120;

interface Reading {
  data: unknown;
  tree: YamlNode | undefined;
}

/** What the general parser makes of `text`, or undefined when it reports errors. */
function viaParser(text: string): Reading | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }), tree: nodesOfDocument(doc) };
  } catch {
    return undefined;
  }
}

/** Asserts the property for one text; returns whether the block reader read it. */
function agrees(text: string): boolean {
  const direct = readBlockYaml(text);
  if (!direct) return false;
  const parsed = viaParser(text);
  assert.ok(parsed, `the block reader accepted text the parser rejects:\n${text}`);
  assert.deepEqual(direct.data, parsed.data, `data differs for:\n${text}`);
  assert.deepEqual(direct.tree, parsed.tree, `node ranges differ for:\n${text}`);
  return true;
}

function yamlTexts(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const texts: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes('node_modules')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    if (/\.ya?ml$/.test(entry.name)) texts.push(text);
    else if (entry.name.endsWith('.md')) {
      const fm = /^---\r?\n([\s\S]*?\r?\n)---/.exec(text);
      if (fm) texts.push(fm[1]);
    }
  }
  return texts;
}

describe('block YAML reader', () => {
  it('agrees with the parser on every YAML file and front matter in samples, rules and fixtures', function () {
    this.timeout(60_000);
    const texts = [SAMPLES_DIR, RULES_DIR, path.join(REPO, 'test', 'fixtures')].flatMap(yamlTexts);
    assert.ok(texts.length > 200, `only ${texts.length} texts found`);
    let direct = 0;
    for (const text of texts) if (agrees(text)) direct++;
    console.log(`      (${direct} of ${texts.length} read directly, the rest by the parser)`);
    assert.ok(direct > texts.length / 3, `only ${direct} of ${texts.length} read directly`);
  });

  it(`agrees with the parser on those and the real-world corpus${corpusNote()}`, function () {
    this.timeout(60_000);
    skipWithoutCorpus(this);
    const texts = [SAMPLES_DIR, RULES_DIR, path.join(REPO, 'test', 'fixtures'), CORPUS_DIR].flatMap(yamlTexts);
    assert.ok(texts.length > 500, `only ${texts.length} texts found`);
    let direct = 0;
    for (const text of texts) if (agrees(text)) direct++;
    console.log(`      (${direct} of ${texts.length} read directly, the rest by the parser)`);
    assert.ok(direct > texts.length / 3, `only ${direct} of ${texts.length} read directly`);
  });

  it('reads these directly, as the parser does', () => {
    const cases: Array<[string, unknown]> = [
      ['a: 1\nb: x\n', { a: 1, b: 'x' }],
      ["# heading comment\n\nid: R-1 # trailing\nlist:\n  - a\n  - \"b c\"\n  - 'it''s'\n", { id: 'R-1', list: ['a', 'b c', "it's"] }],
      ['k:\n- a: 1\n  b: [x, "y" , 3,]\n- c\nnext: ~\n', { k: [{ a: 1, b: ['x', 'y', 3] }, 'c'], next: null }],
      ['text: |\n  line one\n\n  line two\n\n\nfold: >-\n  one\n  two\n\n  three\nend:\n', { text: 'line one\n\nline two\n', fold: 'one two\nthree', end: null }],
      [
        'n: [-5, 0o17, 0x1F, 1e3, .5, +1., 1_0, 012, .inf, -.Inf, True, FALSE, Null, 2026-11-22]\n',
        { n: [-5, 15, 31, 1000, 0.5, 1, '1_0', 12, Infinity, -Infinity, true, false, null, '2026-11-22'] },
      ],
      ['title: Fix [urgent] issue #4 now\nurl: http://a.example/x#y\n', { title: 'Fix [urgent] issue', url: 'http://a.example/x#y' }],
      ['- a\n- b: |\n    kept\n', ['a', { b: 'kept\n' }]],
      ['plain\n', 'plain'],
      ['">= 90%"', '>= 90%'],
      ["'it''s' # note\n", "it's"],
      ['[a, 2026-11-22]', ['a', '2026-11-22']],
      [
        'outcome: {result: kept, date: 2026-12-01, summary: "Fewer calls, same spend." , n: 3,}  # c\nz: {}\n',
        { outcome: { result: 'kept', date: '2026-12-01', summary: 'Fewer calls, same spend.', n: 3 }, z: {} },
      ],
      ['- {a b: x y}\n- {}\n', [{ 'a b': 'x y' }, {}]],
    ];
    for (const [text, data] of cases) {
      assert.ok(agrees(text), `not read directly:\n${text}`);
      assert.deepEqual(readBlockYaml(text)!.data, data);
    }
  });

  it('hands anything outside its subset to the parser, whose answer readYaml returns', () => {
    const handed = [
      'a: &x 1\nb: *x\n',
      'a: !tag x\n',
      'a: {b: {c: 1}}\n',
      'a: {b: [c]}\n',
      'a: {b: }\n',
      'a: {b}\n',
      'a: {b:c}\n',
      'a: {b : c}\n',
      'a: {b: 1, b: 2}\n',
      'a: {"b": 1}\n',
      'a: {b: http://x}\n',
      'a: {b: 1,\n  c: 2}\n',
      '? a\n: b\n',
      '---\na: 1\n',
      'a: 1\n...\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: "esc\\n"\n',
      "a: 'two\n  lines'\n",
      'a: plain\n  continued\n',
      'a: |+\n  keep\n\n',
      'a: |2\n   x\n',
      'a: >\n  x\n    more\n  y\n',
      'a:\tb\n',
      'a: 1\r\nb: 2\r\n',
      '\ufeffa: 1\n',
      'a: 1\na: 2\n',
      '1: x\n',
      'null: x\n',
      '__proto__: x\n',
      '"q": x\n',
      'a:\n  b: 1\n  # closing comment\nc: 2\n',
      'a: # comment\n  b: 1\n',
      'a:\n# comment\nb: 1\n',
      'a: x\n  # deeper comment\nb: 1\n',
      '- \n- a\n',
      '- - a\n',
      'a: b: c\n',
      'a: @x\n',
      'a: -\n',
      'a: [b, [c]]\n',
      'a: [b\n',
      'plain\nmore\n',
      '"quoted"\n# trailing\n',
      '|\n  block\n',
      '',
      'a: 1\n# trailing\n',
      '  a: 1\n',
      'a:\n  - x\n  b: 1\n',
    ];
    for (const text of handed) {
      assert.equal(readBlockYaml(text), undefined, `read directly, expected the parser:\n${JSON.stringify(text)}`);
      const parsed = viaParser(text);
      const read = readYaml(text);
      if (parsed) assert.deepEqual({ data: read.data, tree: read.tree }, parsed, JSON.stringify(text));
      else assert.ok(read.problems.length > 0 || read.data === undefined, JSON.stringify(text));
    }
  });

  it('resolves plain scalars with the core schema', () => {
    for (const source of [
      'true',
      'True',
      'TRUE',
      'tRue',
      'null',
      'NULL',
      'nUll',
      '~',
      '0',
      '-0',
      '+7',
      '007',
      '0o8',
      '0xG',
      '0x0',
      '1.',
      '.',
      '-.5e-3',
      '1e',
      '.NAN',
      '.nan',
      'NaN',
      '+.inf',
      'inf',
      '2026-11-22',
      '1_000',
      '0b1',
    ]) {
      const doc = parseDocument(`v: ${source}\n`);
      assert.deepEqual(resolvePlain(source), (doc.toJS() as { v: unknown }).v, source);
    }
  });

  it(`agrees with the parser on generated documents, and reads every clean one itself (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(documentArb(true), (text) => {
        assert.ok(agrees(text), `clean document not read directly:\n${text}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`never disagrees with the parser on documents with comments, blank lines and odd values (${RUNS * 5} runs, seed ${SEED})`, () => {
    let direct = 0;
    fc.assert(
      fc.property(documentArb(false), (text) => {
        if (agrees(text)) direct++;
      }),
      { numRuns: RUNS * 5, seed: SEED },
    );
    console.log(`      (${direct} of ${RUNS * 5} read directly)`);
    // Most odd documents hold something the reader refuses; about one in ten is still read directly.
    assert.ok(direct > RUNS * 0.4, `only ${direct} of ${RUNS * 5} read directly: the generator no longer exercises the reader`);
  });

  it(`agrees with the parser on one-line values read as documents of their own (${RUNS * 5} runs, seed ${SEED})`, () => {
    // Markdown sub-items (`- target: ">= 90%"`) have their values read this way.
    let direct = 0;
    const value = fc.tuple(fc.boolean(), fc.boolean()).chain(([clean, flow]) =>
      scalarArb(clean)
        .filter((t) => t.kind === 'plain' || t.kind === 'single' || t.kind === 'double' || (flow && t.kind === 'flow'))
        .map((t) => (t.kind === 'flow' ? `[${t.items.join(', ')}]` : scalarText(t as Tree & { kind: 'plain' | 'single' | 'double' }))),
    );
    fc.assert(
      fc.property(value, fc.constantFrom('', '\n', ' \n'), (text, end) => {
        if (agrees(text + end)) direct++;
      }),
      { numRuns: RUNS * 5, seed: SEED },
    );
    console.log(`      (${direct} of ${RUNS * 5} read directly)`);
    assert.ok(direct > RUNS, `only ${direct} of ${RUNS * 5} read directly`);
  });

  it(`never disagrees with the parser on documents with characters inserted and deleted (${RUNS * 5} runs, seed ${SEED})`, () => {
    let direct = 0;
    fc.assert(
      fc.property(documentArb(true), fc.array(mutationArb, { minLength: 1, maxLength: 2 }), (text, mutations) => {
        if (agrees(mutate(text, mutations))) direct++;
      }),
      { numRuns: RUNS * 5, seed: SEED },
    );
    console.log(`      (${direct} of ${RUNS * 5} read directly)`);
    assert.ok(direct > RUNS / 2, `only ${direct} of ${RUNS * 5} read directly: the generator no longer exercises the reader`);
  });
});

// ---- generated documents ----

type Tree =
  | { kind: 'map'; entries: Array<[string, Tree]>; compactSeq: boolean }
  | { kind: 'seq'; items: Tree[] }
  | { kind: 'plain' | 'single' | 'double'; text: string; comment: string }
  | { kind: 'block'; folded: boolean; strip: boolean; lines: string[] }
  | { kind: 'flow'; items: string[] }
  | { kind: 'flowmap'; entries: Array<[string, string]> }
  | { kind: 'empty' };

const CLEAN_WORDS = [
  'alpha',
  'Beta gamma',
  'owner',
  'R-101',
  '2026-11-22',
  '42',
  '-3',
  '0.5',
  '1e3',
  'true',
  'False',
  'null',
  '~',
  'a [b] c',
  "it's",
  'say "hi"',
  'x#y',
  'http://a.example/p',
  'Ünïcode ✓',
  '-flag',
  '1_000',
  '.inf',
];
const ODD_WORDS = ['a: b', 'x #y', '@at', '`tick', '%p', '- x', '? q', ': c', '&a', '*b', '!t', '|', '>', '{b}', '[a', 'end ', ' lead', 'a\\b', 'q"', '#c'];
const CLEAN_KEYS = ['id', 'owner', 'status', 'a b', 'key_2', 'Title', 'x-y', 'k.v'];
const ODD_KEYS = ['true', '1', 'null', '__proto__', '"q"', 'k:v', 'a #b', 'id'];

function scalarArb(clean: boolean): fc.Arbitrary<Tree> {
  const words = clean ? fc.constantFrom(...CLEAN_WORDS) : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLEAN_WORDS) }, fc.constantFrom(...ODD_WORDS));
  const comment = clean ? fc.constant('') : fc.constantFrom('', '', ' # note', '  #x');
  const flowWords = words.filter((w) => !clean || !/[,[\]{}#:]|^[-.]|^[!&*|>%@`'"?]/.test(w));
  const lines = fc
    .array(fc.oneof(words, fc.constant(''), clean ? words : fc.constantFrom('  indented', '# hash', '   ')), { minLength: 1, maxLength: 4 })
    .map((ls) => (ls.some((l) => l.trim() !== '') ? ls : ['text']));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('plain' as const), text: words, comment }) },
    fc.record({ kind: fc.constant('single' as const), text: words, comment }),
    fc.record({ kind: fc.constant('double' as const), text: words.filter((w) => (clean ? !w.includes('"') && !w.includes('\\') : true)), comment }),
    fc
      .record({ kind: fc.constant('block' as const), folded: fc.boolean(), strip: fc.boolean(), lines: lines.map((ls) => (clean ? ls.map((l) => l.trimStart()) : ls)) })
      .map((b) => ({ ...b, lines: trimBlank(b.lines) })),
    fc.record({ kind: fc.constant('flow' as const), items: fc.array(flowWords, { maxLength: 4 }) }),
    fc.record({
      kind: fc.constant('flowmap' as const),
      entries: fc.uniqueArray(
        fc.tuple(clean ? fc.constantFrom(...CLEAN_KEYS) : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLEAN_KEYS) }, fc.constantFrom(...ODD_KEYS)), flowWords),
        {
          maxLength: 4,
          selector: (e) => (clean ? e[0] : `${e[0]}\u0000${e[1]}`),
        },
      ),
    }),
    ...(clean ? [] : [fc.constant({ kind: 'empty' as const })]),
  );
}

function trimBlank(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[0].trim() === '') out.shift();
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  return out.length > 0 ? out : ['text'];
}

function documentArb(clean: boolean): fc.Arbitrary<string> {
  const keys = clean ? fc.constantFrom(...CLEAN_KEYS) : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLEAN_KEYS) }, fc.constantFrom(...ODD_KEYS));
  const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 4 },
      scalarArb(clean),
      fc.record({
        kind: fc.constant('map' as const),
        // Clean maps have distinct keys; others may repeat one, which the reader must refuse.
        entries: clean
          ? fc.uniqueArray(fc.tuple(keys, tie('tree')), { minLength: 1, maxLength: 4, selector: (e) => e[0] })
          : fc.array(fc.tuple(keys, tie('tree')), { minLength: 1, maxLength: 4 }),
        compactSeq: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }) }),
    ),
  }));
  const root = tree.filter((t) => t.kind === 'map' || t.kind === 'seq');
  return fc.tuple(root, fc.integer({ min: 1, max: 4 }), clean ? fc.constant(false) : fc.boolean()).map(([t, width, comments]) => {
    const lines = render(t, 0, width, clean);
    if (comments) {
      // Comment and blank lines between lines, at assorted indents.
      for (let i = lines.length; i >= 0; i -= 3) lines.splice(i, 0, i % 2 === 0 ? `${' '.repeat(i % 7)}# comment ${i}` : ' '.repeat(i % 3));
    }
    return `${lines.join('\n')}\n`;
  });
}

function scalarText(t: Tree & { kind: 'plain' | 'single' | 'double' }): string {
  const body = t.kind === 'plain' ? t.text : t.kind === 'single' ? `'${t.text.replace(/'/g, "''")}'` : `"${t.text.replace(/"/g, '\\"')}"`;
  return body + t.comment;
}

/** Lines of `t` as the value of a key or dash at column `at`; the first line continues the owner's line. */
function render(t: Tree, at: number, width: number, clean: boolean, owner: 'key' | 'dash' | 'root' = 'root'): string[] {
  const pad = (n: number) => ' '.repeat(n);
  switch (t.kind) {
    case 'plain':
    case 'single':
    case 'double':
      return [` ${scalarText(t)}`];
    case 'flow':
      return [` [${t.items.map((w) => (clean || !w.includes(',') ? w : `'${w}'`)).join(', ')}]`];
    case 'flowmap':
      return [` {${t.entries.map(([k, v]) => `${k}: ${clean || !v.includes(',') ? v : `'${v}'`}`).join(', ')}}`];
    case 'empty':
      return [''];
    case 'block': {
      const inner = at + width;
      return [` ${t.folded ? '>' : '|'}${t.strip ? '-' : ''}`, ...t.lines.map((l) => (l === '' ? '' : pad(inner) + l))];
    }
    case 'map': {
      const keyCol = owner === 'dash' ? at + 2 : owner === 'root' ? 0 : at + width;
      const lines: string[] = [];
      t.entries.forEach(([key, value], i) => {
        const child = value.kind === 'seq' && t.compactSeq ? renderSeq(value, keyCol, width, clean) : render(value, keyCol, width, clean, 'key');
        const head = `${key}:${child[0]}`;
        lines.push(i === 0 && owner === 'dash' ? head : pad(keyCol) + head, ...child.slice(1));
      });
      if (owner === 'dash') lines[0] = ` ${lines[0]}`;
      else if (owner === 'key') lines.unshift('');
      return lines;
    }
    case 'seq':
      return owner === 'root' ? renderSeq(t, 0, width, clean).slice(1) : renderSeq(t, owner === 'dash' ? at + 2 : at + width, width, clean);
  }
}

function renderSeq(t: Tree & { kind: 'seq' }, col: number, width: number, clean: boolean): string[] {
  const lines = [''];
  for (const item of t.items) {
    if (item.kind === 'seq') {
      // A list directly inside a list: the dash alone, the inner list below (left to the
      // parser); clean documents put a scalar there instead.
      if (clean) lines.push(`${' '.repeat(col)}- x`);
      else lines.push(`${' '.repeat(col)}-`, ...renderSeq(item, col + width, width, clean).slice(1));
      continue;
    }
    const child = render(item, col, width, clean, item.kind === 'map' ? 'dash' : 'key');
    lines.push(`${' '.repeat(col)}-${child[0]}`, ...child.slice(1));
  }
  return lines;
}

type Mutation = { at: number; kind: 'insert' | 'delete'; text: string };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert' as const, 'delete' as const),
  text: fc.constantFrom(' ', '\n', ':', '#', '-', '"', "'", '  ', '\n  ', '[', '|', ' # c'),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    out = m.kind === 'insert' ? out.slice(0, at) + m.text + out.slice(at) : out.slice(0, at) + out.slice(at + 1);
  }
  return out;
}
