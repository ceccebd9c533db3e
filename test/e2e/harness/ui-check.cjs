#!/usr/bin/env node
// UI smoke check: install a packaged .vsix into a fresh code-server the way a user would, open a
// workspace and a file in headless Debian chromium, and check what a person would see: a squiggle in
// the editor and the expected text in the Problems panel. Saves a screenshot (also on failure).
//
// usage:
//   node test/e2e/harness/ui-check.cjs --vsix ext.vsix --workspace DIR --file REL/PATH.md \
//        --expect "text in Problems panel" [--expect "another"] --screenshot out.png [--severity error]
//   --severity  error | warning | info | hint : which squiggle class to wait for (default error;
//               env STANDPOINT_UI_SEVERITY). The selector is `.monaco-editor .squiggly-<severity>`.
// env: CODE_SERVER, NODE24_BIN, PLAYWRIGHT_CORE, CHROMIUM (from <tools>/env.sh, read automatically if
//   unset), STANDPOINT_E2E_TIMEOUT_MS (overall bound, default 180000), STANDPOINT_E2E_WORK_DIR,
//   STANDPOINT_E2E_KEEP=1, STANDPOINT_E2E_VERBOSE=1 (print page errors).
// Exit code: 0 pass, 1 fail, 2 bad usage. The per-run dir (code-server.log) is kept on failure.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const S = require('./code-server-session.cjs');

const TAG = 'ui-check';
const log = (m) => S.log(TAG, m);
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const USAGE =
  'usage: ui-check.cjs --vsix X.vsix --workspace DIR --file REL/PATH --expect TEXT [--expect TEXT]... --screenshot OUT.png [--severity error|warning|info|hint]';

