import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { findings, show, standpoint, tempWorkspaces, TODAY, type JsonFinding } from '../helpers/cli.js';
import { corpusNote, skipWithoutCorpus } from '../helpers/corpus.js';
import { CORPUS_DIR, REPO } from '../helpers/paths.js';

/**
 * Expressiveness check on data Standpoint was not designed for: the Kubernetes
 * enhancement proposals (kep.yaml) of the real-world corpus, linted with three rules
 * written purely as rule files (test/expressiveness/kep/rules) and a config that maps
 * the KEPs as documents to check (test/expressiveness/kep/.standpoint.yaml). The corpus
 * is copied into a temporary workspace; it is never modified.
 */
const KEP_CORPUS = path.join(CORPUS_DIR, 'kubernetes__enhancements');
const SETUP = path.join(REPO, 'test', 'expressiveness', 'kep');

const short = (f: JsonFinding) => `${f.rule}@${f.file}:${f.line}:${f.column}`;

// The KEP rules' own fixtures live in the repository: they run with or without the corpus.
describe('expressiveness: the KEP rules', function () {
  this.timeout(120000);

  it('the rules pass their own fixtures, and every check fires in one (test-rules --coverage)', () => {
    const run = standpoint(['test-rules', path.join(SETUP, 'rules'), '--coverage']);
    assert.equal(run.code, 0, show(run));
    assert.match(run.stdout, /3 rules, 3 passed, 0 failed/);
    assert.match(run.stdout, /every rule has valid and invalid fixtures, and every check, word, pattern and severity_when entry fires/);
  });
});

