import path from 'node:path';
import { Option, type Command } from 'commander';
import { addToDate, discoverRecords, dueItems, readDocument, type DueItem, type Project } from '../../core/index.js';
import { openNodeProject } from '../../node/open-project.js';
import { configFlag, writeOut, type CliContext } from '../cli-context.js';
import { printable } from '../formatters/relative-path.js';
import { UsageError } from '../usage-error.js';

export const DUE_FORMATS = ['stylish', 'json', 'markdown'] as const;
export type DueFormat = (typeof DUE_FORMATS)[number];

export interface DueOptions {
  paths: string[];
  /** Days ahead of today to look (overdue items are always listed). */
  within: number;
  format: DueFormat;
  output?: string;
  config?: string | false;
  today: string;
  cwd: string;
}

/** One owner's items: a person of the people registry (by id) when the owner resolves to one, else the owner as written. */
export interface OwnerGroup {
  owner: string;
  id?: string;
  function?: string;
  items: DueRow[];
}

/** An item as reported: its file relative to where the command runs, whether it is overdue, and what it is in words. */
export interface DueRow extends DueItem {
  overdue: boolean;
  what: string;
}

/** Said of an item without an owner, and sorted last. */
const NO_OWNER = '(no owner)';

/**
 * `standpoint due`: what falls due within DAYS of today or is overdue — decision reviews,
 * promise reviews, waiver expiries — grouped by the person who owns it. A report, not a
 * gate: the exit code is 0 whatever it finds (2 for a usage or configuration error).
 */
export function runDue(options: DueOptions): number {
  const project = openNodeProject({ cwd: options.cwd, config: options.config, today: options.today });
  const until = addToDate(options.today, 0, options.within);
  const files = discoverRecords(project, options.paths, options.cwd);
  const items: Array<{ item: DueItem; project: Project }> = [];
  const registers = new Set<string>();
  for (const file of files) {
    const text = project.host.readFile(file);
    if (text === undefined) continue;
    for (const item of dueItems(readDocument(file, text), options.today, until)) items.push({ item, project });
    const register = project.configFor(file).promises;
    if (register) registers.add(register);
  }
  for (const register of [...registers].sort()) {
    const { doc } = project.registryDocument(register, 'promise-register');
    for (const item of dueItems(doc, options.today, until)) items.push({ item, project });
  }
  const groups = groupByOwner(items, options.cwd);
  const text =
    options.format === 'json'
      ? `${JSON.stringify({ today: options.today, within: options.within, owners: groups }, null, 2)}\n`
      : options.format === 'markdown'
        ? markdown(groups, options)
        : stylish(groups, options);
  writeOut(options.cwd, options.output, text);
  return 0;
}

/** Items grouped by owner, owners by name (nobody last), each owner's items by date, then place. */
export function groupByOwner(items: Array<{ item: DueItem; project: Project }>, cwd: string): OwnerGroup[] {
  const groups = new Map<string, OwnerGroup>();
  for (const { item, project } of items) {
    const person = item.owner ? project.registries(project.configFor(item.file)).people?.find(item.owner) : undefined;
    const name = person?.name ?? person?.id ?? item.owner;
    const key = person ? `person:${(person.id ?? person.name ?? '').toLowerCase()}` : `text:${item.owner.toLowerCase()}`;
    let group = groups.get(key);
    if (!group) {
      group = { owner: name || NO_OWNER, ...(person?.id ? { id: person.id } : {}), ...(person?.function ? { function: person.function } : {}), items: [] };
      groups.set(key, group);
    }
    // Keys in a fixed order: the JSON output is a documented contract.
    group.items.push({
      kind: item.kind,
      date: item.date,
      days: item.days,
      overdue: item.days < 0,
      file: printable(path.relative(cwd, item.file) || item.file),
      line: item.line,
      column: item.column,
      ...(item.record ? { record: item.record } : {}),
      subject: item.subject,
      owner: item.owner,
      what: describe(item),
    });
  }
  const sorted = [...groups.values()].sort((a, b) => (a.owner === NO_OWNER ? 1 : 0) - (b.owner === NO_OWNER ? 1 : 0) || compareText(a.owner, b.owner));
  for (const g of sorted) g.items.sort((a, b) => compareText(a.date, b.date) || compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
  return sorted;
}

function compareText(a: string, b: string): number {
  const folded = a.localeCompare(b, 'en', { sensitivity: 'base' });
  return folded !== 0 ? folded : a < b ? -1 : a > b ? 1 : 0;
}

function describe(item: DueItem): string {
  const of = item.record ? ` (${item.record})` : '';
  switch (item.kind) {
    case 'decision-review':
      return `review of decision ${item.record ?? ''}${item.subject ? ` "${item.subject}"` : ''}`.replace(/\s+/g, ' ').trim();
    case 'promise-review':
      return `review of promise ${item.subject}${of}`.trim();
    case 'waiver-expiry':
      return `waiver of ${item.subject} expires${of}`;
  }
}

/** "today", "tomorrow", "in 3 days", "1 day overdue". */
export function when(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 1) return `in ${days} days`;
  return `${-days} day${days === -1 ? '' : 's'} overdue`;
}

