import path from 'node:path';
import { MessageType, type CodeLens, type Connection } from 'vscode-languageserver';
import { parse as parseYaml } from 'yaml';
import { ConfigError, isMap, listFixtures, loadRuleFile, ruleFolder, RuleTester, type CaseOutcome, type Rule } from '../../core/index.js';
import { pathToUri, uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';
import type { FeatureContext } from './context.js';

/** The server command a rule file's code lens runs: that rule's fixtures and docs examples. */
export const TEST_RULE_COMMAND = 'standpoint.testRule';

/** Is this file a rule: `<rule folder>/<id>/rule.yaml` or `<rule folder>/<id>.yaml` (not one of its fixtures)? */
export function isRuleFile(workspace: Workspace, file: string): boolean {
  if (!/\.ya?ml$/i.test(file) || workspace.role(file) !== 'rule') return false;
  const { project } = workspace.current;
  let dirs = [project.options.builtinRulesDir];
  try {
    dirs = [...dirs, ...project.configFor(file).ruleDirs];
  } catch {
    // A broken config is reported as diagnostics; the built-in rules still count.
  }
  return dirs.some((d) => {
    const rel = path.relative(d, file).split(path.sep);
    return (rel.length === 2 && rel[1] === 'rule.yaml') || (rel.length === 1 && rel[0] !== '..');
  });
}

/** "Run this rule's fixtures (N)" above the first line of a rule file. */
export function ruleCodeLenses(ctx: FeatureContext): CodeLens[] {
  if (!isRuleFile(ctx.workspace, ctx.file)) return [];
  const id = path.basename(ctx.file) === 'rule.yaml' ? path.basename(path.dirname(ctx.file)) : path.basename(ctx.file).replace(/\.ya?ml$/i, '');
  let examples = 0;
  try {
    const data = parseYaml(ctx.document.getText()) as unknown;
    const docs = isMap(data) ? data.docs : undefined;
    examples = isMap(docs) && Array.isArray(docs.examples) ? docs.examples.length : 0;
  } catch {
    // A rule file being typed need not parse; the lens still offers to run (and will say what is wrong).
  }
  const folder = path.basename(ctx.file) === 'rule.yaml' ? path.dirname(ctx.file) : path.join(path.dirname(ctx.file), id);
  const fixtures = listFixtures(ctx.workspace.host, folder, id).length;
  const count = fixtures + examples;
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title: `Run this rule's fixtures (${count})`, command: TEST_RULE_COMMAND, arguments: [pathToUri(ctx.file)] },
    },
  ];
}

/** What `standpoint.testRule` returns to the client. */
export interface TestRuleSummary {
  rule?: string;
  file: string;
  passed: boolean;
  total: number;
  failed: number;
  cases: Array<Pick<CaseOutcome, 'name' | 'expectation' | 'passed' | 'problems'> & { missing: string[]; unexpected: string[] }>;
  /** Set when the rule could not be run (a broken rule file, an untrusted workspace). */
  error?: string;
  /** The message shown to the user (window/showMessage). */
  message: string;
}

function describeCase(c: CaseOutcome): string {
  const parts = [
    ...c.problems,
    ...c.missing.map((m) => `expected ${m.rule} at line ${m.line}${m.column !== undefined ? `:${m.column}` : ''}, not reported`),
    ...c.unexpected.map((u) => `reported ${u.rule} at line ${u.line}:${u.column}, not expected`),
  ];
  return `${c.name}: ${parts.join('; ')}`;
}

/**
 * Runs a rule's fixtures and examples from the editor's view of the files (unsaved
 * edits to the rule or its fixtures count), pushes a pass/fail summary to the user
 * and returns it.
 */
export function runTestRuleCommand(connection: Connection, workspace: Workspace, args: unknown[]): TestRuleSummary {
  const summary = testRuleSummary(workspace, typeof args[0] === 'string' ? args[0] : '');
  const type = summary.error !== undefined || summary.failed > 0 ? MessageType.Error : MessageType.Info;
  void connection.sendNotification('window/showMessage', { type, message: summary.message });
  return summary;
}

export function testRuleSummary(workspace: Workspace, uri: string): TestRuleSummary {
  const file = uriToPath(uri) ?? uri;
  const fail = (error: string): TestRuleSummary => ({ file, passed: false, total: 0, failed: 0, cases: [], error, message: error });
  if (!file || !isRuleFile(workspace, file))
    return fail(`${path.basename(file) || 'this file'} is not a rule file in the built-in rules or the rule_dirs of .standpoint.yaml`);
  const { project } = workspace.current;
  const builtinDir = project.options.builtinRulesDir;
  const dir = path.basename(file) === 'rule.yaml' ? path.dirname(path.dirname(file)) : path.dirname(file);
  const builtin = project.isBuiltinRuleDir(dir);
  if (!builtin && project.options.trusted === false) {
    return fail("This workspace is not trusted: Standpoint runs only its built-in rules here, so it does not run this rule's fixtures.");
  }
  let rule: Rule;
  try {
    rule = loadRuleFile(workspace.host, project.schemas, file, { dir, builtin, docsUrl: () => '' });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const first = err.problems[0];
    return fail(
      `${path.basename(path.dirname(file))}: the rule file has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}; first, line ${first.line}: ${first.message}`,
    );
  }
  let result;
  try {
    const tester = new RuleTester(workspace.host, {
      builtinRulesDir: builtinDir,
      schemasDir: project.options.schemasDir,
      extraRuleDirs: builtin ? [] : [dir],
    });
    result = tester.test(rule);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const first = err.problems[0];
    return fail(`${rule.id}: cannot load the rules next to it: ${path.basename(first.file)} line ${first.line}: ${first.message}`);
  }
  const failed = result.cases.filter((c) => !c.passed);
  const total = result.cases.length;
  let message: string;
  if (total === 0)
    message = `${rule.id}: no fixtures yet: add records under ${path.relative(path.dirname(file), path.join(ruleFolder(rule), 'fixtures'))}/valid and /invalid`;
  else if (failed.length === 0) message = `${rule.id}: all ${total} fixtures and examples pass`;
  else message = `${rule.id}: ${failed.length} of ${total} failed. ${failed.map(describeCase).join(' | ')}`;
  return {
    rule: rule.id,
    file,
    passed: total > 0 && failed.length === 0,
    total,
    failed: failed.length,
    message,
    cases: result.cases.map((c) => ({
      name: c.name,
      expectation: c.expectation,
      passed: c.passed,
      problems: c.problems,
      missing: c.missing.map((m) => `${m.rule}@${m.line}${m.column !== undefined ? `:${m.column}` : ''}`),
      unexpected: c.unexpected.map((u) => `${u.rule}@${u.line}:${u.column}`),
    })),
  };
}
