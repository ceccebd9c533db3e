// Packs the VS Code extension (after `npm run build` and the production bundles; see `npm run package`):
//   node scripts/package-vsix.mjs [--out FILE]     (default: standpoint.vsix in the repository root)
// vsce refuses a package.json with a `files` list (the npm package's contents) beside a .vscodeignore
// (the extension's), so the extension is packed from a staging folder holding what .vscodeignore
// names, with the manifest minus `files`. @vscode/vsce is a pinned devDependency that runs on Node 20.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX } from '@vscode/vsce';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
if (args.length > 0 && !(outAt === 0 && args.length === 2)) {
  process.stderr.write('usage: node scripts/package-vsix.mjs [--out FILE]\n');
  process.exit(2);
}
const out = path.resolve(outAt === 0 ? args[1] : path.join(root, 'standpoint.vsix'));

// What ships is decided by .vscodeignore, which vsce applies in the staging folder: the staging copy only
// leaves out what is never packaged (sources, tests, node_modules), so that it is quick.
const STAGED = ['package.json', 'README.md', 'LICENSE', '.vscodeignore', 'dist', 'rules', 'schemas'];
const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-vsix-'));
try {
  for (const name of STAGED) {
    const from = path.join(root, name);
    if (!fs.existsSync(from)) throw new Error(`${name} is missing: run npm run build first`);
    if (name === 'package.json') {
      const manifest = JSON.parse(fs.readFileSync(from, 'utf8'));
      delete manifest.files;
      fs.writeFileSync(path.join(staging, name), `${JSON.stringify(manifest, null, 2)}\n`);
    } else fs.cpSync(from, path.join(staging, name), { recursive: true });
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await createVSIX({ cwd: staging, packagePath: out, dependencies: false });
} catch (err) {
  process.stderr.write(`package-vsix: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
