import { useMarkdownReader } from '../core/index.js';

/**
 * Replaces `process.env` with a plain copy of itself. Every read of the real `process.env`
 * crosses into native code (~0.2 µs); the YAML parser reads `process.env.LOG_TOKENS` once per
 * token, which made environment reads about a seventh of parsing a record. A plain object
 * reads in nanoseconds. Child processes still get the same variables (they default to
 * `process.env`); what changes is that later assignments no longer reach native `getenv`,
 * which nothing in Standpoint relies on. Only the processes' own entry points call this;
 * it also applies the engine switches the environment sets (`applyEngineEnvironment`).
 */
export function useEnvironmentSnapshot(): void {
  const snapshot: NodeJS.ProcessEnv = { ...process.env };
  Object.defineProperty(process, 'env', { value: snapshot, writable: true, configurable: true, enumerable: true });
  applyEngineEnvironment(snapshot);
}

/**
 * `STANDPOINT_MARKDOWN=remark` reads every Markdown body with remark-parse, the reference
 * reader, instead of the direct reader (which hands remark what it does not read itself);
 * findings are the same either way, which the tests check. Worker threads inherit the
 * variable and apply it at their own start.
 */
export function applyEngineEnvironment(env: NodeJS.ProcessEnv): void {
  useMarkdownReader(env.STANDPOINT_MARKDOWN === 'remark' ? 'remark' : 'direct');
}
