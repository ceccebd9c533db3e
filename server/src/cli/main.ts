import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../core/index.js';
import { NotAFileError } from '../node/regular-file.js';
import { GitError } from '../node/git.js';
import { InvalidDateError } from '../node/open-project.js';
import { packageVersion } from '../node/package-paths.js';
import { cliContext } from './cli-context.js';
import { registerBaseline } from './commands/baseline.js';
import { registerCheck } from './commands/check.js';
import { registerDiffRules } from './commands/diff-rules.js';
import { registerDocs } from './commands/docs.js';
import { registerDue } from './commands/due.js';
import { registerExplain } from './commands/explain.js';
import { registerFix } from './commands/fix.js';
import { registerLsp } from './commands/lsp.js';
import { registerNewRule } from './commands/new-rule.js';
import { registerReport } from './commands/report/index.js';
import { registerRules } from './commands/rules.js';
import { registerInit, registerNew } from './commands/scaffold.js';
import { registerTestRules } from './commands/test-rules.js';
import { didYouMean, helpFooter, HELP_CONFIGURATION } from './help.js';
import { UsageError } from './usage-error.js';

/** Every command, in the order `--help` lists them. */
const COMMANDS = [
  registerCheck,
  registerFix,
  registerBaseline,
  registerDiffRules,
  registerReport,
  registerDue,
  registerRules,
  registerExplain,
  registerInit,
  registerNew,
  registerTestRules,
  registerNewRule,
  registerDocs,
  registerLsp,
];

/** Runs the CLI and resolves to the exit code: 0 clean, 1 findings over the threshold, 2 usage or configuration error. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let exitCode = 0;
  const program = new Command('standpoint')
    .description('Policy-as-code for customer decisions: checks decision records against customer-centricity rules.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .configureHelp(HELP_CONFIGURATION)
    .showHelpAfterError('(run standpoint --help for usage)')
    .addHelpText(
      'after',
      helpFooter({
        exitCodes: [
          [0, 'no errors (check, fix), or the command did what it was asked'],
          [1, 'findings over the threshold (check, fix), failing rule tests (test-rules), pages out of date (docs --check)'],
          [2, 'usage or configuration error: the message says which file, line or flag'],
        ],
        examples: ['standpoint check', 'standpoint explain promise-hedged', 'standpoint init && standpoint new launch-plan', 'standpoint check --help'],
      }),
    );
  const ctx = cliContext(cwd, (code) => {
    exitCode = code;
  });
  for (const register of COMMANDS) register(program, ctx);
  try {
    refuseMistypedCommand(program, argv, cwd);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return report(err);
  }
}

/**
 * `check` is the default command, so a first word that is neither a command nor an existing
 * file would be checked as a missing path: when it looks like a typo of a command, say so.
 */
function refuseMistypedCommand(program: Command, argv: string[], cwd: string): void {
  const first = argv[0];
  if (first === undefined || first.startsWith('-') || /[./\\]/.test(first) || fs.existsSync(path.resolve(cwd, first))) return;
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
  if (names.includes(first) || first === 'help') return;
  const hint = didYouMean(first, names);
  if (hint) throw new UsageError(`unknown command "${first}"${hint}; no file or folder is called ${first} either`);
}

/** The exit code for an error, said on stderr without a stack trace; anything unforeseen is rethrown. */
function report(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof ConfigError) {
    // A problem with no place in a file (a flag, a missing path) has line 0.
    for (const p of err.problems) process.stderr.write(p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}\n` : `standpoint: ${p.file}: ${p.message}\n`);
    return 2;
  }
  if (err instanceof UsageError || err instanceof GitError || err instanceof InvalidDateError || err instanceof NotAFileError) {
    process.stderr.write(`standpoint: ${err.message}\n`);
    return 2;
  }
  throw err;
}
