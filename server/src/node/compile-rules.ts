import fs from 'node:fs';
import path from 'node:path';
import { compileRules, ConfigError, loadRules, SchemaRegistry } from '../core/index.js';
import { compileSchemas } from './compile-schemas.js';
import { NodeHost } from './node-host.js';
import { builtinPaths, packageRoot } from './package-paths.js';

// Build step: validate the built-in rules once and write them as one JSON file,
// and generate the schema validators so runs need not compile them.
const { builtinRulesDir, schemasDir, compiledRulesFile, compiledSchemasDir } = builtinPaths();
const host = new NodeHost();
const validators = await compileSchemas(host, schemasDir, packageRoot());
fs.mkdirSync(compiledSchemasDir, { recursive: true });
for (const [file, code] of validators) fs.writeFileSync(path.join(compiledSchemasDir, file), code);
// No module of a removed schema may linger.
for (const file of fs.readdirSync(compiledSchemasDir)) if (!validators.has(file)) fs.rmSync(path.join(compiledSchemasDir, file));
try {
  const rules = loadRules(host, new SchemaRegistry(host, schemasDir), { dir: builtinRulesDir, builtin: true, docsUrl: () => '' });
  fs.mkdirSync(path.dirname(compiledRulesFile), { recursive: true });
  fs.writeFileSync(compiledRulesFile, compileRules(host, rules, builtinRulesDir));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const p of err.problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
  process.exitCode = 1;
}
