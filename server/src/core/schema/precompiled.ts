import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Host } from '../host.js';
import type { Validator } from './validator.js';

/**
 * One generated module per schema, `<name>.cjs` (server/src/node/compile-schemas.ts), so a
 * run loads the code of the schemas it uses only. Each carries the hash of the schema files
 * it was generated from.
 */
export interface PrecompiledSchema {
  hash: string;
  validate: Validator;
}

export function precompiledFileName(schemaName: string): string {
  return `${schemaName}.cjs`;
}

/** A digest of every `<dir>/*.schema.json`: generated validators are used only while it matches. */
export function schemaSetHash(host: Host, dir: string): string | undefined {
  const names = host.listDir(dir);
  if (!names) return undefined;
  const h = createHash('sha1');
  for (const name of [...names].filter((n) => n.endsWith('.schema.json')).sort()) {
    const text = host.readFile(path.join(dir, name));
    if (text !== undefined) h.update(name).update('\u0000').update(text).update('\u0000');
  }
  return h.digest('hex');
}

/** Validators generated at build time into `generatedDir` for the schemas in `schemasDir`. */
export class PrecompiledSchemas {
  private hash: string | undefined;

  constructor(
    private readonly host: Host,
    private readonly generatedDir: string,
    private readonly schemasDir: string,
  ) {}

  /** The generated validator for `schemaName`, or undefined when it is missing, unloadable or stale. */
  get(schemaName: string): Validator | undefined {
    const file = path.join(this.generatedDir, precompiledFileName(schemaName));
    if (!this.host.loadGenerated || !this.host.isFile(file)) return undefined;
    let loaded: PrecompiledSchema;
    try {
      loaded = this.host.loadGenerated(file) as PrecompiledSchema;
    } catch {
      return undefined;
    }
    this.hash ??= schemaSetHash(this.host, this.schemasDir) ?? '';
    return loaded?.hash === this.hash && typeof loaded.validate === 'function' ? loaded.validate : undefined;
  }
}
