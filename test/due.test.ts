import assert from 'node:assert/strict';
import { hasStackTrace, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';

interface DueJson {
  today: string;
  within: number;
  owners: Array<{
    owner: string;
    id?: string;
    function?: string;
    items: Array<{
      kind: string;
      file: string;
      line: number;
      column: number;
      date: string;
      days: number;
      overdue: boolean;
      record?: string;
      subject: string;
      what: string;
    }>;
  }>;
}

const PEOPLE = `people:
  - {id: dreyes, name: Dana Reyes, function: Product, roles: []}
  - {id: slee, name: Sam Lee, function: Fulfilment, roles: []}
  - {id: lwong, name: Lee Wong, function: Customer Support, roles: []}
`;

/** A workspace with one of each kind of item around today (2026-11-20): overdue, today, tomorrow, in 30 and 31 days. */
const WORKSPACE = {
  '.standpoint.yaml': 'root: true\npeople: people.yaml\npromises: promises.yaml\n',
  'people.yaml': PEOPLE,
  'promises.yaml': `promises:
  - id: P-1
    promise: Refunds within 3 days
    owner: Lee Wong
    review: 2026-11-21
  - id: P-2
    promise: Next-day delivery
    owner: Sam Lee
    review: 2026-10-01
    outcome: {result: met, date: 2026-10-02}
`,
  'decisions/a-reorder.yaml': `decision: launch-plan
id: LP-1
title: One-click reorder
status: approved
owner: dreyes
review_by: 2026-11-20
promises:
  - id: P-3
    promise: Reorders arrive in 2 days
    owner: Sam Lee
    review: 2026-12-20
  - ref: P-1
waivers:
  - rule: evidence-stale
    reason: The only survey is older than a year and a new one runs in January
    owner: Dana Reyes
    expires: 2026-12-21
`,
  'decisions/b-returns.md': `---
decision: policy-change
id: PC-2
title: Returns window of 60 days
status: approved
owner: Zed Unknown
review_by: 2026-11-01
---
# Returns window of 60 days
`,
  'decisions/c-old.yaml': `decision: policy-change
id: PC-1
title: Returns window of 30 days
status: superseded
superseded_by: PC-2
owner: Dana Reyes
review_by: 2026-01-01
`,
  'decisions/d-draft.yaml': `decision: pricing-change
id: PR-4
title: Delivery fee
status: draft
review_by: 2026-11-25
`,
};

describe('cli: standpoint due', () => {
  const make = tempWorkspaces();
  const due = (ws: string, ...args: string[]) => standpoint(['due', '.', '--today', TODAY, ...args], { cwd: ws });
  const json = (ws: string, ...args: string[]): DueJson => {
    const run = due(ws, '--format', 'json', ...args);
    assert.equal(run.code, 0, show(run));
    return JSON.parse(run.stdout) as DueJson;
  };

  it('lists overdue and due items by owner with registry name and function, in a stable order; retired, drafts and reviewed items are left out', () => {
    const report = json(make(WORKSPACE));
    assert.equal(report.today, TODAY);
    assert.equal(report.within, 30);
    assert.deepEqual(
      report.owners.map((o) => [o.owner, o.id, o.function, o.items.map((i) => `${i.date} ${i.days} ${i.kind} ${i.file}:${i.line}`)]),
      [
        ['Dana Reyes', 'dreyes', 'Product', ['2026-11-20 0 decision-review decisions/a-reorder.yaml:6']],
        ['Lee Wong', 'lwong', 'Customer Support', ['2026-11-21 1 promise-review promises.yaml:5']],
        ['Sam Lee', 'slee', 'Fulfilment', ['2026-12-20 30 promise-review decisions/a-reorder.yaml:11']],
        ['Zed Unknown', undefined, undefined, ['2026-11-01 -19 decision-review decisions/b-returns.md:7']],
      ],
    );
    assert.equal(report.owners[0].items[0].what, 'review of decision LP-1 "One-click reorder"');
    assert.equal(report.owners[3].items[0].overdue, true);
    assert.equal(report.owners[0].items[0].overdue, false);
  });

  it('--within 0: only what is due today or overdue; the waiver due in 31 days appears with --within 31', () => {
    const ws = make(WORKSPACE);
    const dates = (r: DueJson) => r.owners.flatMap((o) => o.items.map((i) => `${o.owner} ${i.date}`));
    assert.deepEqual(dates(json(ws, '--within', '0')), ['Dana Reyes 2026-11-20', 'Zed Unknown 2026-11-01']);
    assert.deepEqual(dates(json(ws, '--within', '1')), ['Dana Reyes 2026-11-20', 'Lee Wong 2026-11-21', 'Zed Unknown 2026-11-01']);
    const wider = json(ws, '--within', '31');
    assert.ok(dates(wider).includes('Dana Reyes 2026-12-21'));
    assert.equal(wider.owners[0].items[1].what, 'waiver of evidence-stale expires (LP-1)');
    assert.equal(wider.owners[0].items[1].line, 17);
  });

  it('says when in words: today, tomorrow, in N days, N days overdue; exits 0 with items overdue', () => {
    const run = due(make(WORKSPACE));
    assert.equal(run.code, 0, show(run));
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Dana Reyes (Product)');
    assert.match(run.stdout, /^ {2}2026-11-20 {2}today +decisions\/a-reorder\.yaml:6 +review of decision LP-1 "One-click reorder"$/m);
    assert.match(run.stdout, /^ {2}2026-11-21 {2}tomorrow +promises\.yaml:5 +review of promise P-1 "Refunds within 3 days"$/m);
    assert.match(run.stdout, /^ {2}2026-12-20 {2}in 30 days +decisions\/a-reorder\.yaml:11 +review of promise P-3 "Reorders arrive in 2 days" \(LP-1\)$/m);
    assert.match(run.stdout, /^ {2}2026-11-01 {2}19 days overdue +decisions\/b-returns\.md:7 +review of decision PC-2/m);
    assert.equal(lines[lines.length - 2], '4 items due within 30 days of 2026-11-20 (1 overdue), for 4 owners.');
  });

  it('markdown: one section per owner with a table, for an issue body', () => {
    const run = due(make(WORKSPACE), '--format', 'markdown');
    assert.equal(run.code, 0, show(run));
    assert.match(
      run.stdout,
      /^# Due within 30 days of 2026-11-20\n\n## Dana Reyes \(Product\)\n\n\| due \| when \| what \| where \|\n\|---\|---\|---\|---\|\n\| 2026-11-20 \| today \| review of decision LP-1 "One-click reorder" \| `decisions\/a-reorder\.yaml:6` \|$/m,
    );
  });

  it('groups the same person however the owner is written, and puts items without an owner last', () => {
    const ws = make({
      ...WORKSPACE,
      'decisions/e-bonus.yaml': 'decision: incentive-plan\nid: IP-5\ntitle: Bonus\nstatus: approved\nowner: Dana Reyes\nreview_by: 2026-11-30\n',
      'decisions/f-nobody.yaml': 'decision: campaign\nid: CA-6\ntitle: Spring email\nstatus: approved\nreview_by: 2026-11-29\n',
    });
    const report = json(ws);
    assert.deepEqual(
      report.owners.map((o) => `${o.owner}: ${o.items.map((i) => i.record ?? i.subject).join(', ')}`),
      ['Dana Reyes: LP-1, IP-5', 'Lee Wong: P-1 "Refunds within 3 days"', 'Sam Lee: LP-1', 'Zed Unknown: PC-2', '(no owner): CA-6'],
    );
    // The same order on every run.
    assert.deepEqual(json(ws), report);
  });

  it('nothing due: says so; a bad --within or --today exits 2 with a message', () => {
    const ws = make({ '.standpoint.yaml': 'root: true\n', 'decisions/a.yaml': 'decision: campaign\nid: CA-1\ntitle: T\nstatus: approved\nreview_by: 2027-06-01\n' });
    const none = due(ws);
    assert.equal(none.code, 0, show(none));
    assert.equal(none.stdout, 'Nothing falls due within 30 days of 2026-11-20.\n');
    assert.deepEqual(json(ws).owners, []);
    for (const bad of [
      ['--within', 'soon'],
      ['--within', '-3'],
      ['--today', '2026-02-30'],
    ]) {
      const run = due(ws, ...bad);
      assert.equal(run.code, 2, show(run));
      assert.ok(!hasStackTrace(run.stderr), run.stderr);
    }
    assert.match(due(ws, '--within', 'soon').stderr, /--within expects a number of days/);
  });
});
