import path from 'node:path';
import {
  isStructuralGap,
  loadRuleFile,
  loadRules,
  RuleTester,
  type CaseOutcome,
  type CoverageGap,
  type DiffLine,
  type Host,
  type Rule,
  type RuleTestOptions,
  type Project,
  type RuleTestResult,
} from '../../core/index.js';
import type { Command } from 'commander';
import { NodeHost } from '../../node/node-host.js';
import { openNodeProject, resolveToday } from '../../node/open-project.js';
import type { CliContext } from '../cli-context.js';
import { choiceOption, withHelp } from '../help.js';
import { UsageError } from '../usage-error.js';

export interface TestRulesOptions {
  /** A folder of rules, or one rule's folder; default: the config's `rule_dirs`, else the built-in rules. */
  dir?: string;
  config?: string;
  coverage: boolean;
  format: 'text' | 'json';
  cwd: string;
}

export interface TestRulesOutcome {
  output: string;
  exitCode: number;
}

interface Selection {
  rules: Rule[];
  /** Folders to load as team rules next to the built-in ones. */
  extraRuleDirs: string[];
  /** What was tested, for the summary line. */
  label: string;
}

/** Which rules to test: DIR (a rules folder or one rule's folder), else the config's rule_dirs, else the built-in rules. */
function selectRules(host: Host, project: Project, opts: TestRulesOptions): Selection {
  const rel = (p: string) => path.relative(opts.cwd, p) || '.';
  const selection = project.selectRuleSet(opts.cwd, opts.dir);
  const source = (dir: string) => ({ dir, builtin: project.isBuiltinRuleDir(dir), docsUrl: () => '', root: selection.root });
  if (selection.source === 'argument') {
    const abs = selection.dirs[0];
    if (!host.isDirectory(abs)) throw new UsageError(`${opts.dir}: no such folder`);
    const single = path.join(abs, 'rule.yaml');
    if (host.isFile(single)) {
      const parent = path.dirname(abs);
      const rule = loadRuleFile(host, project.schemas, single, source(parent));
      return { rules: [rule], extraRuleDirs: source(parent).builtin ? [] : [parent], label: rel(abs) };
    }
    const rules = loadRules(host, project.schemas, source(abs));
    if (rules.length === 0) throw new UsageError(`${opts.dir}: no rules found (expected ${path.join(opts.dir ?? '', '<rule-id>', 'rule.yaml')})`);
    return { rules, extraRuleDirs: selection.builtin ? [] : [abs], label: rel(abs) };
  }
  if (selection.source === 'config') {
    const rules = selection.dirs.flatMap((dir) => loadRules(host, project.schemas, source(dir)));
    if (rules.length === 0) {
      const config = project.configs.forDirectory(opts.cwd);
      throw new UsageError(`the rule_dirs of ${rel(config.files[config.files.length - 1])} hold no rules yet; create one with standpoint new-rule ID`);
    }
    return { rules, extraRuleDirs: selection.dirs, label: selection.dirs.map(rel).join(', ') };
  }
  return { rules: project.builtinRules(), extraRuleDirs: [], label: 'built-in rules' };
}