function parseArgs(argv) {
  const o = { expect: [], severity: process.env.STANDPOINT_UI_SEVERITY || 'error' };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(vsix|workspace|file|expect|screenshot|severity)(?:=(.*))?$/s.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    const v = m[2] !== undefined ? m[2] : argv[++i];
    if (v === undefined) throw new Error(`--${m[1]} needs a value`);
    if (m[1] === 'expect') o.expect.push(v);
    else o[m[1]] = v;
  }
  if (!o.vsix || !o.workspace || !o.file || !o.expect.length || !o.screenshot) throw new Error('missing argument');
  if (!SEVERITIES.includes(o.severity)) throw new Error(`--severity must be one of ${SEVERITIES.join(', ')}`);
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  const vsix = path.resolve(o.vsix);
  const workspace = path.resolve(o.workspace);
  const file = path.resolve(workspace, o.file);
  const shot = path.resolve(o.screenshot);
  for (const p of [vsix, workspace, file])
    if (!fs.existsSync(p)) {
      process.stderr.write(`not found: ${p}\n`);
      return 2;
    }
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  S.loadToolsEnv();

  const sb = S.makeSandbox('ui');
  let server;
  let browser;
  let ok = false;
  let step = 'start';
  const onSignal = (sig) => {
    log(`got ${sig}, stopping`);
    Promise.resolve(server && server.stop()).finally(() => process.exit(1));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = Date.now() + S.timeoutMs();
  const left = (cap) => Math.max(1000, Math.min(cap, deadline - Date.now()));
  try {
    step = `code-server --install-extension ${path.basename(vsix)}`;
    await S.installExtension(sb, vsix, left(120000));
    log(`installed ${path.basename(vsix)}`);
    step = 'starting code-server';
    server = await S.startCodeServer(sb, [], left(60000));
    log(`code-server up at ${server.base}`);
    step = 'launching chromium';
    browser = await S.launchBrowser(sb);
    const { page } = browser;
    if (process.env.STANDPOINT_E2E_VERBOSE === '1') page.on('pageerror', (e) => log(`pageerror: ${e.message}`));

    // openFile in the payload opens the editor directly (honoured without the smoke-test driver).
    const payload = [['openFile', `vscode-remote://${server.host}${file}`]];
    const query = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
    step = 'loading the workbench';
    await page.goto(`${server.base}/?${query}`, { timeout: left(60000) });
    await page.waitForSelector('.monaco-workbench', { timeout: left(60000) });
    log('workbench loaded');
    step = `waiting for an editor tab for ${o.file}`;
    const tab = page.locator('.tabs-container .tab.active', { hasText: path.basename(file) });
    await tab.first().waitFor({ timeout: left(60000) });
    await page
      .locator('.editor-instance .monaco-editor .view-lines')
      .first()
      .waitFor({ timeout: left(30000) });
    log(`editor shows ${o.file}`);

    const squiggle = `.monaco-editor .squiggly-${o.severity}`;
    step = `waiting for ${squiggle}`;
    await page.waitForSelector(squiggle, { timeout: left(90000) });
    log(`squiggle visible: ${squiggle}`);

    // Problems panel, as a user opens it: Ctrl+Shift+M; the status-bar problems item as a fallback.
    step = 'opening the Problems panel';
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    try {
      await panel.waitFor({ state: 'visible', timeout: left(10000) });
    } catch {
      log('Ctrl+Shift+M did not show the Problems panel; clicking the status bar item');
      await page
        .locator('#status\\.problems')
        .first()
        .click({ timeout: left(10000) });
      await panel.waitFor({ state: 'visible', timeout: left(20000) });
    }
    step = `waiting for ${JSON.stringify(o.expect)} in the Problems panel`;
    await page.waitForFunction(
      (texts) => {
        const el = document.querySelector('.markers-panel');
        return !!el && texts.every((t) => el.textContent.includes(t));
      },
      o.expect,
      { timeout: left(30000), polling: 200 },
    );
    log(`problems panel: ${(await panel.innerText()).replace(/\s+/g, ' ').trim().slice(0, 300)}`);

    // Opening the panel shrinks the editor, and the finding may now be scrolled out of view. Click the
    // problem, as a user would, so the editor reveals it; then require a squiggle inside the visible
    // editor area, so the screenshot shows what a person sees.
    // The panel lists every record's findings (workspace diagnostics) and grows while the
    // workspace is indexed: a row may move under the click, so the click is repeated until the
    // editor shows the problem's file.
    step = 'revealing the problem in the editor';
    const base = path.basename(o.file);
    for (let attempt = 1; ; attempt++) {
      await panel
        .locator('.monaco-list-row')
        .filter({ hasText: o.expect[0] })
        .last()
        .click({ timeout: left(10000) });
      const shown = await page
        .waitForFunction((name) => document.querySelector('.tab.active')?.textContent?.includes(name), base, { timeout: left(5000), polling: 200 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (attempt === 5) throw new Error(`the Problems entry did not open ${base}`);
      log(`the click opened another file; clicking the ${base} entry again`);
    }
    step = `waiting for ${squiggle} inside the visible editor area`;
    await page.waitForFunction(
      (sel) => {
        const view = document.querySelector('.editor-instance .monaco-editor .overflow-guard');
        if (!view) return false;
        const v = view.getBoundingClientRect();
        return [...document.querySelectorAll(sel)].some((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && r.top >= v.top && r.bottom <= v.bottom && r.left >= v.left && r.right <= v.right;
        });
      },
      squiggle,
      { timeout: left(20000), polling: 200 },
    );
    log(`squiggle in view: ${squiggle}`);
    ok = true;
  } catch (e) {
    log(`FAILED while ${step}: ${e.message.split('\n')[0]}`);
    if (server) process.stderr.write(`--- code-server log (tail) ---\n${S.tail(server.logFile, 2000)}\n`);
  } finally {
    if (browser) {
      await browser.page.screenshot({ path: shot }).then(
        () => log(`screenshot: ${shot}`),
        () => {},
      );
      await S.bounded(browser.context.close(), 10000, 'chromium close').catch(() => {});
    }
    if (server) await server.stop();
  }
  if (ok && !S.keepAlways()) sb.remove();
  else log(`kept ${sb.dir}`);
  log(ok ? 'PASS' : 'FAIL');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    S.log(TAG, `ERROR: ${e.stack || e}`);
    process.exit(1);
  },
);
