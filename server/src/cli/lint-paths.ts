import path from 'node:path';
import { discoverRecords, type Host, type Project } from '../core/index.js';
import { lintWorkspace, type WorkspaceRun, type WorkspaceRunOptions } from '../node/lint-workspace.js';
import { openNodeProject, type ProjectSetup } from '../node/open-project.js';

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
 * `options` may depend on the records found (a progress bar needs their number).
 */
export async function lintPaths(setup: LintSetup, options: WorkspaceRunOptions | ((files: string[]) => WorkspaceRunOptions) = {}, host?: Host): Promise<PathsRun> {
  const project = openNodeProject(setup, host);
  const files = discoverRecords(project, setup.paths, setup.cwd);
  const result = await lintWorkspace(project, files, typeof options === 'function' ? options(files) : options);
  for (const file of result.unreadable) process.stderr.write(`standpoint: ${path.relative(setup.cwd, file)} could not be read; skipped\n`);
  return { project, files, result };
}
