import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { TODAY, type RunResult } from './helpers/cli.js';
import { BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { REPO, SAMPLES_DIR } from './helpers/paths.js';
import { zipEntries, zipEntryText } from './helpers/zip.js';

// The published artefacts, made the way a release makes them, from a fresh copy of the
// repository: `npm pack` (the npm package), installed into an empty prefix and run far from
// any checkout, and `npm run package` (the VS Code extension) with no editor tools folder.

const MB = 1024 * 1024;
const SAMPLES_SUMMARY = '✖ 6 problems (4 errors, 2 warnings, 0 info) in 17 decision records, 2 registries, 1 waiver active';
/** npm's errors when a dependency is neither in its cache nor reachable: the machine, not the package. */
const OFFLINE = /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/;

interface Timed extends RunResult {
  seconds: number;
}

/**
 * The environment for the npm runs: without the npm_* variables an enclosing `npm test` sets
 * (they would steer the inner npm) and without the editor tools' variables (the package must not need them).
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(name) || ['STANDPOINT_TOOLS_DIR', 'NODE24_BIN', 'STANDPOINT_TODAY', 'FORCE_COLOR', 'NO_COLOR', 'INIT_CWD'].includes(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Timed {
  const t0 = Date.now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', input: '', timeout: 10 * 60_000, maxBuffer: 64 * MB });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - t0) / 1000 };
}

const shown = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

/** A copy of what a fresh clone holds: the tracked files (and new ones git does not ignore); no build output, no .tools/. */
function freshCheckout(into: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * MB });
  assert.equal(listed.status, 0, `git ls-files: ${listed.stderr}`);
  for (const rel of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(REPO, rel);
    if (rel === 'node_modules' || !fs.existsSync(from) || !fs.lstatSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(into, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(into, rel));
  }
  // The dependencies `npm ci` installed, shared rather than installed again.
  fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(into, 'node_modules'), 'dir');
}

