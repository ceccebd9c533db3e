import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from './helpers/cli.js';
import { corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { CORPUS_DIR } from './helpers/paths.js';

/**
 * Policies an advocate writes as rule files for Markdown documents by others that are not
 * decision records, run on copies of the real-world corpus (never edited): one scoped to a
 * section, one over RFC-style header bullets, one over evolution-style status bullets, one
 * across files (the proposals a proposal requires). Each
 * finding below was checked by reading the file at that line.
 */

const short = (f: JsonFinding) => `${f.file}:${f.line}:${f.column}`;

/** A workspace: `files` copied from the corpus folder `from` to `into`, a config for them, and one rule. */
function workspace(
  make: (files?: Record<string, string>) => string,
  from: string,
  into: string,
  glob: string,
  rule: string,
  ruleText: string,
): { ws: string; files: string[] } {
  const ws = make({
    '.standpoint.yaml': `root: true\nfiles: ["${glob}"]\nrule_dirs: [rules]\noverrides:\n  - files: ["${into}/**"]\n    rules: {record-kind: off}\n`,
    [`rules/${rule}/rule.yaml`]: ruleText,
  });
  fs.cpSync(path.join(CORPUS_DIR, from), path.join(ws, into), { recursive: true });
  const files = fs
    .readdirSync(path.join(ws, into), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .sort();
  return { ws, files };
}

/** Runs check in the workspace: the findings, and the number of files the summary says it checked. */
function run(ws: string): { list: JsonFinding[]; checked: number } {
  const json = standpoint(['check', '--today', TODAY, '--format', 'json'], { cwd: ws });
  assert.ok(json.code === 0 || json.code === 1, show(json));
  const text = standpoint(['check', '--today', TODAY], { cwd: ws });
  const m = /in (\d+) files?\n*$/.exec(text.stdout) ?? /(\d+) files? checked/.exec(text.stdout);
  assert.ok(m, show(text));
  return { list: findings(json), checked: Number(m[1]) };
}

function lineOf(ws: string, file: string, line: number): string {
  return fs.readFileSync(path.join(ws, file), 'utf8').split('\n')[line - 1];
}

const PROPOSAL_SETTLED = `id: proposal-settled
severity: warning
principle: accountability
title: A proposal's Proposal section is there and leaves nothing open
message: '"{{$match}}" left in the proposal: settle it, or move it to the open questions.'
applies_to:
  documents: [non-record]
  forms: [markdown]
checks:
  - kind: find
    section: {heading: Proposal, subsections: true}
    words: [TBD, TODO, to be decided]
  - kind: assert
    section: {heading: Proposal, subsections: true}
    assert: {path: text, present: true}
    message: The proposal has no Proposal section, or only template comments in it.
docs:
  rationale: A proposal with open points in what it proposes cannot be reviewed as a whole.
  triggers: TBD, TODO or "to be decided" under the Proposal heading or a heading under it; no Proposal section, or one with no prose.
  comply: Settle the point, or move it to the open questions.
`;

const RFC_HEADER = `id: rfc-header
severity: error
principle: accountability
title: An RFC says on which day it started and links its pull request
message: 'The start date "{{start_date}}" is not a date: write "- Start Date: YYYY-MM-DD" under the title.'
applies_to:
  documents: [non-record]
  forms: [markdown]
checks:
  # Header bullets are fields; keys are read case-insensitively, a space as an underscore.
  - kind: assert
    assert: {path: Start Date, type: date}
    report: Start Date
  - kind: assert
    assert: {path: RFC PR, matches: 'rust-lang/rfcs(#|/pull/|/issues/)\\d+'}
    report: RFC PR
    message: 'The RFC PR line does not link a rust-lang/rfcs pull request: "{{rfc_pr}}".'
docs:
  rationale: An RFC that cannot be placed in time or traced to its discussion cannot be reviewed.
  triggers: The Start Date bullet is missing or not a real YYYY-MM-DD date; the RFC PR bullet does not link the pull request.
  comply: |
    Write "- Start Date: 2026-10-12" and "- RFC PR: [rust-lang/rfcs#N](...)" under the title.
`;

const EVOLUTION_STATUS = `id: evolution-status
severity: warning
principle: readable-records
title: A proposal's status is one of the review process's, with the release it shipped in
message: >-
  "{{status}}" is not a status of the review process: write Accepted, Rejected,
  Returned for revision, Withdrawn, or Implemented (Swift X.Y).
applies_to:
  documents: [non-record]
  forms: [markdown]
checks:
  # The bold around "**Implemented (Swift 5.8)**" is not part of the value.
  - kind: assert
    assert:
      path: status
      matches: '^(Implemented \\(Swift \\d+(\\.\\d+)*\\)|Accepted( with (modifications|revisions))?|Rejected|Returned for revision|Withdrawn|Active review \\(.+\\)|Awaiting review|Scheduled for review \\(.+\\)|Previewing)$'
    report: status
  - kind: assert
    assert: {path: review_manager, present: true}
    report: review_manager
    message: Name the review manager of this proposal ("{{review_manager}}" is not a name).
docs:
  rationale: A status outside the process's list, or without the release, leaves readers guessing whether they can use the feature.
  triggers: The Status bullet is not one of the review statuses; the Review Manager bullet is missing or a placeholder.
  comply: Write the status as the process spells it, and name the review manager.
`;

const EIP_REQUIRES = `id: eip-requires-known
severity: warning
principle: readable-records
title: Every EIP an EIP requires is in this repository, and not one that was moved or withdrawn
message: EIP {{$value}} is required, but no EIP in this repository has that number.
applies_to:
  documents: [non-record]
  forms: [markdown]
checks:
  # "requires: 2718, 2930" in the front matter: each number on its own, reported where it stands.
  - kind: reference
    given: requires
    split: ","
    to: {documents: [non-record], files: ["eips/EIPS/*.md"], field: eip}
  - kind: reference
    given: requires
    split: ","
    to:
      documents: [non-record]
      files: ["eips/EIPS/*.md"]
      field: eip
      where: {path: status, in: [Moved, Withdrawn]}
    fires_on: resolved
    message: EIP {{$value}} is required, but it is {{$target.status}} ({{$detail}}).
docs:
  rationale: A proposal is only as sound as the proposals it builds on.
  triggers: A number in requires names no EIP here, or one that was moved or withdrawn.
  comply: Correct the number, or build on what replaced the EIP.
`;

/**
 * What the cross-file policy should find, worked out here without Standpoint: every item of a
 * front-matter `requires:` line that is no EIP's `eip:` number, at its line and column.
 */
function unknownRequirements(ws: string, files: string[], into: string): string[] {
  const frontMatter = (rel: string) => {
    const lines = fs.readFileSync(path.join(ws, into, rel), 'utf8').split('\n');
    const end = lines.indexOf('---', 1);
    return lines[0] === '---' && end > 0 ? lines.slice(0, end) : [];
  };
  const numbers = new Set(files.filter((f) => f.startsWith('EIPS/')).flatMap((f) => frontMatter(f).flatMap((l) => /^eip: *(\S+)/.exec(l)?.[1] ?? [])));
  const expected: string[] = [];
  for (const rel of files) {
    frontMatter(rel).forEach((line, i) => {
      const m = /^requires: */.exec(line);
      if (!m) return;
      // The value ends where a YAML comment starts.
      for (const item of line
        .slice(m[0].length)
        .replace(/\s+#.*$/, '')
        .matchAll(/[^,]+/g)) {
        const value = item[0].trim();
        if (numbers.has(value)) continue;
        const column = m[0].length + item.index + item[0].indexOf(value) + 1;
        expected.push(`${into}/${rel}:${i + 1}:${column}`);
      }
    });
  }
  return expected;
}

describe(`Markdown policies on copies of the real-world corpus${corpusNote()}`, function () {
  this.timeout(180_000);
  const make = tempWorkspaces();
  const copies: Array<{ ws: string; into: string; from: string; files: string[] }> = [];

  before(function () {
    skipWithoutCorpus(this);
  });

  it('a section-scoped policy on Tekton enhancement proposals: open points only in the Proposal section (with its subsections), a missing or comment-only Proposal', () => {
    const { ws, files } = workspace(make, 'tektoncd__community/teps', 'teps', 'teps/*.md', 'proposal-settled', PROPOSAL_SETTLED);
    copies.push({ ws, into: 'teps', from: 'tektoncd__community/teps', files });
    const { list, checked } = run(ws);
    console.log(`      (proposal-settled: ${checked} files checked, ${list.length} findings)`);
    assert.equal(checked, 27);
    assert.deepEqual(list.map(short), [
      // No Proposal heading at all (the finding is at the title).
      'teps/0001-tekton-enhancement-proposal-process.md:10:1',
      // "### Risks and Mitigations" under "## Proposal": "... integration is TBD in this proposal".
      'teps/0002-custom-tasks.md:403:39',
      'teps/0006-tekton-metrics.md:10:1',
      // "## Proposal" holds only the template's HTML comments (its subsections too).
      'teps/0095-common-repository-configuration.md:137:1',
      // "## Proposal": "TODO. Most promising options are ...".
      'teps/0130-pipeline-level-service.md:321:1',
      'teps/0132-queueing-concurrent-runs.md:131:1',
      'teps/0141-platform-context-variables.md:222:1',
      'teps/0151-error-attribution-via-condition-status.md:11:1',
      // "#### Pipeline Conformance Offering" under "## Proposal": "*... remains to be decided as a community*".
      'teps/0152-tekton-conformance-verification.md:54:110',
    ]);
    assert.deepEqual(
      list.filter((f) => f.message.startsWith('"')).map((f) => f.message.slice(0, f.message.indexOf(' left'))),
      ['"TBD"', '"TODO"', '"to be decided"'],
    );
    // The same words outside the section, and in code, are not reported.
    assert.match(lineOf(ws, 'teps/0002-custom-tasks.md', 434), /^TBD\. At this time/); // "## Upgrade & Migration Strategy"
    assert.match(lineOf(ws, 'teps/0130-pipeline-level-service.md', 418), /^TODO: Determine/); // "### Security" under "## Design Evaluation"
    assert.match(lineOf(ws, 'teps/0130-pipeline-level-service.md', 682), /# This would be the new field; syntax TBD$/); // a YAML code block
    assert.match(lineOf(ws, 'teps/0095-common-repository-configuration.md', 137), /^## Proposal$/);
  });

  it('a rule over RFC-style header bullets (Rust RFCs): the start date is a real date, the RFC PR is linked', () => {
    const { ws, files } = workspace(make, 'rust-lang__rfcs', 'rfcs', 'rfcs/**/*.md', 'rfc-header', RFC_HEADER);
    copies.push({ ws, into: 'rfcs', from: 'rust-lang__rfcs', files });
    const { list, checked } = run(ws);
    console.log(`      (rfc-header: ${checked} files checked, ${list.length} findings)`);
    assert.equal(checked, 51);
    assert.deepEqual(
      list.map((f) => `${short(f)} ${f.message}`),
      [
        `rfcs/0000-template.md:2:15 The start date "(fill me in with today's date, YYYY-MM-DD)" is not a date: write "- Start Date: YYYY-MM-DD" under the title.`,
        'rfcs/text/2930-read-buf.md:2:15 The start date "2020/05/18" is not a date: write "- Start Date: YYYY-MM-DD" under the title.',
        `rfcs/text/3849-Project-Goals-2025h2.md:2:15 The start date "(fill me in with today's date, YYYY-MM-DD)" is not a date: write "- Start Date: YYYY-MM-DD" under the title.`,
      ],
    );
    assert.equal(lineOf(ws, 'rfcs/text/2930-read-buf.md', 2), '- Start Date: 2020/05/18');
    // "RFC PR #:" (rfc 0199) is the same field as "RFC PR:"; a bare link (0560) links the pull request too.
    assert.equal(lineOf(ws, 'rfcs/text/0199-ownership-variants.md', 2), '- RFC PR #: [rust-lang/rfcs#199](https://github.com/rust-lang/rfcs/pull/199)');
    assert.equal(lineOf(ws, 'rfcs/text/0560-integer-overflow.md', 2), '- RFC PR #: https://github.com/rust-lang/rfcs/pull/560');
  });

  it('a rule over evolution-style status bullets (Swift Evolution): known statuses with their release, a named review manager', () => {
    const { ws, files } = workspace(make, 'apple__swift-evolution', 'evolution', 'evolution/**/*.md', 'evolution-status', EVOLUTION_STATUS);
    copies.push({ ws, into: 'evolution', from: 'apple__swift-evolution', files });
    const { list, checked } = run(ws);
    console.log(`      (evolution-status: ${checked} files checked, ${list.length} findings)`);
    assert.equal(checked, 22);
    assert.deepEqual(
      list.map((f) => `${short(f)} ${f.message}`),
      [
        'evolution/proposal-templates/0000-swift-template.md:5:19 Name the review manager of this proposal ("TBD" is not a name).',
        'evolution/proposal-templates/0000-swift-template.md:6:11 "**Awaiting implementation** or **Awaiting review**" is not a status of the review process: write Accepted, Rejected, Returned for revision, Withdrawn, or Implemented (Swift X.Y).',
        'evolution/proposals/0177-add-clamped-to-method.md:5:19 Name the review manager of this proposal ("TBD" is not a name).',
        'evolution/proposals/0264-stdlib-preview-package.md:6:14 "Implemented" is not a status of the review process: write Accepted, Rejected, Returned for revision, Withdrawn, or Implemented (Swift X.Y).',
      ],
    );
    assert.equal(lineOf(ws, 'evolution/proposals/0264-stdlib-preview-package.md', 6), '* Status:  **Implemented**');
    assert.equal(lineOf(ws, 'evolution/proposals/0177-add-clamped-to-method.md', 5), '* Review Manager: TBD');
    // "**Implemented (Swift 5.8)**" is a known status: the bold is not part of the value.
    assert.equal(lineOf(ws, 'evolution/proposals/0375-opening-existential-optional.md', 6), '* Status: **Implemented (Swift 5.8)**');
  });

  it('a cross-file policy on Ethereum improvement proposals: every EIP in a requires line is one of this repository, reported item by item', () => {
    const { ws, files } = workspace(make, 'ethereum__EIPs', 'eips', 'eips/**/*.md', 'eip-requires-known', EIP_REQUIRES);
    copies.push({ ws, into: 'eips', from: 'ethereum__EIPs', files });
    const { list, checked } = run(ws);
    console.log(`      (eip-requires-known: ${checked} files checked, ${list.length} findings)`);
    assert.equal(checked, 41);
    assert.deepEqual(list.map(short), unknownRequirements(ws, files, 'eips'));
    assert.equal(list.length, 49);
    // "requires: 1559, 2718, 2930, 4895": 1559 is in the repository, the other three are not.
    assert.equal(lineOf(ws, 'eips/EIPS/eip-4844.md', 11), 'requires: 1559, 2718, 2930, 4895');
    assert.deepEqual(
      list.filter((f) => f.file === 'eips/EIPS/eip-4844.md').map((f) => `${f.line}:${f.column}-${f.endColumn} ${f.message}`),
      [
        '11:17-21 EIP 2718 is required, but no EIP in this repository has that number.',
        '11:23-27 EIP 2930 is required, but no EIP in this repository has that number.',
        '11:29-33 EIP 4895 is required, but no EIP in this repository has that number.',
      ],
    );
    // A single number is a list of one; none of the EIPs required here was moved or withdrawn.
    assert.ok(list.some((f) => f.file === 'eips/EIPS/eip-1803.md' && f.message.startsWith('EIP 141 ')));
    assert.ok(list.every((f) => f.message.endsWith('no EIP in this repository has that number.')));
  });

  it('left the corpus untouched', () => {
    assert.equal(copies.length, 4);
    for (const { ws, into, from, files } of copies) {
      for (const rel of files) assert.equal(fs.readFileSync(path.join(ws, into, rel), 'utf8'), fs.readFileSync(path.join(CORPUS_DIR, from, rel), 'utf8'), rel);
    }
  });
});