/** `standpoint test-rules [DIR] [--coverage] [--format json]`. */
export function runTestRules(opts: TestRulesOptions): TestRulesOutcome {
  const host = new NodeHost();
  const project = openNodeProject({ cwd: opts.cwd, config: opts.config, today: resolveToday() }, host);
  const selection = selectRules(host, project, opts);
  const options: RuleTestOptions = {
    builtinRulesDir: project.options.builtinRulesDir,
    schemasDir: project.options.schemasDir,
    extraRuleDirs: selection.extraRuleDirs,
  };
  const rules = [...selection.rules].sort((a, b) => a.id.localeCompare(b.id));
  const tester = new RuleTester(host, options);
  const results = rules.map((rule) => tester.test(rule));
  const gaps = opts.coverage ? rules.flatMap((rule, i) => tester.coverage(rule, results[i])) : [];
  const failed = results.some((r) => !r.passed) || gaps.some(isStructuralGap);
  const output = opts.format === 'json' ? toJson(results, gaps, opts.coverage, opts.cwd) : toText(results, gaps, opts.coverage, opts.cwd, selection.label);
  return { output, exitCode: failed ? 1 : 0 };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function position(d: DiffLine): string {
  return `line ${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
}

function caseLabel(c: CaseOutcome): string {
  return c.source === 'example' ? `${c.name} "${c.title ?? ''}" (${c.expectation === 'valid' ? 'passes' : 'fires'})` : c.name;
}

function diffLines(c: CaseOutcome): string[] {
  // In a fixture folder, say which of its files; a single file needs no name.
  const where = (d: DiffLine) => (d.file === c.path ? '' : `${path.relative(c.path, d.file).split(path.sep).join('/')} `);
  const rows = [
    ...c.missing.map((d) => ({ d, text: `      - ${where(d)}${position(d).padEnd(12)} ${d.rule}   (expected, not reported)` })),
    ...c.unexpected.map((d) => ({ d, text: `      + ${where(d)}${position(d).padEnd(12)} ${d.rule}   ${d.message ?? ''}` })),
  ];
  rows.sort((a, b) => a.d.line - b.d.line || (a.d.column ?? 0) - (b.d.column ?? 0));
  return rows.map((r) => r.text);
}

function toText(results: RuleTestResult[], gaps: CoverageGap[], coverage: boolean, cwd: string, label: string): string {
  const out: string[] = [];
  let anyDiff = false;
  for (const r of results) {
    const fixtures = r.cases.filter((c) => c.source === 'fixture').length;
    const examples = r.cases.length - fixtures;
    const counts = `${plural(fixtures, 'fixture')}${examples ? `, ${plural(examples, 'example')}` : ''}`;
    out.push(`${r.passed ? 'PASS' : 'FAIL'}  ${r.rule}  (${counts})${r.passed ? '' : `  ${path.relative(cwd, r.file)}`}`);
    if (r.cases.length === 0) out.push('      no fixtures or examples yet: add fixtures/valid/ and fixtures/invalid/ files');
    for (const c of r.cases.filter((x) => !x.passed)) {
      out.push(`    ✗ ${caseLabel(c)}`);
      for (const p of c.problems) out.push(`      ! ${p}`);
      const lines = diffLines(c);
      if (lines.length > 0) anyDiff = true;
      out.push(...lines);
    }
  }
  const failedRules = results.filter((r) => !r.passed).length;
  const cases = results.flatMap((r) => r.cases);
  const failedCases = cases.filter((c) => !c.passed).length;
  if (anyDiff) out.push('', '  - declared with an expect: marker but not reported    + reported but not declared');
  if (coverage) {
    out.push('', 'Coverage');
    if (gaps.length === 0) out.push('  every rule has valid and invalid fixtures, and every check, word, pattern and severity_when entry fires');
    const byRule = new Map<string, CoverageGap[]>();
    for (const g of gaps) byRule.set(g.rule, [...(byRule.get(g.rule) ?? []), g]);
    for (const [rule, list] of byRule) {
      out.push(`  ${rule}`);
      for (const g of list) out.push(`    ${isStructuralGap(g) ? '✗' : '·'} ${g.message}`);
    }
    const structural = gaps.filter(isStructuralGap).length;
    if (gaps.length > 0) {
      out.push(
        `  ${plural(gaps.length, 'gap')} in ${plural(byRule.size, 'rule')}: ${structural} untested (✗, fail the run), ${gaps.length - structural} partly exercised (·)`,
      );
    }
  }
  out.push(
    '',
    `${label}: ${plural(results.length, 'rule')}, ${results.length - failedRules} passed, ${failedRules} failed · ${plural(cases.length, 'case')}, ${cases.length - failedCases} passed, ${failedCases} failed`,
  );
  return `${out.join('\n')}\n`;
}

function toJson(results: RuleTestResult[], gaps: CoverageGap[], coverage: boolean, cwd: string): string {
  const rel = (f: string) => path.relative(cwd, f).split(path.sep).join('/');
  const diff = (d: DiffLine) => ({ ...d, file: rel(d.file) });
  const body = {
    passed: results.every((r) => r.passed) && !gaps.some(isStructuralGap),
    rules: results.map((r) => ({
      rule: r.rule,
      file: rel(r.file),
      passed: r.passed,
      cases: r.cases.map((c) => ({
        name: c.name,
        source: c.source,
        expectation: c.expectation,
        ...(c.title !== undefined ? { title: c.title } : {}),
        passed: c.passed,
        missing: c.missing.map(diff),
        unexpected: c.unexpected.map(diff),
        problems: c.problems,
      })),
    })),
    ...(coverage ? { coverage: gaps.map((g) => ({ ...g, untested: isStructuralGap(g) })) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export function registerTestRules(program: Command, ctx: CliContext): void {
  const command = program
    .command('test-rules')
    .description('run rule fixtures and docs examples: the built-in rules, a rule folder, or the rule_dirs of your config')
    .argument('[dir]', "a folder of rules, or one rule's folder")
    .option('--coverage', 'also report rules without fixtures, and checks, words and patterns no invalid fixture exercises')
    .addOption(choiceOption('-f, --format <format>', 'output format', ['text', 'json'] as const, 'text'))
    .option('-c, --config <file>', 'configuration file')
    .action((dir: string | undefined, opts: { coverage?: boolean; format: 'text' | 'json'; config?: string }) => {
      const result = runTestRules({ dir, config: opts.config, coverage: opts.coverage === true, format: opts.format, cwd: ctx.cwd });
      process.stdout.write(result.output);
      ctx.setExitCode(result.exitCode);
    });
  withHelp(command, {
    exitCodes: [
      [0, 'every fixture and docs example behaves as it says'],
      [1, 'a case failed (the output shows the difference)'],
      [2, 'usage or configuration error, or a rule that does not load'],
    ],
    examples: ['standpoint test-rules', 'standpoint test-rules policy/rules --coverage', 'standpoint test-rules policy/rules/no-tracking-jargon'],
  });
}
