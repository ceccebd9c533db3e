import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES, namedRegistries, type Finding, type Project, type RelatedLocation, type ResolvedConfig } from '../core/index.js';

/** Files that may have been records or registries. */
const DOCUMENT_FILE = /\.(ya?ml|md)$/i;

/** Which findings a `--changed-since` run reports. */
export interface ChangedScope {
  inScope: (f: Finding) => boolean;
  /** Might any finding of this document, with this digest of its findings, be in scope? False only when none can be. */
  mayHold: (file: string, digest: ScopeDigest) => boolean;
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
  files: readonly string[],
  ref: string,
  { changed, deleted }: { changed: Set<string>; deleted: Set<string> },
  cwd: string,
): ChangedScope {
  const touched = new Set([...changed, ...deleted]);
  // git names real paths; a PATH given through a symbolic link must still match them.
  const realPath = realPaths();
  const real = (file: string) => (touched.has(file) ? file : realPath(file));
  // The registries the files' configurations name, whether or not this run has read them (a reused run reads none).
  const registries = namedRegistries(project, files);
  const isRegistry = (f: string) => registries.has(f) || project.isRegistry(f);
  const registryTouched = files.some((f) => touched.has(real(f)) && isRegistry(f)) || [...deleted].some(isRegistry);
  // A changed configuration or team rule can change the findings of every record: report them all.
  const ruleSet = ruleSetChange(project, files, touched, realPath);
  if (ruleSet) {
    return {
      inScope: () => true,
      mayHold: () => true,
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
  const documentsTouched = [...deleted].filter((f) => DOCUMENT_FILE.test(f)).length + files.filter((f) => touched.has(real(f))).length;
  const othersTouched = (file: string) => documentsTouched > (touched.has(real(file)) ? 1 : 0);
  return {
    inScope: (f) =>
      changed.has(real(f.file)) ||
      (f.related !== undefined && touchesChanged(f.related)) ||
      (registryTouched && project.readsRegistries(f.rule)) ||
      (f.related === undefined && othersTouched(f.file) && project.reportsUnresolvedReference(f.rule, f.path)),
    // Each term answers for the findings of `file` what the term of the same place in inScope asks of one finding.
    mayHold: (file, digest) =>
      changed.has(real(file)) || digest.places.some((p) => touched.has(real(p))) || (registryTouched && digest.registries) || (digest.unresolved && othersTouched(file)),
  };
}

/**
 * What the scope asks of a document's findings, in brief: enough to tell, without the
 * findings, that none of them can be in the scope of a run (see `mayHold`).
 */
export interface ScopeDigest {
  /** The files their lists of places name. */
  places: string[];
  /** Is one of them by a rule that consults the registries? */
  registries: boolean;
  /** Is one of them, with no places, perhaps about a value naming a document that is not there? */
  unresolved: boolean;
}

/** Digests documents' findings; a rule's use of the registries is looked up once. */
export function scopeDigests(project: Project): (findings: readonly Finding[]) => ScopeDigest {
  const readsRegistries = new Map<string, boolean>();
  return (findings) => {
    const places = new Set<string>();
    let registries = false;
    let unresolved = false;
    for (const f of findings) {
      if (f.related) for (const r of f.related) places.add(r.file);
      if (!registries) {
        let reads = readsRegistries.get(f.rule);
        if (reads === undefined) readsRegistries.set(f.rule, (reads = project.readsRegistries(f.rule)));
        registries = reads;
      }
      if (!unresolved && f.related === undefined) unresolved = project.reportsUnresolvedReference(f.rule, f.path);
    }
    return { places: [...places], registries, unresolved };
  };
}

/** A configuration file or a file in a `rule_dirs` folder among `touched`, if any. */
function ruleSetChange(project: Project, files: readonly string[], touched: Set<string>, realPath: (file: string) => string): string | undefined {
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
