import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasStackTrace, TODAY } from './helpers/cli.js';
import { LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';
import { corpusAvailable, corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { BIN, CORPUS_DIR } from './helpers/paths.js';

/**
 * The real-world corpus (796 ADRs, KEPs, RFCs and proposals by others; never edited)
 * linted as records through the CLI and through the language server: no crash, a result
 * for every file, positions inside the files, the same findings both ways.
 */

function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.parentPath !== CORPUS_DIR)
    .map((e) => path.relative(CORPUS_DIR, path.join(e.parentPath, e.name)))
    .sort();
}

interface Case {
  file: string;
  rule: string;
  line: number;
  column: number;
}

const isReadme = (f: string) => /^readme\.md$/i.test(path.basename(f));
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe(`real-world corpus through the CLI and the language server${corpusNote()}`, function () {
  this.timeout(600_000);
  const available = corpusAvailable();
  const files = available ? corpusFiles() : [];
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8')]));
  let cli: Map<string, Case[]>;

  before(function () {
    skipWithoutCorpus(this);
  });

  it('CLI: checks every file given on the command line, without a crash or an internal error', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-corpus-')), 'report.xml');
    const started = Date.now();
    const run = spawnSync(process.execPath, [BIN, 'check', '--no-config', '--format', 'junit', '--output', out, '--today', TODAY, ...files], {
      cwd: CORPUS_DIR,
      encoding: 'utf8',
      timeout: 540_000,
      maxBuffer: 64 * 1024 * 1024,
      input: '',
    });
    const took = Date.now() - started;
    console.log(
      `      (CLI: ${files.length} corpus files, ${(texts.size && [...texts.values()].reduce((n, t) => n + t.length, 0) / 1048576).toFixed(1)} MB, checked in ${(took / 1000).toFixed(1)} s)`,
    );
    assert.equal(run.error, undefined, String(run.error));
    assert.equal(run.status, 1, `exit ${run.status}\n${run.stderr}`);
    assert.ok(!hasStackTrace(run.stderr), run.stderr);
    assert.doesNotMatch(run.stderr, /could not be read/);
    const xml = fs.readFileSync(out, 'utf8');
    cli = new Map();
    for (const m of xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)) {
      const file = unescape(m[1]);
      const list = cli.get(file) ?? [];
      cli.set(file, list);
      const f = /^(\S+) (\d+):(\d+)$/.exec(unescape(m[2]));
      if (f) list.push({ file, rule: f[1], line: Number(f[2]), column: Number(f[3]) });
    }
    const expected = files.filter((f) => !isReadme(f) || cli.has(f));
    assert.deepEqual([...cli.keys()].sort(), expected, 'every file (README.md non-records aside) has a result');
    assert.ok(cli.size >= files.length - files.filter(isReadme).length);
    const all = [...cli.values()].flat();
    assert.deepEqual(
      all.filter((c) => c.rule === 'internal-error'),
      [],
    );
    for (const c of all) {
      const lines = texts.get(c.file)!.split('\n');
      assert.ok(
        c.line >= 1 && c.line <= lines.length && c.column >= 1 && c.column <= lines[c.line - 1].length + 1,
        `${c.file}:${c.line}:${c.column} ${c.rule} outside the file`,
      );
    }
  });

  it('language server: opens every file over one connection, publishes its diagnostics, the same as the CLI', async () => {
    const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-corpus-lsp-')));
    const client = new LspClient();
    const errors: string[] = [];
    client.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      if (m.type === 1) errors.push(m.message);
    });
    const started = Date.now();
    let slowest = { file: '', ms: 0 };
    try {
      await client.initialize(ws);
      for (const [i, rel] of files.entries()) {
        // Under decisions/ so every file is a record by the default globs; the text is sent, not written.
        const file = path.join(ws, 'decisions', rel);
        const text = texts.get(rel)!;
        const t0 = Date.now();
        await client.open(file, text, i + 1);
        const got = await client.waitFor(file, (_d, v) => v === i + 1, 60_000);
        if (Date.now() - t0 > slowest.ms) slowest = { file: rel, ms: Date.now() - t0 };
        const lines = text.split('\n');
        for (const d of got) {
          assert.ok(d.range.start.line < lines.length && d.range.end.line < lines.length, `${rel}: ${d.code} at ${d.range.start.line + 1} outside the file`);
        }
        if (cli && /\.(ya?ml|md)$/.test(rel)) {
          const want = (cli.get(rel) ?? [])
            .filter((c) => c.rule !== 'duplicate-id')
            .map((c) => `${c.rule}@${c.line}:${c.column}`)
            .sort();
          const have = got
            .filter((d: Diagnostic) => d.code !== 'duplicate-id')
            .map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`)
            .sort();
          assert.deepEqual(have, want, `${rel}: server and CLI disagree`);
        }
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
      }
    } finally {
      const code = await client.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    }
    const took = Date.now() - started;
    console.log(
      `      (language server: ${files.length} corpus files opened one after another in ${(took / 1000).toFixed(1)} s; slowest ${slowest.file} ${slowest.ms} ms)`,
    );
    assert.deepEqual(errors, [], 'a handler failed');
  });
});
