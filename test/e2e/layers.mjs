// The real-editor test layers, run by test/run-all.mjs after the mocha suites (and after
// `npm run build`). One after the other, never in parallel (code-server and chromium use most of
// a 2-core machine), each in its own process group under a time limit:
//
//   extension-host  the mocha suite in client/src/test/ inside code-server's real extension host,
//                   through @vscode/test-electron (test/e2e/extension-host.mjs)
//   neovim          headless Neovim as a third-party LSP client of `standpoint lsp --stdio`
//                   (test/e2e/harness/nvim-lsp-check.lua): one record with a finding, one clean
//   ui              `npm run package` (@vscode/vsce, a devDependency), a check of the .vsix contents,
//                   then the .vsix installed into code-server and driven in chromium: squiggle,
//                   Problems panel, screenshot (test/e2e/harness/ui-check.cjs -> test-output/ui-check.png);
//                   then a broken config's status item, a finding's hover and a Markdown record's outline
//                   (test/e2e/harness/ui-editor-check.cjs -> test-output/ui-{config-error,hover,outline}.png)
//
// STANDPOINT_EDITOR_LAYERS (comma-separated names) runs only the layers named.
// A layer is skipped only when its tools are absent (no <tools>/env.sh from
// .ci/setup-editor-tools.sh, or no nvim on PATH); with CI=true a missing tool is a failure.
// Each layer prints `editor layer <name>: passed|failed|skipped (<reason>)` and counts as one test,
// except extension-host, which counts as the mocha tests it ran when their summary can be read.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
// Built by `npm run build` from test/helpers/zip.ts, which runs before these layers.
import { zipEntries } from '../../out/test/helpers/zip.js';

const TODAY = '2026-11-20';
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const minutes = (n) => n * 60 * 1000;

/**
 * Runs a command in its own process group with its output prefixed and echoed, and captured.
 * On timeout the group gets SIGTERM (the harness then stops code-server), then SIGKILL.
 */
function run(tag, command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const echo = (stream) => {
      let pending = '';
      stream.on('data', (chunk) => {
        const text = chunk.toString('utf8');
        output += text;
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) process.stdout.write(`  [${tag}] ${line}\n`);
      });
      stream.on('end', () => {
        if (pending) process.stdout.write(`  [${tag}] ${pending}\n`);
      });
    };
    echo(child.stdout);
    echo(child.stderr);
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    let hardKill;
    const timer = setTimeout(() => {
      timedOut = true;
      process.stdout.write(`  [${tag}] timed out after ${secs(timeoutMs)}: stopping ${command} ${args.join(' ')}\n`);
      killGroup('SIGTERM');
      hardKill = setTimeout(() => killGroup('SIGKILL'), 15000);
    }, timeoutMs);
    const finish = (code, signal, error) => {
      clearTimeout(timer);
      clearTimeout(hardKill);
      resolve({ code, signal, error, output, timedOut, ms: Date.now() - t0 });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

const describeExit = (r) => (r.timedOut ? 'timed out' : r.error ? `could not start: ${r.error.message}` : `exit ${r.code ?? r.signal}`);

function toolsEnv(repo) {
  const dir = path.resolve(process.env.STANDPOINT_TOOLS_DIR || path.join(repo, '.tools'));
  const file = path.join(dir, 'env.sh');
  if (!fs.existsSync(file)) return { missing: `no ${file.startsWith(repo + path.sep) ? path.relative(repo, file) : file} (run .ci/setup-editor-tools.sh)` };
  const env = {};
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] = m[2];
  return { env };
}

function hasNvim() {
  const r = spawnSync('nvim', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 });
  return r.status === 0 ? r.stdout.toString().split('\n')[0] : undefined;
}

