#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle-loader.js';

// The build bundles the command line into one file (server/src/cli/entry.ts): loading it is
// much quicker than resolving the ES modules in out/ one by one, and quicker still with its code cache.
const cli = loadBundle(fileURLToPath(new URL('../dist/cli.cjs', import.meta.url)));
const { main, useEnvironmentSnapshot, useModuleLoader } = cli.exports;

useEnvironmentSnapshot();
// The schema validators the build generates load the same way, each from a code cache beside it.
const generated = [];
useModuleLoader((file) => {
  const module = loadBundle(file);
  generated.push(module);
  return module.exports;
});

// A reader that stops early (`standpoint check | head`) closes the pipe: the rest of the output
// has nowhere to go, which ends the command quietly; any other failure to write is reported.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream !== process.stderr) process.stderr.write(`standpoint: cannot write the output: ${err.message}\n`);
    process.exit(2);
  });
}

const args = process.argv.slice(2);
main(args).then(
  (code) => {
    process.exitCode = code;
    // The code cache is made from a check, the command that starts most often (see bundle-loader.js).
    if (args[0] === 'check') for (const module of [cli, ...generated]) module.saveCache();
  },
  (err) => {
    process.stderr.write(`standpoint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
