import path from 'node:path';
import ignore from 'ignore';
import { picomatch } from '../config/globs.js';
import { DEFAULT_FILES } from '../config/model.js';
import { ConfigError } from '../types.js';
import type { Project } from './project.js';

const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

/**
 * A folder's README.md is what it is about, not a record: the default globs
 * (`decisions/**`) leave it out. A team's own `files:` globs and a file named on the command
 * line take it like any other file.
 */
const README = /(^|\/)readme\.md$/i;

/** The files `check PATH...` looks at: explicit files always; folders through the record globs. */
export function discoverRecords(project: Project, paths: string[], cwd: string): string[] {
  const host = project.host;
  const found = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (host.isFile(abs)) {
      found.add(abs);
      continue;
    }
    if (!host.isDirectory(abs)) {
      throw new ConfigError([{ file: p, line: 0, column: 0, endLine: 0, endColumn: 0, message: 'no such file or folder' }]);
    }
    const config = project.configs.forDirectory(abs);
    const records = config.records ?? { base: defaultBase(config.files, abs), patterns: DEFAULT_FILES };
    const globIgnore = [...ALWAYS_SKIPPED];
    for (const group of config.ignore) {
      const prefix = path.relative(records.base, group.base).split(path.sep).join('/');
      for (const pattern of group.patterns) globIgnore.push(prefix ? `${prefix}/${pattern}` : pattern);
    }
    const gitignored = gitIgnoreFilter(project, records.base, abs);
    const registries = new Set([config.people, config.promises].filter((f): f is string => Boolean(f)));
    const defaults = !config.records;
    for (const file of host.glob(records.patterns, { cwd: records.base, ignore: globIgnore })) {
      if (!isInside(abs, file) || registries.has(file) || gitignored(file) || (defaults && README.test(file))) continue;
      found.add(file);
    }
  }
  return [...found].sort();
}

/** Honours `.gitignore` files from the glob base down to the checked folder. */
function gitIgnoreFilter(project: Project, base: string, target: string): (file: string) => boolean {
  const layers: Array<{ dir: string; ig: ReturnType<typeof ignore> }> = [];
  const dirs = new Set([base, target]);
  for (let d = target; isInside(base, d) && d !== base; d = path.dirname(d)) dirs.add(d);
  for (const dir of dirs) {
    const text = project.host.readFile(path.join(dir, '.gitignore'));
    if (text !== undefined) layers.push({ dir, ig: ignore().add(text) });
  }
  return (file) =>
    layers.some(({ dir, ig }) => {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      return rel !== '' && !rel.startsWith('..') && ig.ignores(rel);
    });
}

/** Is `file` the folder `dir` or inside it? */
export function isInside(dir: string, file: string): boolean {
  // Discovery asks this of every file found: plain absolute POSIX paths compare as text, without resolving either.
  if (path.sep === '/' && plainAbsolute(dir) && plainAbsolute(file)) {
    const base = dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
    return file === base || (file.startsWith(base) && (base === '/' || file[base.length] === '/'));
  }
  const rel = path.relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A `.` or `..` segment, or an empty one: a path that must be resolved before it is compared. */
const UNRESOLVED_SEGMENT = /\/\/|\/\.\.?(?:\/|$)/;

function plainAbsolute(p: string): boolean {
  return p.startsWith('/') && !UNRESOLVED_SEGMENT.test(p);
}

/**
 * Would `check` pick this file up as a record? True when it matches the record globs of
 * its config (or the defaults, relative to `fallbackBase`), is not ignored and is not a registry.
 */
export function isRecordPath(project: Project, file: string, fallbackBase: string): boolean {
  const config = project.configFor(file);
  if (file === config.people || file === config.promises) return false;
  const records = config.records ?? { base: defaultBase(config.files, fallbackBase), patterns: DEFAULT_FILES };
  const rel = path.relative(records.base, file).split(path.sep).join('/');
  if (rel.startsWith('..') || /(^|\/)(node_modules|\.git)\//.test(rel)) return false;
  if (!config.records && README.test(rel)) return false;
  if (!matcher(records.patterns)(rel)) return false;
  return !config.ignore.some((group) => {
    const r = path.relative(group.base, file).split(path.sep).join('/');
    return !r.startsWith('..') && matcher(group.patterns)(r);
  });
}

/**
 * Default globs are relative to the nearest config file's folder when it encloses the
 * checked PATH (so `check decisions` inside a workspace finds its records), else to the PATH.
 */
function defaultBase(configFiles: string[], checked: string): string {
  const dir = configFiles.length > 0 ? path.dirname(configFiles[configFiles.length - 1]) : undefined;
  return dir && isInside(dir, checked) ? dir : checked;
}

const matchers = new Map<string, (rel: string) => boolean>();

/** Glob matchers are compiled once per pattern list: the editor asks on every keystroke. */
function matcher(patterns: string[]): (rel: string) => boolean {
  const key = patterns.join('\u0000');
  let fn = matchers.get(key);
  if (!fn) {
    fn = picomatch()(patterns, { dot: true });
    matchers.set(key, fn);
  }
  return fn;
}
