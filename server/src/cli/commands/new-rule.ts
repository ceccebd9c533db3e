import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_NAMES, openProject, type ResolvedConfig } from '../../core/index.js';
import { NodeHost } from '../../node/node-host.js';
import { projectOptions, resolveToday } from '../../node/open-project.js';
import type { CliContext } from '../cli-context.js';
import { withHelp } from '../help.js';
import { UsageError } from '../usage-error.js';
import { writeNewFiles } from './scaffold.js';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What the scaffolded rule reads: decision records or other documents, in YAML or in Markdown. */
export interface RuleForm {
  markdown: boolean;
  nonRecord: boolean;
}

const HEADER = `# A Standpoint rule, written as data. docs/rule-language.md explains every key, and
# editors with the Standpoint extension complete and explain them as you type.
# After each change run: standpoint test-rules <this rule's folder>`;

const DOCS = `docs:
  rationale: |
    Explain why the organisation cares: which customer outcome this rule protects,
    and what goes wrong for customers when a document ignores it.
  triggers: |
    Describe exactly what makes the rule fire, in words a document's author understands.
  comply: |
    Explain how the author of a document fixes a finding, with an example.
`;

/** The scaffolded rule file: a working example check and docs that are obviously placeholders. */
export function ruleTemplate(id: string, form: RuleForm = { markdown: false, nonRecord: false }): string {
  if (!form.nonRecord) {
    return `${HEADER}
id: ${id}
severity: warning                  # error | warning | info
principle: customer-standpoint     # the customer-centricity principle this rule codifies (a short slug)
title: Say in one line what this rule asks of every decision record
message: >-
  Evidence from {{source}} has no summary: say in one sentence what it showed.
applies_to:
  documents: [record]              # record | promise-register | people-registry | non-record
  # kinds: [pricing-change]        # only these kinds of decision (default: every kind)
checks:
  # An example check, to replace with your own: every piece of customer evidence
  # says what it showed. The finding points at the evidence item without a summary.
  - kind: assert
    given: customer_standpoint.evidence[*]
    assert: {path: summary, present: true}
    report: summary
${DOCS.replace(/a document's author/, "a record's author")
  .replace(/a document ignores/, 'a decision ignores')
  .replace(/author of a document/, 'author of a record')}`;
  }
  if (!form.markdown) {
    return `${nonRecordHead(id, 'This document names no owner: add owner: with the one person accountable for it.', 'yaml')}
checks:
  # An example check, to replace with your own: every document names its owner.
  # A missing field is reported on the document's first line.
  - kind: assert
    assert: {path: owner, present: true}
    report: owner
${DOCS}`;
  }
  return `${nonRecordHead(id, 'Say where this document stands: add a "- Status: ..." line under its title.', 'markdown')}
checks:
  # Example checks, to replace with your own.
  # 1. The document says its status: a "- Status: ..." line under the title (or
  #    status: in front matter). A missing field is reported at the title.
  - kind: assert
    assert: {path: status, present: true}
    report: status
  # 2. Nothing is left open in the section that states the decision. Only that
  #    section is searched (not the context, not HTML comments); the finding
  #    points at the words.
  - kind: find
    section: [Decision, Decision outcome]
    words: [TBD, TODO]
    message: >-
      "{{$match}}" in the decision: decide it, or move the open point to an
      open-questions section.
${DOCS}`;
}

/** The top of a rule for documents that are not decision records, in one form. */
function nonRecordHead(id: string, message: string, form: 'yaml' | 'markdown'): string {
  return `${HEADER}
id: ${id}
severity: warning                  # error | warning | info
principle: accountability          # the principle this rule codifies (a short slug)
title: Say in one line what this rule asks of every document
message: >-
  ${message}
applies_to:
  documents: [non-record]          # files matched by files: in .standpoint.yaml that have no decision: key
  forms: [${form}]`;
}

/** The fields every scaffolded record fixture starts with, in YAML (a Markdown fixture's front matter). */
function recordFields(n: number): string {
  return `decision: policy-change
id: PC-2026-90${n}
title: Refunds without a receipt for loyalty members
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: direct
`;
}

