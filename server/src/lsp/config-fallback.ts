import path from 'node:path';
import { ConfigError, discoverRecords, type ConfigProblem, type Project } from '../core/index.js';

/**
 * Which configuration the server lints with (SPEC §5 v2): the workspace's own (`ok`); the
 * last configuration that loaded, while a config or rule file is broken (`last-good`); or,
 * when none ever loaded, the built-in rules with the default record globs (`built-in`).
 * Checking never stops because a configuration file has a mistake in it.
 */
export type ConfigMode = 'ok' | 'last-good' | 'built-in';

export interface Probe {
  /** The records the project finds on disk, when it loads. */
  records: string[];
  /** Why it does not load: every problem of the first stage that failed. */
  problems: ConfigProblem[];
}

/**
 * Loads everything a project reads lazily — each folder's config chain, `rule_dirs`, rule
 * settings — for the workspace folders, the records found in them and the open buffers, so
 * a broken file is found now (and the last good project kept) rather than while linting.
 */
export function probeProject(project: Project, folders: readonly string[], buffered: readonly string[]): Probe {
  try {
    const records = folders.flatMap((folder) => discoverRecords(project, [folder], folder));
    const dirs = new Set([...folders, ...records.map((f) => path.dirname(f)), ...buffered.map((f) => path.dirname(f))]);
    for (const dir of dirs) project.rulesFor(path.join(dir, 'probe.yaml'));
    return { records, problems: [] };
  } catch (err) {
    if (err instanceof ConfigError) return { records: [], problems: err.problems };
    throw err;
  }
}

/** Problems from several places, each once. */
export function mergeProblems(a: readonly ConfigProblem[], b: readonly ConfigProblem[]): ConfigProblem[] {
  const key = (p: ConfigProblem) => `${p.file}:${p.line}:${p.column}:${p.message}`;
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((p) => !seen.has(key(p)))];
}
