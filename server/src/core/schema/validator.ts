import type { Ajv, ErrorObject, Options } from 'ajv';
import type { Host } from '../host.js';
import { lazyModule } from '../lazy-module.js';
import { describeSchemaErrors, type SchemaProblem } from './located-errors.js';
import { PrecompiledSchemas } from './precompiled.js';

/** A compiled schema: ajv's validate function, or the same code generated at build time. */
export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// ajv takes ~100 ms to load and more to compile; runs with precompiled schemas need it only for rule option schemas.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const ajvModule = lazyModule<typeof import('ajv')>('ajv', import.meta.url, () => require('ajv'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const ajvFormatsModule = lazyModule<typeof import('ajv-formats')>('ajv-formats', import.meta.url, () => require('ajv-formats'));

/** The one ajv configuration, shared by run-time compilation and the build-time generated validators. */
export function createAjv(extra: Options = {}): Ajv {
  const ajv = new (ajvModule().Ajv)({ allErrors: true, strict: false, verbose: true, ...extra });
  // ajv-formats ships CommonJS with a default export; depending on the loader it arrives wrapped.
  const formats = ajvFormatsModule() as unknown as { default?: (ajv: Ajv) => Ajv };
  (formats.default ?? (formats as unknown as (ajv: Ajv) => Ajv))(ajv);
  return ajv;
}

/**
 * The JSON Schemas in `schemas/`: the validators generated at build time into
 * `precompiledDir` while they match the schema files, otherwise compiled once per
 * process. Every validation goes through here so messages read the same for records,
 * config and rule files.
 */
export class SchemaRegistry {
  private ajvInstance: Ajv | undefined;
  private readonly precompiled: PrecompiledSchemas | undefined;
  private readonly compiled = new Map<string, Validator>();
  private readonly loaded = new Set<string>();

  constructor(
    private readonly host: Host,
    private readonly dir: string,
    precompiledDir?: string,
  ) {
    this.precompiled = precompiledDir ? new PrecompiledSchemas(host, precompiledDir, dir) : undefined;
  }

  /** Validator for `schemas/<name>` (e.g. `config.schema.json`), compiling it and its siblings on first use. */
  validator(name: string): Validator | undefined {
    const hit = this.compiled.get(name);
    if (hit) return hit;
    // Asking for a schema that does not exist (a record of an unknown kind) should not cost loading ajv.
    if (!this.host.isFile(`${this.dir}/${name}`)) return undefined;
    const fn = this.precompiled?.get(name) ?? this.compile(name);
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
      fn = this.ajv().compile(schema);
      this.compiled.set(key, fn);
    }
    return fn(data) ? [] : describeSchemaErrors(fn.errors ?? []);
  }

  /** Compile-checks an inline schema, returning the error text when it is not a valid schema. */
  checkSchema(schema: unknown): string | undefined {
    try {
      this.ajv().compile(schema as object);
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

  private ajv(): Ajv {
    return (this.ajvInstance ??= createAjv());
  }

  private compile(name: string): Validator | undefined {
    this.loadAll();
    const schema = this.schema(name);
    if (!schema) return undefined;
    const id = typeof schema.$id === 'string' ? schema.$id : name;
    return this.ajv().getSchema(id);
  }

  private loadAll(): void {
    for (const name of this.host.listDir(this.dir) ?? []) {
      if (!name.endsWith('.schema.json') || this.loaded.has(name)) continue;
      this.loaded.add(name);
      const schema = this.schema(name);
      if (!schema) continue;
      const id = typeof schema.$id === 'string' ? schema.$id : name;
      if (!this.ajv().getSchema(id)) this.ajv().addSchema(schema, id);
    }
  }
}
