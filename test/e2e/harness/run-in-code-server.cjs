#!/usr/bin/env node
// Runs a VS Code extension's integration tests (an extensionTestsPath module exporting run()) inside
// code-server's real Node extension host, loaded by headless Debian chromium. No VS Code download.
//
// usage:
//   node test/e2e/harness/run-in-code-server.cjs <extensionDevelopmentPath> <extensionTestsPath> [workspaceFolder]
//   or VS Code CLI style (what code-shim.sh forwards from @vscode/test-electron / @vscode/test-cli):
//   run-in-code-server.cjs [--flags] --extensionDevelopmentPath=DIR --extensionTestsPath=PATH [FOLDER | --folder-uri=file:///…]
//     other VS Code flags (--disable-extensions, --user-data-dir=…, --no-sandbox, …) are ignored:
//     every run gets fresh user-data and extensions dirs.
//
// env:
//   CODE_SERVER, NODE24_BIN, PLAYWRIGHT_CORE, CHROMIUM   from <tools>/env.sh (read automatically if unset)
//   STANDPOINT_E2E_TIMEOUT_MS   overall bound for the tests (default 180000)
//   STANDPOINT_E2E_WORKSPACE    folder to open when none is given
//   STANDPOINT_E2E_WORK_DIR     where per-run dirs go (default <repo>/.e2e-work); kept on failure
//   STANDPOINT_E2E_KEEP=1       keep the per-run dir on success too
//   STANDPOINT_E2E_VERBOSE=1    forward every workbench log line (default: drop known offline noise)
// The tests' console output goes to stdout, the harness's own lines to stderr.
// Exit code: the tests' code; 1 on timeout or harness failure; 2 on bad usage.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');
const util = require('node:util');
const S = require('./code-server-session.cjs');

const TAG = 'code-server-e2e';
const log = (m) => S.log(TAG, m);

function parseArgs(argv) {
  const flags = {};
  const positional = [];
  const takesValue = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'folder-uri', 'file-uri', 'user-data-dir', 'extensions-dir', 'locale', 'profile', 'log']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (!m) {
      positional.push(a);
      continue;
    }
    if (m[2] !== undefined) flags[m[1]] = m[2];
    else if (takesValue.has(m[1]) && i + 1 < argv.length) flags[m[1]] = argv[++i];
    else flags[m[1]] = true;
  }
  const fromUri = (u) => (u && u.startsWith('file:') ? fileURLToPath(u) : u);
  if (flags.extensionDevelopmentPath || flags.extensionTestsPath) {
    return {
      devPath: flags.extensionDevelopmentPath,
      testsPath: flags.extensionTestsPath,
      folder: positional[0] || fromUri(flags['folder-uri']) || process.env.STANDPOINT_E2E_WORKSPACE,
    };
  }
  return { devPath: positional[0], testsPath: positional[1], folder: positional[2] || process.env.STANDPOINT_E2E_WORKSPACE };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.devPath || !args.testsPath) {
    process.stderr.write('usage: run-in-code-server.cjs <extensionDevelopmentPath> <extensionTestsPath> [workspaceFolder]\n');
    return 2;
  }
  const devPath = path.resolve(args.devPath);
  const testsPath = path.resolve(args.testsPath);
  const folder = args.folder && path.resolve(args.folder);
  for (const [what, p] of [
    ['extensionDevelopmentPath', devPath],
    ['workspace folder', folder],
  ]) {
    if (p && !fs.existsSync(p)) {
      process.stderr.write(`${what} does not exist: ${p}\n`);
      return 2;
    }
  }
  S.loadToolsEnv();
  const timeout = S.timeoutMs();

  const sb = S.makeSandbox('tests');
  let server;
  let browser;
  let exitCode = 1;
  const onSignal = (sig) => {
    log(`got ${sig}, stopping`);
    Promise.resolve(server && server.stop()).finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // enable-smoke-test-driver: a built workbench only honours the extensionDevelopmentPath /
    // extensionTestsPath payload with it, and only then calls window.codeAutomationExit/Log.
    server = await S.startCodeServer(sb, ['--vscode-option', 'enable-smoke-test-driver']);
    log(`code-server up at ${server.base} (pgid ${server.pid})`);
    browser = await S.launchBrowser(sb);
    const { page } = browser;

    let finish;
    const done = new Promise((resolve) => {
      finish = resolve;
    });
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const list = Array.isArray(logArgs) ? logArgs : [logArgs];
      const line = typeof list[0] === 'string' ? util.format(...list) : list.map((a) => JSON.stringify(a)).join(' ');
      if (!S.isNoise(line)) process.stdout.write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    page.on('crash', () => finish({ error: 'the workbench page crashed' }));
    page.on('close', () => finish({ error: 'the workbench page closed' }));
    server.exited.then(({ code, signal }) => finish({ error: `code-server exited (code ${code}, signal ${signal})` }));
    if (process.env.STANDPOINT_E2E_VERBOSE === '1') page.on('pageerror', (e) => log(`pageerror: ${e.message}`));

    // code-server's remote authority is the page's location.host, so the URIs must use it.
    const remote = (p) => `vscode-remote://${server.host}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const query = new URLSearchParams({ payload: JSON.stringify(payload) });
    if (folder) query.set('folder', folder);
    await page.goto(`${server.base}/?${query}`, { timeout: 60000 });
    log(`workbench loading; tests bounded by ${timeout} ms`);

    const result = await S.bounded(done, timeout, 'extension tests to call codeAutomationExit').catch((e) => ({ error: e.message }));
    if (result.error) {
      log(`FAILED: ${result.error}`);
      await page.screenshot({ path: path.join(sb.dir, 'failure.png') }).catch(() => {});
      process.stderr.write(`--- code-server log (tail) ---\n${S.tail(server.logFile)}\n`);
    } else {
      exitCode = result.code;
      log(`extension tests exited with code ${exitCode}`);
    }
  } catch (e) {
    log(`ERROR: ${e.stack || e}`);
  } finally {
    if (browser) await S.bounded(browser.context.close(), 10000, 'chromium close').catch(() => {});
    if (server) await server.stop();
  }
  if (exitCode === 0 && !S.keepAlways()) sb.remove();
  else log(`kept ${sb.dir} (code-server.log, failure.png if any)`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    S.log(TAG, `ERROR: ${e.stack || e}`);
    process.exit(1);
  },
);
