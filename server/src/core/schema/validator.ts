import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Host } from '../host.js';
import { describeSchemaErrors, type SchemaProblem } from './located-errors.js';

// ajv-formats ships CommonJS with a default export; under node16 resolution it arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

/**
 * The JSON Schemas in `schemas/`, compiled once per process. Every validation goes
 * through here so messages read the same for records, config and rule files.
 */
export class SchemaRegistry {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly loaded = new Set<string>();

  constructor(private readonly host: Host, private readonly dir: string) {
    addFormats(this.ajv);
  }

  /** Validator for `schemas/<name>` (e.g. `config.schema.json`), compiling it and its siblings on first use. */
  validator(name: string): ValidateFunction | undefined {
    const hit = this.compiled.get(name);
    if (hit) return hit;
    this.loadAll();
    const schema = this.schema(name);
    if (!schema) return undefined;
    const id = typeof schema.$id === 'string' ? schema.$id : name;
    const fn = this.ajv.getSchema(id);
    if (fn) this.compiled.set(name, fn);
    return fn;
  }

  validate(name: string, data: unknown): SchemaProblem[] {
    const fn = this.validator(name);
    if (!fn) throw new Error(`schema ${name} is missing from ${this.dir}`);
    return fn(data) ? [] : describeSchemaErrors(fn.errors ?? []);
  }

  /** Validates data against an inline schema (rule options); compiled per call site and cached by text. */
  validateInline(schema: Record<string, unknown>, data: unknown): SchemaProblem[] {
    const key = JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiled.set(key, fn);
    }
    return fn(data) ? [] : describeSchemaErrors(fn.errors ?? []);
  }

  /** Compile-checks an inline schema, returning the error text when it is not a valid schema. */
  checkSchema(schema: unknown): string | undefined {
    try {
      this.ajv.compile(schema as object);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  schema(name: string): Record<string, unknown> | undefined {
    const text = this.host.readFile(`${this.dir}/${name}`);
    if (text === undefined) return undefined;
    return JSON.parse(text) as Record<string, unknown>;
  }

  private loadAll(): void {
    for (const name of this.host.listDir(this.dir) ?? []) {
      if (!name.endsWith('.schema.json') || this.loaded.has(name)) continue;
      this.loaded.add(name);
      const schema = this.schema(name);
      if (!schema) continue;
      const id = typeof schema.$id === 'string' ? schema.$id : name;
      if (!this.ajv.getSchema(id)) this.ajv.addSchema(schema, id);
    }
  }
}
