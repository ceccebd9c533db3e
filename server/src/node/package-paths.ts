import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built-in rules, schemas and docs ship: the package root, found from this module. */
export function packageRoot(): string {
  // import.meta.url in the ESM build; the bundled extension defines it from __filename.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'rules')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Standpoint rules/ and schemas/ folders');
    dir = parent;
  }
}

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function builtinPaths(): { builtinRulesDir: string; schemasDir: string; compiledRulesFile: string; compiledSchemasDir: string } {
  const root = packageRoot();
  return {
    builtinRulesDir: path.join(root, 'rules'),
    schemasDir: path.join(root, 'schemas'),
    compiledRulesFile: path.join(root, 'dist', 'builtin-rules.json'),
    compiledSchemasDir: path.join(root, 'dist', 'schemas'),
  };
}

/** Today's local date as YYYY-MM-DD. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
