import path from 'node:path';
import { discoverRecords, type Host, type Project, type ResolvedConfig, type Rule, type RuleWarning } from '../core/index.js';
import { lintWorkspace, type WorkspaceRun, type WorkspaceRunOptions } from '../node/lint-workspace.js';
import { openNodeProject, type ProjectSetup } from '../node/open-project.js';
import { holdHeapClose } from './heap-growth.js';

/** What a command that lints records is given: where to look and how to set up the project. */
export interface LintSetup extends ProjectSetup {
  paths: string[];
}

export interface PathsRun {
  project: Project;
  files: string[];
  result: WorkspaceRun;
}

/**
 * Opens the project, discovers the records under the paths and lints them as one
 * workspace: the steps `check`, `baseline`, `diff-rules` and `report` share, so they agree.
 * `options` may depend on the records found (a progress bar needs their number) and the project.
 */
export async function lintPaths(
  setup: LintSetup,
  options: WorkspaceRunOptions | ((files: string[], project: Project) => WorkspaceRunOptions) = {},
  host?: Host,
): Promise<PathsRun> {
  const project = openNodeProject(setup, host);
  const files = discoverRecords(project, setup.paths, setup.cwd);
  const chosen = typeof options === 'function' ? options(files, project) : options;
  // A command lints once, then reports and ends: what it holds from then on can be held close.
  const result = await lintWorkspace(project, files, { ...chosen, onAnalysed: holdHeapClose });
  for (const file of result.unreadable) process.stderr.write(`standpoint: ${path.relative(setup.cwd, file)} could not be read; skipped\n`);
  for (const w of teamRuleWarnings(project, files))
    process.stderr.write(`standpoint: warning: ${path.relative(setup.cwd, w.file)}:${w.line}:${w.column}: ${w.message}\n`);
  if (result.filesChecked > 0 && result.recordsChecked === 0) {
    for (const rule of recordOnlyTeamRules(project, files)) {
      process.stderr.write(
        `standpoint: rule ${rule.id} only reads decision records, and none of the ${result.filesChecked} files checked is one (none has a decision: key): ` +
          `to check them, add non-record to applies_to.documents in ${path.relative(setup.cwd, rule.file)}\n`,
      );
    }
  }
  return { project, files, result };
}

/** The team rules that run on these files' configurations and read decision records only. */
function recordOnlyTeamRules(project: Project, files: readonly string[]): Rule[] {
  const rules = new Map<string, Rule>();
  for (const file of files) {
    for (const rule of project.catalog(project.configFor(file)).values()) {
      if (!rule.builtin && (rule.applies_to?.documents ?? ['record']).every((d) => d === 'record')) rules.set(rule.id, rule);
    }
  }
  return [...rules.values()];
}

/** The load warnings of the team rules that ran on these files (paths that can never match), each once. */
function teamRuleWarnings(project: Project, files: readonly string[]): RuleWarning[] {
  const byConfig = new Map<ResolvedConfig, string>();
  for (const file of files) {
    const config = project.configFor(file);
    if (!byConfig.has(config)) byConfig.set(config, path.dirname(file));
  }
  const seen = new Set<string>();
  return [...byConfig].flatMap(([config, dir]) =>
    project
      .ruleWarnings(
        [...project.catalog(config).values()].filter((r) => !r.builtin),
        dir,
      )
      .filter((w) => {
        const key = `${w.file}:${w.line}:${w.column}:${w.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      }),
  );
}
