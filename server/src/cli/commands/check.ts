import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { isatty } from 'node:tty';
import type { Project, Rule, SeveritySetting } from '../../core/index.js';
import { AnalysisCache, CACHE_STRATEGIES, type CacheStrategy } from '../../node/cache.js';
import { hash } from '../../node/cache-setup.js';
import type { Concurrency } from '../../node/parallel.js';
import { packageVersion } from '../../node/package-paths.js';
import { BASELINE_FILE, baselinePath, findingText, gatesAllFindings, gateWithBaseline, sourceTexts, staleMessage } from '../baseline-file.js';
import { configFlag, writeOut, type CliContext } from '../cli-context.js';
import { CHUNKED_FORMATTERS, FORMATTERS } from '../formatters/index.js';
import { FORMAT_ENVIRONMENT } from '../formatters/links.js';
import { FORMATS, type FormatName, type Report } from '../formatters/types.js';
import { choiceOption, pathsArgument, withHelp } from '../help.js';
import { lintPaths } from '../lint-paths.js';
import { Progress } from '../progress.js';
import { parseConcurrency, parseCount, parseRuleFlag } from '../usage-error.js';

export interface CheckOptions {
  paths: string[];
  format: FormatName;
  output?: string;
  maxWarnings: number;
  config?: string | false;
  rules: Record<string, SeveritySetting>;
  today: string;
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
  let progress: Progress | undefined;
  const cacheFile = options.cacheFile && path.resolve(options.cwd, options.cacheFile);
  const cache = cacheFile ? new AnalysisCache(cacheFile, packageVersion(), options.cacheStrategy) : undefined;
  const gateOptions = { cwd: options.cwd, baseline: options.baseline, prune: options.pruneBaseline };
  let key: string | undefined;
  let rules: Rule[] = [];
  const { project, result } = await lintPaths(options, (found, project) => {
    progress = new Progress(found.length);
    // The rules the report describes: part of the report's key too.
    rules = ruleList(project, found);
    key = cache && reportKey(options, project, rules);
    return {
      concurrency: options.concurrency ?? 'auto',
      cache,
      onProgress: (done) => progress?.update(done),
      changedSince: options.changedSince ? { ref: options.changedSince, cwd: options.cwd, allFindings: gatesAllFindings(project, gateOptions) } : undefined,
      report: key,
    };
  });
  progress?.done();
  if (result.notice) process.stderr.write(`standpoint: ${result.notice}\n`);
  if (result.replay) {
    writeOut(options.cwd, options.output, result.replay.pieces);
    process.stderr.write(result.replay.stderr);
    return result.replay.exitCode;
  }

  const host = project.host;
  const sourceText = sourceTexts(host);
  const textOf = findingText(host, sourceText);
  // Unless a baseline is matched against them, a --changed-since run may give only the findings it reports.
  const gate = gateWithBaseline(project, result.findings, result.files, gateOptions, textOf);
  let findings = gate.findings.filter(result.inScope);
  const baselined = gate.baselined.filter(result.inScope);
  if (options.quiet) findings = findings.filter((f) => f.severity === 'error');

  const report: Report = {
    findings,
    rules,
    filesChecked: result.filesChecked,
    recordsChecked: result.recordsChecked,
    registriesChecked: result.registriesChecked,
    files: result.files,
    activeWaivers: result.activeWaivers,
    waived: result.waived,
    cwd: options.cwd,
    version: packageVersion(),
    color: options.color && !options.output,
    baseline: gate.file ? { file: gate.file, findings: baselined } : undefined,
    textOf,
    sourceText,
    scope: result.scope,
  };
  const pieces = CHUNKED_FORMATTERS[options.format]?.(report) ?? [FORMATTERS[options.format](report)];
  // Stored with the run as it is written out, for the next run that reuses the run (see reportKey).
  const recorder = key !== undefined && cache && cacheFile && !writesInto(options, cacheFile) ? cache.recordReport(key) : undefined;
  try {
    writeOut(options.cwd, options.output, recorder ? recorder.tee(pieces) : pieces);
  } catch (err) {
    recorder?.abandon();
    throw err;
  }
  let stderr = '';
  if (gate.pruned > 0)
    stderr += `standpoint: removed ${gate.pruned} fixed finding${gate.pruned === 1 ? '' : 's'} from ${path.relative(options.cwd, gate.file!) || gate.file}\n`;
  if (gate.stale.length > 0) stderr += staleMessage(gate.file!, options.cwd, gate.stale);
  process.stderr.write(stderr);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const exitCode = errors > 0 || gate.stale.length > 0 || (options.maxWarnings >= 0 && warnings > options.maxWarnings) ? 1 : 0;
  recorder?.end(exitCode, stderr);
  return exitCode;
}

/**
 * The key of everything besides the run that shapes a check's report, its stderr after the
 * report and its exit code: the format and the options that filter, colour or place it, the
 * baseline (where it is and what it holds), the environment the formats read, and the rules as
 * described. A cached re-run that reuses the run with the same key writes the report stored
 * with it. A run whose report depends on more (what git says changed) or that writes a file
 * (pruning the baseline) has no key, and neither stores nor replays one.
 */
