import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { ConfigLoader } from '../server/src/core/config/loader.js';
import { Project } from '../server/src/core/engine/project.js';
import { LintSession, textHash } from '../server/src/core/engine/session.js';
import { OverlayHost } from '../server/src/core/overlay-host.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { LIMITS } from '../server/src/core/parse/limits.js';
import { regexProblem } from '../server/src/core/rules/loader.js';
import { patternVerdict } from '../server/src/core/rules/safety.js';
import { ConfigError } from '../server/src/core/types.js';
import { LspFraming } from '../server/src/lsp/framing.js';
import { AnalysisCache } from '../server/src/node/cache.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { TODAY } from './helpers/cli.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';
import { RUNS, SEED } from './helpers/fuzz-params.js';

/**
 * Generators for each class of hostile input, each property asserting what the limits
 * promise: no exception, a located answer inside the text, and an answer within a bound.
 * Bounded in CI like the other fuzz tests (FUZZ_RUNS, FUZZ_SEED); heavy generators (huge
 * maps, floods, patterns) run a twentieth as often. `npm run fuzz` runs them long, and
 * prints the slowest case of each property.
 */
const params = { numRuns: RUNS, seed: SEED };
const heavy = { numRuns: Math.max(5, Math.round(RUNS / 20)), seed: SEED };

/** Times each run of a property; the slowest is printed after it. */
function timed<T extends unknown[]>(label: string, body: (...args: T) => void): { run: (...args: T) => void; report: () => void } {
  let slowest = 0;
  let runs = 0;
  return {
    run: (...args: T) => {
      const started = performance.now();
      body(...args);
      slowest = Math.max(slowest, performance.now() - started);
      runs++;
    },
    report: () => console.log(`      (${label}: ${runs} runs, slowest ${Math.round(slowest)} ms)`),
  };
}

function assertSpansInside(text: string, doc: ReturnType<typeof parseDocument>): void {
  for (const p of doc.syntax) assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= Math.max(text.length, 1), JSON.stringify(p));
}

/** YAML nodes that anchor themselves and alias any node, earlier, later or their own: chains, bombs and cycles. */
const aliasGraph = fc
  .array(
    fc.record({
      items: fc.array(
        fc.oneof(
          fc.nat(40).map((n) => `*a${n}`),
          fc.constantFrom('x', 'lol', '1', '{k: v}'),
        ),
        { maxLength: 12 },
      ),
      flow: fc.boolean(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((nodes) => {
    const lines = ['decision: launch-plan'];
    nodes.forEach(({ items, flow }, i) => {
      if (flow || items.length === 0) lines.push(`k${i}: &a${i} [${items.join(', ')}]`);
      else lines.push(`k${i}: &a${i}`, ...items.map((item) => `  - ${item}`));
    });
    return `${lines.join('\n')}\n`;
  });

/** Maps of a few up to twice the entry limit, as flow maps or block maps that need the general parser, sometimes with a repeated key. */
const hugeMap = fc
  .record({
    keys: fc.oneof(
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: LIMITS.maxYamlEntries - 50, max: LIMITS.maxYamlEntries + 50 }),
      fc.integer({ min: 0, max: 2 * LIMITS.maxYamlEntries }),
    ),
    style: fc.constantFrom('flow', 'anchored-block', 'front-matter'),
    repeat: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ keys, style, repeat }) => {
    const names = Array.from({ length: keys }, (_, i) => `k${i.toString(36)}`);
    if (repeat !== undefined && keys > 0) names.push(names[repeat % keys]);
    if (style === 'anchored-block') return { file: 'm.yaml', text: `decision: launch-plan\nanchor: &a x\n${names.map((n) => `${n}: 1`).join('\n')}\n` };
    const flow = `decision: launch-plan\nextra: {${names.map((n) => `${n}: 1`).join(', ')}}\n`;
    return style === 'flow' ? { file: 'm.yaml', text: flow } : { file: 'm.md', text: `---\n${flow}---\n# Title\n` };
  });

/** Markdown bodies of many small blocks: headings, nested list items, lazy lines, emphasis and link markers. */
const markdownFlood = fc
  .record({
    unit: fc.constantFrom('# h\n', '## h\n\n', '- a\n  - b\n', '> q\n', '*a* _b_ [c] ', 'lazy\n', '1. x\n   - y\n', '***\n', '`c`\n'),
    count: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1000, max: 40_000 })),
    mixWith: fc.constantFrom('', 'text *x* ', '\n'),
  })
  .map(({ unit, count, mixWith }) => `---\ndecision: launch-plan\nid: LP-1\n---\n${`${unit}${mixWith}`.repeat(count)}`);

