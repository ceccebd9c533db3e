import fs from 'node:fs';
import path from 'node:path';
import { findingKey, type Finding, type Host, type Project } from '../core/index.js';
import { refuseNonRegular } from '../node/regular-file.js';
import { UsageError } from './usage-error.js';

/**
 * `.standpoint-baseline.json`: findings a team accepts for now in historic records, so
 * `check` gates only new ones (ESLint's bulk suppressions, for decision records).
 *
 * Entries are keyed by file (relative to the baseline's folder, forward slashes), rule and
 * the finding's stable key (see core/engine/fingerprint.ts), each with a count of identical
 * findings and the first one's message for people reading the diff. Every level is sorted,
 * so regenerating the file changes only the lines whose findings changed.
 */
export const BASELINE_FILE = '.standpoint-baseline.json';
const ABOUT =
  'Findings accepted for now: standpoint check reports only findings not listed here. ' +
  'Write it with `standpoint baseline`; drop fixed entries with `standpoint check --prune-baseline`.';

export interface BaselineEntry {
  count: number;
  message: string;
}

/** file → rule → key → entry */
export type BaselineEntries = Record<string, Record<string, Record<string, BaselineEntry>>>;

export interface BaselineData {
  about: string;
  version: 1;
  entries: BaselineEntries;
}

/** An entry (or part of its count) whose findings no longer occur. */
export interface StaleEntry {
  file: string;
  rule: string;
  key: string;
  message: string;
  /** How many of the entry's `count` no longer occur. */
  missing: number;
}

/** Each file's text from the host, read once per run (undefined when it cannot be read). */
export function sourceTexts(host: Host): (file: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (file) => {
    if (!texts.has(file)) texts.set(file, host.readFile(file));
    return texts.get(file);
  };
}

/** The text a finding's key is made of: its message and the source text it points at. */
export function findingText(host: Host, read = sourceTexts(host)): (f: Finding) => string {
  return (f) => `${f.message}\u0000${(read(f.file) ?? '').slice(f.span.start, f.span.end)}`;
}

/** Where the baseline lives: `--baseline FILE`, else `.standpoint-baseline.json` at the workspace root (the root config's folder, or cwd). */
export function baselinePath(project: Project, cwd: string, flag?: string): string {
  if (flag) return path.resolve(cwd, flag);
  let root = cwd;
  if (project.options.configFile !== false) {
    const config = project.configs.forDirectory(cwd);
    if (config.files.length > 0) root = config.root;
  }
  return path.join(root, BASELINE_FILE);
}

