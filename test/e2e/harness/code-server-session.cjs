// Shared by run-in-code-server.cjs and ui-check.cjs: a throwaway code-server (own user-data,
// extensions, XDG and TMPDIR dirs, loopback port, own process group) and a headless Debian chromium
// driven by playwright-core. Tools come from the env written by .ci/setup-editor-tools.sh; when
// CODE_SERVER is unset, <STANDPOINT_TOOLS_DIR or repo/.tools>/env.sh is read automatically.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../../..');
const t0 = Date.now();
const log = (tag, msg) => process.stderr.write(`[${tag} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

function loadToolsEnv() {
  if (!process.env.CODE_SERVER) {
    const envFile = path.join(process.env.STANDPOINT_TOOLS_DIR || path.join(REPO, '.tools'), 'env.sh');
    if (fs.existsSync(envFile)) {
      for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) {
        if (!process.env[m[1]]) process.env[m[1]] = m[2];
      }
    }
  }
  for (const k of ['CODE_SERVER', 'NODE24_BIN', 'PLAYWRIGHT_CORE']) {
    if (!process.env[k]) throw new Error(`${k} is not set: run .ci/setup-editor-tools.sh and source <tools>/env.sh`);
  }
}

const timeoutMs = () => Number(process.env.STANDPOINT_E2E_TIMEOUT_MS || 180000);
const keepAlways = () => process.env.STANDPOINT_E2E_KEEP === '1';

// Races a promise against a timer; the timer never keeps the process alive.
function bounded(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// A fresh directory tree for one run, under STANDPOINT_E2E_WORK_DIR (default <repo>/.e2e-work).
function makeSandbox(prefix) {
  const base = process.env.STANDPOINT_E2E_WORK_DIR || path.join(REPO, '.e2e-work');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${prefix}-`));
  // code-server puts vscode-ipc-<uuid>.sock files in TMPDIR; unix socket paths must stay < 108 bytes.
  let tmp = path.join(dir, 'tmp');
  if (tmp.length > 60) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-'));
    fs.symlinkSync(tmp, path.join(dir, 'tmp')); // so a kept run dir still leads to it
  }
  const sb = { dir, tmp, userData: path.join(dir, 'user-data'), extensions: path.join(dir, 'extensions') };
  for (const d of [tmp, path.join(sb.userData, 'User'), sb.extensions]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(
    path.join(sb.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.startupEditor': 'none',
        'workbench.enableExperiments': false,
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        'security.workspace.trust.enabled': false,
      },
      null,
      2,
    ),
  );
  sb.remove = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!tmp.startsWith(dir)) fs.rmSync(tmp, { recursive: true, force: true });
  };
  return sb;
}

function codeServerEnv(sb) {
  return {
    ...process.env,
    PATH: `${process.env.NODE24_BIN}:${process.env.PATH}`,
    TMPDIR: sb.tmp,
    XDG_CONFIG_HOME: path.join(sb.dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(sb.dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(sb.dir, 'xdg-cache'),
  };
}

const DIR_ARGS = (sb) => ['--user-data-dir', sb.userData, '--extensions-dir', sb.extensions];

// code-server --install-extension <vsix> into the sandbox's dirs (what a user would do).
function installExtension(sb, vsix, ms = 120000) {
  return bounded(
    new Promise((resolve, reject) => {
      const logFile = path.join(sb.dir, 'install-extension.log');
      const fd = fs.openSync(logFile, 'w');
      const p = spawn(process.env.CODE_SERVER, [...DIR_ARGS(sb), '--install-extension', vsix], { env: codeServerEnv(sb), stdio: ['ignore', fd, fd] });
      p.on('error', reject);
      p.on('exit', (code) => {
        fs.closeSync(fd);
        if (code === 0) resolve();
        else reject(new Error(`--install-extension exited ${code}:\n${fs.readFileSync(logFile, 'utf8')}`));
      });
    }),
    ms,
    `code-server --install-extension ${vsix}`,
  );
}

// Starts code-server on 127.0.0.1:<kernel-chosen port> and resolves once it prints its listening URL.
async function startCodeServer(sb, extraArgs = [], ms = 60000) {
  const logFile = path.join(sb.dir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  const child = spawn(
    process.env.CODE_SERVER,
    [
      '--bind-addr',
      '127.0.0.1:0',
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...DIR_ARGS(sb),
      ...extraArgs,
    ],
    { env: codeServerEnv(sb), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  ); // own process group
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let buffered = '';
  const url = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      logStream.write(chunk);
      if (buffered !== null) {
        buffered += chunk;
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
        if (m) {
          buffered = null;
          resolve(m[1]);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    exited.then(({ code, signal }) => reject(new Error(`code-server exited early (code ${code}, signal ${signal})`)));
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // The whole group: code-server, its agent host, file watcher, extension host and language servers.
    const kill = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) {
      await bounded(exited, 5000, 'code-server exit').catch(() => kill('SIGKILL'));
    }
    kill('SIGKILL'); // stragglers that ignored SIGTERM
    logStream.end();
  };
  // Also on abnormal exits of the harness itself.
  process.once('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });

  let base;
  try {
    base = await bounded(url, ms, 'code-server to listen');
    const r = await bounded(fetch(`${base}/healthz`), 10000, `${base}/healthz`);
    if (!r.ok) throw new Error(`${base}/healthz answered ${r.status}`);
  } catch (e) {
    await stop();
    e.message += `\n--- ${logFile} (tail) ---\n${tail(logFile)}`;
    throw e;
  }
  return { base, host: new URL(base).host, pid: child.pid, logFile, exited, stop };
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// A headless chromium with a fresh profile (launchPersistentContext is how a user-data-dir is given).
async function launchBrowser(sb) {
  const { chromium } = require(process.env.PLAYWRIGHT_CORE);
  const context = await chromium.launchPersistentContext(path.join(sb.dir, 'chromium-profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60000,
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}

function tail(file, bytes = 4000) {
  try {
    const s = fs.readFileSync(file, 'utf8');
    return s.slice(-bytes);
  } catch {
    return '(no log)';
  }
}

// Lines the offline workbench always prints; hidden unless STANDPOINT_E2E_VERBOSE=1.
const NOISE =
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|authentication provider 'github'|^\s+at |Creating a socket|Resolv(ing|ed) connection token|reconnection-grace-time|AgentHost|AccountPolicyGate|Service Worker|additional builtin extensions|open-vsx\.org|marketplace/i;
const isNoise = (line) => process.env.STANDPOINT_E2E_VERBOSE !== '1' && NOISE.test(line);

module.exports = {
  REPO,
  log,
  loadToolsEnv,
  timeoutMs,
  keepAlways,
  bounded,
  makeSandbox,
  installExtension,
  startCodeServer,
  launchBrowser,
  tail,
  isNoise,
};
