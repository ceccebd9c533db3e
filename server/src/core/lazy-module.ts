import { createRequire } from 'node:module';

/**
 * A module loaded on first use instead of at start-up, for heavy dependencies most runs
 * never need. `bundled` must be a literal `require('<specifier>')`: esbuild inlines it into
 * the CommonJS bundles (where `require` exists), while the ESM build resolves `specifier`
 * from `base` (the caller's `import.meta.url`) at run time.
 */
export function lazyModule<T>(specifier: string, base: string, bundled: () => unknown): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= (typeof require === 'function' ? bundled() : createRequire(base)(specifier)) as T);
}
