import fs from 'node:fs';
import path from 'node:path';
import type { Rule } from '../core/index.js';
import { openNodeProject, resolveToday } from '../node/open-project.js';

/** What every command is given by the program: where it runs and how it reports its exit code. */
export interface CliContext {
  cwd: string;
  /** "Today": `--today`, else STANDPOINT_TODAY, else the local date. */
  today(flag?: string): string;
  setExitCode(code: number): void;
  /** The rules in force in cwd: built-in plus the config's `rule_dirs`. */
  catalog(config?: string): Rule[];
}

export function cliContext(cwd: string, setExitCode: (code: number) => void): CliContext {
  return {
    cwd,
    setExitCode,
    today: (flag) => resolveToday({ value: flag, source: '--today' }),
    catalog: (config) => {
      const project = openNodeProject({ cwd, config, today: resolveToday() });
      return [...project.rulesFor(path.join(cwd, '.standpoint-probe')).catalog.values()];
    },
  };
}

/** commander's value of `-c/--config` with `--no-config`: a file, false for none, undefined to discover. */
export function configFlag(value: string | boolean | undefined): string | false | undefined {
  return value === false ? false : typeof value === 'string' ? value : undefined;
}

/** Writes a command's output (one text, or its pieces in order: text or bytes) to `--output FILE` (creating folders) or to stdout. */
export function writeOut(cwd: string, output: string | undefined, text: string | Iterable<string | Uint8Array>): void {
  const pieces = typeof text === 'string' ? [text] : text;
  if (!output) {
    for (const piece of pieces) process.stdout.write(piece);
    return;
  }
  const file = path.resolve(cwd, output);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    for (const piece of pieces) {
      if (typeof piece === 'string') fs.writeSync(fd, piece);
      else for (let written = 0; written < piece.length;) written += fs.writeSync(fd, piece, written);
    }
  } finally {
    fs.closeSync(fd);
  }
}
