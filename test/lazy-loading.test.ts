import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { lineOf, record, show, tempWorkspaces, TODAY, type Files } from './helpers/cli.js';
import { REPO } from './helpers/paths.js';

/**
 * Runs the bundled command line (what bin/standpoint.js loads) in a fresh process and
 * reports, besides its output, which packages it loaded (from node_modules, or dist/recheck.cjs and
 * dist/markdown-remark.cjs): the heavy ones (ajv, the ReDoS checker, remark, the LSP libraries) must
 * load only when a run needs them.
 */
function run(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string; packages: string[] } {
  const script = `
    const cli = require(${JSON.stringify(path.join(REPO, 'dist', 'cli.cjs'))});
    cli.main(process.argv.slice(1)).then((code) => {
      // The ReDoS checker and remark are bundled on their own, beside cli.cjs.
      const packageOf = (f) => f.endsWith('/dist/recheck.cjs') ? 'recheck' : f.endsWith('/dist/markdown-remark.cjs') ? 'remark' : /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(f)?.[1];
      const packages = new Set(Object.keys(require.cache).map(packageOf).filter(Boolean));
      process.stdout.write('\\n' + JSON.stringify({ code, packages: [...packages].sort() }));
    });`;
  const out = spawnSync(process.execPath, ['-e', script, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (out.error) throw out.error;
  const lines = out.stdout.split('\n');
  const { code, packages } = JSON.parse(lines.pop()!) as { code: number; packages: string[] };
  return { code, stdout: lines.join('\n'), stderr: out.stderr, packages };
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
