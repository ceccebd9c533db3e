#!/usr/bin/env node
// UI check of what a person sees while writing records, with the packaged .vsix installed into a
// fresh code-server and driven in headless chromium. Three states, each asserted on the DOM and
// saved as a screenshot:
//   1. a broken .standpoint.yaml: the status item reads "Standpoint: config error — using last good
//      settings", the record's squiggle is still there, a notification says checking goes on
//      (<out>/ui-config-error.png)
//   2. the hover on a finding: the diagnostic's message once, then the rule documentation link and
//      one line of why; not the whole rule page (<out>/ui-hover.png)
//   3. the Outline of a Markdown record: the record, its sections and their items (<out>/ui-outline.png)
//
// usage: node test/e2e/harness/ui-editor-check.cjs --vsix ext.vsix --workspace DIR --out DIR
//   DIR is a throwaway copy of samples/ (its .standpoint.yaml is rewritten and restored).
// env: as ui-check.cjs (tools from <tools>/env.sh, STANDPOINT_E2E_TIMEOUT_MS, STANDPOINT_E2E_KEEP, ...).
// Exit code: 0 pass, 1 fail, 2 bad usage.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const S = require('./code-server-session.cjs');

const TAG = 'ui-editor-check';
const log = (m) => S.log(TAG, m);
const RECORD = 'decisions/ca-2026-019-black-friday-early-access.yaml';
const RULE = 'campaign-excludes-open-issues';
const MARKDOWN = 'decisions/bc-2026-017-contact-centre-staffing.md';
const CONFIG_ERROR = 'Standpoint: config error — using last good settings';
const OUTLINE = [
  'Reduce contact-centre staffing by 15% in 2027',
  'Customer standpoint',
  'Customer evidence',
  'Advocates',
  'Priya Shah',
  'Concerns',
  'Functions affected',
  'Contact Centre',
  'Metrics',
  'Actions',
];

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(vsix|workspace|out)(?:=(.*))?$/s.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    o[m[1]] = m[2] !== undefined ? m[2] : argv[++i];
  }
  if (!o.vsix || !o.workspace || !o.out) throw new Error('usage: ui-editor-check.cjs --vsix X.vsix --workspace DIR --out DIR');
  return o;
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const workspace = path.resolve(o.workspace);
  const out = path.resolve(o.out);
  fs.mkdirSync(out, { recursive: true });
  S.loadToolsEnv();
  const configFile = path.join(workspace, '.standpoint.yaml');
  const goodConfig = fs.readFileSync(configFile, 'utf8');
  const ruleTitle = /^title: (.+)$/m.exec(fs.readFileSync(path.join(S.REPO, 'rules', RULE, 'rule.yaml'), 'utf8'))[1].trim();

  const sb = S.makeSandbox('ui-editor');
  // Outline entries all shown, so they can be read off the DOM.
  const settingsFile = path.join(sb.userData, 'User', 'settings.json');
  fs.writeFileSync(
    settingsFile,
    JSON.stringify({ ...JSON.parse(fs.readFileSync(settingsFile, 'utf8')), 'outline.collapseItems': 'alwaysExpand', 'files.autoSave': 'off' }, null, 2),
  );
  let server;
  let browser;
  let ok = false;
  let step = 'start';
  const shots = [];
  const deadline = Date.now() + S.timeoutMs();
  const left = (cap) => Math.max(1000, Math.min(cap, deadline - Date.now()));
  const shoot = async (name) => {
    const file = path.join(out, name);
    await browser.page.screenshot({ path: file });
    shots.push(file);
    log(`screenshot: ${file}`);
  };
  try {
    step = 'installing the extension';
    await S.installExtension(sb, path.resolve(o.vsix), left(120000));
    step = 'starting code-server';
    server = await S.startCodeServer(sb, [], left(60000));
    browser = await S.launchBrowser(sb);
    const { page } = browser;
    const statusItem = page.locator('.statusbar .statusbar-item', { hasText: 'Standpoint' }).first();
    const statusText = async () => squash(await statusItem.innerText());

    step = 'loading the workbench';
    const payload = [['openFile', `vscode-remote://${server.host}${path.join(workspace, RECORD)}`]];
    await page.goto(`${server.base}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) })}`, { timeout: left(60000) });
    await page.waitForSelector('.monaco-workbench', { timeout: left(60000) });
    step = `waiting for the ${RULE} squiggle`;
    await page.waitForSelector('.editor-instance .monaco-editor .squiggly-error', { timeout: left(90000) });
    step = 'waiting for the status item';
    await page.waitForFunction(
      () => [...document.querySelectorAll('.statusbar .statusbar-item')].some((e) => /Standpoint: \d+ of \d+ records with errors/.test(e.textContent)),
      undefined,
      {
        timeout: left(60000),
      },
    );
    log(`status item: ${await statusText()}`);
    // Every record's findings listed (the workspace pull delivers them in turns): VS Code's error count is the CLI's.
    step = "waiting for VS Code's error count to reach the CLI's";
    const cli = spawnSync(process.execPath, [path.join(S.REPO, 'bin', 'standpoint.js'), 'check', workspace, '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
    const errors = JSON.parse(cli.stdout).filter((f) => f.severity === 'error').length;
    await page.waitForFunction(
      (n) => {
        const item = document.querySelector('#status\\.problems');
        return !!item && new RegExp(`^\\s*${n}\\b`).test(item.textContent.replace(/[^\d\s]+/g, ' ').trim());
      },
      errors,
      { timeout: left(30000), polling: 250 },
    );

    // 1. A broken config: checking goes on, and the status item and a notification say so.
    step = 'breaking .standpoint.yaml';
    fs.writeFileSync(configFile, `${goodConfig}rules:\n  promise-hedged: eror\n`);
    await page.waitForFunction(
      (want) => [...document.querySelectorAll('.statusbar .statusbar-item')].some((e) => e.textContent.replace(/\s+/g, ' ').includes(want)),
      CONFIG_ERROR,
      {
        timeout: left(60000),
        polling: 200,
      },
    );
    const broken = await statusText();
    if (broken !== CONFIG_ERROR) throw new Error(`status item reads "${broken}", expected "${CONFIG_ERROR}"`);
    if ((await page.locator('.editor-instance .monaco-editor .squiggly-error').count()) === 0) throw new Error('the record lost its squiggle while the config is broken');
    step = 'waiting for the notification';
    await page
      .locator('.notifications-toasts', { hasText: 'Checking goes on with the last good settings' })
      .first()
      .waitFor({ timeout: left(30000) });
    log(`status item: ${broken}; squiggle still shown; notification shown`);
    await shoot('ui-config-error.png');

    step = 'restoring .standpoint.yaml';
    fs.writeFileSync(configFile, goodConfig);
    await page.waitForFunction((want) => ![...document.querySelectorAll('.statusbar .statusbar-item')].some((e) => e.textContent.includes(want)), 'config error', {
      timeout: left(60000),
      polling: 200,
    });
    await page.keyboard.press('Escape'); // dismiss the notification toast
    log(`status item after the fix: ${await statusText()}`);

    // 2. The hover on the finding.
    step = 'hovering the squiggle';
    const squiggle = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
    await squiggle.scrollIntoViewIfNeeded({ timeout: left(10000) });
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle has no box on screen');
    await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: 'rule documentation' }).first();
    await hover.waitFor({ state: 'visible', timeout: left(30000) });
    const hoverText = squash(await hover.innerText());
    log(`hover: ${hoverText.slice(0, 400)}`);
    // The diagnostic as editors show it: what to do first, the detail on the next line.
    const message = ['Set audience.exclude_open_service_issues: true.', 'Customers with an open service issue should not receive this campaign.'];
    const link = `${RULE}: ${ruleTitle} — rule documentation`;
    if (!hoverText.startsWith(message[0])) throw new Error(`the hover does not start with the message: ${hoverText.slice(0, 300)}`);
    for (const part of message) if (hoverText.split(part).length !== 2) throw new Error(`"${part}" is not shown exactly once: ${hoverText}`);
    if (!(hoverText.indexOf(link) > hoverText.indexOf(message[1]))) throw new Error(`the documentation link does not follow the message: ${hoverText}`);
    if (/How to comply|What triggers it|Example:/.test(hoverText)) throw new Error(`the hover shows the whole rule page: ${hoverText}`);
    await shoot('ui-hover.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // 3. The Outline of a Markdown record.
    step = `opening ${MARKDOWN}`;
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+P');
    await page
      .locator('.quick-input-widget input')
      .first()
      .waitFor({ timeout: left(15000) });
    await page.keyboard.type(path.basename(MARKDOWN));
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(MARKDOWN) })
      .first()
      .waitFor({ timeout: left(15000) });
    await page.keyboard.press('Enter');
    await page
      .locator('.tabs-container .tab.active', { hasText: path.basename(MARKDOWN) })
      .first()
      .waitFor({ timeout: left(30000) });
    step = 'opening the Outline view';
    await page.keyboard.press('Control+Shift+P');
    await page
      .locator('.quick-input-widget input')
      .first()
      .waitFor({ timeout: left(15000) });
    await page.keyboard.type('Focus on Outline View');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Outline' })
      .first()
      .waitFor({ timeout: left(15000) });
    await page.keyboard.press('Enter');
    // The Outline lists only the rows it has room for: the folder view above it is collapsed to give it the sidebar.
    const folders = page.locator('.pane-header', { hasText: path.basename(workspace) }).first();
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    // Markdown has two outline providers (Standpoint's and VS Code's own): the outline groups them; Standpoint's is opened.
    step = "opening Standpoint's outline group";
    const group = page.locator('.outline-pane .monaco-list-row', { hasText: /^\s*Standpoint\s*$/ }).first();
    await page
      .locator('.outline-pane .monaco-list-row')
      .first()
      .waitFor({ timeout: left(30000) });
    // The group can be collapsed again when the outline is rebuilt (symbols or diagnostics
    // arrive), and a click may land while the view is laid out and only select it: until the
    // entries show, a collapsed group is expanded (twistie, then keyboard), within one bound.
    const collapsed = async () => (await group.count()) > 0 && (await group.getAttribute('aria-expanded')) === 'false';
    const entriesShown = (want) => {
      const rows = [...document.querySelectorAll('.outline-pane .monaco-list-row')].map((r) => r.textContent);
      return want.every((w) => rows.some((r) => r.includes(w)));
    };
    step = 'waiting for the outline entries';
    const until = Date.now() + left(60000);
    while (!(await page.evaluate(entriesShown, OUTLINE))) {
      if (Date.now() > until) throw new Error('the outline did not show the record, its sections and items within 60 s');
      if (await collapsed()) {
        await group
          .locator('.monaco-tl-twistie')
          .click({ timeout: 2000 })
          .catch(() => {});
        if (await collapsed()) {
          await group.click({ timeout: 2000 }).catch(() => {});
          await page.keyboard.press('ArrowRight');
        }
      }
      await page.waitForFunction(entriesShown, OUTLINE, { timeout: 2000, polling: 250 }).catch(() => {});
    }
    const rows = await page.$$eval('.outline-pane .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') || e.textContent));
    log(`outline: ${rows.slice(0, 20).join(' | ')}`);
    if (rows.some((r) => /^(decision|status|owner)\b/.test(r))) throw new Error(`the outline lists scalars: ${rows.join(' | ')}`);
    await shoot('ui-outline.png');
    ok = true;
  } catch (e) {
    log(`FAILED while ${step}: ${e.message.split('\n')[0]}`);
    if (browser) await browser.page.screenshot({ path: path.join(out, 'ui-editor-failure.png') }).catch(() => {});
    if (server) process.stderr.write(`--- code-server log (tail) ---\n${S.tail(server.logFile, 2000)}\n`);
  } finally {
    fs.writeFileSync(configFile, goodConfig);
    if (browser) await S.bounded(browser.context.close(), 10000, 'chromium close').catch(() => {});
    if (server) await server.stop();
  }
  if (ok && !S.keepAlways()) sb.remove();
  else log(`kept ${sb.dir}`);
  log(ok ? `PASS (${shots.map((s) => path.basename(s)).join(', ')})` : 'FAIL');
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    S.log(TAG, `ERROR: ${e.stack || e}`);
    process.exit(1);
  },
);