describe('npm package and .vsix, built from a fresh copy of the repository', function () {
  // Two production builds on a shared machine, and an install.
  this.timeout(15 * 60_000);
  let root: string;
  let checkout: string;
  let tarball: string | undefined;
  /** The installed command, once the install has worked. */
  let standpointBin: string | undefined;
  let installSkipped: string | undefined;

  before(function () {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-package-')));
    checkout = path.join(root, 'checkout');
    freshCheckout(checkout);
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Runs the installed `standpoint` in `cwd` (outside any checkout), or skips when the install could not be done. */
  function installed(test: Mocha.Context, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
    if (!standpointBin) {
      test.skip();
      throw new Error(installSkipped ?? 'not installed');
    }
    return run(standpointBin, args, cwd, { ...cleanEnv(), ...env });
  }

  it('npm pack makes the production build (prepack) and packs only what runs: under 2 MB, no tests, bench or sources', () => {
    const pack = run('npm', ['pack', '--json', '--pack-destination', root], checkout);
    assert.equal(pack.code, 0, shown(pack));
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; size: number; unpackedSize: number; entryCount: number; files: Array<{ path: string }> }>;
    tarball = path.join(root, info.filename);
    assert.ok(fs.existsSync(tarball));
    const files = info.files.map((f) => f.path).sort();
    console.log(
      `      npm pack: ${(info.size / MB).toFixed(2)} MB packed, ${(info.unpackedSize / MB).toFixed(2)} MB unpacked, ${info.entryCount} files, ${pack.seconds.toFixed(1)} s`,
    );
    assert.ok(info.size < 2 * MB, `the tarball is ${info.size} bytes`);

    const schemas = fs.readdirSync(path.join(REPO, 'schemas')).filter((f) => f.endsWith('.json'));
    const expected = [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/standpoint.js',
      'bin/bundle-loader.js',
      'dist/analysis-worker.cjs',
      'dist/builtin-rules.json',
      'dist/cli.cjs',
      'dist/markdown-remark.cjs',
      'dist/recheck.cjs',
      'dist/server.cjs',
      'scripts/upsert-pr-comment.mjs',
      ...schemas.map((f) => `schemas/${f}`),
      ...schemas.map((f) => `dist/schemas/${f}.cjs`),
      ...BUILTIN_RULE_IDS.map((id) => `rules/${id}/rule.yaml`),
      // The pages the CLI and the README link to: the rule reference and the guides.
      ...fs
        .readdirSync(path.join(REPO, 'docs'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f.split(path.sep).join('/')}`),
    ].sort();
    assert.deepEqual(files, expected);
    for (const id of BUILTIN_RULE_IDS) assert.ok(files.includes(`docs/rules/${id}.md`), `the reference page of ${id}`);
    const unwanted = files.filter((f) => /^(test|bench|server|client|samples|\.ci)\/|\.ts$|\.map$|(^|\/)fixtures\/|^dist\/test\//.test(f));
    assert.deepEqual(unwanted, []);
    // The bundles that ship are the minified production ones, without source maps.
    for (const bundle of ['cli', 'server', 'analysis-worker']) {
      assert.doesNotMatch(fs.readFileSync(path.join(checkout, 'dist', `${bundle}.cjs`), 'utf8'), /sourceMappingURL/, bundle);
    }
  });

  it('installs from the tarball into an empty prefix (dependencies from the npm cache, the registry only for what it lacks)', function () {
    if (!tarball) this.skip();
    const prefix = path.join(root, 'prefix');
    const install = run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], root);
    if (install.code !== 0 && OFFLINE.test(install.stderr)) {
      installSkipped = `the dependencies are neither in the npm cache nor reachable: ${install.stderr.split('\n').find((l) => OFFLINE.test(l))}`;
      this.skip();
    }
    assert.equal(install.code, 0, shown(install));
    console.log(`      npm install --global from the tarball: ${install.seconds.toFixed(1)} s`);
    standpointBin = path.join(prefix, 'bin', 'standpoint');
    assert.ok(fs.existsSync(standpointBin), 'the bin is linked');
    const packageDir = path.join(prefix, 'lib', 'node_modules', 'standpoint');
    assert.ok(!fs.lstatSync(packageDir).isSymbolicLink(), 'a copy, not a link to a checkout');
    assert.ok(!fs.existsSync(path.join(packageDir, 'server')) && !fs.existsSync(path.join(packageDir, 'out')));
  });

  it('check on a copy of the samples: the same six findings as in the repository, exit 1', function () {
    const ws = path.join(root, 'samples');
    fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
    const check = installed(this, ['check', '--today', TODAY], ws);
    assert.equal(check.code, 1, shown(check));
    assert.equal(check.stdout.trimEnd().split('\n').at(-1), SAMPLES_SUMMARY);
    const json = installed(this, ['check', '--today', TODAY, '--format', 'json'], ws);
    const rules = (JSON.parse(json.stdout) as Array<{ rule: string }>).map((f) => f.rule).sort();
    assert.deepEqual(rules, [
      'campaign-excludes-open-issues',
      'launch-readiness-vs-quarter',
      'promise-hedged',
      'promise-ref-resolves',
      'single-score-reliance',
      'touchpoint-cut-needs-reinvestment',
    ]);
    // The reference Markdown parser ships as a bundle of its own, loaded on first use: the same findings with it.
    const remark = installed(this, ['check', '--today', TODAY, '--format', 'json'], ws, { STANDPOINT_MARKDOWN: 'remark' });
    assert.equal(remark.stdout, json.stdout, shown(remark));
    const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(installed(this, ['--version'], ws).stdout.trim(), version);
  });

  it('explain prints a rule with its docs link; a mistyped id gets a suggestion', function () {
    const explain = installed(this, ['explain', 'promise-hedged'], root);
    assert.equal(explain.code, 0, shown(explain));
    assert.match(explain.stdout, /^# promise-hedged$/m);
    assert.match(explain.stdout, /^Docs: https:\/\/\S+\/docs\/rules\/promise-hedged\.md$/m);
    const typo = installed(this, ['explain', 'promise-hedgd'], root);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean "promise-hedged"/);
  });

  it('init writes a workspace that then checks clean', function () {
    const ws = path.join(root, 'new-log');
    fs.mkdirSync(ws);
    const init = installed(this, ['init', '--today', TODAY], ws);
    assert.equal(init.code, 0, shown(init));
    assert.deepEqual(init.stdout.trim().split('\n'), [
      'created .standpoint.yaml',
      'created people.yaml',
      'created promises.yaml',
      'created decisions/order-tracking.yaml',
    ]);
    const check = installed(this, ['check', '--today', TODAY], ws);
    assert.equal(check.code, 0, shown(check));
    assert.equal(check.stdout, '✔ 1 decision record, 2 registries checked, no problems\n');
  });

  it('lsp --stdio: initialize, a diagnostic for an opened record, shutdown and exit 0', async function () {
    if (!standpointBin) this.skip();
    const ws = path.join(root, 'lsp');
    fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
    const server = spawn(standpointBin, ['lsp', '--stdio'], { cwd: ws, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    const record = path.join(ws, 'decisions', 'pol-2026-013-instant-refunds.md');
    const uri = pathToFileURL(record).toString();
    const diagnostics = new Promise<Array<{ code: string; range: { start: { line: number } } }>>((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Array<{ code: string; range: { start: { line: number } } }> }) => {
        if (p.uri === uri && p.diagnostics.length > 0) resolve(p.diagnostics);
      });
    });
    connection.onRequest('workspace/configuration', () => [{}]);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      const init = await connection.sendRequest<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(ws).toString(),
        workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'samples' }],
        capabilities: {},
        initializationOptions: { today: TODAY },
      });
      assert.ok(init.capabilities.textDocumentSync !== undefined, JSON.stringify(init));
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(record, 'utf8') } });
      const found = await diagnostics;
      assert.deepEqual(
        found.map((d) => `${d.code}@${d.range.start.line + 1}`),
        ['promise-hedged@44'],
      );
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0, stderr);
    } finally {
      connection.dispose();
      server.kill();
    }
  });

  it('npm run package with no .tools/ folder: a .vsix with the extension entry, the server bundle and the rules', () => {
    assert.ok(!fs.existsSync(path.join(checkout, '.tools')));
    const pack = run('npm', ['run', 'package'], checkout);
    assert.equal(pack.code, 0, shown(pack));
    const vsix = path.join(checkout, 'standpoint.vsix');
    assert.ok(fs.existsSync(vsix), 'standpoint.vsix is written');
    const entries = zipEntries(vsix);
    console.log(`      npm run package: ${(fs.statSync(vsix).size / MB).toFixed(2)} MB, ${entries.length} entries, ${pack.seconds.toFixed(1)} s`);
    const manifest = JSON.parse(zipEntryText(vsix, 'extension/package.json') ?? '{}') as { main?: string; files?: unknown; name?: string };
    assert.equal(manifest.name, 'standpoint');
    assert.equal(manifest.main, './dist/extension.cjs');
    assert.equal(manifest.files, undefined, "the npm package's file list stays out of the extension's manifest");
    for (const required of [
      'extension/dist/extension.cjs',
      'extension/dist/server.cjs',
      'extension/dist/analysis-worker.cjs',
      'extension/dist/builtin-rules.json',
      ...BUILTIN_RULE_IDS.map((id) => `extension/rules/${id}/rule.yaml`),
      'extension/schemas/record.schema.json',
    ]) {
      assert.ok(entries.includes(required), `the .vsix holds ${required}`);
    }
    assert.deepEqual(
      entries.filter((e) => /(^|\/)(node_modules|fixtures|src|test)\/|\.ts$|\.map$/.test(e)),
      [],
    );
  });
});

describe('npm ci on this Node.js', () => {
  it('prints no EBADENGINE: every locked package supports the Node.js the project runs on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-engines-'));
    try {
      for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
      // A dry run resolves the lockfile and checks engines without downloading or installing anything.
      const ci = run('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
      assert.equal(ci.code, 0, shown(ci));
      assert.doesNotMatch(`${ci.stdout}\n${ci.stderr}`, /EBADENGINE/, `on Node.js ${process.version}:\n${ci.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
