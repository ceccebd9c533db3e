import path from 'node:path';
import { openProject, type Host, type Project, type ProjectOptions, type SeveritySetting } from '../core/index.js';
import { NodeHost } from './node-host.js';
import { builtinPaths, localToday } from './package-paths.js';

/** How a command or the language server asks for a project, before paths are resolved. */
export interface ProjectSetup {
  /** The folder relative paths (the config flag) are read from. */
  cwd: string;
  /** `--config FILE` (relative to cwd): that file alone, no discovery; `false` for `--no-config`. */
  config?: string | false;
  /** `--rule ID:SEVERITY` flags. */
  rules?: Record<string, SeveritySetting>;
  /** "Today" for date rules, already resolved (see `resolveToday`). */
  today: string;
  /** False in an untrusted workspace: built-in rules only. */
  trusted?: boolean;
  /** Rule folders loaded after the config's `rule_dirs`. */
  extraRuleDirs?: string[];
  /** Documents are analysed again after each edit (the language server): see ProjectOptions. */
  followsEdits?: boolean;
}

/** A date given as "today" that is not a real YYYY-MM-DD date. */
export class InvalidDateError extends Error {
  constructor(
    readonly source: string,
    value: string,
  ) {
    super(`${source} must be a date as YYYY-MM-DD, got "${value}"`);
    this.name = 'InvalidDateError';
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(value: string | undefined, source: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new InvalidDateError(source, value);
  return value;
}

/**
 * "Today" for a run, the same way for every host: the explicit value (a `--today` flag, an
 * editor setting), else STANDPOINT_TODAY, else the local date. An invalid date is an error, never ignored.
 */
export function resolveToday(explicit?: { value: string | undefined; source: string }, env: NodeJS.ProcessEnv = process.env): string {
  return (explicit && checkedDate(explicit.value, explicit.source)) ?? checkedDate(env.STANDPOINT_TODAY, 'STANDPOINT_TODAY') ?? localToday();
}

/** The engine's options for a setup: the shipped rules and schemas, the config file resolved against cwd. */
export function projectOptions(setup: ProjectSetup): ProjectOptions {
  return {
    ...builtinPaths(),
    today: setup.today,
    configFile: setup.config === false ? false : setup.config ? path.resolve(setup.cwd, setup.config) : undefined,
    commandLineRules: setup.rules ?? {},
    ...(setup.trusted === undefined ? {} : { trusted: setup.trusted }),
    ...(setup.extraRuleDirs ? { extraRuleDirs: setup.extraRuleDirs } : {}),
    ...(setup.followsEdits ? { followsEdits: true } : {}),
  };
}

/** Opens the project every command and the language server work on. */
export function openNodeProject(setup: ProjectSetup, host: Host = new NodeHost()): Project {
  return openProject(host, projectOptions(setup));
}
