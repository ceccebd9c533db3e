#!/usr/bin/env node
// Long-running fuzzing, outside CI: `npm run fuzz -- --runs 100000 [--seed N] [--lsp-runs N]`.
// Runs test/fuzz.test.ts, test/fuzz-hostile.test.ts (a generator per class of hostile input: aliases, huge
// maps, Markdown floods, patterns, globs, framing noise, cache damage; each prints its slowest run) and
// test/block-yaml.test.ts (compiled) with FUZZ_RUNS / FUZZ_SEED / FUZZ_LSP_RUNS set; a failure prints the seed and
// the shrunk counterexample, and FUZZ_SEED=N replays it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(value('runs', '10000'));
const seed = Number(value('seed', String(Date.now() % 2 ** 31)));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed N] [--lsp-runs N]');
  process.exit(2);
}
process.env.FUZZ_RUNS = String(runs);
process.env.FUZZ_SEED = String(seed);
process.env.FUZZ_LSP_RUNS = value('lsp-runs', String(Math.min(runs, 2000)));
console.log(`fuzzing: ${runs} runs per property, ${process.env.FUZZ_LSP_RUNS} documents through the language server, seed ${seed}`);
const started = Date.now();
const mocha = new Mocha({ timeout: 0, reporter: 'spec' });
mocha.addFile(path.join(repo, 'out', 'test', 'fuzz.test.js'));
mocha.addFile(path.join(repo, 'out', 'test', 'fuzz-hostile.test.js'));
mocha.addFile(path.join(repo, 'out', 'test', 'block-yaml.test.js'));
await mocha.loadFilesAsync();
const failures = await new Promise((resolve) => mocha.run(resolve));
console.log(`fuzzing done in ${Math.round((Date.now() - started) / 1000)} s: ${failures === 0 ? 'no failure' : `${failures} failing (replay with FUZZ_SEED=${seed})`}`);
process.exitCode = failures > 0 ? 1 : 0;