/** Regular expressions built from repeated and nested parts, the shapes that backtrack. */
const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
  re: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    fc.constantFrom('a', 'x', '\\w', '\\d', '\\s', '.', '[ab]', '[^y]', '\\b'),
    fc.tuple(tie('re'), fc.constantFrom('+', '*', '?', '{1,9}', '{2,}', '{1,999}')).map(([r, q]) => `(?:${r})${q}`),
    fc.tuple(tie('re'), tie('re')).map(([a, b]) => `${a}${b}`),
    fc.tuple(tie('re'), tie('re')).map(([a, b]) => `(?:${a}|${b})`),
    tie('re').map((r) => `(${r})`),
  ),
})).re;

/** Glob patterns as a config's `files` might hold them, hostile ones included. */
const glob = fc
  .array(fc.constantFrom('*', '**', 'a', 'b', '?', '.', '..', '/', '{a,b}', '[ab]', '!', '@(', '+(', ')', 'decisions', '.yaml'), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.join(''));

function framed(body: string): Buffer {
  return Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function runFraming(input: Buffer, cuts: number[]): Buffer {
  const framing = new LspFraming();
  const out: Buffer[] = [];
  framing.on('data', (b: Buffer) => out.push(b));
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (input.length + 1))].sort((a, b) => a - b)) {
    framing.write(input.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  framing.write(input.subarray(at));
  framing.end();
  return Buffer.concat(out);
}

describe(`fuzz: hostile inputs by class (${RUNS} runs per property, heavy ones ${heavy.numRuns}, seed ${SEED})`, function () {
  this.timeout(Math.max(300_000, RUNS * 2000));

  it('aliases: every graph of anchors and aliases is read or refused where it goes wrong, quickly, never a cycle in the data', () => {
    const t = timed('aliases', (text: string) => {
      const started = performance.now();
      const doc = parseDocument('/fuzz/decisions/a.yaml', text);
      assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
      assertSpansInside(text, doc);
      if (doc.syntax.length === 0) assert.ok(JSON.stringify(doc.data).length < 10_000_000);
    });
    fc.assert(fc.property(aliasGraph, t.run), params);
    t.report();
  });

  it('huge maps: past the entry limit a located refusal, under it the data or a repeated key, in bounded time', () => {
    const t = timed('huge maps', ({ file, text }: { file: string; text: string }) => {
      const started = performance.now();
      const doc = parseDocument(`/fuzz/decisions/${file}`, text);
      assert.ok(performance.now() - started < 5000, `took ${Math.round(performance.now() - started)} ms`);
      assertSpansInside(text, doc);
      for (const p of doc.syntax) assert.match(p.message, /more than [\d,]+ entries|Map keys must be unique/);
      const entries = (text.match(/, /g) ?? []).length + text.split('\n').length;
      if (entries < LIMITS.maxYamlEntries - 10 && !doc.syntax.some((p) => /unique/.test(p.message))) assert.deepEqual(doc.syntax, []);
    });
    fc.assert(fc.property(hugeMap, t.run), heavy);
    t.report();
  });

  it('heading and marker floods: Markdown is read or refused at a block, in bounded time', () => {
    const t = timed('Markdown floods', (text: string) => {
      const started = performance.now();
      const doc = parseDocument('/fuzz/decisions/f.md', text);
      assert.ok(performance.now() - started < 10_000, `took ${Math.round(performance.now() - started)} ms`);
      assertSpansInside(text, doc);
    });
    fc.assert(fc.property(markdownFlood, t.run), heavy);
    t.report();
  });

  it('pathological patterns: a team pattern is used only when the checker proves it linear; the verdict never throws', () => {
    const host = new NodeHost();
    const t = timed('patterns', (source: string) => {
      let compiles = true;
      try {
        new RegExp(source, 'iu');
      } catch {
        compiles = false;
      }
      const problem = regexProblem(source, host);
      if (!compiles) return assert.match(problem ?? '', /invalid regular expression/);
      const verdict = patternVerdict(source, host);
      assert.equal(problem === undefined, verdict.complexity === 'safe', `${source}: ${verdict.complexity} / ${problem}`);
      if (problem) assert.ok(problem.includes('regular expression /'), problem);
    });
    fc.assert(fc.property(pattern, t.run), heavy);
    t.report();
  });

  it('pathological globs: a config glob is refused at its line or matches a 255-character name quickly', () => {
    const host = new NodeHost();
    const project = new Project(host, { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY });
    const longName = `decisions/${'ab'.repeat(60)}/${'a'.repeat(120)}b.yaml`;
    const t = timed('globs', (g: string) => {
      const overlay = new OverlayHost(host);
      overlay.setBuffer('/fuzz/ws/.standpoint.yaml', `root: true\nfiles: [${JSON.stringify(g)}]\n`);
      const loader = new ConfigLoader(overlay, project.schemas);
      try {
        loader.forDirectory('/fuzz/ws');
      } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        assert.ok(
          err.problems.every((p) => p.file === '/fuzz/ws/.standpoint.yaml' && p.line === 2),
          JSON.stringify(err.problems),
        );
        return;
      }
      const started = performance.now();
      picomatch(g, { dot: true })(longName);
      assert.ok(performance.now() - started < 200, `${g} took ${Math.round(performance.now() - started)} ms`);
    });
    fc.assert(fc.property(glob, t.run), params);
    t.report();
  });

  it('framing noise: messages after noise without a header come through whole and in order, however the bytes are cut', () => {
    const body = (i: number) => JSON.stringify({ jsonrpc: '2.0', id: i, method: 'textDocument/hover', params: { n: 'x'.repeat(i % 50) } });
    const noise = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes.map((b) => (b === 0x43 ? 0x20 : b))));
    const t = timed('framing', (chunks: Array<{ noise: Buffer; count: number }>, cuts: number[]) => {
      const input: Buffer[] = [];
      const wanted: Buffer[] = [];
      let id = 0;
      for (const { noise: n, count } of chunks) {
        input.push(n, Buffer.from('\r\n\r\n'));
        for (let k = 0; k < count; k++) {
          const message = framed(body(id++));
          input.push(message);
          wanted.push(message);
        }
      }
      const all = Buffer.concat(input);
      const started = performance.now();
      const out = runFraming(all, cuts);
      assert.ok(performance.now() - started < 1000);
      // Noise is dropped; each message that follows it passes through unchanged, in order.
      let from = 0;
      for (const w of wanted) {
        const at = out.indexOf(w, from);
        assert.ok(at >= 0, `message ${w.toString('utf8').slice(0, 60)} lost`);
        from = at + w.length;
      }
    });
    fc.assert(fc.property(fc.array(fc.record({ noise, count: fc.nat(3) }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), t.run), params);
    t.report();
  });

  it('cache corruption: a damaged cache never throws; an entry it still serves is an analysis of its file, positions inside it', () => {
    const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-fuzz-cache-')));
    try {
      fs.mkdirSync(path.join(ws, 'decisions'));
      const files = ['a', 'b', 'c'].map((n, i) => {
        const file = path.join(ws, 'decisions', `${n}.yaml`);
        fs.writeFileSync(file, `decision: launch-plan\nid: LP-2026-${100 + i}\ntitle: T${i}\nowner: ${i === 1 ? 'everyone' : 'Dana Reyes'}\n`);
        return file;
      });
      const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY, configFile: false });
      const fresh = new LintSession(project);
      for (const f of files) fresh.setRecord(f, fs.readFileSync(f, 'utf8'));
      const cacheFile = path.join(ws, '.standpoint-cache');
      const seed = new AnalysisCache(cacheFile, 'fuzz');
      for (const f of files) {
        assert.equal(seed.lookup(project, f).kind, 'miss');
        seed.set(f, fresh.analysis(f)!, textHash(fs.readFileSync(f, 'utf8')));
      }
      seed.save();
      const valid = fs.readFileSync(cacheFile);
      const damage = fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', '"', '\t', '\n', '[]', '-1', 'null', '{"file":1}', '\u0000') }),
        ),
        { minLength: 1, maxLength: 6 },
      );
      const t = timed('cache corruption', (edits: Array<{ kind: 'flip' | 'cut' | 'insert'; at: number; byte?: number; text?: string }>) => {
        let bytes = Buffer.from(valid);
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          if (e.kind === 'flip' && at < bytes.length) bytes[at] = e.byte!;
          else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
          else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text!), bytes.subarray(at)]);
        }
        fs.writeFileSync(cacheFile, bytes);
        const cache = new AnalysisCache(cacheFile, 'fuzz', 'content');
        for (const f of files) {
          const found = cache.lookup(project, f);
          if (found.kind !== 'hit') {
            assert.equal(found.kind, 'miss');
            continue;
          }
          // A damaged entry may still read as an analysis (a changed word in a message): it is served only if it is one of this file.
          const length = fs.statSync(f).size;
          assert.equal(found.analysis.file, f);
          assert.equal(found.analysis.length, length);
          for (const x of found.analysis.findings) assert.ok(x.span.start >= 0 && x.span.start <= x.span.end && x.span.end <= length, JSON.stringify(x));
        }
      });
      fc.assert(fc.property(damage, t.run), params);
      t.report();
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
