import path from 'node:path';
import { discoverRecords, lintFiles, Project, type Host, type LintResult, type SeveritySetting } from '../core/index.js';
import { NodeHost } from '../node/node-host.js';
import { builtinPaths } from '../node/package-paths.js';

/** What the commands that lint a workspace (baseline, diff-rules, report) are given. */
export interface RunSetup {
  paths: string[];
  /** `--config FILE`, or false for `--no-config`. */
  config?: string | false;
  rules?: Record<string, SeveritySetting>;
  today: string;
  cwd: string;
}

export function makeProject(setup: RunSetup, host: Host = new NodeHost()): Project {
  return new Project(host, {
    ...builtinPaths(),
    today: setup.today,
    configFile: setup.config === false ? false : setup.config ? path.resolve(setup.cwd, setup.config) : undefined,
    commandLineRules: setup.rules ?? {},
  });
}

/** Discovers the records under `paths` and lints them as one workspace, as `check` does. */
export function lintRun(setup: RunSetup, host: Host = new NodeHost()): { project: Project; files: string[]; result: LintResult } {
  const project = makeProject(setup, host);
  const files = discoverRecords(project, setup.paths, setup.cwd);
  const result = lintFiles(project, files);
  for (const file of result.unreadable) process.stderr.write(`standpoint: ${path.relative(setup.cwd, file)} could not be read; skipped\n`);
  return { project, files, result };
}
