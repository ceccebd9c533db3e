import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, lineOf, record, show, standpoint, tempWorkspaces, TODAY, type JsonFinding, type RunResult } from './helpers/cli.js';
import { REPO, SAMPLES_DIR } from './helpers/paths.js';
import { applySuggestion, parseRdjson, rdjsonValidators } from './helpers/rdjson.js';

// The pull-request formats: rdjson (reviewdog's Diagnostic Format) and pr-comment.

const samples = (format: string): RunResult => standpoint(['check', 'samples', '--today', TODAY, '--format', format]);
const CAMPAIGN = 'decisions/ca-2026-019-black-friday-early-access.yaml';

/** The 1-based UTF-8 byte column of a 1-based UTF-16 column on `line` of `text`. */
function byteColumn(text: string, line: number, column: number): number {
  return Buffer.byteLength(text.split('\n')[line - 1].slice(0, column - 1), 'utf8') + 1;
}

describe('formats: rdjson', () => {
  const make = tempWorkspaces();

  it("validates against reviewdog's published schema, with every finding as a diagnostic", () => {
    const run = samples('rdjson');
    assert.equal(run.code, 1, show(run));
    const result = parseRdjson(run.stdout);
    assert.deepEqual(result.source, { name: 'standpoint', url: 'https://github.com/standpoint-dev/standpoint' });
    const expected = findings(samples('json'));
    assert.equal(result.diagnostics.length, 6);
    for (const [i, f] of expected.entries()) {
      const d = result.diagnostics[i];
      const text = fs.readFileSync(path.join(REPO, f.file), 'utf8');
      assert.deepEqual(d.location, {
        path: f.file,
        range: { start: { line: f.line, column: byteColumn(text, f.line, f.column) }, end: { line: f.endLine, column: byteColumn(text, f.endLine, f.endColumn) } },
      });
      assert.equal(d.message, f.message);
      assert.equal(d.severity, { error: 'ERROR', warning: 'WARNING', info: 'INFO' }[f.severity]);
      assert.deepEqual(d.code, { value: f.rule, url: f.docsUrl });
    }
  });

  it('turns a safe fix into a suggestion over the exact value, and only a safe fix', () => {
    const result = parseRdjson(samples('rdjson').stdout);
    const withSuggestions = result.diagnostics.filter((d) => d.suggestions);
    assert.deepEqual(
      withSuggestions.map((d) => d.code.value),
      ['campaign-excludes-open-issues'],
    );
    const text = fs.readFileSync(path.join(SAMPLES_DIR, CAMPAIGN), 'utf8');
    const line = lineOf(text, 'exclude_open_service_issues: false');
    const column = text.split('\n')[line - 1].indexOf('false') + 1;
    assert.deepEqual(withSuggestions[0].suggestions, [{ range: { start: { line, column }, end: { line, column: column + 'false'.length } }, text: 'true' }]);
  });

  it('counts columns in UTF-8 bytes, so a suggestion after "é" and "🛒" lands on the value and fixes it', () => {
    const original = fs.readFileSync(path.join(SAMPLES_DIR, CAMPAIGN), 'utf8');
    const audience = /^audience:\n(?: {2}.*\n)+/m.exec(original)![0];
    const flow =
      "audience: {segments: [Café shoppers 🛒, Brightcart Plus members], exclude_open_service_issues: false, personalisation: Deals picked from each shopper's top categories}\n";
    const ws = make({ 'decisions/campaign.yaml': original.replace(audience, flow) });
    const json = findings(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws })).find(
      (f) => f.rule === 'campaign-excludes-open-issues',
    );
    assert.ok(json);
    const rd = parseRdjson(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'rdjson'], { cwd: ws }).stdout).diagnostics.find(
      (d) => d.code.value === 'campaign-excludes-open-issues',
    );
    assert.ok(rd?.suggestions);
    // "é" is one UTF-16 unit and two bytes; "🛒" two units and four bytes.
    assert.equal(rd.location.range.start.column, json.column + 3);
    assert.equal(rd.suggestions[0].range.start.column, json.column + 3);
    const file = path.join(ws, 'decisions/campaign.yaml');
    const fixed = applySuggestion(fs.readFileSync(file, 'utf8'), rd.suggestions[0].range, rd.suggestions[0].text);
    assert.ok(fixed.includes('exclude_open_service_issues: true, personalisation'), fixed);
    fs.writeFileSync(file, fixed);
    const after = findings(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'json'], { cwd: ws }));
    assert.ok(!after.some((f) => f.rule === 'campaign-excludes-open-issues'), JSON.stringify(after));
  });

  it('lists the other places of a cross-record finding as related locations; a clean run is an empty list', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-640' }), 'decisions/b.yaml': record({ id: 'LP-2026-640' }) });
    const result = parseRdjson(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'rdjson'], { cwd: ws }).stdout);
    // The record's id and its promise's id are both used twice.
    const text = record({ id: 'LP-2026-640' });
    const [idLine, promiseLine] = [lineOf(text, 'id: LP-2026-640'), lineOf(text, 'id: P-LP-2026-640')];
    const duplicates = result.diagnostics.filter((d) => d.code.value === 'duplicate-id');
    assert.deepEqual(
      duplicates
        .map(
          (d) =>
            `${d.location.path}:${d.location.range.start.line} → ${d.related_locations?.map((r) => `${r.message}: ${r.location.path}:${r.location.range.start.line}`).join('; ')}`,
        )
        .sort(),
      [
        `decisions/a.yaml:${idLine} → also used here: decisions/b.yaml:${idLine}`,
        `decisions/a.yaml:${promiseLine} → also used here: decisions/b.yaml:${promiseLine}`,
        `decisions/b.yaml:${idLine} → also used here: decisions/a.yaml:${idLine}`,
        `decisions/b.yaml:${promiseLine} → also used here: decisions/a.yaml:${promiseLine}`,
      ].sort(),
    );
    const clean = make({ 'decisions/a.yaml': record({ id: 'LP-2026-641' }) });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'rdjson'], { cwd: clean });
    assert.equal(run.code, 0, show(run));
    assert.deepEqual(parseRdjson(run.stdout).diagnostics, []);
  });

  it('the strict schema used here rejects what the published one lets through (a misspelt key)', () => {
    const { published, strict } = rdjsonValidators();
    const misspelt = {
      diagnostics: [{ messsage: 'x', location: { path: 'a.yaml', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }, severity: 'ERROR' }],
    };
    assert.equal(published(misspelt), true);
    assert.equal(strict(misspelt), false);
    assert.equal(published({ diagnostics: [{ severity: 'FATAL' }] }), false, 'the published schema still checks severities');
  });
});

