import path from 'node:path';
import type { Command } from 'commander';
import type { SeveritySetting } from '../../core/index.js';
import { BASELINE_FILE, baselinePath, buildBaseline, countEntries, findingText, readBaseline, relativeTo, writeBaseline } from '../baseline-file.js';
import { configFlag, type CliContext } from '../cli-context.js';
import { pathsArgument, withHelp } from '../help.js';
import { lintPaths, type LintSetup } from '../lint-paths.js';
import { parseRuleFlag } from '../usage-error.js';

/**
 * `standpoint baseline [PATH...]`: records every current finding in the baseline so that
 * `check` reports only new ones. Entries for files outside PATH are kept.
 */
export async function runBaseline(setup: LintSetup & { baseline?: string }): Promise<string> {
  const { project, result } = await lintPaths(setup, { concurrency: 'auto' });
  const file = baselinePath(project, setup.cwd, setup.baseline);
  const previous = readBaseline(file);
  const data = buildBaseline(result.findings, relativeTo(file), findingText(project.host), previous, result.files);
  writeBaseline(file, data);
  const files = Object.keys(data.entries).length;
  const n = countEntries(data);
  const name = path.relative(setup.cwd, file) || file;
  return `wrote ${name}: ${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`;
}

export function registerBaseline(program: Command, ctx: CliContext): void {
  const command = program
    .command('baseline')
    .description(`record the current findings in ${BASELINE_FILE}, so check reports only new ones`)
    .addArgument(pathsArgument('files or folders to check'))
    .option('--baseline <file>', `where to write it (default: ${BASELINE_FILE} at the workspace root)`)
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all')
    .option('--rule <id:severity>', "set a rule's severity; repeatable", parseRuleFlag)
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD)')
    .action(async (paths: string[], opts: { baseline?: string; config: string | boolean; rule?: Record<string, SeveritySetting>; today?: string }) => {
      process.stdout.write(
        await runBaseline({
          paths,
          cwd: ctx.cwd,
          today: ctx.today(opts.today),
          rules: opts.rule ?? {},
          baseline: opts.baseline,
          config: configFlag(opts.config),
        }),
      );
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the baseline was written'],
      [2, 'usage or configuration error'],
    ],
    examples: ['standpoint baseline', 'standpoint baseline decisions/2024/', 'standpoint check --prune-baseline'],
  });
}
