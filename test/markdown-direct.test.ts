import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Root } from 'mdast';
import { findFrontMatter } from '../server/src/core/parse/front-matter.js';
import { readMarkdownBody, useMarkdownReader } from '../server/src/core/parse/markdown-body.js';
import { lastDirectRefusal, readMarkdownDirect } from '../server/src/core/parse/markdown-direct.js';
import { parseWithRemark } from '../server/src/core/parse/markdown-remark.js';
import { LineIndex } from '../server/src/core/text/line-index.js';
import { standpoint, TODAY } from './helpers/cli.js';
import { corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { denseParagraph, markdownBody } from './helpers/markdown-text.js';
import { CORPUS_DIR, REPO, RULES_DIR, SAMPLES_DIR } from './helpers/paths.js';
import { recordModel, toMarkdown } from './helpers/record-model.js';

/**
 * The direct Markdown reader must either hand a body to remark or build exactly remark's
 * tree: the same nodes, values, `spread` flags and positions (line, column and offset), so
 * the record mapping cannot tell them apart. Checked on every Markdown file in the repository
 * and the real-world corpus, on generated records (which it must read itself) and on
 * generated Markdown full of near misses; and end to end, `check --format json` writes the
 * same bytes with remark forced (STANDPOINT_MARKDOWN=remark).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261206;

/** The body of a Markdown file as the record reader hands it over: what follows the front matter. */
function bodyOf(text: string): string {
  const lines = new LineIndex(text);
  const fm = findFrontMatter(lines);
  if (fm.kind !== 'block') return text;
  return fm.closeLine + 1 >= lines.lineCount ? '' : text.slice(lines.lineStart(fm.closeLine + 1));
}

/** Asserts the property for one body; returns whether the direct reader read it. */
function agrees(body: string, where = ''): boolean {
  const direct = readMarkdownDirect(body);
  if (!direct) return false;
  assert.deepStrictEqual(direct, parseWithRemark(body), `the trees differ${where}:\n${JSON.stringify(body)}`);
  return true;
}

function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Compares every Markdown file under `dirs`; returns how many were read directly and why the rest were not. */
function compareFiles(dirs: string[]): { files: number; direct: string[]; refused: Map<string, number> } {
  const direct: string[] = [];
  const refused = new Map<string, number>();
  const files = dirs.flatMap(markdownFiles);
  for (const file of files) {
    if (agrees(bodyOf(fs.readFileSync(file, 'utf8')), ` in ${path.relative(REPO, file)}`)) direct.push(file);
    else refused.set(lastDirectRefusal() ?? '?', (refused.get(lastDirectRefusal() ?? '?') ?? 0) + 1);
  }
  return { files: files.length, direct, refused };
}

const summary = (r: { files: number; direct: string[]; refused: Map<string, number> }) =>
  `${r.direct.length} of ${r.files} read directly; to remark: ${[...r.refused].map(([why, n]) => `${n} × ${why}`).join(', ') || 'none'}`;

describe('direct Markdown reader', () => {
  it('builds remark’s tree for every sample and rule fixture, and agrees with remark on the other Markdown in the repository', function () {
    this.timeout(60_000);
    const records = compareFiles([SAMPLES_DIR, RULES_DIR]);
    console.log(`      (samples and rule fixtures: ${summary(records)})`);
    assert.ok(records.files > 100, `only ${records.files} files found`);
    assert.equal(records.direct.length, records.files, summary(records));
    const rest = compareFiles([path.join(REPO, 'test', 'fixtures'), path.join(REPO, 'docs')]);
    console.log(`      (test fixtures and docs: ${summary(rest)})`);
  });

  it(`agrees with remark on the real-world corpus${corpusNote()}`, function () {
    this.timeout(120_000);
    skipWithoutCorpus(this);
    const corpus = compareFiles([CORPUS_DIR]);
    console.log(`      (${summary(corpus)})`);
    assert.ok(corpus.files > 500, `only ${corpus.files} files found`);
    assert.ok(corpus.direct.length > corpus.files / 2, summary(corpus));
  });

  it('reads these directly, as remark does', () => {
    const cases = [
      // Headings: ATX with closing sequences and trailing spaces, setext over several lines, empty ones.
      '  # Customer impact #  \n\n## Promises ##\n\n#   # #\n\n# \n\nTwo lines\nof a title  \n===  \n\nAnother\n---\n',
      // Lists of `key: value` sub-items, lazy continuation, loose and tight items, ordered starts.
      '- Refunds within two days\n  - owner: Sam Lee\n  - target: ">= 95%"\n- Second promise\nwritten lazily\n\n- Third, after a blank line\n\n  still the third\n\n3) three\n4) four\n',
      // An empty item, an item opened by a blank line, nested lists and deeper indentation.
      '-\n  late content\n- \n\n1. one\n   - nested\n\n     more nested\n10. ten\n',
      // Quotes with lazy lines, nested quotes, a quote in an item.
      '> quoted\nlazy line\n>\n> > inner\n\n- > in an item\n  > still\n',
      // Fences, HTML blocks and comments, thematic breaks.
      '```js title\n  code\n\n```\n\n~~~\n~~~\n\n<!-- expect: RULE-ID -->\n\n<div>\nhtml\n\n<details>\n\n***\n- - -\n',
      // Inline: emphasis (rule of three, intraword underscores), code spans across lines, breaks.
      'a *b* **c** ***d*** _e_ snake_case_name **a*\n`code` `` a ` b `` ` padded `\nhard  \nbreak\\\nend *x\n  y*\n',
      // Links, images, autolinks, inline HTML; brackets that are text without definitions.
      '[t](u "ti") [a](<b c>) ![*i* j](s) <http://x.y/z> <a@b.co> <b>bold</b> <!-- note --> [not a link] [a][b] [a]()\n',
      // Things that look like blocks but continue a paragraph.
      'para\n2. not a list\n    indented continuation\n<span>inline</span>\n',
      // A list item interrupting a paragraph: nested items must hold text and start at 1.
      'word\n- *\n\nword\n- 10. # not a heading\n',
    ];
    for (const body of cases) assert.ok(agrees(body), `not read directly (${lastDirectRefusal()}):\n${body}`);
  });

  it('hands these to remark, and the body reader returns remark’s tree for them', () => {
    const handed: Array<[string, RegExp]> = [
      ['a\tb\n', /tab/],
      ['a\r\nb\r\n', /carriage return/],
      ['\ufeff# Title\n', /byte-order mark/],
      ['[ref]: http://example.com\n\nSee [ref].\n', /link reference definition/],
      ['- a\n\n  [x]: /url\n', /link reference definition/],
      ['para\n\n    indented code\n', /indented code/],
      ['```\nnever closed\n', /code fence left open/],
      ['- ```\n  open in an item\n- next\n', /code fence left open/],
      ['Fish &amp; chips\n', /character reference/],
      ['[a](b&amp;c)\n', /character reference/],
      ['[a](b\\)c)\n', /escape in a link destination/],
      ['<?php echo 1 ?>\n', /processing-instruction/],
      ['<pre>\nx\n</pre>\n', /raw/],
      ['a <?x?> b\n', /processing instruction/],
      ['a <span\nclass="x"> b\n', /inline HTML across lines/],
      ['> - a\n>\n> b\n', /blank line in a quote with a list or quote open/],
      ['> a\n> >\n>\n', /blank line in a quote with a list or quote open/],
      ['> > a\n> - b\n', /new list or quote closing a list or quote inside a quote/],
      ['> `a\n> *b*\n', /unfinished across a line/],
      ['- word\n<br/>\n', /HTML tag on a line after a paragraph/],
    ];
    for (const [body, why] of handed) {
      assert.equal(readMarkdownDirect(body), undefined, `read directly, expected remark:\n${JSON.stringify(body)}`);
      assert.match(lastDirectRefusal() ?? '', why, JSON.stringify(body));
      assert.deepStrictEqual(readMarkdownBody(body), parseWithRemark(body), JSON.stringify(body));
    }
  });

  it('reads every body with remark when remark is chosen', () => {
    const body = '# Heading\n\n- item\n';
    try {
      useMarkdownReader('remark');
      const tree: Root = readMarkdownBody(body);
      assert.deepStrictEqual(tree, parseWithRemark(body));
    } finally {
      useMarkdownReader('direct');
    }
  });

  it(`reads every generated record itself, as remark does (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(recordModel, (model) => {
        const body = bodyOf(toMarkdown(model));
        assert.ok(agrees(body), `record body not read directly (${lastDirectRefusal()}):\n${body}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`never disagrees with remark on generated paragraphs dense with inline constructs (${RUNS * 20} runs, seed ${SEED})`, function () {
    this.timeout(120_000);
    let direct = 0;
    fc.assert(
      fc.property(denseParagraph, (body) => {
        if (agrees(body)) direct++;
      }),
      { numRuns: RUNS * 20, seed: SEED },
    );
    console.log(`      (${direct} of ${RUNS * 20} read directly)`);
    assert.ok(direct > RUNS * 15, `only ${direct} of ${RUNS * 20} read directly`);
  });

  for (const deep of [false, true]) {
    it(`never disagrees with remark on generated Markdown full of near misses${deep ? ', indented four and more' : ''} (${RUNS * 10} runs, seed ${SEED})`, function () {
      this.timeout(120_000);
      let direct = 0;
      fc.assert(
        fc.property(markdownBody(deep), (body) => {
          if (agrees(body)) direct++;
        }),
        { numRuns: RUNS * 10, seed: SEED },
      );
      console.log(`      (${direct} of ${RUNS * 10} read directly)`);
      assert.ok(direct > RUNS * 3, `only ${direct} of ${RUNS * 10} read directly: the generator no longer exercises the reader`);
    });
  }
});

describe('check with the direct Markdown reader and with remark forced', function () {
  this.timeout(600_000);

  /** `check --format json` run twice, once with STANDPOINT_MARKDOWN=remark: the outputs must be the same bytes. */
  function sameOutput(args: string[], cwd: string): string {
    const run = (reader: string | undefined) =>
      standpoint(['check', '--format', 'json', '--today', TODAY, ...args], { cwd, env: { STANDPOINT_MARKDOWN: reader }, timeout: 540_000 });
    const direct = run(undefined);
    const remark = run('remark');
    assert.ok(direct.code === 0 || direct.code === 1, `exit ${direct.code}\n${direct.stderr}`);
    assert.equal(remark.code, direct.code, remark.stderr);
    if (direct.stdout !== remark.stdout) {
      const [d, r] = [direct.stdout.split('\n'), remark.stdout.split('\n')];
      const at = d.findIndex((line, i) => line !== r[i]);
      assert.fail(`the JSON output differs with remark forced, from line ${at + 1}:\n  direct: ${d[at]}\n  remark: ${r[at]}`);
    }
    assert.equal(remark.stderr, direct.stderr);
    return direct.stdout;
  }

  it('writes the same JSON for the samples', () => {
    const out = sameOutput(['decisions'], SAMPLES_DIR);
    assert.ok((JSON.parse(out) as unknown[]).length > 0, 'the samples have findings');
  });

  it('writes the same JSON for every rule fixture', () => {
    const fixtures = fs
      .readdirSync(RULES_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.parentPath.includes(`${path.sep}fixtures${path.sep}`))
      .map((e) => path.relative(RULES_DIR, path.join(e.parentPath, e.name)))
      .sort();
    assert.ok(fixtures.filter((f) => f.endsWith('.md')).length > 100, 'the Markdown fixtures are there');
    const out = sameOutput(['--no-config', ...fixtures], RULES_DIR);
    assert.ok((JSON.parse(out) as unknown[]).length > 500, 'the fixtures have findings');
  });

  it(`writes the same JSON for a copy of the real-world corpus${corpusNote()}`, function () {
    skipWithoutCorpus(this);
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-md-corpus-')), 'realworld');
    try {
      fs.cpSync(CORPUS_DIR, copy, { recursive: true });
      const files = fs
        .readdirSync(copy, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.parentPath !== copy)
        .map((e) => path.relative(copy, path.join(e.parentPath, e.name)))
        .sort();
      const out = sameOutput(['--no-config', ...files], copy);
      assert.ok((JSON.parse(out) as unknown[]).length > 500, 'the corpus has findings');
    } finally {
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });
});