/** A valid and an invalid fixture for the scaffolded rule, in its form. */
function fixtures(id: string, form: RuleForm): Array<{ name: string; text: string }> {
  if (form.nonRecord && form.markdown) {
    return [
      {
        name: 'valid/example.md',
        text: `# Retire the legacy export API
<!-- A valid fixture: the rule must stay silent on this document. -->

- Status: accepted
- Date: 2026-11-02

## Context

Two customers still call the old endpoint; which of them moves first is TBD.

## Decision

We retire the endpoint on 2027-03-31 and move both customers to the new export.
`,
      },
      {
        name: 'invalid/example.md',
        text: `# Retire the legacy export API <!-- expect: ${id} -->
<!-- An invalid fixture: the rule must fire exactly where the expect markers say, and nowhere else. -->

- Date: 2026-11-02

## Decision

We retire the endpoint on a date still TBD. <!-- expect: ${id}@40 -->
TODO: say which customer moves first. <!-- expect: ${id}@1 -->
`,
      },
    ];
  }
  if (form.nonRecord) {
    return [
      {
        name: 'valid/example.yaml',
        text: `# A valid fixture: the rule must stay silent on this document.
title: Retire the legacy export API
owner: Dana Reyes
status: implementable
`,
      },
      {
        name: 'invalid/example.yaml',
        text: `title: Retire the legacy export API   # expect: ${id}
status: implementable
# An invalid fixture: the rule must fire exactly where the expect markers say, and nowhere else.
`,
      },
    ];
  }
  if (form.markdown) {
    const head = (n: number) => `---
${recordFields(n)}---
# Refunds without a receipt for loyalty members
`;
    return [
      {
        name: 'valid/example.md',
        text: `${head(1)}<!-- A valid fixture: the rule must stay silent on this record. -->

## Advocates

- Priya Shah

## Customer evidence

- 120 tickets last quarter asked for refunds without a receipt
  - source: support-tickets
  - date: 2026-10-01
`,
      },
      {
        name: 'invalid/example.md',
        text: `${head(2)}<!-- An invalid fixture: the rule must fire exactly where the expect markers say, and nowhere else. -->

## Advocates

- Priya Shah

## Customer evidence

- source: support-tickets <!-- expect: ${id} -->
  - date: 2026-10-01
`,
      },
    ];
  }
  const record = (n: number) => `${recordFields(n)}customer_standpoint:
  advocates: [Priya Shah]
  evidence:
`;
  return [
    {
      name: 'valid/example.yaml',
      text: `# A valid fixture: the rule must stay silent on this record.
${record(1)}    - source: support-tickets
      summary: 120 tickets last quarter asked for refunds without a receipt
      date: 2026-10-01
`,
    },
    {
      name: 'invalid/example.yaml',
      text: `# An invalid fixture: the rule must fire exactly where the expect markers say, and nowhere else.
${record(2)}    - source: support-tickets      # expect: ${id}
      date: 2026-10-01
`,
    },
  ];
}

export interface NewRuleOptions {
  dir?: string;
  config?: string;
  markdown?: boolean;
  nonRecord?: boolean;
  /** Add `--dir` to the config's rule_dirs (creating .standpoint.yaml when there is none). */
  addToConfig?: boolean;
}

export interface NewRuleOutcome {
  created: string[];
  /** What to know before running the rule: a folder not in rule_dirs, record-kind on for other documents. */
  notes: string[];
  /** The config file given `--dir` in its rule_dirs, when asked. */
  configured?: string;
  dir: string;
}

/**
 * `standpoint new-rule ID [--markdown] [--non-record] [--dir DIR] [--add-to-config]`: a rule file
 * and one valid and one invalid fixture, in the chosen form, that pass test-rules as they are.
 * The rule folder is created; a `rule_dirs` folder that does not exist yet is no error here.
 */
export function newRule(id: string, cwd: string, opts: NewRuleOptions = {}): NewRuleOutcome {
  if (!RULE_ID.test(id)) throw new UsageError(`rule id "${id}" must be kebab-case: lower-case letters and digits separated by hyphens (e.g. pricing-segments-evidence)`);
  const setup = { cwd, config: opts.config, today: resolveToday() };
  const project = openProject(new NodeHost(), { ...projectOptions(setup), ruleDirsMayBeMissing: true });
  if (project.builtinRules().some((r) => r.id === id)) {
    throw new UsageError(`"${id}" is a built-in rule; choose another id (to change how a built-in rule runs, set it under rules: in .standpoint.yaml)`);
  }
  const config = project.configs.forDirectory(cwd);
  const form: RuleForm = { markdown: opts.markdown === true, nonRecord: opts.nonRecord === true };
  const notes: string[] = [];
  let dir: string;
  let configured: string | undefined;
  if (opts.dir !== undefined) {
    dir = path.resolve(cwd, opts.dir);
    if (!config.ruleDirs.some((d) => path.resolve(d) === dir)) {
      const rel = path.relative(cwd, dir) || '.';
      if (opts.addToConfig) configured = addRuleDir(config.files[config.files.length - 1] ?? path.join(cwd, CONFIG_NAMES[0]), dir);
      else
        notes.push(
          `${rel} is not in the rule_dirs of your .standpoint.yaml: add it there so standpoint check runs this rule (or run new-rule again with --add-to-config)`,
        );
    }
  } else if (opts.addToConfig) {
    throw new UsageError('--add-to-config adds the folder given with --dir to rule_dirs: pass --dir DIR too');
  } else {
    if (config.ruleDirs.length === 0) {
      throw new UsageError('no rule folder: pass --dir DIR, or add rule_dirs: [policy/rules] to .standpoint.yaml');
    }
    dir = config.ruleDirs[0];
  }
  const folder = path.join(dir, id);
  if (fs.existsSync(folder)) throw new UsageError(`${path.relative(cwd, folder)} already exists; new-rule never overwrites a rule`);
  const created = writeNewFiles(
    [
      { file: path.join(folder, 'rule.yaml'), text: ruleTemplate(id, form) },
      ...fixtures(id, form).map((f) => ({ file: path.join(folder, 'fixtures', ...f.name.split('/')), text: f.text })),
    ],
    false,
  );
  if (form.nonRecord && !switchesOff(config, 'record-kind')) {
    notes.push(
      'record-kind asks every file matched by files: for a decision: key: switch it off for documents that are not decision records (rules: {record-kind: off} in .standpoint.yaml, or an override for their files)',
    );
  }
  return { created, notes, dir, ...(configured ? { configured } : {}) };
}

