import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES, type Finding, type LintResult, type Project, type RelatedLocation, type ResolvedConfig } from '../core/index.js';

/** Files that may have been records or registries. */
const DOCUMENT_FILE = /\.(ya?ml|md)$/i;

/** Which findings a `--changed-since` run reports. */
export interface ChangedScope {
  inScope: (f: Finding) => boolean;
  /** Said to the user when the whole workspace is reported anyway (the rule set changed). */
  notice?: string;
}

/**
 * Keeps findings on records changed since `ref`, while cross-record checks still see the
 * whole workspace: a finding on an unchanged record stays when it is about another file
 * that changed (a reused id, a successor that no longer names it) or about a registry
 * that changed (a promise deleted from the register that the record still references), and
 * a reference that names no document when another document changed or was deleted (it
 * may have been the one named).
 */
export function changedScope(
  project: Project,
  result: LintResult,
  ref: string,
  { changed, deleted }: { changed: Set<string>; deleted: Set<string> },
  cwd: string,
): ChangedScope {
  const touched = new Set([...changed, ...deleted]);
  // git names real paths; a PATH given through a symbolic link must still match them.
  const realPath = realPaths();
  const real = (file: string) => (touched.has(file) ? file : realPath(file));
  const registryTouched = result.files.some((f) => touched.has(real(f)) && project.isRegistry(f)) || [...deleted].some((f) => project.isRegistry(f));
  // A changed configuration or team rule can change the findings of every record: report them all.
  const ruleSet = ruleSetChange(project, result.files, touched, realPath);
  if (ruleSet) {
    return {
      inScope: () => true,
      notice: `${path.relative(cwd, ruleSet) || ruleSet} changed since ${ref}, so every record is reported (preview the effect with standpoint diff-rules --base ${ref})`,
    };
  }
  // The findings of one value share one list of places: each list is looked at once.
  const touchedLists = new WeakMap<readonly RelatedLocation[], boolean>();
  const touchesChanged = (related: readonly RelatedLocation[]) => {
    let hit = touchedLists.get(related);
    if (hit === undefined) {
      hit = related.some((r) => touched.has(real(r.file)));
      touchedLists.set(related, hit);
    }
    return hit;
  };
  // A value naming a document that is not there may have named one that changed or was deleted since the ref.
  const documentsTouched = [...deleted].filter((f) => DOCUMENT_FILE.test(f)).length + result.files.filter((f) => touched.has(real(f))).length;
  const othersTouched = (file: string) => documentsTouched > (touched.has(real(file)) ? 1 : 0);
  return {
    inScope: (f) =>
      changed.has(real(f.file)) ||
      (f.related !== undefined && touchesChanged(f.related)) ||
      (registryTouched && project.readsRegistries(f.rule)) ||
      (f.related === undefined && othersTouched(f.file) && project.reportsUnresolvedReference(f.rule, f.path)),
  };
}

/** A configuration file or a file in a `rule_dirs` folder among `touched`, if any. */
function ruleSetChange(project: Project, files: string[], touched: Set<string>, realPath: (file: string) => string): string | undefined {
  const configs = new Set<string>();
  const ruleDirs = new Set<string>();
  const seen = new Set<ResolvedConfig>();
  for (const file of files) {
    const config = project.configFor(file);
    if (seen.has(config)) continue;
    seen.add(config);
    for (const c of config.files) configs.add(realPath(c));
    for (const d of config.ruleDirs) ruleDirs.add(realPath(d));
  }
  // A config deleted (or added) in a folder above a checked record applied (or applies) to it.
  const above = (config: string) => files.some((file) => realPath(file).startsWith(`${path.dirname(config)}${path.sep}`));
  return [...touched]
    .sort()
    .find(
      (f) => configs.has(f) || ((CONFIG_NAMES as readonly string[]).includes(path.basename(f)) && above(f)) || [...ruleDirs].some((d) => f.startsWith(`${d}${path.sep}`)),
    );
}

/**
 * Resolves symbolic links in a file's folder, once per folder (a workspace has thousands of
 * records in a few folders), and each file's path once (it is asked for every finding).
 */
function realPaths(): (file: string) => string {
  const dirs = new Map<string, string>();
  const files = new Map<string, string>();
  return (file) => {
    let resolved = files.get(file);
    if (resolved !== undefined) return resolved;
    const dir = path.dirname(file);
    let real = dirs.get(dir);
    if (real === undefined) {
      try {
        real = fs.realpathSync(dir);
      } catch {
        real = '';
      }
      dirs.set(dir, real);
    }
    resolved = real ? path.join(real, path.basename(file)) : file;
    files.set(file, resolved);
    return resolved;
  };
}