describe('formats: pr-comment', () => {
  const make = tempWorkspaces();
  const MARKER = '<!-- standpoint:pr-comment -->';

  it('starts with the hidden marker, then the totals, counts per principle and the findings with links', () => {
    const run = standpoint(['check', 'samples', '--today', TODAY, '--format', 'pr-comment'], { env: { GITHUB_SHA: '0123456789abcdef' } });
    assert.equal(run.code, 1, show(run));
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], MARKER);
    assert.equal(lines[1], '## ❌ Standpoint: 4 errors, 2 warnings, 0 info in 17 decision records, 2 registries');
    assert.ok(lines.includes('| Principle | Errors | Warnings | Info |'));
    assert.ok(!run.stdout.includes('Baselined'), 'no baseline, no baseline column');
    const expected: JsonFinding[] = findings(samples('json'));
    const bullets = lines.filter((l) => l.startsWith('- '));
    assert.equal(bullets.length, 6);
    for (const f of expected)
      assert.ok(
        bullets.some((b) => b.includes(`[\`${f.rule}\`](${f.docsUrl}) \`${f.file}:${f.line}\` — `)),
        f.rule,
      );
    assert.ok(lines.includes('1 waiver active (accountable exceptions with a reason, an owner and an expiry date).'));
    assert.match(lines.at(-2) ?? '', /^<sub>Standpoint \d+\.\d+\.\d+ for 0123456\. This comment is updated on every run/);
  });

  it('with a baseline: new findings apart from the accepted ones, per principle', () => {
    const hedged = (id: string) => record({ id, promise: 'We aim to ship orders the same day' });
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/old-1.yaml': hedged('LP-2026-650'), 'decisions/old-2.yaml': hedged('LP-2026-651') });
    const baseline = standpoint(['baseline', '--today', TODAY], { cwd: ws });
    assert.equal(baseline.code, 0, show(baseline));
    fs.writeFileSync(path.join(ws, 'decisions/new.yaml'), hedged('LP-2026-652'));
    const run = standpoint(['check', '--today', TODAY, '--format', 'pr-comment'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    const lines = run.stdout.split('\n');
    assert.equal(lines[1], '## ⚠️ Standpoint: 0 errors, 1 warning, 0 info in 3 decision records');
    assert.ok(lines.includes('**1 new finding**; 2 findings accepted in `.standpoint-baseline.json` are not counted.'), run.stdout);
    assert.ok(lines.includes('| Principle | Errors | Warnings | Info | Baselined |'));
    assert.ok(lines.includes('| keep-your-promises | 0 | 1 | 0 | 2 |'), run.stdout);
    assert.ok(lines.includes('### New findings'));
    assert.deepEqual(
      lines.filter((l) => l.startsWith('- ')).map((l) => /`(decisions\/[^`]+):\d+`/.exec(l)?.[1]),
      ['decisions/new.yaml'],
    );
  });

  it('shows the ten most serious findings and counts the rest; a clean run says so', () => {
    const files: Record<string, string> = { '.standpoint.yaml': 'root: true\n' };
    for (let i = 0; i < 12; i++) files[`decisions/r${i}.yaml`] = record({ id: `LP-2026-${660 + i}`, promise: 'We aim to ship orders the same day' });
    const run = standpoint(['check', '--today', TODAY, '--format', 'pr-comment'], { cwd: make(files) });
    const bullets = run.stdout.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(bullets.length, 11);
    assert.equal(bullets[10], '- …and 2 more');
    const clean = standpoint(['check', '--today', TODAY, '--format', 'pr-comment'], {
      cwd: make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': record({ id: 'LP-2026-690' }) }),
    });
    assert.equal(clean.code, 0, show(clean));
    assert.deepEqual(clean.stdout.split('\n').slice(0, 3), [MARKER, '## ✅ Standpoint: 0 errors, 0 warnings, 0 info in 1 decision record', '']);
    assert.doesNotMatch(clean.stdout, /\| Principle/);
  });
});
