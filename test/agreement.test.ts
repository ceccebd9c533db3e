import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { findings, git, record, show, standpoint, tempWorkspaces, TODAY, writeFiles, type Files, type JsonFinding } from './helpers/cli.js';
import { SAMPLES_DIR } from './helpers/paths.js';

// `check`, `baseline`, `diff-rules` and `report` over one workspace (a copy of samples/,
// one fixed date) must report the same findings, finding for finding. Everything goes
// through the CLI: what each command prints or writes is compared with `check`.

interface BaselineFile {
  version: number;
  /** file → rule → key → entry */
  entries: Record<string, Record<string, Record<string, { count: number; message: string }>>>;
}

interface DiffFinding {
  file: string;
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}

interface Diff {
  newlyFailing: string[];
  newlyPassing: string[];
  appeared: DiffFinding[];
  disappeared: DiffFinding[];
  severityChanged: Array<DiffFinding & { from: string }>;
}

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  total: number;
}

/** The part of the data the report page embeds (script#standpoint-data) that this test reads. */
interface ReportData {
  totals: Counts & { records: number };
  byRule: Array<Counts & { key: string }>;
  records: Array<{ file: string; findings: Array<{ rule: string; severity: string; message: string; line: number }> }>;
}

/** One finding, as every command can say it: file, rule, severity, line[:column] and message. */
function finding(f: { file: string; rule: string; severity: string; line: number; column?: number; message: string }): string {
  return `${f.file}  ${f.rule}  ${f.severity}  ${f.line}${f.column === undefined ? '' : `:${f.column}`}  ${f.message}`;
}

/** What a sorted list of findings is compared as (a multiset: identical findings stay separate). */
const sorted = (list: string[]) => [...list].sort();

/** The SARIF fingerprint of the n-th (0-based) finding with one baseline key in a file: the key itself, then the key with its occurrence number. */
function occurrencePrint(key: string, n: number): string {
  return n === 0 ? key : createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
}

/** A `.standpoint.yaml` with every built-in rule turned off: an empty rule set. */
function allRulesOff(config: string): string {
  const data = (parseYaml(config) ?? {}) as { rules?: Record<string, unknown> };
  return stringifyYaml({ ...data, rules: { ...data.rules, ...Object.fromEntries(BUILTIN_RULE_IDS.map((id) => [id, 'off'])) } });
}

