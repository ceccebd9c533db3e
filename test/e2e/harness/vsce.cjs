#!/usr/bin/env node
// Runs @vscode/vsce from the editor tools folder under the tools' Node 24 (vsce needs Node >= 22;
// the project itself runs on Node 20). Used by `npm run package`:
//   node test/e2e/harness/vsce.cjs package --no-dependencies --out standpoint.vsix
// Arguments are passed to vsce unchanged; it runs in the repository root (the extension manifest).
//
// Tools: <STANDPOINT_TOOLS_DIR or repo/.tools>/env.sh and driver/node_modules/@vscode/vsce, both
// written by .ci/setup-editor-tools.sh. Exit code: vsce's; 2 when the tools are missing.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../../..');
const TOOLS = path.resolve(process.env.STANDPOINT_TOOLS_DIR || path.join(REPO, '.tools'));
const SETUP = 'run `bash .ci/setup-editor-tools.sh` first (installs Node 24 and @vscode/vsce into .tools/)';

function missing(what) {
  process.stderr.write(`vsce.cjs: ${what}\nvsce.cjs: the editor tools are missing or incomplete; ${SETUP}\n`);
  process.exit(2);
}

// NODE24_BIN from the environment, else from <tools>/env.sh (the file setup-editor-tools.sh writes).
let node24Bin = process.env.NODE24_BIN;
if (!node24Bin) {
  const envFile = path.join(TOOLS, 'env.sh');
  if (!fs.existsSync(envFile)) missing(`no ${envFile}`);
  const m = /^export NODE24_BIN="(.*)"$/m.exec(fs.readFileSync(envFile, 'utf8'));
  if (!m) missing(`${envFile} does not set NODE24_BIN`);
  node24Bin = m[1];
}
const node = path.join(node24Bin, 'node');
if (!fs.existsSync(node)) missing(`no Node 24 binary at ${node}`);
const vsce = path.join(TOOLS, 'driver', 'node_modules', '@vscode', 'vsce', 'vsce');
if (!fs.existsSync(vsce)) missing(`no vsce at ${vsce}`);

const child = spawn(node, [vsce, ...process.argv.slice(2)], {
  cwd: REPO,
  stdio: 'inherit',
  // Node 24 first on PATH too, for anything vsce itself spawns (e.g. npm for prepublish scripts).
  env: { ...process.env, PATH: `${node24Bin}${path.delimiter}${process.env.PATH ?? ''}` },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  process.stderr.write(`vsce.cjs: could not run ${node} ${vsce}: ${e.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
