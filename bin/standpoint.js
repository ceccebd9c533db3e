#!/usr/bin/env node
import { createRequire } from 'node:module';

// The build bundles the command line into one file (server/src/cli/entry.ts): loading it is
// much quicker than resolving the ES modules in out/ one by one.
const { main, useEnvironmentSnapshot } = createRequire(import.meta.url)('../dist/cli.cjs');

useEnvironmentSnapshot();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`standpoint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
