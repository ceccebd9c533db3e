import { Argument, Option, type Command, type HelpConfiguration } from 'commander';
import { suggest } from '../core/index.js';
import { UsageError } from './usage-error.js';

/** What `--help` adds under a command's options: its exit codes and a few examples. */
export interface CommandHelp {
  exitCodes: ReadonlyArray<readonly [code: number, meaning: string]>;
  examples: readonly string[];
}

export function withHelp(command: Command, help: CommandHelp): Command {
  return command.addHelpText('after', helpFooter(help));
}

export function helpFooter(help: CommandHelp): string {
  return ['', 'Exit codes:', ...help.exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`), '', 'Examples:', ...help.examples.map((e) => `  $ ${e}`)].join('\n');
}

/**
 * Help that shows only defaults a user could type: `(default: stylish)`, never how the code
 * spells "not given" (`-1`, `{}`, `false`). Choices are listed without quotes.
 */
export const HELP_CONFIGURATION: HelpConfiguration = {
  optionDescription(option) {
    const shown = option.required || option.optional ? typedDefault(option.defaultValue, option.defaultValueDescription) : undefined;
    return withExtras(option.description, option.argChoices, shown);
  },
  argumentDescription(argument) {
    return withExtras(argument.description, argument.argChoices, typedDefault(argument.defaultValue, argument.defaultValueDescription));
  },
};

function typedDefault(value: unknown, description: string | undefined): string | undefined {
  if (description) return description;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && value >= 0) return String(value);
  return undefined;
}

function withExtras(description: string, choices: readonly string[] | undefined, defaultText: string | undefined): string {
  const extras = [...(choices ? [`one of ${choices.join(', ')}`] : []), ...(defaultText ? [`default: ${defaultText}`] : [])];
  return extras.length > 0 ? `${description} (${extras.join('; ')})` : description;
}

/** `[paths...]`: files or folders, the current folder when none is given. */
export function pathsArgument(description: string): Argument {
  return new Argument('[paths...]', description).default(['.'], 'the current folder');
}

/**
 * An option that takes one of `choices`: a mistyped value is a usage error (exit 2) that
 * names the closest choice, e.g. `--format jsn` → `(did you mean "json"?)`.
 */
export function choiceOption<T extends string>(flags: string, description: string, choices: readonly T[], defaultValue?: T): Option {
  const flag = flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? flags;
  const option = new Option(flags, description).choices(choices).argParser((value: string): T => {
    const found = choices.find((c) => c === value);
    if (found !== undefined) return found;
    throw new UsageError(`${flag} expects one of ${choices.join(', ')}, got "${value}"${didYouMean(value, choices)}`);
  });
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** ` (did you mean "X"?)` when `value` looks like a typo of one of `known`, else nothing: the engine's wording for unknown rules and fields. */
export function didYouMean(value: string, known: readonly string[]): string {
  const near = suggest(value, known);
  return near ? ` (did you mean "${near}"?)` : '';
}
