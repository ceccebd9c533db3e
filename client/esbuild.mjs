// Bundles the extension client, the language server and the extension-host tests into dist/
// as CommonJS, the format VS Code loads. Type checking is done by tsc beforehand.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ESM sources use import.meta.url to find rules/ and schemas/; in the CommonJS bundle it comes from __filename.
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__import_meta_url' },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/extension.cjs'), external: ['vscode'] }),
  // recheck's worker-thread backend (the one require.resolve names) is never used: rules are checked with its pure-JS backend.
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(root, 'dist/server.cjs'), logOverride: { 'require-resolve-not-external': 'silent' } }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/test/index.ts')], outfile: path.join(root, 'dist/test/suite.cjs'), external: ['vscode', 'mocha'] }),
]);
