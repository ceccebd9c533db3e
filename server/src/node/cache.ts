import { compareFindings, namedRegistries, textHash, type DocumentAnalysis, type Finding, type LintResult, type LintSession, type Project } from '../core/index.js';
import type { Entry, Outcome, Stamp } from './cache-contents.js';
import { CacheFile, READS_ONE_BY_ONE, type ReportRecorder } from './cache-file.js';
import { parseJson } from './cache-line-heads.js';
import { hash, SetupKeys } from './cache-setup.js';
import { scopeDigests, type ScopeDigest } from './changed-scope.js';
import { statOf } from './regular-file.js';
import { readStoredAnalysis } from './stored-analysis.js';
import type { ReplayedReport } from './stored-report.js';
import { decodeFindings, encodeFindings, summaryOf } from './stored-findings.js';

export type { ReportRecorder } from './cache-file.js';

/**
 * How `--cache` decides a file is unchanged. `metadata` trusts an entry whose size and
 * mtime still match without reading the file (an edit that keeps both goes unnoticed, as
 * with ESLint's strategy of the same name); `content` reads and hashes every file.
 */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];

/**
 * A file modified this close to the run may still change within the same mtime tick
 * (filesystems with coarse timestamps), so its size and mtime are not recorded and the
 * next run hashes it again.
 */
const RECENT_MS = 2000;

/** Whether a file's entry still holds: same setup and the same text (or, under `metadata`, the same size and mtime). */
type Check = { kind: 'fresh'; setup: string; hash: string; stamp?: Stamp; entry: Entry } | { kind: 'stale'; setup: string; stamp?: Stamp } | { kind: 'unreadable' };

export type Lookup = { kind: 'hit'; analysis: DocumentAnalysis; hash: string } | { kind: 'miss' } | { kind: 'unreadable' };

/** The outcome of the last run, reused: its totals at once, its findings as they are asked for. */
export interface StoredRun {
  /** The run's result with no findings: those come from `findings`. */
  totals: LintResult;
  /**
   * The findings of the documents `wanted` picks (all of them by default), in the order a
   * run gives them; undefined when one's stored form is damaged: it is dropped, so that the
   * run is made again and stores it.
   */
  findings(wanted?: (file: string, scope: ScopeDigest) => boolean): Finding[] | undefined;
}

/**
 * `--cache`: per-document analyses keyed by the file's bytes and everything that shapes
 * its analysis (Standpoint version, today, the rules and their settings for the file, the
 * registries), and the outcome of the last whole run. A re-run that finds every document,
 * its setup and text, the registries and the root as they were then gives that outcome
 * without reading a single analysis or repeating the workspace stage; otherwise unchanged
 * documents' analyses are reused and only the workspace stage is repeated.
 *
 * The file itself, what it holds and how it is read and written, is a CacheFile
 * (cache-file.ts).
 */
export class AnalysisCache {
  /** The file: what it holds, as read and as this run changes it. */
  private readonly disk: CacheFile;
  /** The key of this run, once it is known to be the one stored (reused, or stored by this run). */
  private thisRun: string | undefined;
  /** The setup and stamp of each file looked up and not found, for storing its analysis. */
  private readonly pending = new Map<string, { setup: string; stamp?: Stamp }>();
  /** This run's verdict on each file, made once. */
  private readonly checks = new Map<string, Check>();
  /** The setup and text hash of every file whose entry holds for this run (checked fresh, or stored). */
  private readonly current = new Map<string, { setup: string; hash: string }>();
  private readonly setups = new SetupKeys();
  private readonly trustedBefore = Date.now() - RECENT_MS;

  constructor(
    file: string,
    version: string,
    private readonly strategy: CacheStrategy = 'metadata',
  ) {
    this.disk = new CacheFile(file, version);
  }

