import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { chromiumTools, openPage, screenshot, type ChromiumTools } from './helpers/chromium.js';
import { findings, record, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from './helpers/cli.js';
import { REPO, SAMPLES_DIR } from './helpers/paths.js';

// `standpoint report --html`: the decision-log scorecard, checked as markup and in headless Chromium.

/** Numbers worked out from the sample files and `check --format json`, independently of the report's code. */
function expectedForSamples(): {
  findings: JsonFinding[];
  records: number;
  impacting: number;
  months: Map<string, number>;
  register: number;
} {
  const files = fs.readdirSync(path.join(SAMPLES_DIR, 'decisions')).filter((f) => /\.(ya?ml|md)$/.test(f) && f !== 'README.md');
  const texts = files.map((f) => fs.readFileSync(path.join(SAMPLES_DIR, 'decisions', f), 'utf8'));
  const months = new Map<string, number>();
  for (const t of texts) {
    const m = /^date: (\d{4})-(\d{2})-\d{2}$/m.exec(t);
    if (m) months.set(`${m[1]}-${m[2]}`, (months.get(`${m[1]}-${m[2]}`) ?? 0) + 1);
  }
  const register = (parseYaml(fs.readFileSync(path.join(SAMPLES_DIR, 'promises.yaml'), 'utf8')) as { promises: unknown[] }).promises.length;
  return {
    findings: findings(standpoint(['check', 'samples', '--today', TODAY, '--format', 'json'])),
    records: files.length,
    impacting: texts.filter((t) => /^customer_impact: (direct|indirect)$/m.test(t)).length,
    months,
    register,
  };
}

/** `data-NAME="VALUE"` attributes of the element that has `data-key="KEY"` inside the chart `data-chart="CHART"`. */
function barAttributes(html: string, chart: string, key: string): Record<string, string> {
  const start = html.indexOf(`data-chart="${chart}"`);
  assert.ok(start >= 0, `chart ${chart}`);
  const end = html.indexOf('</figure>', start);
  const section = html.slice(start, end);
  const m = new RegExp(`<g class="(?:bar|share|column)" data-key="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"([^>]*)>`).exec(section);
  assert.ok(m, `bar ${key} in ${chart}`);
  return { key, ...Object.fromEntries([...m[1].matchAll(/data-([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])) };
}

function count(list: JsonFinding[], severity: string): number {
  return list.filter((f) => f.severity === severity).length;
}

describe('report: standpoint report --html', function () {
  // Each test runs the CLI several times (and git); allow for a loaded machine.
  this.timeout(180_000);
  const make = tempWorkspaces();

  it('writes one self-contained page: inline styles, script and SVG, nothing to fetch', () => {
    const dir = make();
    const run = standpoint(['report', 'samples', '--html', path.join(dir, 'report.html'), '--today', TODAY]);
    assert.equal(run.code, 0, show(run));
    assert.match(
      run.stdout,
      /^wrote .*report\.html: 17 records, 4 errors, 2 warnings, 0 info; 16\/16 impacting decisions with advocate input, 16\/16 with customer evidence\n$/,
    );
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.doesNotMatch(html, /<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(|@font-face/i, 'no external resources of any kind');
    assert.doesNotMatch(html, /(?:href|src)="https?:/i, 'no links off the page');
    assert.equal((html.match(/<svg /g) ?? []).length, 6, 'six inline SVG charts');
    const data = JSON.parse(/<script type="application\/json" id="standpoint-data">([\s\S]*?)<\/script>/.exec(html)![1]) as { records: unknown[] };
    assert.equal(data.records.length, 17);
    // Record links are relative to the page, so they work wherever the page and the log are.
    assert.ok(html.includes(`href="${path.relative(dir, path.join(REPO, 'samples/decisions/lp-2026-027-holiday-gift-bundles.yaml')).split(path.sep).join('/')}"`));
  });

  it('chart data for the samples matches check --format json and the sample files', () => {
    const dir = make();
    assert.equal(standpoint(['report', 'samples', '--html', path.join(dir, 'r.html'), '--today', TODAY]).code, 0);
    const html = fs.readFileSync(path.join(dir, 'r.html'), 'utf8');
    const expected = expectedForSamples();
    for (const principle of new Set(expected.findings.map((f) => f.principle))) {
      const mine = expected.findings.filter((f) => f.principle === principle);
      assert.deepEqual(barAttributes(html, 'principles', principle), {
        key: principle,
        value: String(mine.length),
        errors: String(count(mine, 'error')),
        warnings: String(count(mine, 'warning')),
        infos: String(count(mine, 'info')),
      });
    }
    for (const rule of new Set(expected.findings.map((f) => f.rule))) {
      assert.equal(barAttributes(html, 'rules', rule).value, String(expected.findings.filter((f) => f.rule === rule).length));
    }
    assert.equal(barAttributes(html, 'standpoint', 'advocate').of, String(expected.impacting));
    assert.deepEqual(barAttributes(html, 'standpoint', 'evidence'), { key: 'evidence', count: '16', of: '16', percent: '100' });
    assert.deepEqual(barAttributes(html, 'promises', 'complete'), {
      key: 'complete',
      count: String(expected.register + 3),
      of: String(expected.register + 3),
      percent: '100',
    });
    assert.equal(barAttributes(html, 'waivers', 'later').value, '1');
    assert.equal(barAttributes(html, 'waivers', 'expired').value, '0');
    for (const [month, n] of expected.months) assert.equal(barAttributes(html, 'months', month).value, String(n), month);
  });

  it('counts waivers by expiry, the customer standpoint and promise accountability on a workspace made for it', () => {
    const waiver = (rule: string, expires: string, owner = 'Dana Reyes') =>
      `waivers:\n  - {rule: ${rule}, reason: "Survey repeats in March", owner: ${owner}, expires: ${expires}}\n`;
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': 'promises:\n  - {id: P-1, promise: Refunds in 3 days, owner: Sam Lee, measure: share of customers refunded in 3 days, target: ">= 95%"}\n',
      'decisions/a.yaml': record({ id: 'LP-2026-001', extra: waiver('evidence-stale', '2026-12-01') }),
      'decisions/b.yaml': record({ id: 'LP-2026-002', extra: waiver('evidence-stale', '2026-11-01') }),
      'decisions/c.yaml': record({ id: 'LP-2026-003', extra: waiver('evidence-stale', '2027-01-15') }),
      'decisions/d.yaml': record({ id: 'LP-2026-004', ref: 'P-1', extra: 'waivers:\n  - {rule: evidence-stale, reason: later}\n' })
        .replace('  advocates: [Priya Shah]\n', '')
        .replace('date: 2026-11-20', 'date: 2026-09-03'),
      'decisions/e.yaml': record({ id: 'LP-2026-005' })
        .replace('customer_impact: direct', 'customer_impact: none\ncustomer_impact_rationale: Payroll moves between two internal teams with no change customers see')
        .replace('    - source: support-tickets', '    - source: financial-model'),
    });
    const run = standpoint(['report', '--html', 'out/scorecard.html', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    const html = fs.readFileSync(path.join(ws, 'out/scorecard.html'), 'utf8');
    const value = (chart: string, key: string) => barAttributes(html, chart, key).value;
    assert.deepEqual(
      ['incomplete', 'expired', 'within 30 days', 'in 31–90 days', 'later'].map((k) => value('waivers', k)),
      ['1', '1', '1', '1', '0'],
    );
    assert.deepEqual(barAttributes(html, 'standpoint', 'advocate'), { key: 'advocate', count: '3', of: '4', percent: '75' });
    assert.deepEqual(barAttributes(html, 'standpoint', 'evidence'), { key: 'evidence', count: '4', of: '4', percent: '100' });
    assert.equal(barAttributes(html, 'promises', 'owner').of, '5', 'four written out in records and one in the register');
    assert.equal(barAttributes(html, 'promises', 'review').count, '4', 'the register entry has no review date');
    assert.deepEqual([value('months', '2026-09'), value('months', '2026-11')], ['1', '4']);
    assert.match(html, /href="\.\.\/decisions\/a\.yaml"/, 'links are relative to the page');
    assert.match(html, /<tr data-kind="launch-plan" data-status="proposed" data-has-errors="true" data-file="decisions\/d\.yaml"/);
  });

  it('--html is required; a bad --today exits 2', () => {
    const none = standpoint(['report', 'samples']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--html <file>/);
    const bad = standpoint(['report', 'samples', '--html', path.join(make(), 'x.html'), '--today', '2026-13-01']);
    assert.equal(bad.code, 2);
  });

  describe('in headless Chromium', function () {
    this.timeout(180_000);
    let tools: ChromiumTools;

    before(function () {
      tools = chromiumTools(this);
    });

    it('renders the samples with the right numbers, filters the table, logs no errors, fetches nothing', async () => {
      const dir = make();
      const page = path.join(dir, 'report.html');
      assert.equal(standpoint(['report', 'samples', '--html', page, '--today', TODAY]).code, 0);
      const expected = expectedForSamples();

      const { tab, problems, fetched, close } = await openPage(tools, page);
      try {
        assert.equal(await tab.title(), 'Decision-log scorecard');
        assert.equal(await tab.locator('[data-kpi="records"] .kpi-value').textContent(), String(expected.records));
        assert.equal(await tab.locator('[data-kpi="findings"] .kpi-value').textContent(), String(expected.findings.length));
        assert.equal(await tab.locator('[data-kpi="advocate"] .kpi-value').textContent(), '100%');

        // Each chart is drawn, with one bar per principle / rule, and the numbers on the bars.
        for (const id of ['principles', 'rules', 'standpoint', 'promises', 'waivers', 'months']) {
          const box = await tab.locator(`[data-chart="${id}"] svg`).boundingBox();
          assert.ok(box && box.width > 300 && box.height > 40, `chart ${id} is visible: ${JSON.stringify(box)}`);
        }
        const bars = async (chart: string) =>
          tab.locator(`[data-chart="${chart}"] g.bar`).evaluateAll((els) =>
            els.map((e) => ({
              key: e.getAttribute('data-key'),
              value: Number(e.getAttribute('data-value')),
              shown: e.querySelector('text.value')?.textContent,
              width: [...e.querySelectorAll('rect')].reduce((n, r) => n + r.getBoundingClientRect().width, 0),
            })),
          );
        const principles = await bars('principles');
        const byPrinciple = new Map<string, number>();
        for (const f of expected.findings) byPrinciple.set(f.principle, (byPrinciple.get(f.principle) ?? 0) + 1);
        assert.deepEqual(new Map(principles.map((b) => [b.key, b.value])), byPrinciple);
        for (const b of principles) {
          assert.equal(b.shown, String(b.value));
          assert.ok(b.width > 10, `${b.key} has a visible bar`);
        }
        assert.equal((await bars('rules')).length, new Set(expected.findings.map((f) => f.rule)).size);
        const months = await tab
          .locator('[data-chart="months"] g.column')
          .evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value'))]));
        assert.deepEqual(new Map(months as Array<[string, number]>), expected.months);
        assert.equal(await tab.locator('[data-chart="standpoint"] g.share[data-key="evidence"] text.value').textContent(), `16 of ${expected.impacting} (100%)`);

        // The records table and its filters.
        const visible = async () => tab.locator('#records tbody tr:visible').count();
        const shown = async () => tab.locator('#shown-count').textContent();
        assert.equal(await visible(), expected.records);
        await tab.selectOption('#filter-kind', 'campaign');
        assert.equal(await visible(), 2);
        assert.equal(await shown(), '2');
        await tab.selectOption('#filter-errors', 'true');
        assert.equal(await visible(), 1, 'one campaign has an error');
        await tab.selectOption('#filter-kind', '');
        const withErrors = new Set(expected.findings.filter((f) => f.severity === 'error').map((f) => f.file)).size;
        assert.equal(await visible(), withErrors);
        await tab.selectOption('#filter-errors', 'false');
        await tab.selectOption('#filter-status', 'approved');
        assert.equal(await visible(), await tab.locator('#records tbody tr[data-status="approved"][data-has-errors="false"]').count());
        await tab.selectOption('#filter-status', '');
        await tab.selectOption('#filter-errors', '');
        await tab.fill('#filter-text', 'LP-2026-027');
        assert.equal(await visible(), 1);
        await tab.fill('#filter-text', '');
        assert.equal(await shown(), String(expected.records));

        // Expanding a record's findings shows the messages.
        await tab.locator('#records tr[data-file$="lp-2026-027-holiday-gift-bundles.yaml"] summary').click();
        assert.match(await tab.locator('#records tr[data-file$="lp-2026-027-holiday-gift-bundles.yaml"] details li').first().innerText(), /launch-readiness-vs-quarter/);

        await screenshot(tab, 'report.png');
        assert.deepEqual(problems, [], 'no console errors or warnings');
        assert.deepEqual(fetched, [], 'the page fetched nothing');
      } finally {
        await close();
      }
    });
  });
});
