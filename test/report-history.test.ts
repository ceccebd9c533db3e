import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_COMMIT_POINTS, thinOut } from '../server/src/cli/commands/report/history.js';
import { chromiumTools, openPage, screenshot, type ChromiumTools } from './helpers/chromium.js';
import { commitAt, findings, git, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from './helpers/cli.js';
import { SAMPLES_DIR } from './helpers/paths.js';

// `standpoint report --months N` and `--since REF`: the scorecard over time, read from git
// objects and checked with today's rules, against `check` run on each commit checked out.

const CAMPAIGN = 'decisions/ca-2026-019-black-friday-early-access.yaml';
const SLOTS = 'decisions/lp-2026-030-one-hour-delivery-slots.md';
const REORDER = 'decisions/lp-2026-014-one-click-reorder.yaml';
const STATUS_MESSAGES = 'decisions/bc-2026-011-delivery-status-messages.yaml';

interface Commit {
  sha: string;
  /** The committer's date: the "today" of a `--since` point. */
  date: string;
}

/**
 * A decision log made of the samples, committed in four steps: the campaign (dated in
 * September) arrives with an error and is fixed in October; in November an owner is named
 * by registry id, a review date passes and promises get outcomes.
 */
function buildRepo(make: () => string): { repo: string; commits: Commit[] } {
  const repo = make();
  fs.cpSync(SAMPLES_DIR, repo, { recursive: true });
  const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
  const write = (file: string, text: string) => fs.writeFileSync(path.join(repo, file), text);
  const campaign = read(CAMPAIGN).replace(/^date: 2026-11-02$/m, 'date: 2026-09-05');
  assert.match(campaign, /exclude_open_service_issues: false/);
  const slots = read(SLOTS);
  fs.rmSync(path.join(repo, CAMPAIGN));
  fs.rmSync(path.join(repo, SLOTS));
  git(repo, 'init', '-q', '-b', 'main');
  const commits: Commit[] = [];
  const commit = (date: string, message: string) => commits.push({ sha: commitAt(repo, `${date}T10:00:00+00:00`, message), date });
  commit('2026-08-10', 'Decision log');
  write(CAMPAIGN, campaign);
  commit('2026-09-12', 'Black Friday early-access campaign');
  write(CAMPAIGN, campaign.replace('exclude_open_service_issues: false', 'exclude_open_service_issues: true'));
  write(SLOTS, slots);
  commit('2026-10-05', 'Exclude customers with open issues; one-hour delivery slots');
  const promises = read('promises.yaml');
  write(
    'promises.yaml',
    promises
      .replace('    review: 2027-03-31\n  - id: P-02', '    review: 2027-03-31\n    outcome: {result: met, date: 2026-11-01, kept: true}\n  - id: P-02')
      .replace(
        '    review: 2027-02-28\n  - id: P-03',
        '    review: 2027-02-28\n    outcome:\n      result: missed\n      date: 2026-11-02\n      kept: false\n      evidence: 89% arrived the next day in October\n  - id: P-03',
      )
      // P-03's review falls due soon, with no outcome recorded yet.
      .replace(/ {4}review: 2027-01-31\n {4}outcome:\n(?: {6}.*\n)+(?= {2}- id: P-04)/, '    review: 2026-12-10\n'),
  );
  assert.notEqual(read('promises.yaml'), promises);
  write(REORDER, read(REORDER).replace('owner: Dana Reyes\n', 'owner: dreyes\nreview_by: 2026-11-01\n'));
  write(STATUS_MESSAGES, `${read(STATUS_MESSAGES)}outcome: Contacts asking where an order is fell by a fifth\n`);
  commit('2026-11-18', 'Reviews and outcomes');
  return { repo, commits };
}

/** `check --format json` on a commit checked out into its own folder, with `today`. */
function checkAt(make: () => string, repo: string, sha: string, today: string): JsonFinding[] {
  const dir = path.join(make(), 'log');
  git(path.dirname(dir), 'clone', '-q', '--no-checkout', repo, dir);
  git(dir, 'checkout', '-q', '--detach', sha);
  const run = standpoint(['check', '--today', today, '--format', 'json'], { cwd: dir });
  assert.ok(run.code === 0 || run.code === 1, show(run));
  return findings(run);
}

type Attributes = Record<string, string>;

/** The `data-*` attributes of each `<TAG class="CLS" ...>` between `start` and the next `end`. */
function attributesIn(html: string, start: string, end: string, open: RegExp): Attributes[] {
  const from = html.indexOf(start);
  assert.ok(from >= 0, start);
  const section = html.slice(from, html.indexOf(end, from));
  return [...section.matchAll(open)].map((m) => Object.fromEntries([...m[1].matchAll(/data-([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

const trendPoints = (html: string, trend: string) => attributesIn(html, `data-trend="${trend}"`, '</figure>', /<g class="point" ([^>]*)>/g);

function tally(list: readonly JsonFinding[]): { value: string; errors: string; warnings: string; infos: string } {
  const n = (severity: string) => String(list.filter((f) => f.severity === severity).length);
  return { value: String(list.length), errors: n('error'), warnings: n('warning'), infos: n('info') };
}

/** Findings that appear in `after` and not in `before` (as many times as they are extra), by file, rule and message. */
function extra(before: readonly JsonFinding[], after: readonly JsonFinding[], principle?: string): number {
  const pool = new Map<string, number>();
  const key = (f: JsonFinding) => `${f.file}\u0000${f.rule}\u0000${f.message}`;
  for (const f of before) pool.set(key(f), (pool.get(key(f)) ?? 0) + 1);
  let count = 0;
  for (const f of after) {
    const left = pool.get(key(f)) ?? 0;
    if (left > 0) pool.set(key(f), left - 1);
    else if (principle === undefined || f.principle === principle) count++;
  }
  return count;
}

/** YYYY-MM-DD of each record's `date:` line in the working tree. */
function recordDates(repo: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(path.join(repo, 'decisions'))) {
    const m = /^date: (\d{4}-\d{2}-\d{2})$/m.exec(fs.readFileSync(path.join(repo, 'decisions', name), 'utf8'));
    if (m) out.set(`decisions/${name}`, m[1]);
  }
  return out;
}

describe('report: the scorecard over time (--months, --since)', function () {
  this.timeout(300_000);
  const make = tempWorkspaces();
  let repo: string;
  let commits: Commit[];
  /** Month-end points of `--months 5 --today TODAY`: July has no commit yet, so four. */
  const MONTH_ENDS = ['2026-08-31', '2026-09-30', '2026-10-31', TODAY];
  let monthsHtml: string;
  let monthsPage: string;
  const expected = new Map<string, JsonFinding[]>();

  before(() => {
    ({ repo, commits } = buildRepo(make));
    monthsPage = path.join(repo, 'out', 'scorecard.html');
    const run = standpoint(['report', '--html', 'out/scorecard.html', '--months', '5', '--today', TODAY], { cwd: repo });
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /; history: 4 points from 2026-08-31\n$/);
    monthsHtml = fs.readFileSync(monthsPage, 'utf8');
    MONTH_ENDS.forEach((date, i) => expected.set(date, checkAt(make, repo, commits[i].sha, date)));
  });

  it('reads history from git objects only: the working tree, index and refs are left as they were', () => {
    assert.equal(git(repo, 'status', '--porcelain', '--untracked-files=all'), '?? out/scorecard.html\n');
    assert.equal(git(repo, 'rev-parse', 'HEAD').trim(), commits[3].sha);
    assert.equal(git(repo, 'worktree', 'list').trim().split('\n').length, 1);
  });

  it('each month end is the commit of that date, and its numbers are check --format json on that commit, per principle', () => {
    const all = trendPoints(monthsHtml, 'all');
    assert.deepEqual(
      all.map((p) => [p.key, p.date, p.commit]),
      MONTH_ENDS.map((date, i) => [date, date, commits[i].sha]),
    );
    const principles = new Set([...expected.values()].flat().map((f) => f.principle));
    assert.ok(principles.has('no-promotion-over-open-issues') && principles.size >= 5, [...principles].join());
    all.forEach((p, i) => assert.deepEqual({ value: p.value, errors: p.errors, warnings: p.warnings, infos: p.infos }, tally(expected.get(MONTH_ENDS[i])!), p.key));
    const charted = [...monthsHtml.matchAll(/data-trend="([^"]+)"/g)].map((m) => m[1]).filter((t) => t !== 'all');
    assert.deepEqual(new Set(charted), principles, 'one trend chart per principle with findings at some point');
    for (const principle of principles) {
      trendPoints(monthsHtml, principle).forEach((p, i) => {
        const mine = expected.get(MONTH_ENDS[i])!.filter((f) => f.principle === principle);
        assert.deepEqual({ value: p.value, errors: p.errors, warnings: p.warnings, infos: p.infos }, tally(mine), `${principle} at ${p.key}`);
      });
    }
  });

  it('counts findings that appeared and went away between consecutive points', () => {
    const cells = attributesIn(monthsHtml, 'id="changes"', '</table>', /<td class="change" ([^>]*)>/g);
    const principles = [...new Set([...expected.values()].flat().map((f) => f.principle))];
    for (let i = 1; i < MONTH_ENDS.length; i++) {
      const [before, after] = [expected.get(MONTH_ENDS[i - 1])!, expected.get(MONTH_ENDS[i])!];
      for (const principle of ['all', ...principles]) {
        const only = principle === 'all' ? undefined : principle;
        const cell = cells.find((c) => c.principle === principle && c.point === MONTH_ENDS[i]);
        assert.deepEqual(cell && [cell.new, cell.resolved], [String(extra(before, after, only)), String(extra(after, before, only))], `${principle} at ${MONTH_ENDS[i]}`);
      }
    }
    const campaign = cells.filter((c) => c.principle === 'no-promotion-over-open-issues').map((c) => `+${c.new} -${c.resolved}`);
    assert.deepEqual(campaign, ['+1 -0', '+0 -1', '+0 -0'], 'the campaign error appears in September and is fixed in October');
  });

  it('colours each month by the state its records had at that month end', () => {
    const dates = recordDates(repo);
    const columns = attributesIn(monthsHtml, 'data-chart="months"', '</figure>', /<g class="column" ([^>]*)>/g);
    const months = [...new Set([...dates.values()].map((d) => d.slice(0, 7)))].sort();
    assert.deepEqual(
      columns.map((c) => c.key),
      months,
    );
    for (const column of columns) {
      const point = MONTH_ENDS.filter((d) => d <= `${column.key}-31`).at(-1);
      const files = [...dates].filter(([, d]) => d.startsWith(column.key)).map(([f]) => f);
      const tracked = point ? git(repo, 'ls-tree', '-r', '--name-only', commits[MONTH_ENDS.indexOf(point)].sha, 'decisions').split('\n') : [];
      const at = point ? expected.get(point)! : [];
      const state = (file: string) =>
        !tracked.includes(file)
          ? 'unknown'
          : at.some((f) => f.file === file && f.severity === 'error')
            ? 'with-errors'
            : at.some((f) => f.file === file && f.severity === 'warning')
              ? 'warnings-only'
              : 'clean';
      for (const name of ['with-errors', 'warnings-only', 'clean', 'unknown']) {
        assert.equal(column[name], String(files.filter((f) => state(f) === name).length), `${column.key} ${name}`);
      }
      assert.equal(column['as-of'], point, column.key);
    }
    const september = columns.find((c) => c.key === '2026-09')!;
    assert.equal(september['with-errors'], '1', 'the campaign had its error at the end of September, though it is fixed now');
  });

  it('--since REF: the ref and each later commit that touched records, at its own date', () => {
    const page = path.join(make(), 'since.html');
    const run = standpoint(['report', '--html', page, '--since', commits[0].sha, '--today', TODAY], { cwd: repo });
    assert.equal(run.code, 0, show(run));
    const html = fs.readFileSync(page, 'utf8');
    const points = trendPoints(html, 'all');
    assert.deepEqual(
      points.map((p) => [p.key, p.commit]),
      commits.map((c) => [`${c.date} ${c.sha.slice(0, 7)}`, c.sha]),
    );
    points.forEach((p, i) => {
      const found = checkAt(make, repo, commits[i].sha, commits[i].date);
      assert.deepEqual({ value: p.value, errors: p.errors, warnings: p.warnings, infos: p.infos }, tally(found), p.key);
    });
    assert.match(html, /3 later commits that changed records, registries or configuration from 2026-08-10 to 2026-11-18/);
  });

  it('links files by their path from the repository root: relative to the page, or under --base-url', () => {
    const relative = [...monthsHtml.matchAll(/<a href="([^"#][^"]*)">([^<]*)<\/a>/g)];
    assert.ok(relative.length > 20);
    for (const [, href, shown] of relative) {
      assert.doesNotMatch(href, /^(?:[a-z]+:|\/)/i, 'relative');
      const target = fileURLToPath(new URL(href, `file://${monthsPage}`));
      assert.ok(fs.existsSync(target), href);
      assert.equal(path.relative(repo, target).split(path.sep).join('/'), shown);
    }
    // From a subfolder the paths are still from the repository root.
    const page = path.join(make(), 'linked.html');
    const run = standpoint(['report', '.', '--html', page, '--base-url', 'https://github.com/acme/decision-log/blob/main/', '--today', TODAY], {
      cwd: path.join(repo, 'decisions'),
    });
    assert.equal(run.code, 0, show(run));
    const html = fs.readFileSync(page, 'utf8');
    const links = [...html.matchAll(/<a href="([^"#][^"]*)">([^<]*)<\/a>/g)];
    assert.ok(links.length > 20);
    for (const [, href, shown] of links) assert.equal(href, `https://github.com/acme/decision-log/blob/main/${shown}`);
    assert.ok(links.some(([, , shown]) => shown === REORDER));
    assert.ok(links.some(([, , shown]) => shown === 'promises.yaml'));
  });

  it('--since thins out a long history evenly, keeping the ref and the last commit', () => {
    const commitsFound = Array.from({ length: 100 }, (_, i) => i);
    const kept = thinOut(commitsFound, MAX_COMMIT_POINTS);
    assert.equal(kept.length, MAX_COMMIT_POINTS);
    assert.deepEqual([kept[0], kept[1], kept[12], kept.at(-1)], [0, 4, 52, 99]);
    assert.deepEqual(thinOut([1, 2, 3], MAX_COMMIT_POINTS), [1, 2, 3]);
  });

  it('refuses what it cannot do with exit 2 and a message', () => {
    const both = standpoint(['report', '--html', 'x.html', '--months', '3', '--since', 'HEAD'], { cwd: repo });
    assert.equal(both.code, 2);
    assert.equal(both.stderr, 'standpoint: give --months or --since, not both\n');
    const zero = standpoint(['report', '--html', 'x.html', '--months', '0'], { cwd: repo });
    assert.equal(zero.stderr, 'standpoint: --months expects a whole number from 1 to 60, got 0\n');
    const ref = standpoint(['report', '--html', 'x.html', '--since', 'no-such-branch'], { cwd: repo });
    assert.equal(ref.code, 2);
    assert.match(ref.stderr, /^standpoint: git ref "no-such-branch" is not known here/);
    const outside = make({ 'decisions/a.yaml': 'decision: launch-plan\n' });
    const noGit = standpoint(['report', '--html', 'x.html', '--months', '2'], { cwd: outside });
    assert.equal(noGit.code, 2);
    assert.match(noGit.stderr, /^standpoint: --months reads the history from git, and .* is not in a git repository/);
    const url = standpoint(['report', '--html', 'x.html', '--base-url', 'github.com/acme'], { cwd: repo });
    assert.equal(url.stderr, 'standpoint: --base-url expects an absolute http or https URL, got "github.com/acme"\n');
    assert.ok(!fs.existsSync(path.join(repo, 'x.html')));
  });

  describe('in headless Chromium', function () {
    this.timeout(180_000);
    let tools: ChromiumTools;

    before(function () {
      tools = chromiumTools(this);
    });

    it('shows the trends, owners, promise outcomes and waiver reasons, with titles and plain messages', async () => {
      const { tab, problems, fetched, close } = await openPage(tools, monthsPage);
      try {
        // The numbers drawn on the overall trend are the check totals.
        const shown = await tab.locator('[data-trend="all"] g.point text.value').evaluateAll((els) => els.map((e) => e.textContent));
        assert.deepEqual(
          shown,
          MONTH_ENDS.map((d) => String(expected.get(d)!.length)),
        );
        const box = await tab.locator('[data-trend="all"] svg').boundingBox();
        assert.ok(box && box.width > 600 && box.height > 100, JSON.stringify(box));
        assert.match(await tab.locator('#history-note').innerText(), /checked with the current rules/);
        assert.equal(await tab.locator('[data-trend="no-promotion-over-open-issues"] h3').innerText(), 'No promotion over open issues 0 now');
        assert.deepEqual(
          await tab.locator('#changes tr[data-principle="no-promotion-over-open-issues"] td').evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText)),
          ['+1 −0', '+0 −1', '·'],
        );

        // Principles by their title, never their slug.
        const labels = await tab.locator('[data-chart="principles"] text.label').evaluateAll((els) => els.map((e) => e.firstChild?.textContent));
        assert.ok(labels.includes('No magical thinking'), labels.join());
        assert.ok(
          labels.every((l) => l && !l.includes('-')),
          labels.join(),
        );

        // Owners: the registry's name for an id, what is overdue and what is due soon.
        const dana = tab.locator('#owner-table tr[data-owner="dreyes"]');
        assert.equal(await dana.getAttribute('data-name'), 'Dana Reyes');
        assert.equal(await dana.locator('td').first().innerText(), 'Dana Reyes');
        assert.equal(await dana.getAttribute('data-overdue'), '1');
        assert.match(
          await dana.locator('ul.due li.overdue').innerText(),
          /^OVERDUE review by 2026-11-01: LP-2026-014 One-click reorder for returning shoppers \(decisions\/lp-2026-014-one-click-reorder\.yaml\)$/i,
        );
        const lee = tab.locator('#owner-table tr[data-owner="lwong"]');
        assert.deepEqual([await lee.getAttribute('data-overdue'), await lee.getAttribute('data-due-soon')], ['0', '1']);
        assert.match(await lee.locator('ul.due li.soon').innerText(), /^DUE SOON review 2026-12-10: P-03 A person answers chat/i);

        // Promises with their outcomes, read from whatever shape the outcome has.
        const outcome = async (id: string) => tab.locator(`#promise-table tr[data-promise="${id}"] td.outcome`).innerText();
        assert.equal(await outcome('P-01'), 'kept (met) 2026-11-01');
        assert.equal(await outcome('P-02'), 'missed 2026-11-02\nevidence: 89% arrived the next day in October');
        assert.equal(await outcome('P-04'), 'no outcome recorded');
        assert.equal(await tab.locator('#promise-table tr[data-promise="P-02"] td').nth(3).innerText(), '>= 97%');
        assert.equal(await tab.locator('#promise-table tr[data-outcome="none"]').count(), 7);
        assert.match(
          await tab.locator(`#records tr[data-file="${STATUS_MESSAGES}"] .outcome`).innerText(),
          /^outcome: recorded\s+Contacts asking where an order is fell by a fifth$/,
        );

        // Waiver reasons, and messages without Markdown markers.
        assert.equal(
          await tab.locator('#waiver-table td.reason').first().innerText(),
          'The 2026 price-sensitivity survey is fielded in January; the fee is reviewed against its results and churn data before the waiver expires.',
        );
        const text = (await tab.locator('main').textContent()) ?? '';
        assert.ok(!text.includes('`') && !text.includes('**'), 'no raw Markdown on the page');
        assert.equal(await tab.locator('#records tr[data-file="decisions/bc-2026-017-contact-centre-staffing.md"] details li code').nth(1).textContent(), 'reinvestment');

        await screenshot(tab, 'report-history.png');
        assert.deepEqual(problems, [], 'no console errors or warnings');
        assert.deepEqual(fetched, [], 'the page fetched nothing');
      } finally {
        await close();
      }
    });
  });
});