/** Does the configuration switch the rule off anywhere (for every file, or in an override)? */
function switchesOff(config: ResolvedConfig, rule: string): boolean {
  return config.layers.some((layer) => {
    const setting = layer.rules[rule];
    return setting === 'off' || (typeof setting === 'object' && setting.severity === 'off');
  });
}

/**
 * Adds `dir` to the rule_dirs of a config file, keeping the rest of the file as written: into a
 * `rule_dirs: [...]` or a block list, or as a new `rule_dirs:` line (a new file when there is none).
 */
export function addRuleDir(configFile: string, dir: string): string {
  const entry = path.relative(path.dirname(configFile), dir).split(path.sep).join('/') || '.';
  const text = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : 'root: true\n';
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^rule_dirs\s*:/.test(l));
  if (at < 0) {
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    fs.writeFileSync(configFile, `${body}rule_dirs: [${entry}]\n`);
    return configFile;
  }
  const flow = /^(rule_dirs\s*:\s*\[)([^\]]*)\](.*)$/.exec(lines[at]);
  if (flow) {
    lines[at] = `${flow[1]}${flow[2].trim() === '' ? entry : `${flow[2].replace(/\s+$/, '')}, ${entry}`}]${flow[3]}`;
  } else {
    let last = at;
    while (last + 1 < lines.length && /^\s+-\s/.test(lines[last + 1])) last++;
    const indent = last > at ? /^(\s+)-/.exec(lines[last])![1] : '  ';
    lines.splice(last + 1, 0, `${indent}- ${entry}`);
  }
  fs.writeFileSync(configFile, lines.join('\n'));
  return configFile;
}

/** The CLI's report of a scaffolded rule: what was created and what to do next. */
export function describeNewRule(outcome: NewRuleOutcome, cwd: string): string {
  const rel = (f: string) => path.relative(cwd, f) || '.';
  const lines = outcome.created.map((f) => `created ${rel(f)}`);
  if (outcome.configured) lines.push(`added ${rel(outcome.dir)} to the rule_dirs of ${rel(outcome.configured)}`);
  for (const note of outcome.notes) lines.push(`note: ${note}`);
  lines.push(`next: edit ${rel(outcome.created[0])} and its fixtures, then run standpoint test-rules ${rel(outcome.dir)}`);
  return `${lines.join('\n')}\n`;
}

export function registerNewRule(program: Command, ctx: CliContext): void {
  const command = program
    .command('new-rule')
    .description('scaffold a rule with a valid and an invalid fixture in your rule folder')
    .argument('<rule-id>', 'kebab-case id, e.g. pricing-segments-evidence')
    .option('--dir <dir>', 'rule folder (default: the first rule_dirs entry of .standpoint.yaml); created when missing')
    .option('--markdown', 'fixtures in Markdown (default: YAML)', false)
    .option('--non-record', 'a rule for documents that are not decision records (design proposals, ADRs, RFCs)', false)
    .option('--add-to-config', 'add the --dir folder to rule_dirs in .standpoint.yaml', false)
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { dir?: string; config?: string; markdown: boolean; nonRecord: boolean; addToConfig: boolean }) => {
      process.stdout.write(describeNewRule(newRule(id, ctx.cwd, opts), ctx.cwd));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the rule and its fixtures were created'],
      [2, 'a bad id, no rule folder configured, or the rule exists already'],
    ],
    examples: ['standpoint new-rule pricing-segments-evidence', 'standpoint new-rule no-tracking-jargon --dir policy/rules'],
  });
}
