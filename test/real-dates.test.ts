import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { lintFiles } from '../server/src/core/engine/linter.js';
import { Project } from '../server/src/core/engine/project.js';
import { addToDate, dateOf } from '../server/src/core/rules/values.js';
import { describeBadDate } from '../server/src/core/schema/located-errors.js';
import type { Finding } from '../server/src/core/types.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { tempWorkspaces, TODAY, writeFiles } from './helpers/cli.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

// SPEC §1.11: every date field holds a real calendar date, and says so in words when it does not
// (the configuration's escalate.on is covered in escalation.test.ts).

const workspace = tempWorkspaces();

/** The record-schema findings of each file, as "line:column-endLine:endColumn message". */
function dateFindings(files: Record<string, string>): Record<string, string[]> {
  const dir = workspace();
  writeFiles(dir, files);
  const project = new Project(new NodeHost(), { builtinRulesDir: RULES_DIR, schemasDir: SCHEMAS_DIR, today: TODAY });
  const found: Finding[] = lintFiles(
    project,
    Object.keys(files)
      .filter((f) => f.startsWith('decisions/'))
      .map((f) => path.join(dir, f)),
  ).findings;
  const out: Record<string, string[]> = {};
  for (const f of found) {
    if (f.rule !== 'record-schema' && f.rule !== 'evidence-stale') continue;
    (out[path.relative(dir, f.file)] ??= []).push(`${f.rule} ${f.severity} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
  }
  return out;
}

describe('dates: why a value is not a calendar date, in words', () => {
  const CASES: Array<[string, string]> = [
    ['2026-02-30', '2026-02-30 is not a calendar date: February has no 30th'],
    ['2026-13-45', '2026-13-45 is not a calendar date: there is no month 13'],
    ['2026-00-10', '2026-00-10 is not a calendar date: there is no month 0'],
    ['2025-02-29', '2025-02-29 is not a calendar date: 2025 is not a leap year, so February has no 29th'],
    ['2026-04-31', '2026-04-31 is not a calendar date: April has no 31st'],
    ['2026-01-00', '2026-01-00 is not a calendar date: there is no day 0'],
    ['2026-01-32', '2026-01-32 is not a calendar date: no month has 32 days'],
    ['20/11/2026', '"20/11/2026" is not a date: write it as YYYY-MM-DD (year, month, day), for example 2026-11-20'],
    ['2026-11-20T10:00', '"2026-11-20T10:00" is not a date: write it as YYYY-MM-DD (year, month, day), for example 2026-11-20'],
  ];
  for (const [value, message] of CASES) {
    it(value, () => assert.equal(describeBadDate(value), message));
  }
});

describe('dates: record-schema errors at the value, in both forms', () => {
  const COMMON = ['decision: launch-plan', 'id: LP-2026-801', 'title: One-click reorder', 'status: proposed', 'owner: Dana Reyes', 'customer_impact: direct'];

  it('reports impossible dates in a YAML record at each value', () => {
    const yaml = [
      ...COMMON,
      'date: 2026-02-30',
      'customer_standpoint:',
      '  advocates: [Priya Shah]',
      '  evidence:',
      '    - source: support-tickets',
      '      summary: 340 tickets tagged "reorder" in Q3',
      '      date: 2026-13-45',
      'launch:',
      '  target_date: 2026-04-31',
      'promises:',
      '  - promise: Reorders arrive within 2 days',
      '    review: 2027-02-29',
      'actions:',
      '  - action: Build the reorder button',
      '    due: 2024-02-29',
      '',
    ].join('\n');
    assert.deepEqual(dateFindings({ 'decisions/r.yaml': yaml }), {
      'decisions/r.yaml': [
        'record-schema error 7:7-7:17 date: 2026-02-30 is not a calendar date: February has no 30th',
        "record-schema error 13:13-13:23 evidence 1's date: 2026-13-45 is not a calendar date: there is no month 13",
        'record-schema error 15:16-15:26 launch target date: 2026-04-31 is not a calendar date: April has no 31st',
        "record-schema error 18:13-18:23 promise 1's review: 2027-02-29 is not a calendar date: 2027 is not a leap year, so February has no 29th",
      ],
    });
  });

  it('reports the same dates in a Markdown record at each value, front matter and body', () => {
    const md = [
      '---',
      ...COMMON,
      'date: 2026-02-30',
      'launch: {target_date: 2026-04-31}',
      '---',
      '# One-click reorder',
      '',
      '## Advocates',
      '- Priya Shah',
      '',
      '## Customer evidence',
      '- 340 tickets tagged "reorder" in Q3',
      '  - source: support-tickets',
      '  - date: 2026-13-45',
      '',
      '## Promises',
      '- Reorders arrive within 2 days',
      '  - review: 2027-02-29',
      '',
      '## Actions',
      '- Build the reorder button',
      '  - due: 2024-02-29',
      '',
    ].join('\n');
    assert.deepEqual(dateFindings({ 'decisions/r.md': md }), {
      'decisions/r.md': [
        'record-schema error 8:7-8:17 date: 2026-02-30 is not a calendar date: February has no 30th',
        'record-schema error 9:23-9:33 launch target date: 2026-04-31 is not a calendar date: April has no 31st',
        "record-schema error 19:11-19:21 evidence 1's date: 2026-13-45 is not a calendar date: there is no month 13",
        "record-schema error 23:13-23:23 promise 1's review: 2027-02-29 is not a calendar date: 2027 is not a leap year, so February has no 29th",
      ],
    });
  });

  it('reports a waiver expiry and a promise-register review date the same way', () => {
    const found = dateFindings({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': 'promises:\n  - id: P-01\n    promise: Refunds within 3 days\n    owner: Wale Adeyemi\n    review: 2027-06-31\n',
      'decisions/r.yaml': [
        ...COMMON,
        'date: 2026-11-01',
        'promises:',
        '  - ref: P-01',
        'waivers:',
        '  - rule: advocate-required',
        '    reason: The advocate network starts in January',
        '    owner: Dana Reyes',
        '    expires: 2027-02-30',
        '',
      ].join('\n'),
    });
    assert.deepEqual(found['decisions/r.yaml'], ["record-schema error 14:14-14:24 waiver 1's expires: 2027-02-30 is not a calendar date: February has no 30th"]);
    assert.deepEqual(found['promises.yaml'], ["record-schema error 5:13-5:23 promise 1's review: 2027-06-31 is not a calendar date: June has no 31st"]);
  });

  it('does not call evidence stale on the strength of an impossible date (both forms)', () => {
    const yaml = [
      ...COMMON,
      'date: 2026-11-01',
      'customer_standpoint:',
      '  advocates: [Priya Shah]',
      '  evidence:',
      '    - {source: support-tickets, summary: Tickets about reorder, date: 2026-02-30}',
      '',
    ].join('\n');
    const md = [
      '---',
      ...COMMON,
      'date: 2026-11-01',
      '---',
      '## Customer evidence',
      '- Tickets about reorder',
      '  - source: support-tickets',
      '  - date: 2026-02-30',
      '',
    ].join('\n');
    const found = dateFindings({ 'decisions/r.yaml': yaml, 'decisions/r.md': md.replace('LP-2026-801', 'LP-2026-802') });
    assert.deepEqual(found, {
      'decisions/r.yaml': ["record-schema error 11:71-11:81 evidence 1's date: 2026-02-30 is not a calendar date: February has no 30th"],
      'decisions/r.md': ["record-schema error 13:11-13:21 evidence 1's date: 2026-02-30 is not a calendar date: February has no 30th"],
    });
  });

  it('accepts 29 February in a leap year', () => {
    const yaml = [...COMMON, 'date: 2024-02-29', ''].join('\n');
    assert.deepEqual(dateFindings({ 'decisions/r.yaml': yaml }), {});
  });
});

describe('dates: calendar arithmetic of date references', () => {
  /** The calendar's own answer (JavaScript Date, UTC): the month moved first, the day kept within it, then the days. */
  const reference = (iso: string, months: number, days: number): string => {
    const [y, m, d] = iso.split('-').map(Number);
    const first = new Date(0);
    first.setUTCFullYear(y, m - 1 + months, 1);
    const lastDay = new Date(0);
    lastDay.setUTCFullYear(first.getUTCFullYear(), first.getUTCMonth() + 1, 0);
    const moved = new Date(0);
    moved.setUTCFullYear(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay.getUTCDate()) + days);
    return moved.toISOString().slice(0, 10);
  };

  it('moves dates by months and days as the calendar does, and knows every real date (3,000 generated cases)', () => {
    const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2399-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -48, max: 48 }), fc.oneof(fc.constant(0), fc.integer({ min: -400, max: 400 })), (iso, months, days) => {
        assert.equal(dateOf(iso), iso);
        assert.equal(addToDate(iso, months, days), reference(iso, months, days), `${iso} ${months} months ${days} days`);
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    for (const bad of ['2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']) assert.equal(dateOf(bad), undefined, bad);
    for (const good of ['2024-02-29', '2000-02-29', '0050-03-01']) assert.equal(dateOf(good), good);
    assert.equal(addToDate('2024-01-31', 1, 0), '2024-02-29');
    assert.equal(addToDate('0050-01-31', 1, 1), '0050-03-01');
  });
});