function summary(groups: OwnerGroup[], options: DueOptions): string {
  const all = groups.flatMap((g) => g.items);
  if (all.length === 0) return `Nothing falls due within ${options.within} day${options.within === 1 ? '' : 's'} of ${options.today}.`;
  const overdue = all.filter((i) => i.overdue).length;
  return `${all.length} item${all.length === 1 ? '' : 's'} due within ${options.within} day${options.within === 1 ? '' : 's'} of ${options.today}${
    overdue > 0 ? ` (${overdue} overdue)` : ''
  }, for ${groups.length} owner${groups.length === 1 ? '' : 's'}.`;
}

function heading(g: OwnerGroup): string {
  return `${g.owner}${g.function ? ` (${g.function})` : ''}`;
}

function stylish(groups: OwnerGroup[], options: DueOptions): string {
  const out: string[] = [];
  const place = (i: DueRow) => `${i.file}:${i.line}`;
  // One column width for the whole report, so every owner's places line up.
  const width = Math.max(0, ...groups.flatMap((g) => g.items.map((i) => place(i).length)));
  for (const g of groups) {
    out.push(heading(g));
    for (const i of g.items) out.push(`  ${i.date}  ${when(i.days).padEnd(17)} ${place(i).padEnd(width)}  ${i.what}`);
    out.push('');
  }
  out.push(summary(groups, options));
  return `${out.join('\n')}\n`;
}

function markdown(groups: OwnerGroup[], options: DueOptions): string {
  const out = [`# Due within ${options.within} days of ${options.today}`, ''];
  for (const g of groups) {
    out.push(`## ${cell(heading(g))}`, '', '| due | when | what | where |', '|---|---|---|---|');
    for (const i of g.items) out.push(`| ${i.date} | ${when(i.days)} | ${cell(i.what)} | \`${i.file}:${i.line}\` |`);
    out.push('');
  }
  out.push(summary(groups, options));
  return `${out.join('\n')}\n`;
}

/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

interface DueFlags {
  within: number;
  format: DueFormat;
  output?: string;
  config: string | boolean;
  today?: string;
}

export function registerDue(program: Command, ctx: CliContext): void {
  program
    .command('due')
    .description('what falls due — decision reviews, promise reviews, waiver expiries — grouped by owner (a report: exit 0)')
    .argument('[paths...]', 'files or folders to look at', ['.'])
    .option('--within <days>', 'days ahead of today to include (overdue items always are)', parseDays, 30)
    .addOption(new Option('-f, --format <format>', 'output format').choices(DUE_FORMATS as unknown as string[]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'use this configuration file only (no discovery)')
    .option('--no-config', 'use no configuration file at all: default globs, no registries')
    .option('--today <date>', 'the date taken as today (YYYY-MM-DD); also STANDPOINT_TODAY')
    .action((paths: string[], opts: DueFlags) => {
      ctx.setExitCode(
        runDue({ paths, within: opts.within, format: opts.format, output: opts.output, config: configFlag(opts.config), today: ctx.today(opts.today), cwd: ctx.cwd }),
      );
    });
}

function parseDays(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--within expects a number of days (0 or more), got "${value}"`);
  return Number(value.trim());
}
