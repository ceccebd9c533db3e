import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { NodeHost, useModuleLoader } from '../server/src/node/node-host.js';
import { tempWorkspaces } from './helpers/cli.js';
import { REPO } from './helpers/paths.js';

const LOADER = pathToFileURL(path.join(REPO, 'bin', 'bundle-loader.js')).href;

/**
 * bin/bundle-loader.js runs dist/cli.cjs from a V8 code cache kept beside it. A cache is used
 * only when this V8 made it from the same text: a bundle rebuilt to the same length (which is all
 * V8 itself checks) gets a fresh cache, never the old bytecode.
 */
describe('bundle loader: the code cache beside a bundle', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  /** Loads `bundle` in a fresh process, prints what its `answer()` returns, then saves the cache. */
  function load(bundle: string): string {
    const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
      const b = loadBundle(${JSON.stringify(bundle)});
      process.stdout.write(String(b.exports.answer()) + ' ' + b.exports.file);
      b.saveCache();`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return out.stdout;
  }
  const bundleText = (answer: number) => `const x = require('node:path').basename(__filename);\nmodule.exports = { answer: () => ${answer}, file: x };\n`;
  const inode = (file: string) => fs.statSync(file).ino;

  it('writes a cache on the first run, uses it on the next, and loads the bundle as require does', () => {
    const dir = make({ 'dist/cli.cjs': bundleText(1) });
    const bundle = path.join(dir, 'dist/cli.cjs');
    assert.equal(load(bundle), '1 cli.cjs');
    const cache = `${bundle}.v8cache`;
    const header = fs.readFileSync(cache, 'utf8').split('\n')[0];
    assert.deepEqual(Object.keys(JSON.parse(header) as object), ['v8', 'sha1']);
    const first = inode(cache);
    assert.equal(load(bundle), '1 cli.cjs');
    assert.equal(inode(cache), first, 'a cache that fits is not written again');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'dist')).sort(), ['cli.cjs', 'cli.cjs.v8cache']);
  });

  it('runs a bundle rebuilt to the same length from its new text, and replaces the cache', () => {
    const dir = make({ 'dist/cli.cjs': bundleText(1) });
    const bundle = path.join(dir, 'dist/cli.cjs');
    load(bundle);
    const cache = `${bundle}.v8cache`;
    const before = fs.readFileSync(cache, 'utf8').split('\n')[0];
    fs.writeFileSync(bundle, bundleText(2));
    assert.equal(load(bundle), '2 cli.cjs');
    assert.notEqual(fs.readFileSync(cache, 'utf8').split('\n')[0], before);
    assert.equal(load(bundle), '2 cli.cjs');
  });

  it('ignores a damaged cache, and loads without one where the cache cannot be written', () => {
    const dir = make({ 'dist/cli.cjs': bundleText(3), 'dist/cli.cjs.v8cache': 'not a cache' });
    const bundle = path.join(dir, 'dist/cli.cjs');
    assert.equal(load(bundle), '3 cli.cjs');
    assert.match(fs.readFileSync(`${bundle}.v8cache`, 'utf8'), /^\{"v8":/);
    // A folder where the cache would go: neither read nor replaced, and nothing left behind.
    fs.rmSync(`${bundle}.v8cache`);
    fs.mkdirSync(`${bundle}.v8cache`);
    assert.equal(load(bundle), '3 cli.cjs');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'dist')).sort(), ['cli.cjs', 'cli.cjs.v8cache']);
    assert.ok(fs.statSync(`${bundle}.v8cache`).isDirectory());
  });

  it("reads a bundle in UTF-8 unless it is all ASCII; the build writes the command line's in ASCII", () => {
    const text = "module.exports = { answer: () => ['it’s', /[’]s/u.test('it’s'), '\\u00e9'].join(' '), file: 'x' };\n";
    const dir = make({ 'dist/cli.cjs': text, 'dist/ascii.cjs': text.replace(/’/g, '\\u2019') });
    assert.equal(load(path.join(dir, 'dist/cli.cjs')), 'it’s true é x');
    assert.equal(load(path.join(dir, 'dist/ascii.cjs')), 'it’s true é x');
    const built = path.join(REPO, 'dist', 'cli.cjs');
    if (fs.existsSync(built)) assert.ok(isAscii(fs.readFileSync(built)), 'dist/cli.cjs has characters outside ASCII');
  });

  it('loads the generated schema validators, given to the host, from a code cache beside each', async function () {
    const built = path.join(REPO, 'dist', 'schemas', 'people.schema.json.cjs');
    if (!fs.existsSync(built)) this.skip();
    // Beside node_modules, as in dist/, so the validator finds ajv's runtime.
    const dir = fs.mkdtempSync(path.join(REPO, 'dist', 'schemas-test-'));
    try {
      const file = path.join(dir, 'people.schema.json.cjs');
      fs.copyFileSync(built, file);
      const { loadBundle } = (await import(LOADER)) as { loadBundle: (file: string) => { exports: unknown; saveCache: () => void } };
      const loaded: Array<{ saveCache: () => void }> = [];
      useModuleLoader((f) => {
        const bundle = loadBundle(f);
        loaded.push(bundle);
        return bundle.exports;
      });
      type Validator = { validate: ((data: unknown) => boolean) & { errors?: unknown } };
      const host = new NodeHost();
      const viaCache = host.loadGenerated(file) as Validator;
      assert.equal(host.loadGenerated(file), viaCache, 'loaded once per file');
      assert.equal(loaded.length, 1);
      const viaRequire = createRequire(import.meta.url)(built) as Validator;
      for (const data of [{ people: [{ name: 'Dana Reyes', roles: ['customer-advocate'] }] }, { people: [{ nam: 'Dana' }] }, { people: 'none' }]) {
        assert.equal(viaCache.validate(data), viaRequire.validate(data));
        assert.deepEqual(viaCache.validate.errors, viaRequire.validate.errors);
      }
      loaded[0].saveCache();
      assert.match(fs.readFileSync(`${file}.v8cache`, 'utf8').split('\n')[0], /^\{"v8":/);
    } finally {
      useModuleLoader((f) => createRequire(import.meta.url)(f));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
