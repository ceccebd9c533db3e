import assert from 'node:assert/strict';
import path from 'node:path';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { Project } from '../server/src/core/engine/project.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { findings, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from './helpers/cli.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

/** `rule line:column-endColumn severity` for the findings of `rules`, in file order. */
function at(list: JsonFinding[], ...rules: string[]): string[] {
  return list
    .filter((f) => rules.includes(f.rule))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((f) => `${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity}`);
}

const NONE_YAML = `decision: budget-change
id: BC-2026-901
title: Move the analytics licence to a cheaper tier
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: none
budget: {function: Finance, change: -20%, amount: 12000, currency: EUR}
`;

const NONE_MD = `---
decision: org-change
id: OC-2026-902
title: Payroll moves from People to Finance
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: none
---
# Payroll moves from People to Finance

## Background

Payroll has sat with People since 2019.
`;

const SHORT_MD = `---
decision: policy-change
id: PC-2026-903
title: Rename the finance cost centres
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: none
functions:
  - {function: Finance, customer_effect: Invoices keep the same references customers see, owner: Mo Khan}
---
# Rename the finance cost centres

## Customer impact

Internal codes only.
`;

const LAUNCH_YAML = `decision: launch-plan
id: LP-2026-904
title: One-click reorder
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: indirect
`;

const LAUNCH_MD = `---
decision: launch-plan
id: LP-2026-905
title: One-hour delivery slots
status: proposed
date: 2026-11-01
owner: Sam Lee
customer_impact: indirect
launch: {target_date: 2027-03-01, driver: Customers asked for narrower slots}
---
# One-hour delivery slots
`;

const ACTIONS_YAML = `decision: launch-plan
id: LP-2026-906
title: One-click reorder
status: proposed
date: 2026-11-01
owner: Dana Reyes
customer_impact: indirect
actions:
  - action: Train agents on reorder questions
    owner: Lee Wong
  - action: Publish the help article
`;

// In YAML the finding points at the field that makes the missing one necessary; in Markdown a
// missing section is shown where the section belongs (the heading it goes under).
describe('a requirement that depends on another field points at that field when it is missing', () => {
  const make = tempWorkspaces();
  const check = (files: Record<string, string>, ...args: string[]) => {
    const ws = make(files);
    const run = standpoint(['check', ...Object.keys(files), '--no-config', '--today', TODAY, '--format', 'json', ...args], { cwd: ws });
    assert.ok(run.code === 0 || run.code === 1, show(run));
    return findings(run);
  };

  it('customer-impact-declared: at the none in YAML, where the section goes in Markdown, at the rationale when it is too short', () => {
    assert.deepEqual(at(check({ 'none.yaml': NONE_YAML }), 'customer-impact-declared'), ['customer-impact-declared 7:18-7:22 error']);
    assert.deepEqual(at(check({ 'none.md': NONE_MD }), 'customer-impact-declared'), ['customer-impact-declared 10:1-10:39 error']);
    assert.deepEqual(at(check({ 'short.md': SHORT_MD }), 'customer-impact-declared'), ['customer-impact-declared 16:1-16:21 error']);
  });

  it('functions-declared: at the kind that makes functions necessary in YAML, where the section goes in Markdown', () => {
    assert.deepEqual(at(check({ 'none.yaml': NONE_YAML }), 'functions-declared'), ['functions-declared 1:11-1:24 warning']);
    assert.deepEqual(at(check({ 'none.md': NONE_MD }), 'functions-declared'), ['functions-declared 10:1-10:39 warning']);
  });

  it('launch-readiness-listed: at the kind without a launch block, at launch: when it has no readiness', () => {
    assert.deepEqual(at(check({ 'plan.yaml': LAUNCH_YAML }), 'launch-readiness-listed'), ['launch-readiness-listed 1:11-1:22 error']);
    assert.deepEqual(at(check({ 'plan.md': LAUNCH_MD }), 'launch-readiness-listed'), ['launch-readiness-listed 9:1-9:7 error']);
  });

  it('the finding stays about the missing field: the path a quick fix adds and a waiver names', () => {
    const ws = make({ 'none.yaml': NONE_YAML, 'none.md': NONE_MD });
    const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY, configFile: false });
    const result = lintFiles(project, [path.join(ws, 'none.yaml'), path.join(ws, 'none.md')]);
    const about = (rule: string) => result.findings.filter((f) => f.rule === rule).map((f) => `${path.basename(f.file)} ${(f.path ?? []).join('.')} line ${f.line}`);
    assert.deepEqual(about('customer-impact-declared').sort(), ['none.md customer_impact_rationale line 10', 'none.yaml customer_impact_rationale line 7']);
    assert.deepEqual(about('functions-declared').sort(), ['none.md functions line 10', 'none.yaml functions line 1']);
  });
});

describe('a check with its own severity', () => {
  const make = tempWorkspaces();

  it('item-owner-required: a missing owner is an error, a missing due date alone a warning', () => {
    const ws = make({ 'plan.yaml': ACTIONS_YAML });
    const run = standpoint(['check', 'plan.yaml', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws });
    assert.deepEqual(at(findings(run), 'item-owner-required'), ['item-owner-required 9:5-9:46 warning', 'item-owner-required 11:5-11:37 error']);
  });

  it('the strict preset raises the warning; a severity set in the configuration holds for every check', () => {
    const strict = make({ '.standpoint.yaml': 'root: true\nextends: [strict]\nfiles: ["*.yaml"]\n', 'plan.yaml': ACTIONS_YAML });
    const raised = standpoint(['check', 'plan.yaml', '--today', TODAY, '--format', 'json'], { cwd: strict });
    assert.deepEqual(at(findings(raised), 'item-owner-required'), ['item-owner-required 9:5-9:46 error', 'item-owner-required 11:5-11:37 error']);
    const configured = make({ '.standpoint.yaml': 'root: true\nfiles: ["*.yaml"]\nrules: {item-owner-required: info}\n', 'plan.yaml': ACTIONS_YAML });
    const lowered = standpoint(['check', 'plan.yaml', '--today', TODAY, '--format', 'json'], { cwd: configured });
    assert.deepEqual(at(findings(lowered), 'item-owner-required'), ['item-owner-required 9:5-9:46 info', 'item-owner-required 11:5-11:37 info']);
    const flag = standpoint(['check', 'plan.yaml', '--no-config', '--rule', 'item-owner-required:error', '--today', TODAY, '--format', 'json'], { cwd: configured });
    assert.deepEqual(at(findings(flag), 'item-owner-required'), ['item-owner-required 9:5-9:46 error', 'item-owner-required 11:5-11:37 error']);
  });
});
