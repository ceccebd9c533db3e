import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, Project, type SeveritySetting } from '../core/index.js';
import { CACHE_STRATEGIES, type CacheStrategy } from '../node/cache.js';
import { GitError } from '../node/git.js';
import { NodeHost } from '../node/node-host.js';
import { builtinPaths, localToday, packageVersion } from '../node/package-paths.js';
import type { Concurrency } from '../node/parallel.js';
import { runCheck } from './check.js';
import { BASELINE_FILE } from './baseline.js';
import { runBaseline } from './commands/baseline.js';
import { DIFF_FORMATS, diffRules, formatDiff, type DiffFormat } from './commands/diff-rules.js';
import { runDocs } from './commands/docs.js';
import { explainRule } from './commands/explain.js';
import { describeNewRule, newRule } from './commands/new-rule.js';
import { runTestRules } from './commands/test-rules.js';
import { listRules } from './commands/rules.js';
import { init, newRecord } from './commands/scaffold.js';
import { FORMATS, type FormatName } from './formatters/types.js';
import { reportSummary, runReport } from './report/index.js';
import { parseConcurrency, parseCount, parseRuleFlag, parseToday, UsageError } from './usage-error.js';

/** Runs the CLI and resolves to the exit code: 0 clean, 1 findings over the threshold, 2 usage or configuration error. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let exitCode = 0;
  const program = new Command('standpoint')
    .description('Policy-as-code for customer decisions: checks decision records against customer-centricity rules.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showHelpAfterError('(run standpoint --help for usage)');

  const today = (flag: string | undefined) =>
    parseToday(flag, '--today') ?? parseToday(process.env.STANDPOINT_TODAY, 'STANDPOINT_TODAY') ?? localToday();

  program.command('check', { isDefault: true })
    .description('check decision records (default: the current folder)')
    .argument('[paths...]', 'files or folders to check', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS as unknown as string[]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--max-warnings <n>', 'fail (exit 1) when there are more warnings than this', (v) => parseCount(v, '--max-warnings'), -1)
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all: recommended rules, default globs')
    .option('--rule <id:severity>', 'set a rule\'s severity (off|info|warning|error); repeatable', parseRuleFlag, {})
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD); also STANDPOINT_TODAY')
    .option('--changed-since <ref>', 'report only records changed since this git ref')
    .option('-q, --quiet', 'report errors only', false)
    .option('--baseline <file>', `use this baseline (default: ${BASELINE_FILE} at the workspace root, when it exists)`)
    .option('--no-baseline', 'ignore any baseline: report every finding')
    .option('--prune-baseline', 'remove baseline entries whose findings no longer occur', false)
    .option('--cache', 'reuse results for unchanged files (see --cache-strategy)', false)
    .option('--cache-location <file>', 'where the cache lives', '.standpoint-cache')
    .addOption(new Option('--cache-strategy <strategy>', 'how the cache spots changed files: metadata (size and modification time) or content (hash)')
      .choices(CACHE_STRATEGIES as unknown as string[]).default('metadata'))
    .option('--concurrency <n>', 'worker threads: auto, off or a number', parseConcurrency, 'auto')
    .action(async (paths: string[], opts: {
      format: FormatName; output?: string; maxWarnings: number; config: string | boolean; rule: Record<string, SeveritySetting>;
      today?: string; changedSince?: string; quiet: boolean; baseline: string | boolean; pruneBaseline: boolean;
      cache: boolean; cacheLocation: string; cacheStrategy: CacheStrategy; concurrency: Concurrency;
    }) => {
      exitCode = await runCheck({
        paths, format: opts.format, output: opts.output, maxWarnings: opts.maxWarnings,
        config: opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined,
        rules: opts.rule, today: today(opts.today), changedSince: opts.changedSince, quiet: opts.quiet, cwd,
        color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
        baseline: opts.baseline === false ? false : typeof opts.baseline === 'string' ? opts.baseline : undefined,
        pruneBaseline: opts.pruneBaseline,
        cacheFile: opts.cache ? opts.cacheLocation : undefined, cacheStrategy: opts.cacheStrategy, concurrency: opts.concurrency,
      });
    });

  program.command('baseline')
    .description(`record the current findings in ${BASELINE_FILE}, so check reports only new ones`)
    .argument('[paths...]', 'files or folders to check', ['.'])
    .option('--baseline <file>', `where to write it (default: ${BASELINE_FILE} at the workspace root)`)
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all')
    .option('--rule <id:severity>', 'set a rule\'s severity; repeatable', parseRuleFlag, {})
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD)')
    .action((paths: string[], opts: { baseline?: string; config: string | boolean; rule: Record<string, SeveritySetting>; today?: string }) => {
      process.stdout.write(runBaseline({
        paths, cwd, today: today(opts.today), rules: opts.rule, baseline: opts.baseline,
        config: opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined,
      }));
    });

  program.command('diff-rules')
    .description('preview a rule change: check the same records with the rule set at a git ref and the working one')
    .argument('[paths...]', 'files or folders to check', ['.'])
    .requiredOption('--base <ref>', 'the git ref whose rule set (configs and rule_dirs) to compare with')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS as unknown as string[]).default('text'))
    .option('-o, --output <file>', 'write the preview to a file instead of stdout')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD)')
    .action((paths: string[], opts: { base: string; format: DiffFormat; output?: string; config?: string; today?: string }) => {
      const text = formatDiff(diffRules({ paths, cwd, today: today(opts.today), config: opts.config, base: opts.base }), opts.format);
      writeOut(cwd, opts.output, text);
    });

  const project = (config?: string) => new Project(new NodeHost(), {
    ...builtinPaths(), today: localToday(), configFile: config ? path.resolve(cwd, config) : undefined,
  });
  const catalog = (config?: string) => {
    const p = project(config);
    return [...p.rulesFor(path.join(cwd, '.standpoint-probe')).catalog.values()];
  };

  program.command('report')
    .description('write the decision-log scorecard: one self-contained HTML page with charts and a records table')
    .argument('[paths...]', 'files or folders to include', ['.'])
    .requiredOption('--html <file>', 'where to write the page')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all')
    .option('--today <date>', 'the date date rules and waiver expiry treat as today (YYYY-MM-DD)')
    .action((paths: string[], opts: { html: string; config: string | boolean; today?: string }) => {
      const { file, data } = runReport({
        paths, cwd, today: today(opts.today), html: opts.html,
        config: opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined,
      });
      process.stdout.write(reportSummary(file, cwd, data));
    });

  program.command('rules')
    .description('list the rules (built-in and from rule_dirs)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'configuration file')
    .action((opts: { format: 'text' | 'json'; config?: string }) => {
      process.stdout.write(listRules(catalog(opts.config), opts.format));
    });

  program.command('explain')
    .description('explain a rule: why it exists, what triggers it, how to comply')
    .argument('<rule-id>')
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { config?: string }) => {
      const rules = catalog(opts.config);
      const rule = rules.find((r) => r.id === id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; run standpoint rules for the list`);
      process.stdout.write(explainRule(rule));
    });

  program.command('init')
    .description('create .standpoint.yaml, people and promise registries and an example record')
    .argument('[dir]', 'folder to initialise', '.')
    .option('--force', 'overwrite existing files', false)
    .action((dir: string, opts: { force: boolean }) => {
      for (const file of init(path.resolve(cwd, dir), localToday(), opts.force)) process.stdout.write(`created ${path.relative(cwd, file) || file}\n`);
    });

  program.command('new')
    .description('create a decision record from a template')
    .argument('<kind>', 'launch-plan, budget-change, pricing-change, policy-change, org-change, sales-plan, incentive-plan or campaign')
    .argument('[path]', 'file or folder to write (default decisions/KIND-DATE.yaml; - for stdout)')
    .option('--markdown', 'write the Markdown form', false)
    .option('--force', 'overwrite an existing file', false)
    .action((kind: string, target: string | undefined, opts: { markdown: boolean; force: boolean }) => {
      const made = newRecord(kind, opts.markdown, target, cwd, localToday(), opts.force);
      process.stdout.write(made.file ? `created ${path.relative(cwd, made.file)}\n` : made.text);
    });

  program.command('test-rules')
    .description('run rule fixtures and docs examples: the built-in rules, a rule folder, or the rule_dirs of your config')
    .argument('[dir]', 'a folder of rules, or one rule\'s folder')
    .option('--coverage', 'also report rules without fixtures, and checks, words and patterns no invalid fixture exercises', false)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'configuration file')
    .action((dir: string | undefined, opts: { coverage: boolean; format: 'text' | 'json'; config?: string }) => {
      const result = runTestRules({ dir, config: opts.config, coverage: opts.coverage, format: opts.format, cwd });
      process.stdout.write(result.output);
      exitCode = result.exitCode;
    });

  program.command('new-rule')
    .description('scaffold a rule with a valid and an invalid fixture in your rule folder')
    .argument('<rule-id>', 'kebab-case id, e.g. pricing-segments-evidence')
    .option('--dir <dir>', 'rule folder (default: the first rule_dirs entry of .standpoint.yaml)')
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { dir?: string; config?: string }) => {
      process.stdout.write(describeNewRule(newRule(id, opts.dir, cwd, opts.config), cwd));
    });

  program.command('docs')
    .description('write the rule reference: one Markdown page per rule and an index')
    .argument('[dir]', 'a folder of rules (default: the rule_dirs of your config, else the built-in rules)')
    .option('-o, --out <dir>', 'folder to write the pages to', 'docs/rules')
    .option('--check', 'write nothing; exit 1 when the pages are out of date', false)
    .option('-c, --config <file>', 'configuration file')
    .action((dir: string | undefined, opts: { out: string; check: boolean; config?: string }) => {
      const result = runDocs({ dir, out: opts.out, check: opts.check, config: opts.config, cwd });
      process.stdout.write(result.output);
      exitCode = result.exitCode;
    });

  program.command('lsp')
    .description('run the language server (for Neovim, Helix, Emacs and other LSP clients)')
    .option('--stdio', 'talk LSP over stdin/stdout', true)
    .action(async () => {
      const { startServer } = await import('../lsp/server.js');
      startServer();
      exitCode = await new Promise<number>(() => undefined);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof ConfigError) {
    // A problem with no place in a file (a flag, a missing path) has line 0.
    for (const p of err.problems) process.stderr.write(p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}\n` : `standpoint: ${p.file}: ${p.message}\n`);
    return 2;
  }
  if (err instanceof UsageError || err instanceof GitError) {
    process.stderr.write(`standpoint: ${err.message}\n`);
    return 2;
  }
  throw err;
}

/** Writes a command's output to `--output FILE` (creating folders) or to stdout. */
function writeOut(cwd: string, output: string | undefined, text: string): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(cwd, output);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