  /**
   * The entry's analysis, parsed from the stored text on first use; undefined when that text
   * is damaged or is not an analysis of `file` (see stored-analysis.ts).
   */
  private analysisOf(entry: Entry, project: Project, file: string): DocumentAnalysis | undefined {
    if (!entry.analysis) {
      const raw = this.disk.stored(entry);
      entry.analysis = raw === undefined ? undefined : readStoredAnalysis(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), file, project);
      if (!entry.analysis) {
        entry.raw = undefined;
        entry.place = undefined;
      }
    }
    return entry.analysis;
  }

  /**
   * Parses ahead the stored analyses `lookup` will give for these files, when there are many:
   * read in the order they lie in the file, a window at a time. A run that repeats the
   * workspace stage over a large workspace reads every analysis, and would otherwise hold the
   * whole file in memory beside them.
   */
  readAnalyses(project: Project, files: readonly string[]): void {
    if (!this.disk.opened) return;
    const wanted: Array<[string, Entry]> = [];
    for (const file of files) {
      const check = this.check(project, file);
      if (check.kind === 'fresh' && !check.entry.analysis && check.entry.raw === undefined && check.entry.place) wanted.push([file, check.entry]);
    }
    if (wanted.length <= READS_ONE_BY_ONE) return;
    this.disk.partsInOrder(
      wanted.map(([, entry]) => entry.place!),
      (i, part) => {
        const [file, entry] = wanted[i];
        entry.analysis = part && readStoredAnalysis(part, file, project);
        // Damaged: as analysisOf leaves it, so the file is analysed again.
        if (!entry.analysis) entry.place = undefined;
      },
    );
  }

  /**
   * The cached analysis of `file` when it is still valid: same setup, and either the same
   * size and mtime (`metadata`) or the same text. Under `metadata` a file whose stamp
   * changed but whose text did not stays a hit, and its new stamp is recorded.
   */
  lookup(project: Project, file: string): Lookup {
    const check = this.check(project, file);
    if (check.kind === 'unreadable') return check;
    const analysis = check.kind === 'fresh' ? this.analysisOf(check.entry, project, file) : undefined;
    if (check.kind === 'fresh' && analysis) return { kind: 'hit', analysis, hash: check.hash };
    this.current.delete(file);
    this.pending.set(file, { setup: check.setup, stamp: check.stamp });
    return { kind: 'miss' };
  }

  private check(project: Project, file: string): Check {
    let check = this.checks.get(file);
    if (!check) {
      check = this.checkNow(project, file);
      this.checks.set(file, check);
      if (check.kind === 'fresh') this.current.set(file, { setup: check.setup, hash: check.hash });
    }
    return check;
  }

  private checkNow(project: Project, file: string): Check {
    const setup = this.setups.of(project, file);
    const stat = statOf(file);
    if (!stat?.isFile()) return { kind: 'unreadable' };
    const stamp = stat.mtimeMs < this.trustedBefore ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
    const entry = this.disk.held.entries.get(file);
    const current = entry?.setup === setup ? entry : undefined;
    if (current && this.strategy === 'metadata' && stamp && sameStamp(current.stamp, stamp)) return { kind: 'fresh', setup, hash: current.hash, stamp, entry: current };
    const text = project.host.readFile(file);
    if (text === undefined) return { kind: 'unreadable' };
    const hash = textHash(text);
    if (current?.hash !== hash) return { kind: 'stale', setup, stamp };
    if (!sameStamp(current.stamp, stamp)) {
      current.stamp = stamp;
      this.disk.entryChanged(file);
    }
    return { kind: 'fresh', setup, hash, stamp, entry: current };
  }

  /** Stores the analysis of a file `lookup` missed, made from the text with this hash. */
  set(file: string, analysis: DocumentAnalysis, hash: string): void {
    const pending = this.pending.get(file);
    if (!pending) return;
    this.disk.setEntry(file, { setup: pending.setup, hash, stamp: pending.stamp, analysis, bytes: 0 });
    this.current.set(file, { setup: pending.setup, hash });
  }

  /**
   * The outcome of the last run, when it is this run's too: the same files in the same
   * order, each with the setup and text it had then, and the same registries and root.
   * Every file is checked (as `lookup` would) but no analysis is read.
   */
  lastRun(project: Project, files: string[]): StoredRun | undefined {
    const run = this.disk.held.run;
    if (!run) return undefined;
    for (const file of files) if (this.check(project, file).kind !== 'fresh') return undefined;
    const key = this.runKey(project, files);
    if (key?.key !== run.key) return undefined;
    const totals: LintResult = {
      findings: [],
      waived: 0,
      activeWaivers: 0,
      filesChecked: run.files.length,
      recordsChecked: 0,
      registriesChecked: 0,
      files: run.files,
      unreadable: [],
    };
    const outcomes: Array<[string, Outcome]> = [];
    for (const file of run.files) {
      const stored = this.disk.held.outcomes.get(file);
      const expected = key.documents.get(file);
      if (!stored || !expected || stored.setup !== expected.setup || stored.hash !== expected.hash) return undefined;
      outcomes.push([file, stored]);
      const { summary } = stored;
      totals.waived += summary.waived;
      totals.activeWaivers += summary.active;
      if (summary.role === 'record') totals.recordsChecked++;
      else if (summary.role === 'people-registry' || summary.role === 'promise-register') totals.registriesChecked++;
    }
    this.thisRun = key.key;
    const findings = (wanted: (file: string, scope: ScopeDigest) => boolean = () => true): Finding[] | undefined => {
      const chosen = outcomes.filter(([file, stored]) => wanted(file, stored.summary.scope));
      const decoded = this.decodedOutcomes(chosen);
      let damaged = false;
      for (let i = 0; i < chosen.length; i++) {
        if (decoded[i]) continue;
        // Damaged: dropped, so that the run made instead stores the document's outcome again.
        const [file, stored] = chosen[i];
        this.disk.dropOutcome(file, stored);
        damaged = true;
      }
      if (damaged) return undefined;
      const all: Finding[] = [];
      for (const one of decoded) for (const f of one!) all.push(f);
      // Each document's findings are in order: sorting joins the runs.
      return all.sort(compareFindings);
    };
    return { totals, findings };
  }

  /**
   * The findings of stored outcomes, in the order given; undefined for one whose stored form is
   * damaged. Those still in the file are read in the order they lie there, a window at a time,
   * so that a large workspace's findings are never all in memory twice, once as bytes.
   */
  private decodedOutcomes(chosen: ReadonlyArray<[string, Outcome]>): Array<Finding[] | undefined> {
    const decoded = new Array<Finding[] | undefined>(chosen.length);
    this.disk.storedParts(
      chosen.map(([, stored]) => stored),
      (i, raw) => (decoded[i] = raw === undefined ? undefined : decodeFindings(chosen[i][0], parseJson(raw.toString()))),
    );
    return decoded;
  }

  /** Keeps this run's outcome for the next run, when every file has an entry this run made or confirmed. */
  storeRun(project: Project, files: string[], session: LintSession, result: LintResult): void {
    const key = result.unreadable.length === 0 ? this.runKey(project, files) : undefined;
    if (!key) return;
    const outcomes = new Map<string, Outcome>();
    const digest = scopeDigests(project);
    for (const file of result.files) {
      const outcome = session.outcome(file);
      const document = key.documents.get(file);
      if (!outcome || !document) return;
      // Most documents have no cross-record findings: their key is empty, and nothing is hashed.
      const crossRecord = outcome.crossRecord === '' ? '' : hash(outcome.crossRecord);
      const stored = this.disk.held.outcomes.get(file);
      if (stored?.setup === document.setup && stored.hash === document.hash && stored.crossRecord === crossRecord) continue;
      const summary = summaryOf(outcome, digest(outcome.findings));
      outcomes.set(file, { ...document, crossRecord, summary, raw: JSON.stringify(encodeFindings(outcome.findings)), bytes: 0 });
    }
    this.thisRun = key.key;
    this.disk.keepRun(outcomes, { key: key.key, files: result.files, bytes: 0 });
  }

  /**
   * The key of a run over these files: each file with its setup and text hash (all checked
   * or stored this run), the registries the workspace stage lints with theirs, and the root
   * its messages name places from. Undefined when a file has no entry valid for this run.
   */
  private runKey(project: Project, files: string[]): { key: string; documents: Map<string, { setup: string; hash: string }> } | undefined {
    const documents = new Map<string, { setup: string; hash: string }>();
    for (const file of files) {
      const current = this.current.get(file);
      if (!current) return undefined;
      documents.set(file, current);
    }
    const parts: string[] = [];
    for (const [file, document] of documents) parts.push(`${file}\u0000${document.setup}\u0000${document.hash}`);
    for (const [file, role] of namedRegistries(project, files)) {
      const text = documents.has(file) ? undefined : this.setups.registry(project, file);
      if (text === undefined) continue;
      const setup = this.setups.of(project, file);
      documents.set(file, { setup, hash: text });
      parts.push(`${file}\u0000${role}\u0000${setup}\u0000${text}`);
    }
    let first: string | undefined;
    for (const file of documents.keys()) if (first === undefined || file < first) first = file;
    parts.push(first === undefined ? '' : project.configFor(first).root);
    return { key: hash(parts.join('\u0001')), documents };
  }

  /** Drops entries for files that were not part of this run's workspace. */
  retainOnly(files: Set<string>): void {
    this.disk.retainOnly(files);
  }

  /** Writes what this run changed: appended to the file, or the file written afresh. */
  save(): void {
    this.disk.save();
  }

  /**
   * The report stored with this run under `key`: only once this run is known to be the stored
   * one (`lastRun`), and only when the stored report is whole. Call it after `save`, which may
   * write the file afresh (and then drops the report).
   */
  storedReport(key: string): ReplayedReport | undefined {
    return this.thisRun === undefined ? undefined : this.disk.storedReport(this.thisRun, key);
  }

  /**
   * Stores this run's report under `key` as it is written out, replacing the one stored; call
   * it after `save`. Undefined when this run's outcome is not the stored one (a file could
   * not be read), or another run wrote the file meanwhile.
   */
  recordReport(key: string): ReportRecorder | undefined {
    return this.thisRun === undefined ? undefined : this.disk.recordReport(this.thisRun, key);
  }
}

function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
}
