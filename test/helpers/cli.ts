import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, REPO } from './paths.js';

/** The run date every CLI test pins, so date rules are deterministic. */
export const TODAY = '2026-11-20';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Working folder of the run; the repository root by default. */
  cwd?: string;
  /** Variables to set (a string) or remove (undefined) on top of this process's environment. */
  env?: Record<string, string | undefined>;
  /** Milliseconds before the run is stopped (a minute unless given). */
  timeout?: number;
}

/** One JSON finding, as SPEC §4 fixes it. */
export interface JsonFinding {
  file: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  principle: string;
  docsUrl: string;
}

/**
 * Runs `node bin/standpoint.js ARGS` to completion with no stdin. Variables that would
 * make a run depend on the machine (a date, colours, CI) are removed unless given.
 */
export function standpoint(args: string[], options: RunOptions = {}): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['STANDPOINT_TODAY', 'FORCE_COLOR', 'NO_COLOR']) delete env[name];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env,
    input: '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Parses the stdout of a `--format json` run, failing with the whole output when it is not JSON. */
export function findings(result: RunResult): JsonFinding[] {
  try {
    return JSON.parse(result.stdout) as JsonFinding[];
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** `rule@file:line` for each finding, sorted: compact, exact, and readable in a failed assertion. */
export function triples(list: JsonFinding[]): string[] {
  return list.map((f) => `${f.rule}@${f.file}:${f.line}`).sort();
}

/** A failed-assertion message that shows what the run printed. */
export function show(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** True when stderr looks like a stack trace rather than a message. */
export function hasStackTrace(text: string): boolean {
  return /^\s*at \S/m.test(text) || /node:internal|\.js:\d+:\d+\)?$/m.test(text);
}

export type Files = Record<string, string>;

/** Writes `files` (relative path → text) under `root`, creating folders. */
export function writeFiles(root: string, files: Files): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/**
 * Temporary workspaces for one `describe` block: `make(files)` creates a fresh folder in
 * the OS temp dir; all of them are removed after the block.
 */
export function tempWorkspaces(): (files?: Files) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (files = {}) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-test-')));
    made.push(dir);
    writeFiles(dir, files);
    return dir;
  };
}

export interface RecordOptions {
  id: string;
  /** The text of the record's own promise; include "aim to" for a promise-hedged warning. */
  promise?: string;
  /** Reference a promise from the register instead of writing one out. */
  ref?: string;
  title?: string;
  /** YAML appended at the end of the record (top-level fields). */
  extra?: string;
}

/**
 * A launch-plan record on which every built-in rule stays silent (with or without the
 * registries written by `standpoint init`), unless the options ask for a finding.
 */
export function record(options: RecordOptions): string {
  const promise = options.ref
    ? `  - ref: ${options.ref}\n`
    : [
        `  - id: P-${options.id}`,
        `    promise: ${options.promise ?? 'Orders placed before 2pm ship the same day'}`,
        '    owner: Sam Lee',
        '    measure: percentage of customers whose order shipped the same day',
        '    target: ">= 95%"',
        '    baseline: 91%',
        '    review: 2027-06-30',
        '',
      ].join('\n');
  return `decision: launch-plan
id: ${options.id}
title: ${options.title ?? 'Order tracking page for every order'}
status: proposed
date: ${TODAY}
owner: Dana Reyes
approvers: [Mo Khan]
customer_impact: direct
customer_standpoint:
  advocates: [Priya Shah]
  evidence:
    - source: support-tickets
      summary: A third of all contacts ask where an order is
      date: 2026-11-01
promises:
${promise}functions:
  - function: Customer Support
    customer_effect: Fewer "where is my order" contacts
    owner: Priya Shah
metrics:
  - name: Percentage of customers who track an order without contacting us
    kind: customer
    unit: percent-of-customers
    target: 80
  - name: Percentage of customers who contact us about an order's whereabouts
    kind: customer
    unit: percent-of-customers
    target: 5
actions:
  - action: Publish the tracking page for all carriers
    owner: Sam Lee
    due: 2027-01-15
launch:
  target_date: 2027-01-15
  driver: Customers asked for it in support tickets
  readiness:
    - item: Tracking data from all carriers
      status: done
      owner: Sam Lee
${options.extra ?? ''}`;
}

/** The 1-based number of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

/** Runs git in `cwd` with a fixed identity, failing loudly. */
export function git(cwd: string, ...args: string[]): string {
  return gitWithEnv(cwd, {}, ...args);
}

function gitWithEnv(cwd: string, env: Record<string, string>, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: os.devNull,
      ...env,
    },
  });
}

/**
 * Commits everything in `cwd` with author and committer date `date` (ISO 8601 with a zone),
 * no hooks and no signing; returns the commit id.
 */
export function commitAt(cwd: string, date: string, message: string): string {
  const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const neutral = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'core.autocrlf=false'];
  gitWithEnv(cwd, env, ...neutral, 'add', '-A');
  gitWithEnv(cwd, env, ...neutral, 'commit', '-q', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD').trim();
}

/** A promise register holding one complete promise per id. */
export function register(ids: string[]): string {
  return `promises:\n${ids
    .map(
      (id) => `  - id: ${id}
    promise: Orders placed before 2pm ship the same day
    owner: Sam Lee
    measure: percentage of customers whose order shipped the same day
    target: ">= 95%"
    baseline: 91%
    review: 2027-06-30
`,
    )
    .join('')}`;
}
