import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Project } from '../server/src/core/engine/project.js';
import { LintSession } from '../server/src/core/engine/session.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import type { Finding } from '../server/src/core/types.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { TODAY } from './helpers/cli.js';
import { RUNS, SEED } from './helpers/fuzz-params.js';
import { LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';
import { garbage, nearValid, recordModel, toMarkdown, toYaml } from './helpers/record-model.js';

/**
 * Property-based and fuzz tests: generated records in both forms (valid, near-valid,
 * garbage) through the engine and through the language server. Bounded in CI
 * (FUZZ_RUNS, default 200, fixed seed); `npm run fuzz -- --runs 100000` runs long.
 * A failure prints the seed and the shrunk counterexample; FUZZ_SEED=N replays it.
 */
const params = { numRuns: RUNS, seed: SEED };
/** Documents sent to the language server: a few hundred in CI. */
const LSP_RUNS = Number(process.env.FUZZ_LSP_RUNS ?? Math.min(RUNS, 300));

const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY, configFile: false });

function lint(file: string, text: string): Finding[] {
  const session = new LintSession(project);
  session.setRecord(file, text);
  return session.results().byFile.get(file) ?? [];
}

/** Every finding's range lies inside the text, start before end. */
function assertInside(text: string, found: Array<{ line: number; column: number; endLine: number; endColumn: number; rule: string }>): void {
  const lines = text.split('\n');
  for (const f of found) {
    const where = `${f.rule}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
    assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line && f.endLine <= lines.length, `${where} outside ${lines.length} lines`);
    assert.ok(f.endLine > f.line || f.endColumn >= f.column, `${where} ends before it starts`);
    assert.ok(f.column <= lines[f.line - 1].length + 1 && f.endColumn <= lines[f.endLine - 1].length + 1, `${where} past the end of its line`);
  }
}

const yamlText = recordModel.map(toYaml);
const mdText = recordModel.map(toMarkdown);
const anyText = fc.oneof(
  fc.tuple(fc.constant('r.yaml'), yamlText),
  fc.tuple(fc.constant('r.md'), mdText),
  fc.tuple(fc.constant('r.yaml'), nearValid(yamlText)),
  fc.tuple(fc.constant('r.md'), nearValid(mdText)),
  fc.tuple(fc.constantFrom('r.yaml', 'r.md'), garbage),
);

const counts = (found: Finding[]) => found.map((f) => f.rule).sort();

describe(`fuzz: the engine (${RUNS} runs per property, seed ${SEED})`, function () {
  this.timeout(Math.max(120_000, RUNS * 400));
  before(() => lint('/fuzz/decisions/warm.yaml', 'decision: launch-plan\n'));

  it('never throws, keeps every range inside the document, and answers the same twice', () => {
    fc.assert(
      fc.property(anyText, ([name, text]) => {
        const file = `/fuzz/decisions/${name}`;
        const doc = parseDocument(file, text);
        for (const p of doc.syntax) assert.ok(p.span.start >= 0 && p.span.end <= text.length && p.span.start <= p.span.end, JSON.stringify(p));
        const first = lint(file, text);
        assertInside(text, first);
        assert.equal(JSON.stringify(lint(file, text)), JSON.stringify(first));
      }),
      params,
    );
  });

  it('reads every generated record in both forms, and both forms give the same rule ids', () => {
    fc.assert(
      fc.property(recordModel, (model) => {
        const yaml = lint('/fuzz/decisions/r.yaml', toYaml(model));
        const md = lint('/fuzz/decisions/r.md', toMarkdown(model));
        assert.ok(!yaml.some((f) => f.rule === 'record-syntax' || f.rule === 'internal-error'), JSON.stringify(yaml));
        assert.ok(!md.some((f) => f.rule === 'record-syntax' || f.rule === 'internal-error'), JSON.stringify(md));
        assert.deepEqual(counts(md), counts(yaml), `YAML:\n${toYaml(model)}\nMarkdown:\n${toMarkdown(model)}`);
      }),
      params,
    );
  });

  it('reads the same model from both forms (data equality)', () => {
    fc.assert(
      fc.property(recordModel, (model) => {
        const yaml = parseDocument('r.yaml', toYaml(model)).data;
        const md = parseDocument('r.md', toMarkdown(model)).data;
        assert.deepEqual(md, yaml);
      }),
      params,
    );
  });
});

describe(`fuzz: the language server (${LSP_RUNS} documents over one connection, seed ${SEED})`, function () {
  this.timeout(Math.max(180_000, LSP_RUNS * 1000));
  let ws: string;
  let client: LspClient;
  const errors: string[] = [];

  before(async () => {
    ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-fuzz-')));
    fs.mkdirSync(path.join(ws, 'decisions'));
    client = new LspClient();
    client.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) errors.push(m.message);
    });
    await client.initialize(ws);
  });

  after(async () => {
    const code = await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
  });

  it("publishes diagnostics for every generated document, inside it, equal to the engine's, without a handler failing", async () => {
    const samples = fc.sample(anyText, { numRuns: LSP_RUNS, seed: SEED });
    for (const [i, [name, text]] of samples.entries()) {
      const file = path.join(ws, 'decisions', `${i}-${name}`);
      await client.open(file, text, 1);
      let got: Diagnostic[];
      try {
        got = await client.waitFor(file, (_d, v) => v === 1, 20_000);
      } catch (err) {
        throw new Error(`document ${i} (seed ${SEED}):\n${JSON.stringify(text)}\n${(err as Error).message}`, { cause: err });
      }
      const asFindings = got.map((d) => ({
        rule: d.code,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      }));
      assertInside(text, asFindings);
      const engine = lint(file, text)
        .map((f) => `${f.rule}@${f.line}:${f.column}`)
        .sort();
      assert.deepEqual(asFindings.map((f) => `${f.rule}@${f.line}:${f.column}`).sort(), engine, `document ${i}: ${JSON.stringify(text)}`);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
    }
    assert.deepEqual(errors, []);
  });
});
