import path from 'node:path';
import { NodeHost } from '../../node/node-host.js';
import { baselinePath, buildBaseline, countEntries, findingText, readBaseline, relativeTo, writeBaseline } from '../baseline.js';
import { lintRun, type RunSetup } from '../lint-run.js';

/**
 * `standpoint baseline [PATH...]`: records every current finding in the baseline so that
 * `check` reports only new ones. Entries for files outside PATH are kept.
 */
export function runBaseline(setup: RunSetup & { baseline?: string }): string {
  const host = new NodeHost();
  const { project, result } = lintRun(setup, host);
  const file = baselinePath(project, setup.cwd, setup.baseline);
  const previous = readBaseline(file);
  const data = buildBaseline(result.findings, relativeTo(file), findingText(host), previous, result.files);
  writeBaseline(file, data);
  const files = Object.keys(data.entries).length;
  const n = countEntries(data);
  const name = path.relative(setup.cwd, file) || file;
  return `wrote ${name}: ${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
}