export function readBaseline(file: string): BaselineData | undefined {
  refuseNonRegular(file, '--baseline');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the baseline ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the baseline ${file} is not valid JSON (${(err as Error).message}); regenerate it with standpoint baseline`);
  }
  const problem = shapeProblem(data);
  if (problem) throw new UsageError(`the baseline ${file} is not a Standpoint baseline: ${problem}; regenerate it with standpoint baseline`);
  return data as BaselineData;
}

function shapeProblem(data: unknown): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(data)) return 'expected an object';
  if (data.version !== 1) return `expected "version": 1, got ${JSON.stringify(data.version)}`;
  if (!isObject(data.entries)) return 'expected an "entries" object';
  for (const [file, rules] of Object.entries(data.entries)) {
    if (!isObject(rules)) return `entries["${file}"] must be an object of rules`;
    for (const [rule, keys] of Object.entries(rules)) {
      if (!isObject(keys)) return `entries["${file}"]["${rule}"] must be an object of fingerprints`;
      for (const [key, entry] of Object.entries(keys)) {
        if (!isObject(entry) || !Number.isInteger(entry.count) || (entry.count as number) < 1) {
          return `entries["${file}"]["${rule}"]["${key}"] needs a positive whole "count"`;
        }
      }
    }
  }
  return undefined;
}

export function writeBaseline(file: string, data: BaselineData): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serialise(data));
}

export function serialise(data: BaselineData): string {
  return `${JSON.stringify({ about: ABOUT, version: 1, entries: sortDeep(data.entries) }, null, 2)}\n`;
}

function sortDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
  ) as T;
}

/** Keys relative to the baseline's folder, the same on every machine. */
export function relativeTo(baselineFile: string): (file: string) => string {
  const dir = path.dirname(baselineFile);
  return (file) => path.relative(dir, file).split(path.sep).join('/');
}

/** Entries for `findings`; entries for files not in `replaceFiles` are kept from `previous`. */
export function buildBaseline(
  findings: readonly Finding[],
  relative: (file: string) => string,
  textOf: (f: Finding) => string,
  previous?: BaselineData,
  replaceFiles: readonly string[] = [],
): BaselineData {
  const entries: BaselineEntries = {};
  const replaced = new Set(replaceFiles.map(relative));
  for (const [file, rules] of Object.entries(previous?.entries ?? {})) {
    if (!replaced.has(file)) entries[file] = structuredClone(rules);
  }
  for (const f of findings) {
    const file = relative(f.file);
    const key = findingKey(f, relative, textOf);
    const byRule = (entries[file] ??= {});
    const byKey = (byRule[f.rule] ??= {});
    const entry = byKey[key];
    if (entry) entry.count++;
    else byKey[key] = { count: 1, message: f.message };
  }
  return { about: ABOUT, version: 1, entries };
}

export interface BaselineMatch {
  /** Findings not covered by the baseline: what `check` reports. */
  fresh: Finding[];
  /** Findings the baseline covers. */
  baselined: Finding[];
  /** Entries for checked files and enabled rules that matched fewer findings than their count. */
  stale: StaleEntry[];
}

/**
 * Splits findings into new and baselined. Each entry covers up to `count` findings with its
 * key, in output order. Entries are judged stale only for files that were checked and rules
 * that ran on them, so checking one folder or turning a rule off does not make others stale.
 */
export function matchBaseline(
  data: BaselineData,
  findings: readonly Finding[],
  relative: (file: string) => string,
  textOf: (f: Finding) => string,
  checkedFiles: readonly string[],
  ruleRan: (file: string, rule: string) => boolean,
): BaselineMatch {
  const left = new Map<string, number>();
  const at = (file: string, rule: string, key: string) => `${file}\u0000${rule}\u0000${key}`;
  for (const [file, rules] of Object.entries(data.entries)) {
    for (const [rule, keys] of Object.entries(rules)) {
      for (const [key, entry] of Object.entries(keys)) left.set(at(file, rule, key), entry.count);
    }
  }
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const id = at(relative(f.file), f.rule, findingKey(f, relative, textOf));
    const n = left.get(id) ?? 0;
    if (n > 0) {
      left.set(id, n - 1);
      baselined.push(f);
    } else {
      fresh.push(f);
    }
  }
  const checked = new Map(checkedFiles.map((f) => [relative(f), f]));
  const stale: StaleEntry[] = [];
  for (const [file, rules] of Object.entries(data.entries)) {
    const abs = checked.get(file);
    if (!abs) continue;
    for (const [rule, keys] of Object.entries(rules)) {
      if (!ruleRan(abs, rule)) continue;
      for (const [key, entry] of Object.entries(keys)) {
        const missing = left.get(at(file, rule, key)) ?? 0;
        if (missing > 0) stale.push({ file, rule, key, message: entry.message, missing });
      }
    }
  }
  return { fresh, baselined, stale };
}

/** The baseline without what no longer occurs. */
export function pruneBaseline(data: BaselineData, stale: readonly StaleEntry[]): BaselineData {
  const entries = structuredClone(data.entries);
  for (const s of stale) {
    const keys = entries[s.file]?.[s.rule];
    const entry = keys?.[s.key];
    if (!keys || !entry) continue;
    entry.count -= s.missing;
    if (entry.count <= 0) delete keys[s.key];
    if (Object.keys(keys).length === 0) delete entries[s.file][s.rule];
    if (Object.keys(entries[s.file]).length === 0) delete entries[s.file];
  }
  return { about: ABOUT, version: 1, entries };
}

export function countEntries(data: BaselineData): number {
  let n = 0;
  for (const rules of Object.values(data.entries)) for (const keys of Object.values(rules)) for (const e of Object.values(keys)) n += e.count;
  return n;
}

/** The lines `check` prints on stderr when the baseline holds entries that no longer occur. */
export function staleMessage(file: string, cwd: string, stale: readonly StaleEntry[]): string {
  const total = stale.reduce((n, s) => n + s.missing, 0);
  const name = path.relative(cwd, file) || file;
  const lines = [
    `standpoint: ${name} lists ${total} finding${total === 1 ? '' : 's'} that no longer occur${total === 1 ? 's' : ''} (fixed, or changed enough to count as new findings).`,
    ...stale.map((s) => `  ${s.file}  ${s.rule}${s.missing > 1 ? ` ×${s.missing}` : ''}  ${s.message}`),
    'Remove them from the baseline with: standpoint check --prune-baseline',
  ];
  return `${lines.join('\n')}\n`;
}

export interface BaselineGate {
  /** The findings to report: all of them without a baseline, the new ones with one. */
  findings: Finding[];
  /** Findings the baseline covers (empty without a baseline). */
  baselined: Finding[];
  /** Entries that no longer occur (empty after pruning). */
  stale: StaleEntry[];
  /** The baseline in use, if any. */
  file?: string;
  /** Entries removed by `--prune-baseline`. */
  pruned: number;
}

export interface GateOptions {
  cwd: string;
  /** `--baseline FILE`, or false for `--no-baseline`. */
  baseline?: string | false;
  prune?: boolean;
}

/**
 * Does `gateWithBaseline` look at every finding of the run (a baseline is named, or one is at
 * the default place)? When not, it passes the findings through as they are.
 */
export function gatesAllFindings(project: Project, options: GateOptions): boolean {
  return options.baseline !== false && (options.baseline !== undefined || fs.existsSync(baselinePath(project, options.cwd)));
}

/** Applies the workspace's baseline (if any) to a run's findings; prunes it when asked. */
export function gateWithBaseline(
  project: Project,
  findings: Finding[],
  checkedFiles: readonly string[],
  options: GateOptions,
  textOf: (f: Finding) => string,
): BaselineGate {
  if (options.baseline === false) {
    if (options.prune) throw new UsageError('--prune-baseline and --no-baseline cannot be used together');
    return { findings, baselined: [], stale: [], pruned: 0 };
  }
  const file = baselinePath(project, options.cwd, options.baseline);
  const data = readBaseline(file);
  if (!data) {
    if (options.baseline) throw new UsageError(`no baseline at ${options.baseline}; write one with standpoint baseline --baseline ${options.baseline}`);
    if (options.prune) throw new UsageError(`no baseline to prune: ${path.relative(options.cwd, file) || file} does not exist`);
    return { findings, baselined: [], stale: [], pruned: 0 };
  }
  const relative = relativeTo(file);
  const ruleRan = (f: string, rule: string) => project.rulesFor(f).settings.has(rule);
  const match = matchBaseline(data, findings, relative, textOf, checkedFiles, ruleRan);
  if (options.prune) {
    const pruned = match.stale.reduce((n, s) => n + s.missing, 0);
    if (pruned > 0) writeBaseline(file, pruneBaseline(data, match.stale));
    return { findings: match.fresh, baselined: match.baselined, stale: [], file, pruned };
  }
  return { findings: match.fresh, baselined: match.baselined, stale: match.stale, file, pruned: 0 };
}
