import fs from 'node:fs';
import path from 'node:path';
import { Argument, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { didYouMean, withHelp } from '../help.js';
import { UsageError } from '../usage-error.js';
import { ConfigError, discoverRecords, KINDS, nextIds, recordTemplate, type Kind } from '../../core/index.js';
import { openNodeProject } from '../../node/open-project.js';

/** Writes files that must not exist yet; nothing is written if any would be overwritten. */
export function writeNewFiles(files: Array<{ file: string; text: string }>, force: boolean): string[] {
  const existing = files.filter((f) => fs.existsSync(f.file));
  if (existing.length > 0 && !force) {
    throw new UsageError(`${existing.map((f) => f.file).join(', ')} already exist${existing.length === 1 ? 's' : ''}; use --force to overwrite`);
  }
  for (const { file, text } of files) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return files.map((f) => f.file);
}

export function checkKind(kind: string): Kind {
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown kind "${kind}"${didYouMean(kind, KINDS)}; the kinds are ${KINDS.join(', ')}`);
  return kind as Kind;
}

/**
 * The text of every record and the promise register of the workspace `dir` belongs to, so
 * a new record's ids are free. A workspace whose configuration is broken is scanned as
 * plain folders: a new record must never be blocked by, or clash because of, a config typo.
 */
function workspaceTexts(cwd: string, dir: string, today: string): string[] {
  const files = new Set<string>();
  try {
    const project = openNodeProject({ cwd, today });
    const config = project.configs.forDirectory(dir);
    const root = config.files.length > 0 ? config.root : cwd;
    for (const file of discoverRecords(project, [root], cwd)) files.add(file);
    if (config.promises) files.add(config.promises);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
  }
  for (const folder of [dir, path.join(cwd, 'decisions')]) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) continue;
    for (const name of fs.readdirSync(folder)) if (/\.(ya?ml|md)$/.test(name)) files.add(path.join(folder, name));
  }
  return [...files].flatMap((file) => {
    try {
      return [fs.readFileSync(file, 'utf8')];
    } catch {
      return [];
    }
  });
}

/** `standpoint new KIND [--markdown] [PATH]`: a record from the template, to a file or stdout with "-"; ids are the next free ones. */
export function newRecord(kind: string, markdown: boolean, target: string | undefined, cwd: string, today: string, force: boolean): { file?: string; text: string } {
  const k = checkKind(kind);
  const ext = markdown ? 'md' : 'yaml';
  let file = target && target !== '-' ? path.resolve(cwd, target) : undefined;
  const isFolder = file !== undefined && fs.existsSync(file) && fs.statSync(file).isDirectory();
  const dir = file === undefined ? path.join(cwd, 'decisions') : isFolder ? file : path.dirname(file);
  const ids = nextIds(k, today.slice(0, 4), workspaceTexts(cwd, dir, today));
  const text = recordTemplate(k, markdown ? 'markdown' : 'yaml', today, ids);
  if (target === '-') return { text };
  if (file === undefined || isFolder) file = path.join(dir, `${ids.record.toLowerCase()}.${ext}`);
  writeNewFiles([{ file, text }], force);
  return { file, text };
}

const CONFIG = `# Standpoint configuration: which files are decision records and how they are checked.
root: true
extends: [recommended]
files: ["decisions/**/*.{yaml,yml,md}"]
people: people.yaml
promises: promises.yaml
rules: {}
`;

const PEOPLE = `# Everyone who owns decisions, promises or actions, and the customer advocates.
people:
  - {id: dreyes, name: Dana Reyes, function: Product, roles: [product-manager]}
  - {id: pshah, name: Priya Shah, function: Customer Support, roles: [customer-advocate]}
  - {id: mkhan, name: Mo Khan, function: Customer Experience, roles: [chief-customer-officer]}
  - {id: slee, name: Sam Lee, function: Operations, roles: []}
`;

const PROMISES = `# The specific promises the organisation makes to customers.
promises:
  - id: P-1
    promise: Orders placed before 2pm ship the same day
    owner: Sam Lee
    measure: percentage of customers whose order shipped the same day
    target: ">= 95%"
    baseline: 82%
    review: 2027-06-30
`;

function exampleRecord(today: string): string {
  return `decision: launch-plan
id: LP-${today.slice(0, 4)}-001
title: Order tracking page for every order
status: proposed
date: ${today}
owner: Dana Reyes
approvers: [Mo Khan]
customer_impact: direct
customer_standpoint:
  advocates: [Priya Shah]
  evidence:
    - source: support-tickets
      summary: A third of all contacts ask where an order is
      date: ${today}
promises:
  - ref: P-1
functions:
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
    due: ${today}
launch:
  target_date: ${today}
  driver: Customers asked for it in support tickets
  readiness:
    - item: Tracking data from all carriers
      status: done
      owner: Sam Lee
`;
}

/** `standpoint init [DIR]`: config, registries and one clean example record. */
export function init(dir: string, today: string, force: boolean): string[] {
  return writeNewFiles(
    [
      { file: path.join(dir, '.standpoint.yaml'), text: CONFIG },
      { file: path.join(dir, 'people.yaml'), text: PEOPLE },
      { file: path.join(dir, 'promises.yaml'), text: PROMISES },
      { file: path.join(dir, 'decisions', 'order-tracking.yaml'), text: exampleRecord(today) },
    ],
    force,
  );
}

export function registerInit(program: Command, ctx: CliContext): void {
  const command = program
    .command('init')
    .description('create .standpoint.yaml, people and promise registries and an example record')
    .addArgument(new Argument('[dir]', 'folder to initialise').default('.', 'the current folder'))
    .option('--force', 'overwrite existing files')
    .option('--today <date>', 'the date the example record is written on (YYYY-MM-DD); also STANDPOINT_TODAY')
    .action((dir: string, opts: { force?: boolean; today?: string }) => {
      for (const file of init(path.resolve(ctx.cwd, dir), ctx.today(opts.today), opts.force === true))
        process.stdout.write(`created ${path.relative(ctx.cwd, file) || file}\n`);
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the files were created'],
      [2, 'a file already exists (use --force), or a bad --today'],
    ],
    examples: ['standpoint init', 'standpoint init decision-log/', 'standpoint init && standpoint check'],
  });
}

export function registerNew(program: Command, ctx: CliContext): void {
  const command = program
    .command('new')
    .description('create a decision record from a template')
    .argument('<kind>', KINDS.join(', '))
    .argument('[path]', 'file or folder to write (default decisions/KIND-DATE.yaml; - for stdout)')
    .option('--markdown', 'write the Markdown form')
    .option('--force', 'overwrite an existing file')
    .option('--today <date>', 'the date the record is written on (YYYY-MM-DD); also STANDPOINT_TODAY')
    .action((kind: string, target: string | undefined, opts: { markdown?: boolean; force?: boolean; today?: string }) => {
      const made = newRecord(kind, opts.markdown === true, target, ctx.cwd, ctx.today(opts.today), opts.force === true);
      process.stdout.write(made.file ? `created ${path.relative(ctx.cwd, made.file)}\n` : made.text);
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the record was written (it fails check until its placeholders are filled in)'],
      [2, 'unknown kind, the file already exists (use --force), or a bad --today'],
    ],
    examples: ['standpoint new launch-plan', 'standpoint new pricing-change --markdown decisions/pricing/', 'standpoint new campaign -'],
  });
}
