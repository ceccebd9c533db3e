#!/usr/bin/env node
// Editor layer "extension-host": runs the mocha suite bundled at dist/test/suite.cjs
// (client/src/test/) inside a real VS Code extension host, through the standard
// @vscode/test-electron runTests(). Its vscodeExecutablePath is test/e2e/harness/code-shim.sh,
// which runs the tests in code-server instead of downloading VS Code. The workspace is a
// throwaway copy of samples/; STANDPOINT_TODAY=2026-11-20 is passed to the extension host.
//
// usage: node test/e2e/extension-host.mjs          (after `npm run build`)
// Prints the tests' output, then one line `extension-host: P passing, F failing, S pending`
// (counts parsed from mocha's spec reporter; -1 when they could not be read).
// Exit code: runTests' (0 when every test passed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shim = path.join(repo, 'test/e2e/harness/code-shim.sh');
const suite = path.join(repo, 'dist/test/suite.cjs');

for (const [what, p] of [
  ['test bundle (run npm run build)', suite],
  ['server bundle', path.join(repo, 'dist/server.cjs')],
  ['code shim', shim],
]) {
  if (!fs.existsSync(p)) {
    console.error(`extension-host: missing ${what}: ${p}`);
    process.exit(2);
  }
}

const workRoot = process.env.STANDPOINT_E2E_WORK_DIR || path.join(repo, '.e2e-work');
fs.mkdirSync(workRoot, { recursive: true });
const scratch = fs.mkdtempSync(path.join(workRoot, 'ext-host-ws-'));
const workspace = path.join(scratch, 'samples');
fs.cpSync(path.join(repo, 'samples'), workspace, { recursive: true });

// Tee the runner's output so the mocha summary can be counted. @vscode/test-electron 2.x (the line
// that runs on Node 20) copies the tests' output to process.stdout and process.stderr itself, so
// those writes are tapped while the tests run.
let captured = '';
const tap = (stream) => {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return write(chunk, ...rest);
  };
  return () => {
    stream.write = write;
  };
};
const untap = [tap(process.stdout), tap(process.stderr)];

let exitCode;
const t0 = Date.now();
try {
  exitCode = await runTests({
    vscodeExecutablePath: shim,
    extensionDevelopmentPath: repo,
    extensionTestsPath: suite,
    launchArgs: [workspace],
    extensionTestsEnv: {
      STANDPOINT_TODAY: '2026-11-20',
      // The harness's own bound; the caller (layers.mjs) puts a longer one around this process.
      STANDPOINT_E2E_TIMEOUT_MS: process.env.STANDPOINT_E2E_TIMEOUT_MS || '240000',
    },
  });
} catch (err) {
  // runTests rejects with TestRunFailedError on a non-zero exit.
  exitCode = typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  console.error(`extension-host: ${err?.message ?? err}`);
} finally {
  for (const restore of untap) restore();
}

const count = (re) => {
  const all = [...captured.matchAll(re)];
  return all.length === 1 ? Number(all[0][1]) : all.length === 0 ? 0 : -1;
};
const passing = [...captured.matchAll(/^\s*(\d+) passing \(/gm)].length === 1 ? count(/^\s*(\d+) passing \(/gm) : -1;
const failing = passing < 0 ? -1 : count(/^\s*(\d+) failing$/gm);
const pending = passing < 0 ? -1 : count(/^\s*(\d+) pending$/gm);
console.log(`extension-host: ${passing} passing, ${failing} failing, ${pending} pending (exit ${exitCode}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

if (exitCode === 0 && process.env.STANDPOINT_E2E_KEEP !== '1') fs.rmSync(scratch, { recursive: true, force: true });
else console.error(`extension-host: workspace kept at ${workspace}`);
process.exit(exitCode);