/** The suite for one workspace: the samples plus `extra` files; `shared` when some findings are identical (one baseline entry counts them). */
function agreement(title: string, extra: Files, shared = false): void {
  describe(`agreement: check, baseline, diff-rules and report on ${title}`, function () {
    // Each test runs the CLI several times (and git); allow for a loaded machine.
    this.timeout(180_000);
    const make = tempWorkspaces();
    let ws: string;
    let out: string;
    let checked: JsonFinding[];

    const run = (args: string[]) => standpoint([...args, '--today', TODAY], { cwd: ws });

    before(() => {
      ws = make();
      out = make();
      fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
      writeFiles(ws, extra);
      // Two commits: the samples' rule set with every rule off ("off"), then as it is ("on").
      const config = fs.readFileSync(path.join(ws, '.standpoint.yaml'), 'utf8');
      git(ws, 'init', '-q', '-b', 'main');
      fs.writeFileSync(path.join(ws, '.standpoint.yaml'), allRulesOff(config));
      git(ws, 'add', '-A');
      git(ws, 'commit', '-q', '-m', 'every rule off');
      git(ws, 'tag', 'off');
      fs.writeFileSync(path.join(ws, '.standpoint.yaml'), config);
      git(ws, 'commit', '-q', '-am', 'the samples rule set');
      git(ws, 'tag', 'on');

      const result = run(['check', '--format', 'json', '--no-baseline']);
      assert.equal(result.code, 1, show(result));
      checked = findings(result);
      assert.ok(checked.length >= 6, `only ${checked.length} findings: the comparison would prove little`);
    });

    it('check: the same findings in JSON and SARIF', () => {
      const result = run(['check', '--format', 'sarif', '--no-baseline']);
      assert.equal(result.code, 1, show(result));
      const results = (JSON.parse(result.stdout) as Log).runs[0].results ?? [];
      const sarif = results.map((r) => {
        const region = r.locations![0].physicalLocation!.region!;
        const level = { error: 'error', warning: 'warning', note: 'info' }[r.level as 'error' | 'warning' | 'note'];
        return finding({
          file: decodeURI(r.locations![0].physicalLocation!.artifactLocation!.uri!),
          rule: r.ruleId!,
          severity: level,
          line: region.startLine!,
          column: region.startColumn,
          message: r.message.text!,
        });
      });
      assert.deepEqual(sorted(sarif), sorted(checked.map(finding)));
    });

    it('baseline: records exactly the findings check reports, under the keys SARIF fingerprints them by', () => {
      // At the workspace root, where check looks for it: its file names are relative to its folder.
      const file = path.join(ws, '.standpoint-baseline.json');
      const written = run(['baseline']);
      assert.equal(written.code, 0, show(written));
      assert.ok(fs.existsSync(file), written.stdout);
      try {
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
        assert.equal(data.version, 1);
        const entries = Object.entries(data.entries).flatMap(([f, rules]) =>
          Object.entries(rules).flatMap(([rule, keys]) => Object.entries(keys).map(([key, entry]) => ({ file: f, rule, key, ...entry }))),
        );
        assert.match(written.stdout, new RegExp(`: ${checked.length} findings? in ${Object.keys(data.entries).length} files?\\n$`));
        assert.equal(
          entries.some((e) => e.count > 1),
          shared,
          'an entry counts identical findings',
        );

        // Finding for finding: each entry stands for `count` findings of its file and rule with its message.
        const listed = entries.flatMap((e) => Array.from({ length: e.count }, () => `${e.file}  ${e.rule}  ${e.message}`));
        assert.deepEqual(sorted(listed), sorted(checked.map((f) => `${f.file}  ${f.rule}  ${f.message}`)));

        // The keys: SARIF fingerprints each finding by its key (and its occurrence, for identical findings).
        const sarif = JSON.parse(run(['check', '--format', 'sarif', '--no-baseline']).stdout) as Log;
        const prints = (sarif.runs[0].results ?? []).map(
          (r) => `${decodeURI(r.locations![0].physicalLocation!.artifactLocation!.uri!)}  ${r.ruleId}  ${r.partialFingerprints!['standpointFinding/v1']}`,
        );
        const keyed = entries.flatMap((e) => Array.from({ length: e.count }, (_, n) => `${e.file}  ${e.rule}  ${occurrencePrint(e.key, n)}`));
        assert.deepEqual(sorted(keyed), sorted(prints));

        // And check, with that baseline in place, has nothing new to report: every finding is baselined.
        const gated = run(['check', '--format', 'json']);
        assert.equal(gated.code, 0, show(gated));
        assert.deepEqual(findings(gated), []);
        assert.equal(gated.stderr, '', 'no stale entries');
        const gatedSarif = JSON.parse(run(['check', '--format', 'sarif']).stdout) as Log;
        const states = (gatedSarif.runs[0].results ?? []).map((r) => r.baselineState);
        assert.deepEqual(
          states,
          checked.map(() => 'unchanged'),
        );
      } finally {
        fs.rmSync(file, { force: true });
      }
    });

    it('diff-rules: from an empty rule set, exactly the findings of check appear', () => {
      const result = run(['diff-rules', '--base', 'off', '--format', 'json']);
      assert.equal(result.code, 0, show(result));
      const diff = JSON.parse(result.stdout) as Diff;
      assert.deepEqual(sorted(diff.appeared.map(finding)), sorted(checked.map(finding)));
      assert.deepEqual(diff.disappeared, []);
      assert.deepEqual(diff.severityChanged, []);
      assert.deepEqual(sorted(diff.newlyFailing), sorted([...new Set(checked.filter((f) => f.severity === 'error').map((f) => f.file))]));
      assert.deepEqual(diff.newlyPassing, []);
    });

    it('diff-rules: against the same rule set nothing changes; to an empty one, exactly the findings of check disappear', () => {
      const same = run(['diff-rules', '--base', 'on', '--format', 'json']);
      assert.equal(same.code, 0, show(same));
      const unchanged = JSON.parse(same.stdout) as Diff;
      assert.deepEqual([unchanged.appeared, unchanged.disappeared, unchanged.severityChanged], [[], [], []]);

      const config = path.join(ws, '.standpoint.yaml');
      const original = fs.readFileSync(config, 'utf8');
      fs.writeFileSync(config, allRulesOff(original));
      try {
        const result = run(['diff-rules', '--base', 'on', '--format', 'json']);
        assert.equal(result.code, 0, show(result));
        const diff = JSON.parse(result.stdout) as Diff;
        assert.deepEqual(sorted(diff.disappeared.map(finding)), sorted(checked.map(finding)));
        assert.deepEqual(diff.appeared, []);
        assert.deepEqual(sorted(diff.newlyPassing), sorted([...new Set(checked.filter((f) => f.severity === 'error').map((f) => f.file))]));
      } finally {
        fs.writeFileSync(config, original);
      }
    });

    it('report: the page lists exactly the findings of check, and counts them the same', () => {
      const page = path.join(out, 'report.html');
      const result = run(['report', '--html', page]);
      assert.equal(result.code, 0, show(result));
      const html = fs.readFileSync(page, 'utf8');
      const json = /<script type="application\/json" id="standpoint-data">([\s\S]*?)<\/script>/.exec(html);
      assert.ok(json, 'the page embeds its data');
      const data = JSON.parse(json[1]) as ReportData;

      // Finding for finding (the page shows the line, not the column).
      const listed = data.records.flatMap((r) => r.findings.map((f) => finding({ ...f, file: r.file })));
      const inRecords = checked.filter((f) => data.records.some((r) => r.file === f.file));
      assert.deepEqual(sorted(listed), sorted(inRecords.map((f) => finding({ ...f, column: undefined }))));
      assert.deepEqual(inRecords, checked, 'every finding of check is in a record the page lists');

      const count = (list: JsonFinding[]): Counts => ({
        errors: list.filter((f) => f.severity === 'error').length,
        warnings: list.filter((f) => f.severity === 'warning').length,
        infos: list.filter((f) => f.severity === 'info').length,
        total: list.length,
      });
      const { errors, warnings, infos, total } = data.totals;
      assert.deepEqual({ errors, warnings, infos, total }, count(checked));
      assert.deepEqual(
        Object.fromEntries(data.byRule.map((r) => [r.key, { errors: r.errors, warnings: r.warnings, infos: r.infos, total: r.total }])),
        Object.fromEntries([...new Set(checked.map((f) => f.rule))].map((rule) => [rule, count(checked.filter((f) => f.rule === rule))])),
      );
      assert.match(result.stdout, new RegExp(`: ${data.totals.records} records, ${errors} errors, ${warnings} warnings, ${infos} info;`));
    });
  });
}

agreement('a copy of the samples', {});

// Two identical findings in one file (the same hedge twice in one promise) share a baseline
// entry with a count of 2 and get distinct SARIF fingerprints; every command still agrees.
agreement(
  'the samples and a record with two identical findings',
  {
    'decisions/lp-2026-990-hedged-twice.yaml': record({
      id: 'LP-2026-990',
      promise: 'We aim to ship orders the same day and aim to refund them the same day',
    }),
  },
  true,
);