function reportKey(options: CheckOptions, project: Project, rules: Rule[]): string | undefined {
  if (options.changedSince || options.pruneBaseline) return undefined;
  const baseline = options.baseline === false ? undefined : baselinePath(project, options.cwd, options.baseline);
  let baselineText: string | undefined;
  try {
    baselineText = baseline === undefined ? undefined : fs.readFileSync(baseline, 'utf8');
  } catch {
    // No baseline there: the key says so.
  }
  return hash(
    JSON.stringify([
      options.format,
      options.quiet,
      options.maxWarnings,
      options.color && !options.output,
      options.cwd,
      baseline ?? null,
      baselineText ?? null,
      FORMAT_ENVIRONMENT.map((name) => process.env[name] ?? null),
      rules,
    ]),
  );
}

/** Does the report go into the cache file itself (`-o` naming it)? Then it is not stored there. */
function writesInto(options: CheckOptions, cacheFile: string): boolean {
  return options.output !== undefined && path.resolve(options.cwd, options.output) === cacheFile;
}

function ruleList(project: Project, files: string[]): Rule[] {
  const seen = new Map<string, Rule>();
  for (const rule of project.builtinRules()) seen.set(rule.id, rule);
  for (const file of files.slice(0, 1)) for (const rule of project.rulesFor(file).catalog.values()) seen.set(rule.id, rule);
  return [...seen.values()];
}

interface CheckFlags {
  format: FormatName;
  output?: string;
  maxWarnings?: number;
  config: string | boolean;
  rule?: Record<string, SeveritySetting>;
  today?: string;
  changedSince?: string;
  quiet?: boolean;
  baseline: string | boolean;
  pruneBaseline?: boolean;
  cache?: boolean;
  cacheLocation: string;
  cacheStrategy: CacheStrategy;
  concurrency: Concurrency;
}

/** What a check's exit code means; `fix` exits the same way on what remains. */
export const CHECK_EXIT_CODES = [
  [0, 'no errors, and no more warnings than --max-warnings'],
  [1, 'errors, more warnings than --max-warnings, or a baseline listing findings that no longer occur'],
  [2, 'usage or configuration error (the message names the file, line or flag)'],
] as const;

export function registerCheck(program: Command, ctx: CliContext): void {
  const command = program
    .command('check', { isDefault: true })
    .description('check decision records (default: the current folder)')
    .addArgument(pathsArgument('files or folders to check'))
    .addOption(choiceOption('-f, --format <format>', 'output format', FORMATS, 'stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this', (v) => parseCount(v, '--max-warnings'))
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all: recommended rules, default globs')
    .option('--rule <id:severity>', "set a rule's severity (off|info|warning|error); repeatable", parseRuleFlag)
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD); also STANDPOINT_TODAY')
    .option('--changed-since <ref>', 'report only records changed since this git ref')
    .option('-q, --quiet', 'report errors only')
    .option('--baseline <file>', `use this baseline (default: ${BASELINE_FILE} at the workspace root, when it exists)`)
    .option('--no-baseline', 'ignore any baseline: report every finding')
    .option('--prune-baseline', 'remove baseline entries whose findings no longer occur')
    .option('--cache', 'reuse results for unchanged files (see --cache-strategy)')
    .option('--cache-location <file>', 'where the cache lives', '.standpoint-cache')
    .addOption(
      choiceOption(
        '--cache-strategy <strategy>',
        'how the cache spots changed files: metadata (size and modification time) or content (hash)',
        CACHE_STRATEGIES,
        'metadata',
      ),
    )
    .option('--concurrency <n>', 'worker threads: auto, off or a number', parseConcurrency, 'auto')
    .action(async (paths: string[], opts: CheckFlags) => {
      ctx.setExitCode(
        await runCheck({
          paths,
          format: opts.format,
          output: opts.output,
          maxWarnings: opts.maxWarnings ?? -1,
          config: configFlag(opts.config),
          rules: opts.rule ?? {},
          today: ctx.today(opts.today),
          changedSince: opts.changedSince,
          quiet: opts.quiet === true,
          cwd: ctx.cwd,
          color: isatty(1) && !process.env.NO_COLOR,
          baseline: opts.baseline === false ? false : typeof opts.baseline === 'string' ? opts.baseline : undefined,
          pruneBaseline: opts.pruneBaseline === true,
          cacheFile: opts.cache ? opts.cacheLocation : undefined,
          cacheStrategy: opts.cacheStrategy,
          concurrency: opts.concurrency,
        }),
      );
    });
  withHelp(command, {
    exitCodes: CHECK_EXIT_CODES,
    examples: [
      'standpoint check',
      'standpoint check decisions/ --format sarif -o standpoint.sarif',
      'standpoint check --changed-since origin/main --format rdjson | reviewdog -f=rdjson -reporter=github-pr-review',
    ],
  });
}
