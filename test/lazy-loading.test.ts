import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lineOf, record, show, tempWorkspaces, TODAY, type Files } from './helpers/cli.js';
import { REPO } from './helpers/paths.js';

/** The package a loaded file belongs to: the ReDoS checker and remark are bundled on their own, beside cli.cjs. */
const PACKAGE_OF = `(f) => f.endsWith('/dist/recheck.cjs') ? 'recheck' : f.endsWith('/dist/markdown-remark.cjs') ? 'remark' : /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f)?.[1]`;

/**
 * Preloaded into the process and every worker thread it starts (they inherit its options):
 * appends the package of each module a thread loads to the file named by STANDPOINT_TEST_LOADS,
 * synchronously, so a thread stopped later has already told.
 */
const PRELOAD = `
  const Module = require('node:module');
  const fs = require('node:fs');
  const packageOf = ${PACKAGE_OF};
  const load = Module._load;
  Module._load = function (request, parent, ...rest) {
    const out = load.call(this, request, parent, ...rest);
    let file = request;
    try { file = Module._resolveFilename(request, parent); } catch {}
    const name = packageOf(file);
    if (name) fs.appendFileSync(process.env.STANDPOINT_TEST_LOADS, name + '\\n');
    return out;
  };`;

/**
 * Runs the bundled command line (what bin/standpoint.js loads) in a fresh process and
 * reports, besides its output, which packages it loaded on any thread (analyses run on worker
 * threads) — from node_modules, or dist/recheck.cjs and dist/markdown-remark.cjs: the heavy ones
 * (ajv, the ReDoS checker, remark, the LSP libraries) must load only when a run needs them.
 */
function run(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string; packages: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-loads-'));
  try {
    const preload = path.join(dir, 'preload.cjs');
    const loads = path.join(dir, 'loads.txt');
    fs.writeFileSync(preload, PRELOAD);
    fs.writeFileSync(loads, '');
    const script = `
      const cli = require(${JSON.stringify(path.join(REPO, 'dist', 'cli.cjs'))});
      cli.main(process.argv.slice(1)).then((code) => process.stdout.write('\\n' + JSON.stringify({ code })));`;
    const out = spawnSync(process.execPath, ['--require', preload, '-e', script, ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, STANDPOINT_TEST_LOADS: loads },
    });
    if (out.error) throw out.error;
    const lines = out.stdout.split('\n');
    const { code } = JSON.parse(lines.pop()!) as { code: number };
    const packages = [...new Set(fs.readFileSync(loads, 'utf8').split('\n').filter(Boolean))].sort();
    return { code, stdout: lines.join('\n'), stderr: out.stderr, packages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const HEAVY = ['ajv', 'ajv-formats', 'recheck', 'remark', 'vscode-languageserver', 'vscode-uri'];

describe('start-up: heavy packages load on first use', function () {
  this.timeout(120_000);
  const make = tempWorkspaces();
  const workspace = (config: string, extra: Files = {}) => make({ '.standpoint.yaml': `root: true\n${config}`, ...extra });

  it('checks YAML and Markdown records, schema included, with none of them', () => {
    const ws = workspace('', {
      'decisions/a.yaml': record({ id: 'LP-2026-001', extra: 'titel: typo\n' }),
      'decisions/b.md': `---\n${record({ id: 'LP-2026-002' })}---\n\n# Notes\n`,
    });
    const out = run(ws, ['check', '--format', 'json', '--today', TODAY]);
    assert.equal(out.code, 0, show(out));
    const found = (JSON.parse(out.stdout) as Array<{ rule: string; message: string; file: string }>).map((f) => `${f.rule} ${path.basename(f.file)}`);
    assert.ok(found.includes('record-schema a.yaml'), found.join('\n'));
    assert.deepEqual(
      out.packages.filter((p) => HEAVY.includes(p)),
      [],
    );
  });

  it('loads remark for a Markdown body the direct reader leaves to it, and still reports it', () => {
    // A character reference is one thing the direct reader hands to remark.
    const body = '\n# Notes\n\nLate parcels &amp; lost ones: that is not our problem.\n';
    const text = `---\n${record({ id: 'LP-2026-006' })}---\n${body}`;
    const ws = workspace('', { 'decisions/b.md': text });
    const out = run(ws, ['check', '--format', 'json', '--today', TODAY]);
    assert.ok(out.code === 0 || out.code === 1, show(out));
    assert.ok(out.packages.includes('remark'), out.packages.join(', '));
    const found = (JSON.parse(out.stdout) as Array<{ rule: string; file: string; line: number }>).map((f) => `${f.rule} ${path.basename(f.file)}:${f.line}`);
    assert.ok(found.includes(`no-finger-pointing b.md:${lineOf(text, 'not our problem')}`), found.join('\n'));
  });

  it('reports a misspelt config key, located with its suggestion, without ajv', () => {
    const ws = workspace('rulse: {}\n', { 'decisions/a.yaml': record({ id: 'LP-2026-003' }) });
    const out = run(ws, ['check', '--today', TODAY]);
    assert.equal(out.code, 2, show(out));
    assert.match(out.stderr, /\.standpoint\.yaml:2:1: .*unknown field "rulse" \(did you mean "rules"\?\)/);
    assert.deepEqual(
      out.packages.filter((p) => HEAVY.includes(p)),
      [],
    );
  });

  it('loads ajv for rule options and still reports a bad option, located', () => {
    const config = 'rules:\n  advocate-required:\n    options: {roles: []}\n';
    const ws = workspace(config, { 'decisions/a.yaml': record({ id: 'LP-2026-004' }) });
    const out = run(ws, ['check', '--today', TODAY]);
    assert.equal(out.code, 2, show(out));
    assert.match(out.stderr, new RegExp(`\\.standpoint\\.yaml:${lineOf(`root: true\n${config}`, 'options')}:\\d+: .*roles`));
    assert.ok(out.packages.includes('ajv'), out.packages.join(', '));
    assert.ok(!out.packages.includes('recheck'), out.packages.join(', '));
  });

  it('loads the ReDoS checker for a team rule and still rejects an exponential pattern at load, located', () => {
    const rule = [
      'id: no-aaa',
      'severity: warning',
      'principle: test',
      'title: No aaa',
      'message: no',
      'checks:',
      '  - kind: assert',
      "    assert: {not: {path: title, matches: '(a+)+$'}}",
      '    report: title',
      'docs: {rationale: r, triggers: t, comply: c}',
      '',
    ].join('\n');
    const ws = workspace('rule_dirs: [policy/rules]\n', { 'policy/rules/no-aaa/rule.yaml': rule, 'decisions/a.yaml': record({ id: 'LP-2026-005' }) });
    const out = run(ws, ['check', '--today', TODAY]);
    assert.equal(out.code, 2, show(out));
    assert.match(
      out.stderr,
      new RegExp(`policy/rules/no-aaa/rule\\.yaml:${lineOf(rule, '(a+)+$')}:\\d+: regular expression /\\(a\\+\\)\\+\\$/ can backtrack catastrophically`),
    );
    assert.ok(out.packages.includes('recheck'), out.packages.join(', '));
  });
});
