import type { Command } from 'commander';
import { ConfigError, findingKey, type Finding, type Project, type Rule, type Severity } from '../../core/index.js';
import { lintWorkspace } from '../../node/lint-workspace.js';
import { NodeHost } from '../../node/node-host.js';
import { openNodeProject } from '../../node/open-project.js';
import { RuleSetAtRef } from '../../node/rule-set-at-ref.js';
import { findingText } from '../baseline-file.js';
import { relativePath } from '../formatters/relative-path.js';
import { writeOut, type CliContext } from '../cli-context.js';
import { choiceOption, pathsArgument, withHelp } from '../help.js';
import { lintPaths, type LintSetup } from '../lint-paths.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffFinding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
}

export interface RuleDiff {
  base: string;
  recordsChecked: number;
  rules: { added: string[]; removed: string[]; changed: string[] };
  /** Records with no errors under the base rule set and errors under the working one. */
  newlyFailing: string[];
  /** Records with errors under the base rule set and none under the working one. */
  newlyPassing: string[];
  appeared: DiffFinding[];
  disappeared: DiffFinding[];
  severityChanged: Array<DiffFinding & { from: Severity }>;
}

/**
 * `standpoint diff-rules --base REF`: the same working-tree records, checked with the rule
 * set (configs and rule_dirs) at REF and with the working one. A preview: always exit 0.
 */
export async function diffRules(setup: LintSetup & { base: string }): Promise<RuleDiff> {
  const host = new NodeHost();
  const work = await lintPaths(setup, { concurrency: 'auto' }, host);
  const atRef = RuleSetAtRef.materialise(setup.base, setup.cwd);
  try {
    const baseProject = openNodeProject(setup, atRef.host(host));
    let base;
    try {
      base = await lintWorkspace(baseProject, work.files, { concurrency: 'auto' });
    } catch (err) {
      if (err instanceof ConfigError) {
        throw new ConfigError(err.problems.map((p) => ({ ...p, message: `${p.message} (in the rule set at ${setup.base})` })));
      }
      throw err;
    }
    const textOf = findingText(host);
    const relative = (file: string) => relativePath(setup.cwd, file);
    const records = work.result.files.filter((f) => !work.project.isRegistry(f));
    return {
      base: setup.base,
      recordsChecked: records.length,
      rules: compareCatalogs(catalogOf(baseProject, work.files), catalogOf(work.project, work.files)),
      ...compareFindings(base.findings, work.result.findings, relative, textOf, work.result.files),
    };
  } finally {
    atRef.dispose();
  }
}

function catalogOf(project: Project, files: string[]): Map<string, Rule> {
  const out = new Map<string, Rule>();
  for (const file of files) for (const [id, rule] of project.rulesFor(file).catalog) out.set(id, rule);
  return out;
}

function compareCatalogs(before: Map<string, Rule>, after: Map<string, Rule>): RuleDiff['rules'] {
  const shape = (r: Rule) => JSON.stringify({ ...r, file: undefined, docsUrl: undefined });
  return {
    added: [...after.keys()].filter((id) => !before.has(id)).sort(),
    removed: [...before.keys()].filter((id) => !after.has(id)).sort(),
    changed: [...after.keys()].filter((id) => before.has(id) && shape(before.get(id)!) !== shape(after.get(id)!)).sort(),
  };
}

function compareFindings(
  before: Finding[],
  after: Finding[],
  relative: (file: string) => string,
  textOf: (f: Finding) => string,
  files: string[],
): Pick<RuleDiff, 'newlyFailing' | 'newlyPassing' | 'appeared' | 'disappeared' | 'severityChanged'> {
  const key = (f: Finding) => `${f.file}\u0000${f.rule}\u0000${findingKey(f, relative, textOf)}`;
  const pool = new Map<string, Finding[]>();
  for (const f of before) pool.set(key(f), [...(pool.get(key(f)) ?? []), f]);
  const appeared: DiffFinding[] = [];
  const severityChanged: RuleDiff['severityChanged'] = [];
  for (const f of after) {
    const list = pool.get(key(f));
    const same = list?.findIndex((b) => b.severity === f.severity) ?? -1;
    if (list && same >= 0) list.splice(same, 1);
    else if (list && list.length > 0) severityChanged.push({ ...plain(f, relative), from: list.shift()!.severity });
    else appeared.push(plain(f, relative));
  }
  const disappeared = [...pool.values()].flat().map((f) => plain(f, relative));
  const errors = (list: Finding[], file: string) => list.some((f) => f.file === file && f.severity === 'error');
  const newlyFailing = files.filter((f) => !errors(before, f) && errors(after, f)).map(relative);
  const newlyPassing = files.filter((f) => errors(before, f) && !errors(after, f)).map(relative);
  const order = (a: DiffFinding, b: DiffFinding) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column);
  return { newlyFailing, newlyPassing, appeared: appeared.sort(order), disappeared: disappeared.sort(order), severityChanged: severityChanged.sort(order) };
}

