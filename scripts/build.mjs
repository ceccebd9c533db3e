// Bundles everything that ships or runs from dist/ as CommonJS, the format VS Code loads: the
// extension client, the language server, its worker threads, the command line and the
// extension-host tests. Type checking is done by tsc beforehand. `--production` minifies and
// leaves out source maps.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
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

// Code most runs never load is a bundle of its own beside the others (loaded on first use), so the
// command line, the server and each worker thread neither carry nor parse it: the ReDoS checker
// (3 MB, only a team's own patterns need it) and remark (~250 KB with micromark, only Markdown
// bodies the direct reader leaves need it).
const recheckBeside = {
  name: 'beside',
  setup(build) {
    build.onResolve({ filter: /^recheck$/ }, () => ({ path: './recheck.cjs', external: true }));
    build.onResolve({ filter: /\/markdown-remark\.js$/ }, () => ({ path: './markdown-remark.cjs', external: true }));
  },
};

// Node's own modules as the command line takes them, for a check starts often and briefly.
// - A default import (`import fs from 'node:fs'`) is the module itself: bundled as it is, esbuild's
//   interop would copy the module's properties into a new object in every module importing it.
// - child_process (git, commander's external subcommands) loads when first used: with it Node
//   loads net, dgram and streams, which a check of files needs none of.
const require = createRequire(import.meta.url);
const nodeModulesForCli = {
  name: 'node-modules',
  setup(build) {
    const ours = new Set(['node-default', 'node-lazy']);
    build.onResolve({ filter: /^node:(fs|os|path)$/ }, (args) =>
      ours.has(args.namespace) || args.kind !== 'import-statement' ? { path: args.path, external: true } : { path: args.path, namespace: 'node-default' },
    );
    build.onLoad({ filter: /.*/, namespace: 'node-default' }, (args) => ({ contents: `export { default } from ${JSON.stringify(args.path)};`, loader: 'js' }));
    build.onResolve({ filter: /^(node:)?(child_process|worker_threads)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return ours.has(args.namespace) ? { path: `node:${name}`, external: true } : { path: name, namespace: 'node-lazy' };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-lazy' }, (args) => ({
      contents: [
        'let loaded;',
        `const load = () => (loaded ??= require(${JSON.stringify(`node:${args.path}`)}));`,
        ...Object.keys(require(`node:${args.path}`)).map(
          (name) => `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
        ),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/extension.cjs'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(root, 'dist/server.cjs'), plugins: [recheckBeside] }),
  // Worker threads (the server's background index, `check --concurrency`): parallel.ts finds this file beside server.cjs and cli.cjs.
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'server/src/node/analysis-worker.ts')],
    outfile: path.join(root, 'dist/analysis-worker.cjs'),
    plugins: [recheckBeside],
  }),
  // recheck's worker-thread backend (the one require.resolve names) is never used: rules are checked with its pure-JS backend.
  esbuild.build({
    ...common,
    stdin: { contents: "module.exports = require('recheck');", resolveDir: root, loader: 'js' },
    outfile: path.join(root, 'dist/recheck.cjs'),
    banner: undefined,
    define: undefined,
    logOverride: { 'require-resolve-not-external': 'silent' },
  }),
  esbuild.build({ ...common, entryPoints: [path.join(root, 'server/src/core/parse/markdown-remark.ts')], outfile: path.join(root, 'dist/markdown-remark.cjs') }),
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'client/src/test/index.ts')],
    outfile: path.join(root, 'dist/test/suite.cjs'),
    external: ['vscode', 'mocha'],
  }),
  // The command line, which always runs beside node_modules: packages that only some commands load
  // (ajv on first use, the LSP libraries for `standpoint lsp`) stay outside,
  // so a `check` does not parse them. ESM-only packages stay inside (a bundle cannot import them by default),
  // and so does picomatch, which every check loads: inside, it is in the code cache (the glob walker shares the copy).
  esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'server/src/cli/entry.ts')],
    outfile: path.join(root, 'dist/cli.cjs'),
    plugins: [recheckBeside, nodeModulesForCli],
    external: ['ajv', 'ajv-formats', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'vscode-uri'],
  }),
]);

// Every run reads the command line's bundle: in ASCII it reads as Latin-1, several times quicker than
// as UTF-8 (bin/bundle-loader.js). esbuild escapes strings, templates and names, but leaves regular
// expression literals and comments as written: there a \uXXXX escape stands for the same character.
const cliBundle = path.join(root, 'dist/cli.cjs');
fs.writeFileSync(
  cliBundle,
  fs.readFileSync(cliBundle, 'utf8').replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);

// The command line's code cache (see bin/bundle-loader.js), made by this Node from a check of the samples.
fs.rmSync(path.join(root, 'dist/cli.cjs.v8cache'), { force: true });
const cache = spawnSync(process.execPath, [path.join(root, 'bin/standpoint.js'), 'check', 'samples', '--format', 'json', '--output', os.devNull], {
  cwd: root,
  encoding: 'utf8',
});
if (cache.status !== 0 && cache.status !== 1) console.warn(`warning: the check that makes the code cache failed (exit ${cache.status}):\n${cache.stderr}`);