describe(`expressiveness: Kubernetes KEPs as rule-authoring scenarios${corpusNote(KEP_CORPUS)}`, function () {
  this.timeout(120000);
  const make = tempWorkspaces();
  let ws: string;

  before(function () {
    skipWithoutCorpus(this, KEP_CORPUS);
    ws = make();
    fs.cpSync(SETUP, ws, { recursive: true });
    fs.cpSync(path.join(KEP_CORPUS, 'keps'), path.join(ws, 'keps'), { recursive: true });
  });

  const check = (cwd = ws, ...args: string[]) => standpoint(['check', '--today', TODAY, '--format', 'json', ...args], { cwd });
  const kepFiles = () =>
    fs
      .readdirSync(path.join(ws, 'keps'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('kep.yaml') && !f.startsWith('NNNN-kep-template'))
      .sort();

  it('finds exactly these problems in the 79 real KEPs', () => {
    assert.equal(kepFiles().length, 79);
    const run = check();
    assert.equal(run.code, 0, 'warnings only');
    const list = findings(run);
    assert.deepEqual(list.map(short), [
      // participating-sigs: "sig-arch" is an abbreviation of sig-architecture
      'kep-sig-known@keps/sig-cli/2590-kubectl-subresource/kep.yaml:8:5',
      // participating-sigs: "sig-contribex" is an abbreviation of sig-contributor-experience
      'kep-sig-known@keps/sig-release/2853-k-core-branch-rename/kep.yaml:11:5',
      // stage: beta with milestone.beta v1.26, but latest-milestone v1.25
      'kep-milestone-not-behind-stage@keps/sig-release/3031-signing-release-artifacts/kep.yaml:18:19',
    ]);
    assert.equal(list[0].message, '"sig-arch" is not a Kubernetes SIG: use one of the names in sigs.yaml (for example sig-architecture, not sig-arch).');
    assert.equal(list[2].message, 'latest-milestone v1.25 is older than the milestone of a stage this KEP has reached: update latest-milestone, or the milestones.');
    assert.ok(list.every((f) => f.docsUrl.startsWith('file://') && f.docsUrl.endsWith(`/rules/${f.rule}/rule.yaml`)));
  });

  it('compares milestones as versions, not as text (v1.8 < v1.25, 1.37 = v1.37)', () => {
    // Stable KEPs whose alpha/beta milestones sort after latest-milestone as text, but not as versions.
    for (const kep of ['sig-storage/361-local-ephemeral-storage-isolation', 'sig-node/4265-proc-mount', 'sig-node/6030-dynamic-resize-of-memory-backed-volumes']) {
      const text = fs.readFileSync(path.join(ws, 'keps', kep, 'kep.yaml'), 'utf8');
      assert.match(text, /latest-milestone:/, kep);
      assert.deepEqual(findings(check(ws, `keps/${kep}/kep.yaml`)).map(short), [], kep);
    }
  });

  it('accepts a working group among participating SIGs, but never as the owner', () => {
    const kep = 'keps/sig-api-machinery/1040-priority-and-fairness/kep.yaml';
    assert.match(fs.readFileSync(path.join(ws, kep), 'utf8'), /^- wg-multitenancy$/m);
    assert.deepEqual(findings(check(ws, kep)), []);
    const owned = make();
    fs.cpSync(SETUP, owned, { recursive: true });
    const file = path.join(owned, kep);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fs.readFileSync(path.join(ws, kep), 'utf8').replace('owning-sig: sig-api-machinery', 'owning-sig: wg-multitenancy'));
    assert.deepEqual(findings(check(owned)).map(short), [`kep-sig-known@${kep}:8:13`]);
  });

  it('every KEP beyond alpha names an approver: holds for all 79, fires when approvers are removed or TBD', () => {
    assert.deepEqual(
      findings(check()).filter((f) => f.rule === 'kep-approver-beyond-alpha'),
      [],
    );
    const kep = 'keps/sig-release/3031-signing-release-artifacts/kep.yaml';
    const original = fs.readFileSync(path.join(ws, kep), 'utf8');
    const variants: Record<string, string> = {
      'no approvers': original.replace(/approvers:\n {2}- "@cpanato"\n {2}- "@justaugustus"\n/, ''),
      'approver TBD': original.replace(/approvers:\n {2}- "@cpanato"\n {2}- "@justaugustus"\n/, 'approvers:\n  - TBD\n'),
      'back at alpha': original.replace(/approvers:\n {2}- "@cpanato"\n {2}- "@justaugustus"\n/, '').replace('stage: beta', 'stage: alpha'),
    };
    const got: Record<string, string[]> = {};
    for (const [name, text] of Object.entries(variants)) {
      assert.notEqual(text, original, name);
      const dir = make();
      fs.cpSync(SETUP, dir, { recursive: true });
      fs.mkdirSync(path.join(dir, path.dirname(kep)), { recursive: true });
      fs.writeFileSync(path.join(dir, kep), text);
      got[name] = findings(check(dir))
        .filter((f) => f.rule === 'kep-approver-beyond-alpha')
        .map(short);
    }
    assert.deepEqual(got, {
      'no approvers': [`kep-approver-beyond-alpha@${kep}:1:1`],
      'approver TBD': [`kep-approver-beyond-alpha@${kep}:14:1`],
      'back at alpha': [],
    });
  });

  it('needs no engine special case: without record-kind off, every KEP is reported as "not a decision record"', () => {
    const dir = make();
    fs.cpSync(SETUP, dir, { recursive: true });
    fs.cpSync(path.join(ws, 'keps'), path.join(dir, 'keps'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.standpoint.yaml'), fs.readFileSync(path.join(SETUP, '.standpoint.yaml'), 'utf8').replace(/rules:\n {2}record-kind: off\n/, ''));
    const list = findings(check(dir));
    assert.equal(list.filter((f) => f.rule === 'record-kind').length, 79);
    // The built-in rules for decision records never look at these files.
    assert.deepEqual([...new Set(list.map((f) => f.rule))].sort(), ['kep-milestone-not-behind-stage', 'kep-sig-known', 'record-kind']);
  });

  it('left the corpus untouched', () => {
    for (const rel of kepFiles()) {
      assert.equal(fs.readFileSync(path.join(ws, 'keps', rel), 'utf8'), fs.readFileSync(path.join(KEP_CORPUS, 'keps', rel), 'utf8'), rel);
    }
  });
});