function plain(f: Finding, relative: (file: string) => string): DiffFinding {
  return { file: relative(f.file), rule: f.rule, severity: f.severity, message: f.message, line: f.line, column: f.column };
}

export function formatDiff(diff: RuleDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  return format === 'markdown' ? markdownDiff(diff) : textDiff(diff);
}

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function ruleLine(diff: RuleDiff): string {
  const { added, removed, changed } = diff.rules;
  const parts = [
    added.length > 0 && `added ${added.join(', ')}`,
    changed.length > 0 && `changed ${changed.join(', ')}`,
    removed.length > 0 && `removed ${removed.join(', ')}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'no rule definitions changed (settings may have)';
}

function summary(diff: RuleDiff): string {
  return (
    `${n(diff.newlyFailing.length, 'record')} newly fail${diff.newlyFailing.length === 1 ? 's' : ''}, ${diff.newlyPassing.length} newly pass${diff.newlyPassing.length === 1 ? 'es' : ''}; ` +
    `${n(diff.appeared.length, 'finding')} appear${diff.appeared.length === 1 ? 's' : ''}, ${diff.disappeared.length} disappear${diff.disappeared.length === 1 ? 's' : ''}, ` +
    `${diff.severityChanged.length} change${diff.severityChanged.length === 1 ? 's' : ''} severity (${n(diff.recordsChecked, 'record')} checked)`
  );
}

function textDiff(diff: RuleDiff): string {
  const out = [`Rule set at ${diff.base} → working tree: ${ruleLine(diff)}`, ''];
  const files = (title: string, list: string[]) => {
    if (list.length === 0) return;
    out.push(`${title} (${list.length}):`, ...list.map((f) => `  ${f}`), '');
  };
  const findings = (title: string, mark: string, list: Array<DiffFinding & { from?: Severity }>) => {
    if (list.length === 0) return;
    out.push(`${title} (${list.length}):`);
    for (const f of list) {
      const severity = f.from ? `${f.from} → ${f.severity}` : f.severity;
      out.push(`  ${mark} ${f.file}:${f.line}:${f.column}  ${severity}  ${f.message}  ${f.rule}`);
    }
    out.push('');
  };
  files('Newly failing records', diff.newlyFailing);
  files('Newly passing records', diff.newlyPassing);
  findings('Findings that appear', '+', diff.appeared);
  findings('Findings that disappear', '-', diff.disappeared);
  findings('Findings that change severity', '~', diff.severityChanged);
  out.push(summary(diff));
  return `${out.join('\n')}\n`;
}

function markdownDiff(diff: RuleDiff): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
  const out = [`## Standpoint rule change preview (${esc(diff.base)} → this branch)`, '', `Rules: ${esc(ruleLine(diff))}.`, '', `${summary(diff)}.`, ''];
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`### ${title}`, '', ...items, '');
  };
  list(
    'Newly failing records',
    diff.newlyFailing.map((f) => `- \`${f}\``),
  );
  list(
    'Newly passing records',
    diff.newlyPassing.map((f) => `- \`${f}\``),
  );
  const row = (f: DiffFinding & { from?: Severity }) => `- \`${f.rule}\` \`${f.file}:${f.line}\` ${f.from ? `${f.from} → ` : ''}${f.severity} — ${esc(f.message)}`;
  list('Findings that appear', diff.appeared.map(row));
  list('Findings that disappear', diff.disappeared.map(row));
  list('Findings that change severity', diff.severityChanged.map(row));
  return out.join('\n');
}

export function registerDiffRules(program: Command, ctx: CliContext): void {
  const command = program
    .command('diff-rules')
    .description('preview a rule change: check the same records with the rule set at a git ref and the working one')
    .addArgument(pathsArgument('files or folders to check'))
    .requiredOption('--base <ref>', 'the git ref whose rule set (configs and rule_dirs) to compare with')
    .addOption(choiceOption('-f, --format <format>', 'output format', DIFF_FORMATS, 'text'))
    .option('-o, --output <file>', 'write the preview to a file instead of stdout')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--today <date>', 'the date date rules treat as today (YYYY-MM-DD)')
    .action(async (paths: string[], opts: { base: string; format: DiffFormat; output?: string; config?: string; today?: string }) => {
      const diff = await diffRules({ paths, cwd: ctx.cwd, today: ctx.today(opts.today), config: opts.config, base: opts.base });
      writeOut(ctx.cwd, opts.output, formatDiff(diff, opts.format));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the preview was printed, whatever it shows'],
      [2, 'usage, configuration or git error (e.g. the ref is not fetched)'],
    ],
    examples: [
      'standpoint diff-rules --base origin/main',
      'standpoint diff-rules --base HEAD~1 decisions/pricing/',
      'standpoint diff-rules --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ],
  });
}
