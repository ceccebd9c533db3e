import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applySafeFixes, OverlayHost, type SeveritySetting } from '../../core/index.js';
import { NodeHost } from '../../node/node-host.js';
import { findingText, gateWithBaseline } from '../baseline-file.js';
import { configFlag, type CliContext } from '../cli-context.js';
import { printable } from '../formatters/relative-path.js';
import { pathsArgument, withHelp } from '../help.js';
import { lintPaths } from '../lint-paths.js';
import { parseCount, parseRuleFlag } from '../usage-error.js';
import { CHECK_EXIT_CODES } from './check.js';

export interface FixOptions {
  paths: string[];
  dryRun: boolean;
  config?: string | false;
  rules: Record<string, SeveritySetting>;
  today: string;
  maxWarnings: number;
  cwd: string;
}

/**
 * `standpoint fix`: writes the safe fixes (the one right answer the engine attached to a
 * finding — the same fixes as the editor's "fix all") and nothing a person must supply.
 * Prints each change as `file:line: before → after`; the exit code is `check`'s on what
 * remains, so a CI step can fix and gate in one go.
 */
export async function runFix(options: FixOptions): Promise<number> {
  const { project, result } = await lintPaths(options, { concurrency: 'auto' });
  const overlay = new OverlayHost(new NodeHost());
  const byFile = new Map<string, typeof result.findings>();
  for (const f of result.findings) {
    if (!f.fix || f.suppressed) continue;
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  let changes = 0;
  let files = 0;
  const out: string[] = [];
  for (const [file, findings] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    const before = project.host.readFile(file);
    if (before === undefined) continue;
    const fixed = applySafeFixes(before, findings);
    if (fixed.applied.length === 0) continue;
    const name = printable(path.relative(options.cwd, file) || file);
    for (const a of fixed.applied) out.push(`${name}:${a.line}: ${printable(a.before)} → ${printable(a.after)}  (${a.rule})`);
    changes += fixed.applied.length;
    files++;
    overlay.setBuffer(file, fixed.text);
    if (!options.dryRun) fs.writeFileSync(file, fixed.text);
  }

  // What remains, read from the fixed texts (in memory for a dry run).
  const after = changes === 0 ? { project, result } : await lintPaths(options, { concurrency: 'off' }, overlay);
  const gate = gateWithBaseline(after.project, after.result.findings, after.result.files, { cwd: options.cwd }, findingText(after.project.host));
  const errors = gate.findings.filter((f) => f.severity === 'error').length;
  const warnings = gate.findings.filter((f) => f.severity === 'warning').length;
  const verb = options.dryRun ? 'would fix' : 'fixed';
  out.push(
    changes === 0
      ? 'No safe fixes to apply.'
      : `${options.dryRun ? 'Dry run: ' : ''}${verb} ${changes} problem${changes === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`,
  );
  out.push(
    errors + warnings === 0
      ? 'Nothing left to fix.'
      : `${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} remain: they need a person (run standpoint check for details).`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return errors > 0 || gate.stale.length > 0 || (options.maxWarnings >= 0 && warnings > options.maxWarnings) ? 1 : 0;
}

interface FixFlags {
  dryRun?: boolean;
  config: string | boolean;
  rule?: Record<string, SeveritySetting>;
  today?: string;
  maxWarnings?: number;
}

export function registerFix(program: Command, ctx: CliContext): void {
  const command = program
    .command('fix')
    .description('apply the safe fixes (one right answer: a required true, a mistyped status, promise id, person or rule id); never content a person must write')
    .addArgument(pathsArgument('files or folders to fix'))
    .option('--dry-run', 'print what would change; write nothing')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all: recommended rules, default globs')
    .option('--rule <id:severity>', "set a rule's severity (off|info|warning|error); repeatable", parseRuleFlag)
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD); also STANDPOINT_TODAY')
    .option('--max-warnings <n>', 'exit 1 when more warnings than this remain', (v) => parseCount(v, '--max-warnings'))
    .action(async (paths: string[], opts: FixFlags) => {
      ctx.setExitCode(
        await runFix({
          paths,
          dryRun: opts.dryRun === true,
          config: configFlag(opts.config),
          rules: opts.rule ?? {},
          today: ctx.today(opts.today),
          maxWarnings: opts.maxWarnings ?? -1,
          cwd: ctx.cwd,
        }),
      );
    });
  withHelp(command, {
    exitCodes: CHECK_EXIT_CODES.map(([code, meaning]) => [code, code === 2 ? meaning : `${meaning}, among the findings that remain`] as const),
    examples: ['standpoint fix --dry-run', 'standpoint fix decisions/', 'standpoint fix && git diff'],
  });
}
