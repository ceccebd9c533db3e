import fs from 'node:fs';
import path from 'node:path';
import { compileRules } from '../core/rules/compiled.js';
import { loadRules } from '../core/rules/loader.js';
import { SchemaRegistry } from '../core/schema/validator.js';
import { ConfigError } from '../core/types.js';
import { NodeHost } from './node-host.js';
import { builtinPaths } from './package-paths.js';

// Build step: validate the built-in rules once and write them as one JSON file.
const { builtinRulesDir, schemasDir, compiledRulesFile } = builtinPaths();
const host = new NodeHost();
try {
  const rules = loadRules(host, new SchemaRegistry(host, schemasDir), { dir: builtinRulesDir, builtin: true, docsUrl: () => '' });
  fs.mkdirSync(path.dirname(compiledRulesFile), { recursive: true });
  fs.writeFileSync(compiledRulesFile, compileRules(host, rules, builtinRulesDir));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const p of err.problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
  process.exitCode = 1;
}
