import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { parse as parseYaml } from 'yaml';
import { git, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY, writeFiles } from './helpers/cli.js';
import { startGithubApiStub } from './helpers/github-api-stub.js';
import { BIN, REPO, SAMPLES_DIR } from './helpers/paths.js';
import { parseRdjson } from './helpers/rdjson.js';

// The GitHub Action and the pre-commit hook, exercised by running the commands they would run.

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
  args?: string[];
}

const ACTION = parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
const HOOKS = parseYaml(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
/** What `${{ github.token }}` stands for in these runs. */
const WORKFLOW_TOKEN = 'ghs_workflow_token_for_tests';
const SAMPLE_HEADING = '## ❌ Standpoint: 4 errors, 2 warnings, 0 info in 17 decision records, 2 registries';

/**
 * Makes Standpoint resolvable the way a project that lists it as a devDependency has it:
 * node_modules/standpoint (this repository) and node_modules/.bin/standpoint.
 */
function installStandpoint(ws: string): void {
  fs.mkdirSync(path.join(ws, 'node_modules', '.bin'), { recursive: true });
  fs.symlinkSync(REPO, path.join(ws, 'node_modules', 'standpoint'), 'dir');
  fs.symlinkSync(path.join('..', 'standpoint', 'bin', 'standpoint.js'), path.join(ws, 'node_modules', '.bin', 'standpoint'));
  fs.writeFileSync(path.join(ws, '.gitignore'), 'node_modules/\n');
}

interface StepRun {
  step: ActionStep;
  skipped: 'uses' | 'if' | false;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the action's `run:` steps as a runner would: `${{ }}` expressions in `env:` and `if:`
 * evaluated from the inputs (with their defaults) and earlier steps' outputs, each script in
 * `bash -eo pipefail`, GITHUB_OUTPUT per step, one GITHUB_STEP_SUMMARY. `uses:` steps are skipped.
 */
function runAction(
  ws: string,
  given: Record<string, string>,
  env: Record<string, string> = {},
): { steps: StepRun[]; summary: string; outputs: Record<string, Record<string, string>> } {
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(given)) assert.ok(name in ACTION.inputs, `action.yml has an input "${name}"`);
  const outputs: Record<string, Record<string, string>> = {};
  const runnerTemp = fs.mkdtempSync(path.join(path.dirname(ws), 'runner-'));
  const summaryFile = path.join(runnerTemp, 'step-summary.md');
  fs.writeFileSync(summaryFile, '');
  const value = (expr: string): string => {
    const e = expr.trim();
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(e))) return inputs[m[1]];
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return outputs[m[1]]?.[m[2]] ?? '';
    if (e === 'github.action_path') return REPO;
    if (e === 'github.workspace') return ws;
    if (e === 'github.token') return WORKFLOW_TOKEN;
    throw new Error(`the test cannot evaluate \${{ ${e} }}`);
  };
  const substitute = (text: string) => text.replace(/\$\{\{([^}]*)\}\}/g, (_, e: string) => value(e));
  // Defaults may be expressions themselves (github-token: ${{ github.token }}).
  for (const [name, spec] of Object.entries(ACTION.inputs)) inputs[name] = given[name] ?? substitute(spec.default ?? '');
  const condition = (text: string): boolean => {
    const js = text
      .replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1')
      .replace(/always\(\)/g, 'true')
      .replace(/hashFiles\(([^)]*)\)/g, (_, arg: string) => JSON.stringify(fs.existsSync(path.resolve(ws, value(arg))) ? 'hash' : ''))
      .replace(/(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)/g, (e) => JSON.stringify(value(e)));
    assert.match(js, /^[\s"'\w.&|=!()-]*$/, `a simple condition: ${text}`);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a condition already checked to hold only literals and operators
    return Boolean((new Function(`return (${js});`) as () => unknown)());
  };
  const steps: StepRun[] = [];
  for (const step of ACTION.runs.steps) {
    if (step.uses) {
      steps.push({ step, skipped: 'uses', code: null, stdout: '', stderr: '' });
      continue;
    }
    if (step.if && !condition(step.if)) {
      steps.push({ step, skipped: 'if', code: null, stdout: '', stderr: '' });
      continue;
    }
    assert.equal(step.shell, 'bash', `${step.name} runs in bash`);
    const outputFile = path.join(runnerTemp, `output-${steps.length}`);
    fs.writeFileSync(outputFile, '');
    const script = path.join(runnerTemp, `step-${steps.length}.sh`);
    fs.writeFileSync(script, step.run!);
    const stepEnv: NodeJS.ProcessEnv = {
      ...process.env,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ws,
      GITHUB_ACTION_PATH: REPO,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      STANDPOINT_TODAY: TODAY,
      ...env,
    };
    for (const name of ['FORCE_COLOR', 'NO_COLOR']) delete stepEnv[name];
    for (const [name, v] of Object.entries(step.env ?? {})) stepEnv[name] = substitute(v);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: ws, env: stepEnv, encoding: 'utf8', timeout: 120_000 });
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        fs
          .readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    steps.push({ step, skipped: false, code: run.status, stdout: run.stdout, stderr: run.stderr });
  }
  return { steps, summary: fs.readFileSync(summaryFile, 'utf8'), outputs };
}