/** A throwaway copy of samples/ under the git-ignored .e2e-work/. */
function copySamples(repo, prefix) {
  const base = process.env.STANDPOINT_E2E_WORK_DIR || path.join(repo, '.e2e-work');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${prefix}-`));
  const ws = path.join(dir, 'samples');
  fs.cpSync(path.join(repo, 'samples'), ws, { recursive: true });
  return { ws, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The CLI's findings for a folder (run from it, so `file` is relative to it). */
function cliFindings(repo, ws) {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'standpoint.js'), 'check', ws, '--format', 'json'], {
    cwd: ws,
    env: { ...process.env, STANDPOINT_TODAY: TODAY },
    encoding: 'utf8',
    timeout: 60000,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`standpoint check exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------------------------------------
// Layers. Each returns { status: 'passed'|'failed'|'skipped', reason, counts? }.

async function extensionHostLayer(repo, tools) {
  if (tools.missing) return { status: 'skipped', reason: tools.missing, toolMissing: true };
  const r = await run('extension-host', process.execPath, [path.join(repo, 'test', 'e2e', 'extension-host.mjs')], {
    cwd: repo,
    env: { STANDPOINT_TODAY: TODAY, STANDPOINT_E2E_TIMEOUT_MS: '240000' },
    timeoutMs: minutes(5),
  });
  const m = /^extension-host: (-?\d+) passing, (-?\d+) failing, (-?\d+) pending/m.exec(r.output);
  const [passing, failing, pending] = m ? m.slice(1).map(Number) : [-1, -1, -1];
  const readable = passing >= 0 && failing >= 0 && pending >= 0 && passing + failing > 0;
  const ok = r.code === 0 && readable && failing === 0;
  const counts = readable ? { passed: passing, failed: failing + (ok || failing > 0 ? 0 : 1), skipped: pending } : { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  const tests = readable ? `${passing} passing, ${failing} failing${pending ? `, ${pending} pending` : ''}` : 'mocha summary not found';
  return { status: ok ? 'passed' : 'failed', reason: `${tests}; ${describeExit(r)}`, counts };
}

async function neovimLayer(repo) {
  const version = hasNvim();
  if (!version) return { status: 'skipped', reason: 'nvim is not on PATH', toolMissing: true };
  const { ws, remove } = copySamples(repo, 'nvim');
  const findings = cliFindings(repo, ws);
  const cases = [
    { file: 'decisions/pol-2026-013-instant-refunds.md', expect: ['promise-hedged'] },
    { file: 'decisions/lp-2026-014-one-click-reorder.yaml', expect: [] },
  ];
  const problems = [];
  for (const c of cases) {
    // What Neovim must show: exactly the CLI's findings for the file (1-based line and column, code).
    const want = findings
      .filter((f) => f.file === c.file)
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)
      .sort();
    const wantCodes = [...new Set(want.map((w) => w.split(' ')[1]))].sort();
    if (JSON.stringify(wantCodes) !== JSON.stringify([...c.expect].sort())) {
      problems.push(`${c.file}: the CLI reports ${JSON.stringify(wantCodes)}, the layer expects ${JSON.stringify(c.expect)}`);
      continue;
    }
    const r = await run('neovim', 'nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(repo, 'test', 'e2e', 'harness', 'nvim-lsp-check.lua')}`], {
      cwd: ws,
      env: {
        STANDPOINT_TODAY: TODAY,
        LSP_CMD: JSON.stringify(['node', path.join(repo, 'bin', 'standpoint.js'), 'lsp', '--stdio']),
        LSP_FILE: path.join(ws, c.file),
        LSP_ROOT: ws,
        LSP_EXPECT: JSON.stringify(c.expect),
        LSP_TIMEOUT_MS: '20000',
      },
      timeoutMs: 60000,
    });
    const got = [...r.output.matchAll(/^(\S+):(\d+):(\d+) (\S+) /gm)].map((m) => `${m[1]}:${m[2]}:${m[3]} ${m[4]}`).sort();
    if (r.code !== 0 || !/^nvim-lsp-check: PASS /m.test(r.output)) problems.push(`${c.file}: nvim-lsp-check ${describeExit(r)}`);
    else if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${c.file}: Neovim shows ${JSON.stringify(got)}, the CLI ${JSON.stringify(want)}`);
  }
  if (problems.length === 0) remove();
  else problems.push(`workspace kept at ${ws}`);
  return problems.length === 0
    ? { status: 'passed', reason: `${version}; ${cases.length} records, diagnostics equal the CLI's` }
    : { status: 'failed', reason: problems.join('; ') };
}

/** What the .vsix must hold, and nothing else (besides vsce's own manifest files). */
function checkVsix(repo, vsix) {
  const entries = zipEntries(vsix);
  const files = new Set(entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length)));
  const lower = new Map([...files].map((f) => [f.toLowerCase(), f]));
  const required = [
    'package.json',
    'dist/extension.cjs',
    'dist/server.cjs',
    'dist/analysis-worker.cjs',
    'dist/recheck.cjs',
    'dist/markdown-remark.cjs',
    // The built-in rules compiled at build time (server/src/node/compile-rules.ts), when the build makes them.
    ...(fs.existsSync(path.join(repo, 'dist', 'builtin-rules.json')) ? ['dist/builtin-rules.json'] : []),
    // The schema validators generated by the same build step, one module per schema.
    ...(fs.existsSync(path.join(repo, 'dist', 'schemas'))
      ? fs
          .readdirSync(path.join(repo, 'dist', 'schemas'))
          .filter((f) => f.endsWith('.cjs'))
          .map((f) => `dist/schemas/${f}`)
      : []),
    ...fs
      .readdirSync(path.join(repo, 'rules'))
      .filter((d) => fs.existsSync(path.join(repo, 'rules', d, 'rule.yaml')))
      .map((d) => `rules/${d}/rule.yaml`),
    // The rule reference pages: the editor's "Show rule documentation" preview works offline.
    ...fs
      .readdirSync(path.join(repo, 'docs', 'rules'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/rules/${f}`),
    ...fs
      .readdirSync(path.join(repo, 'schemas'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => `schemas/${f}`),
  ];
  const problems = [];
  const missing = required.filter((f) => !files.has(f));
  const readme = lower.get('readme.md');
  const license = lower.get('license') ?? lower.get('license.txt') ?? lower.get('license.md');
  if (!readme) missing.push('README.md');
  if (!license) missing.push('LICENSE');
  if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  const allowed = new Set([...required, readme, license]);
  const extra = [...files].filter((f) => !allowed.has(f));
  const outside = entries.filter((e) => !e.startsWith('extension/') && e !== 'extension.vsixmanifest' && e !== '[Content_Types].xml');
  const banned = [...extra, ...outside].filter((f) => /(^|\/)(node_modules|fixtures|src)(\/|$)/.test(f));
  if (banned.length) problems.push(`must not contain ${banned.slice(0, 10).join(', ')}${banned.length > 10 ? ` (+${banned.length - 10})` : ''}`);
  const others = [...extra, ...outside].filter((f) => !banned.includes(f));
  if (others.length) problems.push(`unexpected ${others.slice(0, 10).join(', ')}${others.length > 10 ? ` (+${others.length - 10})` : ''}`);
  return { problems, count: entries.length };
}

async function uiLayer(repo, tools) {
  if (tools.missing) return { status: 'skipped', reason: tools.missing, toolMissing: true };
  const vsix = path.join(repo, 'standpoint.vsix');
  fs.rmSync(vsix, { force: true }); // never check a stale package
  const pack = await run('ui', 'npm', ['run', 'package', '--silent'], { cwd: repo, env: {}, timeoutMs: minutes(5) });
  if (pack.code !== 0 || !fs.existsSync(vsix))
    return { status: 'failed', reason: `npm run package: ${describeExit(pack)}${fs.existsSync(vsix) ? '' : ', no standpoint.vsix'}` };
  const contents = checkVsix(repo, vsix);
  if (contents.problems.length) return { status: 'failed', reason: `standpoint.vsix: ${contents.problems.join('; ')}` };
  process.stdout.write(`  [ui] standpoint.vsix: ${contents.count} entries, contents as expected (${secs(pack.ms)} to package)\n`);

  const { ws, remove } = copySamples(repo, 'ui');
  const shot = path.join(repo, 'test-output', 'ui-check.png');
  const r = await run(
    'ui',
    process.execPath,
    [
      path.join(repo, 'test', 'e2e', 'harness', 'ui-check.cjs'),
      '--vsix',
      vsix,
      '--workspace',
      ws,
      '--file',
      'decisions/ca-2026-019-black-friday-early-access.yaml',
      '--expect',
      'campaign-excludes-open-issues',
      '--expect',
      // The first line of the message: what to do (the detail follows on the next line).
      'Set audience.exclude_open_service_issues: true.',
      '--severity',
      'error',
      '--screenshot',
      shot,
    ],
    { cwd: repo, env: { STANDPOINT_TODAY: TODAY, STANDPOINT_E2E_TIMEOUT_MS: '180000' }, timeoutMs: minutes(4) },
  );
  if (r.code !== 0) return { status: 'failed', reason: `ui-check ${describeExit(r)}; workspace kept at ${ws}` };
  remove();

  // What a person sees while writing: a broken config, a finding's hover, a Markdown record's outline.
  const editor = copySamples(repo, 'ui-editor');
  const out = path.join(repo, 'test-output');
  const e = await run(
    'ui',
    process.execPath,
    [path.join(repo, 'test', 'e2e', 'harness', 'ui-editor-check.cjs'), '--vsix', vsix, '--workspace', editor.ws, '--out', out],
    {
      cwd: repo,
      env: { STANDPOINT_TODAY: TODAY, STANDPOINT_E2E_TIMEOUT_MS: '240000' },
      timeoutMs: minutes(5),
    },
  );
  if (e.code !== 0) return { status: 'failed', reason: `ui-editor-check ${describeExit(e)}; workspace kept at ${editor.ws}` };
  editor.remove();
  const shots = ['ui-check.png', 'ui-config-error.png', 'ui-hover.png', 'ui-outline.png'].map((f) => path.join('test-output', f)).join(', ');
  return { status: 'passed', reason: `squiggle, Problems entry, broken-config status, hover and outline seen; screenshots ${shots}` };
}

// ---------------------------------------------------------------------------------------------

export async function runEditorLayers(repo) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const ci = process.env.CI === 'true';
  const tools = toolsEnv(repo);
  const layers = [
    ['extension-host', () => extensionHostLayer(repo, tools)],
    ['neovim', () => neovimLayer(repo)],
    ['ui', () => uiLayer(repo, tools)],
  ];
  // STANDPOINT_EDITOR_LAYERS=ui,neovim runs just those (while working on one editor).
  const only = process.env.STANDPOINT_EDITOR_LAYERS?.split(',').map((n) => n.trim());
  for (const [name, layer] of layers) {
    if (only && !only.includes(name)) continue;
    const t0 = Date.now();
    process.stdout.write(`\neditor layer ${name}: running\n`);
    let result;
    try {
      result = await layer();
    } catch (err) {
      result = { status: 'failed', reason: `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
    }
    if (result.status === 'skipped' && result.toolMissing && ci) {
      result = { status: 'failed', reason: `${result.reason}; tools are required when CI=true` };
    }
    const counts = result.counts ?? { passed: 0, failed: 0, skipped: 0, [result.status]: 1 };
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    process.stdout.write(`editor layer ${name}: ${result.status} (${result.reason}; ${secs(Date.now() - t0)})\n`);
  }
  return totals;
}
