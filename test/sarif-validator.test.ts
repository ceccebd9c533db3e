import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Log } from 'sarif';
import { record, show, standpoint, tempWorkspaces, TODAY, writeFiles } from './helpers/cli.js';
import { REPO, SAMPLES_DIR } from './helpers/paths.js';

// Our SARIF must be accepted by Microsoft's SARIF Multitool (`npx @microsoft/sarif-multitool validate`),
// with GitHub's ingestion rules on: no errors and no warnings, with and without a baseline.

const require = createRequire(import.meta.url);

/** The Multitool binary for this platform (a self-contained .NET program shipped in an npm package). */
function multitool(): { binary?: string; why?: string } {
  let binary: string;
  try {
    binary = require(path.join(REPO, 'node_modules', '@microsoft', 'sarif-multitool')) as string;
  } catch (err) {
    return { why: `@microsoft/sarif-multitool has no binary for ${process.platform}: ${(err as Error).message}` };
  }
  if (!fs.existsSync(binary)) return { why: `${binary} is missing (npm install did not fetch the platform package)` };
  const run = spawnSync(binary, ['--version'], { encoding: 'utf8', env: validatorEnv(), timeout: 120_000 });
  if (run.error || run.status !== 0) return { why: `${binary} --version failed: ${run.error?.message ?? run.stderr ?? run.stdout}` };
  return { binary };
}

function validatorEnv(): NodeJS.ProcessEnv {
  // No ICU needed, no telemetry, no first-run banner: the tool runs offline.
  return { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
}

interface Validation {
  code: number | null;
  stdout: string;
  /** Errors and warnings the validator reported, as "RULE file: message". */
  problems: string[];
}

/** Runs `validate` with the SARIF rules and GitHub's (GH*) rules, errors and warnings only. */
function validate(binary: string, files: string[], outDir: string): Validation {
  const out = path.join(outDir, `validation-${Date.now()}.sarif`);
  // Files first: the list-valued options would swallow values that follow them.
  const run = spawnSync(binary, ['validate', ...files, '--level', 'Error;Warning', '--rule-kind', 'Sarif;Gh', '--output', out, '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    env: validatorEnv(),
    timeout: 300_000,
  });
  if (!fs.existsSync(out)) throw new Error(`the validator wrote no log (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  if (run.error) throw run.error;
  const log = JSON.parse(fs.readFileSync(out, 'utf8')) as Log;
  const problems = log.runs.flatMap((r) => [
    ...(r.results ?? []).map((x) => `${x.ruleId} ${x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''}: ${x.message.text ?? x.message.id ?? ''}`),
    ...(r.invocations ?? []).flatMap((i) =>
      (i.toolExecutionNotifications ?? []).filter((n) => n.level === 'error' || n.level === 'warning').map((n) => `notification: ${n.message.text}`),
    ),
  ]);
  return { code: run.status, stdout: run.stdout, problems };
}

describe('sarif: Microsoft SARIF Multitool validation', function () {
  this.timeout(600_000);
  const make = tempWorkspaces();
  const tool = multitool();

  before(function () {
    if (tool.binary) return;
    if (process.env.CI === 'true') throw new Error(`the SARIF Multitool must run in CI: ${tool.why}`);
    console.log(`      (skipped: the SARIF Multitool cannot run on this machine: ${tool.why})`);
    this.skip();
  });

  /** `check --format sarif` of a workspace into a file of the validation folder. */
  function sarifOf(dir: string, name: string, args: string[], cwd: string): string {
    const file = path.join(dir, `${name}.sarif`);
    const run = standpoint(['check', '--today', TODAY, '--format', 'sarif', '-o', file, ...args], { cwd });
    assert.ok(run.code === 0 || run.code === 1, show(run));
    return file;
  }

  it('reports no errors and no warnings for the samples, with and without a baseline, and for team rules', () => {
    const dir = make();
    const files: string[] = [];
    files.push(sarifOf(dir, 'samples', ['samples'], REPO));

    // The samples with a baseline and one new finding: results are `new` or `unchanged` (suppressed).
    const withBaseline = make();
    fs.cpSync(SAMPLES_DIR, withBaseline, { recursive: true });
    assert.equal(standpoint(['baseline', '--today', TODAY], { cwd: withBaseline }).code, 0);
    writeFiles(withBaseline, {
      'decisions/lp-2026-099-new.yaml': record({
        id: 'LP-2026-099',
        promise: 'We aim to ship orders the same day',
        extra: 'barriers:\n  - barrier: Fulfilment is outsourced\n',
      }),
    });
    files.push(sarifOf(dir, 'samples-baseline', [], withBaseline));
    const log = JSON.parse(fs.readFileSync(files[1], 'utf8')) as Log;
    const states = (log.runs[0].results ?? []).map((r) => r.baselineState);
    assert.equal(states.filter((s) => s === 'unchanged').length, 6, 'the six sample findings are baselined');
    assert.ok(states.filter((s) => s === 'new').length >= 3, "the new record's findings are new");
    assert.ok(states.every((s) => s === 'new' || s === 'unchanged'));

    // A team rule (documented by its own file), info findings, and a clean workspace.
    const team = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      'policy/rules/approvers-named.yaml': `id: approvers-named
severity: warning
principle: accountability
title: Name who approves the decision
message: Name at least one approver.
checks:
  - kind: assert
    assert: {path: approvers, present: true}
    report: approvers
docs:
  rationale: A decision nobody approved is a decision nobody owns.
  triggers: A record without approvers.
  comply: Add approvers.
`,
      'decisions/a.yaml': record({ id: 'LP-2026-098', extra: 'colour: blue\n' }).replace('approvers: [Mo Khan]\n', ''),
    });
    files.push(sarifOf(dir, 'team', [], team));
    files.push(sarifOf(dir, 'clean', ['--no-config'], make({ 'decisions/a.yaml': record({ id: 'LP-2026-097' }) })));

    const result = validate(tool.binary!, files, dir);
    assert.equal(result.code, 0, result.stdout);
    assert.deepEqual(result.problems, [], result.stdout);
  });

  it('the documented command, npx @microsoft/sarif-multitool validate FILE, prints no error or warning', () => {
    const dir = make();
    const file = sarifOf(dir, 'samples', ['samples'], REPO);
    const run = spawnSync('npx', ['--no', '@microsoft/sarif-multitool', 'validate', file], {
      cwd: REPO,
      encoding: 'utf8',
      env: validatorEnv(),
      timeout: 300_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /Analysis completed successfully/);
    assert.doesNotMatch(run.stdout, /: (error|warning) [A-Z]+\d+/, run.stdout);
  });

  it('the validator does flag a SARIF log that code scanning would reject (so a pass means something)', () => {
    const dir = make();
    const bad = path.join(dir, 'bad.sarif');
    fs.writeFileSync(
      bad,
      JSON.stringify({
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'x' } },
            results: [{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.yaml' }, region: { startLine: 1 } } }] }],
          },
        ],
      }),
    );
    const result = validate(tool.binary!, [bad], dir);
    assert.ok(
      result.problems.some((p) => p.startsWith('GH1018')),
      result.problems.join('\n'),
    );
    assert.ok(
      result.problems.some((p) => p.startsWith('SARIF2005')),
      result.problems.join('\n'),
    );
  });
});