const named = (steps: StepRun[], name: RegExp) => {
  const found = steps.find((s) => name.test(s.step.name ?? ''));
  assert.ok(found, `a step named ${name}`);
  return found;
};

describe('github: action.yml', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();

  function samplesRepo(): string {
    const ws = make();
    fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
    installStandpoint(ws);
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decision log');
    return ws;
  }

  it('is a composite action: sets up Node, runs the CLI, uploads SARIF with codeql-action, takes paths/args/changed-since', () => {
    assert.equal(ACTION.runs.using, 'composite');
    const uses = ACTION.runs.steps.map((s) => s.uses).filter(Boolean);
    assert.ok(
      uses.some((u) => /^actions\/setup-node@v\d+$/.test(u!)),
      uses.join(', '),
    );
    const upload = ACTION.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'uploads SARIF');
    assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
    for (const input of ['paths', 'args', 'changed-since', 'sarif-file', 'upload-sarif', 'fail-on-findings', 'pr-comment', 'reviewdog', 'github-token'])
      assert.ok(input in ACTION.inputs, input);
    assert.equal(ACTION.inputs['github-token'].default, '${{ github.token }}');
    assert.equal(ACTION.inputs['pr-comment'].default, 'false');
    assert.equal(ACTION.inputs.reviewdog.default, 'false');
    assert.ok(
      ACTION.runs.steps.some((s) => s.uses?.startsWith('reviewdog/action-setup@')),
      'installs reviewdog with its own setup action',
    );
    const check = ACTION.runs.steps.find((s) => s.id === 'check');
    assert.match(check?.run ?? '', /npx --no standpoint check .*--format sarif -o "\$INPUT_SARIF_FILE"/);
    assert.match(check?.run ?? '', /--format markdown >> "\$GITHUB_STEP_SUMMARY"/);
    assert.equal(ACTION.outputs['exit-code'].value, '${{ steps.check.outputs.exit-code }}');
  });

  it('on the samples: writes SARIF, the Markdown summary, outputs exit-code 1 and fails the job', () => {
    const ws = samplesRepo();
    const { steps, summary, outputs } = runAction(ws, {});
    assert.deepEqual(
      steps.map((s) => [s.step.name, s.skipped]),
      [
        ['Set up Node.js', 'uses'],
        ['Install Standpoint', false],
        ['Check decision records', false],
        ['Upload SARIF to code scanning', 'uses'],
        ['Post or update the pull-request comment', 'if'],
        ['Set up reviewdog', 'uses'],
        ['Review with reviewdog', 'if'],
        ['Fail on findings', false],
      ],
      'the comment and reviewdog only when asked',
    );
    const install = named(steps, /Install/);
    assert.equal(install.code, 0, install.stderr);
    assert.match(install.stdout, /Using the repository's Standpoint: \d+\.\d+\.\d+/);
    const check = named(steps, /Check/);
    assert.equal(check.code, 0, `${check.stdout}\n${check.stderr}`);
    assert.equal(outputs.check['exit-code'], '1');
    const log = JSON.parse(fs.readFileSync(path.join(ws, 'standpoint.sarif'), 'utf8')) as Log;
    assert.equal(log.runs[0].results?.length, 6);
    assert.equal(log.runs[0].tool.driver.name, 'Standpoint');
    assert.equal(summary.split('\n')[0], SAMPLE_HEADING);
    assert.match(summary, /\| Principle \| Errors \| Warnings \| Info \|/);
    const fail = named(steps, /Fail/);
    assert.equal(fail.code, 1);
    assert.match(fail.stdout, /::error title=Standpoint::standpoint check exited with 1/);
  });

  it('links findings in the summary to the files on GitHub when the runner says where the code is', () => {
    const ws = samplesRepo();
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'brightcart/decisions', GITHUB_SHA: 'abc123' };
    const { summary } = runAction(ws, { 'fail-on-findings': 'false' }, env);
    const hedge = summary.split('\n').find((l) => l.includes('promise-hedged'));
    assert.ok(hedge, summary);
    assert.match(hedge, /\(\[view\]\(https:\/\/github\.com\/brightcart\/decisions\/blob\/abc123\/decisions\/pol-2026-013-instant-refunds\.md#L44\)\)$/);
  });

  it('changed-since: only records changed since the ref are reported, whole-workspace checks still apply', () => {
    const ws = samplesRepo();
    const unchanged = runAction(ws, { 'changed-since': 'main' });
    assert.equal(unchanged.outputs.check['exit-code'], '0', named(unchanged.steps, /Check/).stderr);
    assert.match(unchanged.summary, /^## ✅ Standpoint: 0 errors, 0 warnings, 0 info in 17 decision records, 2 registries\n\nChecked records changed since main\.\n/);

    // A new record that reuses an existing record's id: reported on the new record and on the unchanged one.
    const original = 'decisions/lp-2026-014-one-click-reorder.yaml';
    writeFiles(ws, { 'decisions/lp-2026-099-copy.yaml': fs.readFileSync(path.join(ws, original), 'utf8') });
    const { steps, summary, outputs } = runAction(ws, { 'changed-since': 'main' });
    assert.equal(outputs.check['exit-code'], '1', named(steps, /Check/).stderr);
    assert.match(summary, /^## ❌ Standpoint: \d+ errors?, 0 warnings, 0 info in 18 decision records, 2 registries\n\nChecked records changed since main\.\n/);
    const bullets = summary.split('\n').filter((l) => l.startsWith('- '));
    assert.ok(bullets.length >= 2 && bullets.every((l) => l.includes('`duplicate-id`')), summary);
    assert.ok(
      bullets.some((l) => l.includes('`decisions/lp-2026-099-copy.yaml:')),
      summary,
    );
    assert.ok(
      bullets.some((l) => l.includes(`\`${original}:`)),
      summary,
    );
    assert.equal(named(steps, /Fail/).code, 1);
  });

  it('args are passed on (here --max-warnings 0), and annotations can be printed', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-981', promise: 'We aim to ship orders the same day' }) });
    installStandpoint(ws);
    const lenient = runAction(ws, { 'upload-sarif': 'false' });
    assert.equal(lenient.outputs.check['exit-code'], '0');
    const strict = runAction(ws, { args: '--max-warnings 0 --no-config', annotations: 'true' });
    assert.equal(strict.outputs.check['exit-code'], '1');
    const check = named(strict.steps, /Check/);
    assert.match(check.stdout, /^::warning file=decisions\/a\.yaml,line=\d+,/m);
    assert.equal(named(strict.steps, /Fail/).code, 1);
  });

  it('paths limit the check; a configuration error is exit 2 with a note in the summary', () => {
    const ws = samplesRepo();
    const only = runAction(ws, { paths: 'decisions/pol-2026-013-instant-refunds.md decisions/org-2026-004-one-customer-care-team.md' });
    assert.equal(only.outputs.check['exit-code'], '0');
    assert.match(only.summary, /^## ⚠️ Standpoint: 0 errors, 1 warning, 0 info in 2 decision records, 2 registries$/m);

    fs.appendFileSync(path.join(ws, '.standpoint.yaml'), 'colour: blue\n');
    const broken = runAction(ws, {});
    assert.equal(broken.outputs.check['exit-code'], '2');
    assert.match(broken.summary, /Standpoint could not run \(exit 2\)/);
    assert.match(named(broken.steps, /Check/).stderr, /\.standpoint\.yaml:\d+:\d+: .*colour/);
    assert.equal(named(broken.steps, /Fail/).code, 2);
  });

  describe('on a pull request: one comment edited in place, and reviewdog', () => {
    const HEDGED_RECORD = 'decisions/pol-2026-013-instant-refunds.md';

    /** A pull_request event payload for pull request `number`, as the runner writes it. */
    function pullRequestEvent(number: number): string {
      const file = path.join(make(), 'event.json');
      fs.writeFileSync(file, JSON.stringify({ action: 'synchronize', number, pull_request: { number } }));
      return file;
    }

    it('posts the pr-comment summary once (POST), then edits that comment on every later run (PATCH)', async () => {
      const api = await startGithubApiStub({ token: WORKFLOW_TOKEN, existing: 130 });
      try {
        const ws = samplesRepo();
        const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'brightcart/decisions', GITHUB_EVENT_PATH: pullRequestEvent(42), GITHUB_SHA: 'c0ffee1234' };
        const first = runAction(ws, { 'pr-comment': 'true' }, env);
        const post = named(first.steps, /comment/);
        assert.equal(post.skipped, false);
        assert.equal(post.code, 0, `${post.stdout}\n${post.stderr}`);
        assert.match(post.stdout, /^upsert-pr-comment: posted https:\/\/github\.example\/pull\/42#issuecomment-\d+$/m);
        assert.equal(first.outputs.comment['comment-url'], post.stdout.trim().split(' ').pop());
        assert.equal(named(first.steps, /Fail/).code, 1, 'the comment does not change whether the job fails');

        // The author fixes the hedged promise and pushes; the workflow runs again, twice.
        const file = path.join(ws, HEDGED_RECORD);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('We aim to refund', 'We refund'));
        const second = runAction(ws, { 'pr-comment': 'true' }, env);
        assert.match(named(second.steps, /comment/).stdout, /^upsert-pr-comment: updated /m);
        const third = runAction(ws, { 'pr-comment': 'true' }, env);
        assert.match(named(third.steps, /comment/).stdout, /^upsert-pr-comment: updated /m);

        const requests = api.requests();
        assert.ok(
          requests.every((r) => r.authorization === `Bearer ${WORKFLOW_TOKEN}`),
          'every request carries the workflow token',
        );
        const writes = requests.filter((r) => r.method !== 'GET');
        const mine = api.comments().filter((c) => c.body.startsWith('<!-- standpoint:pr-comment -->\n'));
        assert.equal(mine.length, 1, 'one Standpoint comment on the pull request, however many runs');
        assert.deepEqual(
          writes.map((r) => `${r.method} ${r.path}`),
          [
            'POST /repos/brightcart/decisions/issues/42/comments',
            `PATCH /repos/brightcart/decisions/issues/comments/${mine[0].id}`,
            `PATCH /repos/brightcart/decisions/issues/comments/${mine[0].id}`,
          ],
        );
        // 130 other comments: the marker is looked for on the second page too (100 per page).
        assert.ok(requests.some((r) => r.method === 'GET' && r.path === '/repos/brightcart/decisions/issues/42/comments?per_page=100&page=2'));
        const [posted, edited] = writes.map((r) => r.body?.body ?? '');
        assert.equal(posted.split('\n')[1], SAMPLE_HEADING);
        assert.match(posted, /promise-hedged/);
        assert.match(posted, /<sub>Standpoint \d+\.\d+\.\d+ for c0ffee1\./);
        assert.equal(edited.split('\n')[1], '## ❌ Standpoint: 4 errors, 1 warning, 0 info in 17 decision records, 2 registries');
        assert.doesNotMatch(edited, /promise-hedged/);
        assert.equal(mine[0].body, edited);
      } finally {
        await api.stop();
      }
    });

    it('posts nothing on a run that is not for a pull request, and fails the step when the API refuses', async () => {
      const api = await startGithubApiStub({ token: WORKFLOW_TOKEN });
      try {
        const ws = samplesRepo();
        const push = path.join(make(), 'event.json');
        fs.writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main', commits: [] }));
        const env = { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'brightcart/decisions', GITHUB_EVENT_PATH: push };
        const onPush = named(runAction(ws, { 'pr-comment': 'true', 'fail-on-findings': 'false' }, env).steps, /comment/);
        assert.equal(onPush.code, 0, onPush.stderr);
        assert.match(onPush.stdout, /not for a pull request; no comment posted/);
        assert.deepEqual(api.requests(), []);

        const refused = named(runAction(ws, { 'pr-comment': 'true', 'pr-number': '7', 'github-token': 'expired' }, env).steps, /comment/);
        assert.equal(refused.code, 1);
        assert.match(
          refused.stderr,
          /^upsert-pr-comment: GET http:\/\/127\.0\.0\.1:\d+\/repos\/brightcart\/decisions\/issues\/7\/comments\?per_page=100&page=1: 401 Unauthorized: .*Bad credentials/m,
        );
        assert.ok(!hasStackTrace(refused.stderr), refused.stderr);
        assert.ok(api.requests().every((r) => r.method === 'GET'));
      } finally {
        await api.stop();
      }
    });

    it('reviewdog: pipes valid rdjson to `reviewdog -f=rdjson` with the chosen reporter and the token', () => {
      const ws = samplesRepo();
      // A stand-in for the binary reviewdog/action-setup installs: it records what it was given.
      const bin = make();
      fs.writeFileSync(
        path.join(bin, 'reviewdog'),
        `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/args"\nprintf '%s' "$REVIEWDOG_GITHUB_API_TOKEN" > "${bin}/token"\ncat > "${bin}/stdin"\n`,
        { mode: 0o755 },
      );
      const run = runAction(
        ws,
        { reviewdog: 'true', 'reviewdog-reporter': 'github-pr-check', 'fail-on-findings': 'false' },
        { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
      );
      const review = named(run.steps, /Review with reviewdog/);
      assert.equal(review.code, 0, review.stderr);
      assert.deepEqual(fs.readFileSync(path.join(bin, 'args'), 'utf8').trim().split('\n'), [
        '-f=rdjson',
        '-name=standpoint',
        '-reporter=github-pr-check',
        '-filter-mode=added',
      ]);
      assert.equal(fs.readFileSync(path.join(bin, 'token'), 'utf8'), WORKFLOW_TOKEN);
      const result = parseRdjson(fs.readFileSync(path.join(bin, 'stdin'), 'utf8'));
      assert.deepEqual(result.diagnostics.map((d) => `${d.code.value}@${d.location.path}:${d.location.range.start.line}`).sort(), [
        'campaign-excludes-open-issues@decisions/ca-2026-019-black-friday-early-access.yaml:27',
        'launch-readiness-vs-quarter@decisions/lp-2026-027-holiday-gift-bundles.yaml:58',
        'promise-hedged@decisions/pol-2026-013-instant-refunds.md:44',
        'promise-ref-resolves@decisions/sp-2026-002-business-accounts-2027.yaml:37',
        'single-score-reliance@decisions/sp-2026-006-plus-growth-2027.md:51',
        'touchpoint-cut-needs-reinvestment@decisions/bc-2026-017-contact-centre-staffing.md:10',
      ]);
      assert.equal(named(run.steps, /comment/).skipped, 'if', 'no comment unless asked');
    });
  });
});

describe('github: .pre-commit-hooks.yaml', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();
  const hook = HOOKS.find((h) => h.id === 'standpoint')!;

  /** A folder on PATH with a `standpoint` command, as pre-commit's node environment provides. */
  function shimPath(): string {
    const bin = make();
    fs.writeFileSync(path.join(bin, 'standpoint'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    return `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
  }

  /** What pre-commit does: staged files matching `files` and not `exclude`, appended to the entry. */
  function runHook(ws: string): { files: string[]; code: number | null; stdout: string; stderr: string } {
    const staged = git(ws, 'diff', '--cached', '--name-only', '--diff-filter=ACMR').split('\n').filter(Boolean);
    const include = new RegExp(hook.files);
    const exclude = hook.exclude ? new RegExp(hook.exclude) : undefined;
    const files = staged.filter((f) => include.test(f) && !exclude?.test(f));
    const [command, ...entryArgs] = hook.entry.split(/\s+/);
    const run = spawnSync(command, [...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, PATH: shimPath(), STANDPOINT_TODAY: TODAY },
      timeout: 60_000,
    });
    return { files, code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  function repo(): string {
    const ws = make();
    fs.cpSync(SAMPLES_DIR, ws, { recursive: true });
    git(ws, 'init', '-q');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'decision log');
    return ws;
  }

  it('declares the standpoint hook: entry "standpoint check", node, records only, one serial run', () => {
    assert.ok(hook, 'a hook with id standpoint');
    assert.equal(hook.entry, 'standpoint check');
    assert.equal(hook.language, 'node');
    assert.equal(hook.require_serial, true);
    const matches = (f: string) => new RegExp(hook.files).test(f) && !(hook.exclude && new RegExp(hook.exclude).test(f));
    for (const f of ['decisions/a.yaml', 'decisions/2026/b.yml', 'decisions/c.md', 'docs/x.decision.yaml', 'y.decision.md']) assert.ok(matches(f), f);
    for (const f of ['decisions/README.md', 'promises.yaml', 'people.yaml', 'README.md', '.standpoint.yaml', 'docs/decisions.md', 'src/decisions.ts'])
      assert.ok(!matches(f), f);
  });

  it('fails a commit that stages a record with an error, naming it; the staged registry is not passed', () => {
    const ws = repo();
    const file = 'decisions/ca-2026-012-plus-win-back.yaml';
    const text = fs.readFileSync(path.join(ws, file), 'utf8');
    fs.writeFileSync(path.join(ws, file), text.replace('exclude_open_service_issues: true', 'exclude_open_service_issues: false'));
    fs.appendFileSync(path.join(ws, 'promises.yaml'), '# reviewed\n');
    fs.appendFileSync(path.join(ws, 'decisions/README.md'), '\nMore notes.\n');
    git(ws, 'add', '-A');
    const run = runHook(ws);
    assert.deepEqual(run.files, [file]);
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, new RegExp(`^${file.replace(/\./g, '\\.')}\\n {2}\\d+:\\d+ {2}error .*campaign-excludes-open-issues$`, 'm'));
    assert.match(run.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 info\) in 1 decision record, 2 registries/, 'the record and the two registries its config names');
  });

  it('passes a commit of clean records, and a commit with only a warning', () => {
    const ws = repo();
    writeFiles(ws, {
      'decisions/lp-2026-099-new.decision.yaml': fs
        .readFileSync(path.join(ws, 'decisions/lp-2026-014-one-click-reorder.yaml'), 'utf8')
        .replace('id: LP-2026-014', 'id: LP-2026-099'),
    });
    fs.appendFileSync(path.join(ws, 'decisions/org-2026-004-one-customer-care-team.md'), '\n');
    git(ws, 'add', '-A');
    const clean = runHook(ws);
    assert.deepEqual(clean.files, ['decisions/lp-2026-099-new.decision.yaml', 'decisions/org-2026-004-one-customer-care-team.md']);
    assert.equal(clean.code, 0, show(clean));
    git(ws, 'commit', '-q', '-m', 'clean');
    fs.appendFileSync(path.join(ws, 'decisions/pol-2026-013-instant-refunds.md'), '\n');
    git(ws, 'add', '-A');
    const warning = runHook(ws);
    assert.equal(warning.code, 0, show(warning));
    assert.match(warning.stdout, /promise-hedged/);
  });

  it('checks the staged records together: two new records with the same id both fail', () => {
    const ws = repo();
    const text = record({ id: 'LP-2026-990' });
    writeFiles(ws, { 'decisions/x.yaml': text, 'decisions/y.yaml': text });
    git(ws, 'add', '-A');
    const run = runHook(ws);
    assert.equal(run.code, 1, show(run));
    const line = lineOf(text, 'id: LP-2026-990');
    assert.match(run.stdout, new RegExp(`decisions/x\\.yaml\\n(?: .*\\n)* {2}${line}:\\d+ +error +Id "LP-2026-990" is also used in decisions/y\\.yaml`));
  });
});

describe('github: --format markdown is the pull-request comment', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();
  const HEDGED = 'We aim to ship orders the same day';

  it('totals per principle, then the top findings (errors first) with rule and source links, and a count of the rest', () => {
    const files: Record<string, string> = { '.standpoint.yaml': 'root: true\n' };
    for (let i = 0; i < 12; i++) {
      files[`decisions/r${String(i).padStart(2, '0')}.yaml`] = record({
        id: `LP-2026-${700 + i}`,
        promise: HEDGED,
        extra: 'barriers:\n  - barrier: Fulfilment is outsourced\n    owner: Ana Ruiz\n',
      });
    }
    const ws = make(files);
    const env = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'org/repo', GITHUB_SHA: 'f00d', GITHUB_WORKSPACE: ws };
    const run = standpoint(['check', '--today', TODAY, '--format', 'markdown'], { cwd: ws, env });
    assert.equal(run.code, 1, show(run));
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], '## ❌ Standpoint: 12 errors, 12 warnings, 0 info in 12 decision records');
    const rows = lines.filter((l) => /^\| [a-z-]+ \| \d+ \| \d+ \| \d+ \|$/.test(l));
    assert.deepEqual(rows, ['| mitigate-structural-barriers | 12 | 0 | 0 |', '| keep-your-promises | 0 | 12 | 0 |'], 'most errors first');
    const bullets = lines.filter((l) => l.startsWith('- '));
    assert.equal(bullets.length, 21, 'twenty findings and a line for the rest');
    assert.equal(bullets[20], '- …and 4 more');
    assert.ok(
      bullets.slice(0, 12).every((l) => l.startsWith('- 🔴 [`barrier-mitigation-required`](https://')),
      'errors first, rule linked to its docs',
    );
    const hedgeLine = lineOf(files['decisions/r00.yaml'], HEDGED);
    assert.ok(bullets[12].startsWith('- 🟡 [`promise-hedged`]('));
    assert.match(
      bullets[12],
      new RegExp(
        `\`decisions/r00\\.yaml:${hedgeLine}\` — "aim to" hedges the promise.* \\(\\[view\\]\\(https://github\\.example/org/repo/blob/f00d/decisions/r00\\.yaml#L${hedgeLine}\\)\\)$`,
      ),
    );
  });

  it("without a code host there are no source links, and a team rule's local file is not linked", () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/approvers-named.yaml': `id: approvers-named
severity: error
principle: accountability
title: Name who approves
message: Name at least one approver.
checks:
  - kind: assert
    assert: {path: approvers, present: true}
    report: approvers
docs: {rationale: r, triggers: t, comply: c}
`,
      'decisions/a.yaml': record({ id: 'LP-2026-982' }).replace('approvers: [Mo Khan]\n', ''),
    });
    const run = standpoint(['check', '--today', TODAY, '--format', 'markdown'], {
      cwd: ws,
      env: { GITHUB_SERVER_URL: undefined, GITHUB_REPOSITORY: undefined, GITHUB_SHA: undefined, GITHUB_WORKSPACE: undefined },
    });
    assert.equal(run.code, 1, show(run));
    const bullet = run.stdout.split('\n').find((l) => l.startsWith('- '));
    assert.equal(bullet, '- 🔴 `approvers-named` `decisions/a.yaml:1` — Name at least one approver.');
  });
});

describe('github: docs/ci.md', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
  const yamlBlocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('is linked from the README and shows the action, the pre-commit hook and the other commands', () => {
    assert.match(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'), /\]\(docs\/ci\.md\)/);
    assert.match(doc, /uses: standpoint-dev\/standpoint@v1/);
    assert.match(doc, /- id: standpoint\n/);
    for (const command of ['standpoint baseline', '--prune-baseline', 'standpoint diff-rules --base', 'standpoint report --html', '--changed-since', 'escalate:']) {
      assert.ok(doc.includes(command), command);
    }
    for (const input of Object.keys(ACTION.inputs)) assert.ok(doc.includes(`| \`${input}\` |`), `input ${input} is documented`);
  });

  it('every YAML example parses, and the escalation example is a valid configuration', () => {
    assert.ok(yamlBlocks.length >= 8);
    for (const block of yamlBlocks) parseYaml(block);
    const example = yamlBlocks.find((b) => b.includes('escalate:'))!;
    const ws = make({ '.standpoint.yaml': `root: true\n${example}`, 'decisions/pricing/a.yaml': record({ id: 'LP-2026-983' }) });
    const run = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(run.stderr, '');
  });
});
