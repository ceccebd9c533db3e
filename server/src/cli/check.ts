import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES, discoverRecords, Project, type Finding, type LintResult, type ResolvedConfig, type Rule, type SeveritySetting } from '../core/index.js';
import { AnalysisCache, type CacheStrategy } from '../node/cache.js';
import { changedSince } from '../node/git.js';
import { lintWorkspace } from '../node/lint-run.js';
import type { Concurrency } from '../node/parallel.js';
import { NodeHost } from '../node/node-host.js';
import { builtinPaths, localToday, packageVersion } from '../node/package-paths.js';
import { findingText, gateWithBaseline, staleMessage } from './baseline.js';
import { FORMATTERS } from './formatters/index.js';
import type { FormatName } from './formatters/types.js';
import { Progress } from './progress.js';

export interface CheckOptions {
  paths: string[];
  format: FormatName;
  output?: string;
  maxWarnings: number;
  config?: string | false;
  rules: Record<string, SeveritySetting>;
  today?: string;
  changedSince?: string;
  quiet: boolean;
  cwd: string;
  color: boolean;
  /** `--baseline FILE`; false for `--no-baseline`; default: .standpoint-baseline.json at the workspace root when it exists. */
  baseline?: string | false;
  /** `--prune-baseline`: drop baseline entries that no longer occur. */
  pruneBaseline?: boolean;
  /** `--concurrency auto|N|off`: worker threads for the per-document stage. */
  concurrency?: Concurrency;
  /** `--cache`: reuse analyses of unchanged files from this cache file. */
  cacheFile?: string;
  /** `--cache-strategy`: how a cached file is known to be unchanged (default metadata). */
  cacheStrategy?: CacheStrategy;
}

/** `standpoint check`: lint, print, and return the exit code (0 clean, 1 over the threshold). */
export async function runCheck(options: CheckOptions): Promise<number> {
  const host = new NodeHost();
  const project = new Project(host, {
    ...builtinPaths(),
    today: options.today ?? localToday(),
    configFile: options.config === false ? false : options.config ? path.resolve(options.cwd, options.config) : undefined,
    commandLineRules: options.rules,
  });
  const files = discoverRecords(project, options.paths, options.cwd);
  // git answers while the records are linted; a failure is reported after linting, as before.
  const changes = options.changedSince ? changedSince(options.changedSince, options.cwd) : undefined;
  changes?.catch(() => undefined);
  const progress = new Progress(files.length);
  const cache = options.cacheFile ? new AnalysisCache(path.resolve(options.cwd, options.cacheFile), packageVersion(), options.cacheStrategy) : undefined;
  const result = await lintWorkspace(project, files, { concurrency: options.concurrency ?? 'auto', cache, onProgress: (done) => progress.update(done) });
  progress.done();
  for (const file of result.unreadable) process.stderr.write(`standpoint: ${path.relative(options.cwd, file)} could not be read; skipped\n`);

  const textOf = findingText(host);
  const gate = gateWithBaseline(project, result.findings, result.files, { cwd: options.cwd, baseline: options.baseline, prune: options.pruneBaseline }, textOf);
  let findings = gate.findings;
  let baselined = gate.baselined;
  if (options.changedSince && changes) {
    const keep = onlyChanged(project, result, options.changedSince, await changes, options.cwd);
    findings = findings.filter(keep);
    baselined = baselined.filter(keep);
  }
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');

  const rules = ruleList(project, files);
  const text = FORMATTERS[options.format]({
    findings, rules, filesChecked: result.filesChecked, recordsChecked: result.recordsChecked, files: result.files, activeWaivers: result.activeWaivers,
    waived: result.waived, cwd: options.cwd, version: packageVersion(), color: options.color && !options.output,
    baseline: gate.file ? { file: gate.file, findings: baselined } : undefined, textOf,
    scope: options.changedSince ? `records changed since ${options.changedSince}` : undefined,
  });
  if (options.output) {
    fs.mkdirSync(path.dirname(path.resolve(options.cwd, options.output)), { recursive: true });
    fs.writeFileSync(path.resolve(options.cwd, options.output), text);
  } else {
    process.stdout.write(text);
  }
  if (gate.pruned > 0) process.stderr.write(`standpoint: removed ${gate.pruned} fixed finding${gate.pruned === 1 ? '' : 's'} from ${path.relative(options.cwd, gate.file!) || gate.file}\n`);
  if (gate.stale.length > 0) process.stderr.write(staleMessage(gate.file!, options.cwd, gate.stale));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return errors > 0 || gate.stale.length > 0 || (options.maxWarnings >= 0 && warnings > options.maxWarnings) ? 1 : 0;
}

/**
 * Keeps findings on records changed since `ref`, while cross-record checks still see the
 * whole workspace: a finding on an unchanged record stays when it is about another file
 * that changed (a reused id) or about a registry that changed (a promise deleted from
 * the register that the record still references).
 */
function onlyChanged(
  project: Project, result: LintResult, ref: string, { changed, deleted }: { changed: Set<string>; deleted: Set<string> }, cwd: string,
): (f: Finding) => boolean {
  const touched = new Set([...changed, ...deleted]);
  // git names real paths; a PATH given through a symbolic link must still match them.
  const realPath = realPaths();
  const real = (file: string) => (touched.has(file) ? file : realPath(file));
  const registryTouched = result.files.some((f) => touched.has(real(f)) && project.isRegistry(f)) || [...deleted].some((f) => project.isRegistry(f));
  // A changed configuration or team rule can change the findings of every record: report them all.
  const ruleSet = ruleSetChange(project, result.files, touched, realPath);
  if (ruleSet) {
    process.stderr.write(`standpoint: ${path.relative(cwd, ruleSet) || ruleSet} changed since ${ref}, so every record is reported (preview the effect with standpoint diff-rules --base ${ref})\n`);
    return () => true;
  }
  return (f) =>
    changed.has(real(f.file))
    || (f.related ?? []).some((r) => touched.has(real(r)))
    || (registryTouched && project.readsRegistries(f.rule));
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
  return [...touched].sort().find((f) => configs.has(f)
    || ((CONFIG_NAMES as readonly string[]).includes(path.basename(f)) && above(f))
    || [...ruleDirs].some((d) => f.startsWith(`${d}${path.sep}`)));
}

/** Resolves symbolic links in a file's folder, once per folder: a workspace has thousands of records in a few folders. */
function realPaths(): (file: string) => string {
  const dirs = new Map<string, string>();
  return (file) => {
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
    return real ? path.join(real, path.basename(file)) : file;
  };
}

function ruleList(project: Project, files: string[]): Rule[] {
  const seen = new Map<string, Rule>();
  for (const rule of project.builtinRules()) seen.set(rule.id, rule);
  for (const file of files.slice(0, 1)) for (const rule of project.rulesFor(file).catalog.values()) seen.set(rule.id, rule);
  return [...seen.values()];
}
