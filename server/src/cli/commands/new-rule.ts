import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { openNodeProject, resolveToday } from '../../node/open-project.js';
import type { CliContext } from '../cli-context.js';
import { withHelp } from '../help.js';
import { UsageError } from '../usage-error.js';
import { writeNewFiles } from './scaffold.js';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The scaffolded rule file: a working example check and docs that are obviously placeholders. */
export function ruleTemplate(id: string): string {
  return `# A Standpoint rule, written as data. docs/rule-language.md explains every key, and
# editors with the Standpoint extension complete and explain them as you type.
# After each change run: standpoint test-rules <this rule's folder>
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
docs:
  rationale: |
    Explain why the organisation cares: which customer outcome this rule protects,
    and what goes wrong for customers when a decision ignores it.
  triggers: |
    Describe exactly what makes the rule fire, in words a record author understands.
  comply: |
    Explain how the author of a record fixes a finding, with an example.
`;
}

function record(id: string): string {
  return `decision: policy-change
id: ${id}
title: Refunds without a receipt for loyalty members
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: direct
customer_standpoint:
  advocates: [Priya Shah]
  evidence:
`;
}

function validFixture(): string {
  return `# A valid fixture: the rule must stay silent on this record.
${record('PC-2026-901')}    - source: support-tickets
      summary: 120 tickets last quarter asked for refunds without a receipt
      date: 2026-10-01
`;
}

function invalidFixture(ruleId: string): string {
  return `# An invalid fixture: the rule must fire exactly where the expect markers say, and nowhere else.
${record('PC-2026-902')}    - source: support-tickets      # expect: ${ruleId}
      date: 2026-10-01
`;
}

export interface NewRuleOutcome {
  created: string[];
  /** Set when DIR is not among the config's rule_dirs, so `check` will not run the rule yet. */
  hint?: string;
  dir: string;
}

/** `standpoint new-rule ID [--dir DIR]`: a rule file and one valid and one invalid fixture that pass test-rules. */
export function newRule(id: string, dirFlag: string | undefined, cwd: string, configFlag?: string): NewRuleOutcome {
  if (!RULE_ID.test(id)) throw new UsageError(`rule id "${id}" must be kebab-case: lower-case letters and digits separated by hyphens (e.g. pricing-segments-evidence)`);
  const project = openNodeProject({ cwd, config: configFlag, today: resolveToday() });
  if (project.builtinRules().some((r) => r.id === id)) {
    throw new UsageError(`"${id}" is a built-in rule; choose another id (to change how a built-in rule runs, set it under rules: in .standpoint.yaml)`);
  }
  let dir: string;
  let hint: string | undefined;
  if (dirFlag !== undefined) {
    dir = path.resolve(cwd, dirFlag);
    const config = project.configs.forDirectory(cwd);
    if (!config.ruleDirs.some((d) => path.resolve(d) === dir)) {
      hint = `${path.relative(cwd, dir) || '.'} is not in the rule_dirs of your .standpoint.yaml: add it there so standpoint check runs this rule`;
    }
  } else {
    const config = project.configs.forDirectory(cwd);
    if (config.ruleDirs.length === 0) {
      throw new UsageError('no rule folder: pass --dir DIR, or add rule_dirs: [policy/rules] to .standpoint.yaml');
    }
    dir = config.ruleDirs[0];
  }
  const folder = path.join(dir, id);
  if (fs.existsSync(folder)) throw new UsageError(`${path.relative(cwd, folder)} already exists; new-rule never overwrites a rule`);
  const created = writeNewFiles(
    [
      { file: path.join(folder, 'rule.yaml'), text: ruleTemplate(id) },
      { file: path.join(folder, 'fixtures', 'valid', 'example.yaml'), text: validFixture() },
      { file: path.join(folder, 'fixtures', 'invalid', 'example.yaml'), text: invalidFixture(id) },
    ],
    false,
  );
  return { created, hint, dir };
}

/** The CLI's report of a scaffolded rule: what was created and what to do next. */
export function describeNewRule(outcome: NewRuleOutcome, cwd: string): string {
  const rel = (f: string) => path.relative(cwd, f) || '.';
  const lines = outcome.created.map((f) => `created ${rel(f)}`);
  if (outcome.hint) lines.push(`note: ${outcome.hint}`);
  lines.push(`next: edit ${rel(outcome.created[0])} and its fixtures, then run standpoint test-rules ${rel(outcome.dir)}`);
  return `${lines.join('\n')}\n`;
}

export function registerNewRule(program: Command, ctx: CliContext): void {
  const command = program
    .command('new-rule')
    .description('scaffold a rule with a valid and an invalid fixture in your rule folder')
    .argument('<rule-id>', 'kebab-case id, e.g. pricing-segments-evidence')
    .option('--dir <dir>', 'rule folder (default: the first rule_dirs entry of .standpoint.yaml)')
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { dir?: string; config?: string }) => {
      process.stdout.write(describeNewRule(newRule(id, opts.dir, ctx.cwd, opts.config), ctx.cwd));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the rule and its fixtures were created'],
      [2, 'a bad id, no rule folder configured, or the rule exists already'],
    ],
    examples: ['standpoint new-rule pricing-segments-evidence', 'standpoint new-rule no-tracking-jargon --dir policy/rules'],
  });
}
