import fs from 'node:fs';
import path from 'node:path';
import { compareFindings, namedRegistries, textHash, type DocumentAnalysis, type Finding, type LintResult, type LintSession, type Project } from '../core/index.js';
import { CHAIN_LIMIT, INDEX, partAt, readBytes, readIndex, readPartsInOrder, readPlace, trailerLine, type Place } from './cache-index.js';
import {
  emptyContents,
  indexOf,
  liveBytes,
  loadIndex,
  readLine,
  type Appended,
  type CacheContents,
  type Entry,
  type Outcome,
  type Run,
  type Stamp,
} from './cache-contents.js';
import { entryHead, outcomeHead, parseJson, runText } from './cache-line-heads.js';
import { lineBytes, linesOf, writeLines, type Line } from './cache-lines.js';
import { hash, SetupKeys } from './cache-setup.js';
import { scopeDigests, type ScopeDigest } from './changed-scope.js';
import { refuseNonRegular, statOf } from './regular-file.js';
import { readStoredAnalysis, storedAnalysisJson } from './stored-analysis.js';
import { replayReport, reportLineStart, ReportWriter, type ReplayedReport } from './stored-report.js';
import { decodeFindings, encodeFindings, summaryOf } from './stored-findings.js';

/** First line of a cache file; a file that starts otherwise (another layout or version) is rebuilt. */
const HEADER = 'standpoint-cache 5';
/** Stored parts a run reads one by one before it reads the whole file instead. */
const READS_ONE_BY_ONE = 256;

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

/** Stores this run's report as it is written out: `tee` passes its pieces through, `end` stores it, `abandon` drops what was written. */
export interface ReportRecorder {
  tee(pieces: Iterable<string | Buffer>): Iterable<string | Buffer>;
  end(exitCode: number, stderr: string): void;
  abandon(): void;
}

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
 * The file holds a header line, then lines of three kinds (cache-line-heads.ts), a later one
 * for the same file winning: a document's analysis, its outcome of the last workspace stage,
 * and the last run. An outcome's summary holds the outcome's totals and what a `--changed-since`
 * scope asks of its findings, so that a reused run decodes only the findings it reports. A
 * fourth kind, the report a command wrote of the last run (stored-report.ts), is appended
 * last, so that the next run that appends lines can cut it off rather than leave it behind.
 * Every write ends the file with an index of the live lines (cache-index.ts). Reading and
 * writing every analysis costs more than the rest of a cached run, so a run reads the index
 * and only the analyses and findings it uses, parses them only then, a run that changed a
 * few entries appends them (and a new index), and the file is rewritten (unchanged entries
 * verbatim) only when outdated lines take more room than live ones or entries were dropped.
 * A file without a valid index is read line by line, and rewritten.
 */
export class AnalysisCache {
  /** What the file holds, as read and as this run changes it. */
  private readonly held: CacheContents = emptyContents();
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
  /** Files whose entries changed since the file was read. */
  private readonly changed = new Set<string>();
  /** Outcome lines and the run line to write: this run's, where they differ from the stored ones. */
  private fresh: { outcomes: Map<string, Outcome>; run: Run } | undefined;
  /** Bytes of the file taken by lines that later lines or dropped entries made outdated. */
  private outdated = 0;
  /** The file as read: open, to read stored parts from on first use; its size and inode, to append only to that file. */
  private source: { fd: number; size: number; ino: number; reads: number; bytes?: Buffer } | undefined;
  /** The file's chain of indexes: how many, the place of the last (and of the one before it, when known), the bytes of their lines. */
  private chain: { length: number; last?: Place; previous?: Place; bytes: number } = { length: 0, bytes: 0 };
  /** The file must be rewritten: its header is wrong, a line is damaged or entries were dropped. */
  private rewrite = false;

  constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly strategy: CacheStrategy = 'metadata',
  ) {
    refuseNonRegular(file);
    // No cache yet, an unreadable one or one of another layout or version: start empty.
    this.rewrite = true;
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    const { size, ino } = fs.fstatSync(fd);
    const header = Buffer.from(`${this.header()}\n`);
    if (!readBytes(fd, 0, header.length)?.equals(header)) {
      fs.closeSync(fd);
      return;
    }
    this.source = { fd, size, ino, reads: 0 };
    const chain = readIndex(fd, size);
    if (chain) {
      this.rewrite = false;
      for (const index of chain.indexes) loadIndex(this.held, index);
      // A report of an earlier run is outdated.
      if (this.held.report && this.held.report.head.run !== this.held.run?.key) this.held.report = undefined;
      const previous = chain.indexes[chain.indexes.length - 1].previous;
      this.chain = { length: chain.indexes.length, last: chain.last, previous: previous ? { at: previous[0], length: previous[1] } : undefined, bytes: chain.bytes };
      this.outdated = Math.max(0, size - header.length - chain.bytes - liveBytes(this.held));
      return;
    }
    // No valid index: every line is read, and the file rewritten with one.
    const lines = linesOf(readBytes(fd, 0, size) ?? Buffer.alloc(0));
    lines.next();
    for (const line of lines) if (line.length > 0) this.outdated += readLine(this.held, line);
  }

  /**
   * A line's stored part: in memory, or read from its place in the file (undefined when it is
   * not there). A run that reads many this way (rewriting the file, unchanged lines verbatim)
   * reads the whole file once instead: one read is quicker than thousands. Many analyses or
   * findings to parse are read a window at a time instead (readAnalyses, decodedOutcomes).
   */
  private stored(line: { raw?: Buffer | string; place?: Place }): Buffer | string | undefined {
    if (line.raw !== undefined || !line.place || !this.source) return line.raw;
    if (!this.source.bytes && ++this.source.reads > READS_ONE_BY_ONE) this.source.bytes = readBytes(this.source.fd, 0, this.source.size);
    return this.source.bytes ? partAt(this.source.bytes, line.place) : readPlace(this.source.fd, line.place);
  }

  /**
   * The entry's analysis, parsed from the stored text on first use; undefined when that text
   * is damaged or is not an analysis of `file` (see stored-analysis.ts).
   */
  private analysisOf(entry: Entry, project: Project, file: string): DocumentAnalysis | undefined {
    if (!entry.analysis) {
      const raw = this.stored(entry);
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
    const source = this.source;
    if (!source) return;
    const wanted: Array<[string, Entry]> = [];
    for (const file of files) {
      const check = this.check(project, file);
      if (check.kind === 'fresh' && !check.entry.analysis && check.entry.raw === undefined && check.entry.place) wanted.push([file, check.entry]);
    }
    if (wanted.length <= READS_ONE_BY_ONE) return;
    readPartsInOrder(
      source.fd,
      source.size,
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
    const entry = this.held.entries.get(file);
    const current = entry?.setup === setup ? entry : undefined;
    if (current && this.strategy === 'metadata' && stamp && sameStamp(current.stamp, stamp)) return { kind: 'fresh', setup, hash: current.hash, stamp, entry: current };
    const text = project.host.readFile(file);
    if (text === undefined) return { kind: 'unreadable' };
    const hash = textHash(text);
    if (current?.hash !== hash) return { kind: 'stale', setup, stamp };
    if (!sameStamp(current.stamp, stamp)) {
      current.stamp = stamp;
      this.changed.add(file);
    }
    return { kind: 'fresh', setup, hash, stamp, entry: current };
  }

  /** Stores the analysis of a file `lookup` missed, made from the text with this hash. */
  set(file: string, analysis: DocumentAnalysis, hash: string): void {
    const pending = this.pending.get(file);
    if (!pending) return;
    this.outdated += this.held.entries.get(file)?.bytes ?? 0;
    this.held.entries.set(file, { setup: pending.setup, hash, stamp: pending.stamp, analysis, bytes: 0 });
    this.current.set(file, { setup: pending.setup, hash });
    this.changed.add(file);
  }

  /**
   * The outcome of the last run, when it is this run's too: the same files in the same
   * order, each with the setup and text it had then, and the same registries and root.
   * Every file is checked (as `lookup` would) but no analysis is read.
   */
  lastRun(project: Project, files: string[]): StoredRun | undefined {
    const run = this.held.run;
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
      const stored = this.held.outcomes.get(file);
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
        this.outdated += stored.bytes;
        this.held.outcomes.delete(file);
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
    const decode = (i: number, raw: Buffer | string | undefined) => (raw === undefined ? undefined : decodeFindings(chosen[i][0], parseJson(raw.toString())));
    const decoded = new Array<Finding[] | undefined>(chosen.length);
    const inFile: number[] = [];
    chosen.forEach(([, stored], i) => {
      if (stored.raw === undefined && stored.place && this.source) inFile.push(i);
      else decoded[i] = decode(i, stored.raw);
    });
    const source = this.source;
    if (!source || inFile.length === 0) return decoded;
    const places = inFile.map((i) => chosen[i][1].place!);
    // A few (a scope of changed records) are read each on its own.
    if (inFile.length <= READS_ONE_BY_ONE) inFile.forEach((i, k) => (decoded[i] = decode(i, readPlace(source.fd, places[k]))));
    else readPartsInOrder(source.fd, source.size, places, (k, part) => (decoded[inFile[k]] = decode(inFile[k], part)));
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
      const stored = this.held.outcomes.get(file);
      if (stored?.setup === document.setup && stored.hash === document.hash && stored.crossRecord === crossRecord) continue;
      const summary = summaryOf(outcome, digest(outcome.findings));
      outcomes.set(file, { ...document, crossRecord, summary, raw: JSON.stringify(encodeFindings(outcome.findings)), bytes: 0 });
    }
    const run = { key: key.key, files: result.files, bytes: 0 };
    this.thisRun = key.key;
    if (outcomes.size > 0 || this.held.run?.key !== run.key || !sameList(this.held.run.files, run.files)) this.fresh = { outcomes, run };
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
    for (const f of this.held.entries.keys()) {
      if (!files.has(f)) {
        this.held.entries.delete(f);
        this.rewrite = true;
      }
    }
    const run = this.fresh?.run ?? this.held.run;
    const kept = new Set(run?.files);
    for (const f of this.held.outcomes.keys()) {
      if (!kept.has(f)) {
        this.held.outcomes.delete(f);
        this.rewrite = true;
      }
    }
  }

  save(): void {
    const lines: Line[] = [];
    // A file written afresh anyway has its lines made as they are written: a cold run over a large workspace would otherwise hold every analysis twice, as analysis and as text.
    const whole = this.rewrite;
    // What this run appends, for the index of appended lines.
    const appended = { entries: new Set(this.changed), outcomes: new Set<string>(), run: this.fresh !== undefined, report: false };
    for (const file of this.changed) {
      const entry = this.held.entries.get(file)!;
      // The line it had in the file, if any, is outdated by the one written now.
      this.outdated += entry.bytes;
      if (!whole) lines.push(...this.entryLine(file, entry));
    }
    if (this.fresh) {
      for (const [file, outcome] of this.fresh.outcomes) {
        this.outdated += this.held.outcomes.get(file)?.bytes ?? 0;
        this.held.outcomes.set(file, outcome);
        appended.outcomes.add(file);
        if (!whole) lines.push(...this.outcomeLine(file, outcome));
      }
      this.outdated += this.held.run?.bytes ?? 0;
      this.held.run = this.fresh.run;
      // The stored report is of the run before.
      if (this.held.report && this.held.report.head.run !== this.held.run.key) this.dropReport();
      if (!whole) lines.push(runLine(this.held.run));
      this.fresh = undefined;
    }
    if (whole || this.outdated > liveBytes(this.held) || (lines.length > 0 && !this.appendable())) {
      // Let go before every line is made again.
      lines.length = 0;
      this.rewriteFile();
    } else if (lines.length > 0) {
      const fd = fs.openSync(this.file, 'a');
      try {
        // The leading newline ends a line a crashed run may have left unfinished.
        const end = writeLines(fd, this.source!.size, [{ pieces: [''] }, ...lines]);
        this.source!.size = this.writeIndex(fd, end, this.chain.length < CHAIN_LIMIT ? appended : undefined);
        // Parts read from now on may be in the lines just written.
        this.source!.bytes = undefined;
      } finally {
        fs.closeSync(fd);
      }
    }
    this.rewrite = false;
    this.changed.clear();
  }

  /**
   * The report stored with this run under `key`: only once this run is known to be the stored
   * one (`lastRun`), and only when the stored report is whole. Call it after `save`, which may
   * write the file afresh (and then drops the report).
   */
  storedReport(key: string): ReplayedReport | undefined {
    const report = this.held.report;
    if (!this.source || !report || this.thisRun === undefined || report.head.run !== this.thisRun || report.head.key !== key) return undefined;
    return replayReport(this.source.fd, report.place, report.head);
  }

  /**
   * Stores this run's report under `key` as it is written out, replacing the one stored; call
   * it after `save`. Undefined when this run's outcome is not the stored one (a file could
   * not be read), or another run wrote the file meanwhile.
   */
  recordReport(key: string): ReportRecorder | undefined {
    const source = this.source;
    if (!source || this.thisRun === undefined || this.held.run?.key !== this.thisRun || this.fresh || this.changed.size > 0 || !this.appendable()) return undefined;
    this.dropReport();
    const start = source.size;
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'a');
    } catch {
      // A cache that cannot be written to (read-only, say) is still read: the report is just not stored.
      return undefined;
    }
    const writer = new ReportWriter(this.file, fd, start, { run: this.thisRun, key });
    // Back to the file as it was, its index its last lines again.
    const abandon = () => {
      this.held.report = undefined;
      try {
        fs.ftruncateSync(fd, start);
      } catch {
        // Left unfinished: the next run reads the file line by line and writes it afresh.
      } finally {
        fs.closeSync(fd);
      }
    };
    return {
      tee: (pieces) => writer.tee(pieces),
      end: (exitCode, stderr) => {
        const ended = writer.end(exitCode, stderr);
        if (!ended) return abandon();
        const { head, place, bytes, size } = ended;
        this.held.report = { head, place, bytes };
        try {
          const appended = { entries: new Set<string>(), outcomes: new Set<string>(), run: false, report: true };
          source.size = this.writeIndex(fd, size, this.chain.length < CHAIN_LIMIT ? appended : undefined);
          source.bytes = undefined;
        } catch {
          return abandon();
        }
        fs.closeSync(fd);
      },
      abandon,
    };
  }

  /**
   * Lets the stored report go. A report and its index are appended last: while they still end
   * the file they are cut off, so that the report each changed run leaves behind does not take
   * room until the file is written afresh. Otherwise its line is outdated.
   */
  private dropReport(): void {
    const report = this.held.report;
    if (!report) return;
    this.held.report = undefined;
    const { source, chain } = this;
    const [start, indexStart] = [reportLineStart(report.place), report.place.at + report.place.length + 1];
    if (source && chain.last && chain.previous && chain.last.at - INDEX.length === indexStart && this.appendable() && this.truncate(start)) {
      this.chain = { length: chain.length - 1, last: chain.previous, bytes: chain.bytes - (source.size - indexStart) };
      source.size = start;
      source.bytes = undefined;
    } else this.outdated += report.bytes;
  }

  private truncate(size: number): boolean {
    try {
      fs.truncateSync(this.file, size);
      return true;
    } catch {
      return false;
    }
  }

  /** Is the file the one read, as it was (no other run wrote it since)? Only then can lines be appended to it. */
  private appendable(): boolean {
    const stat = statOf(this.file);
    return this.source !== undefined && stat !== undefined && stat.ino === this.source.ino && stat.size === this.source.size;
  }

  /** Writes the file afresh: every live line (stored parts verbatim) and the index. */
  private rewriteFile(): void {
    // A stored report is not copied: the next run that makes one stores it again.
    this.held.report = undefined;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w');
      let size: number;
      try {
        this.chain = { length: 0, bytes: 0 };
        size = this.writeIndex(fd, writeLines(fd, 0, this.liveLines()));
      } finally {
        fs.closeSync(fd);
      }
      // Stored parts are now read from the new file (and a file open here cannot be replaced on every system).
      if (this.source) fs.closeSync(this.source.fd);
      this.source = undefined;
      fs.renameSync(tmp, this.file);
      const source = fs.openSync(this.file, 'r');
      this.source = { fd: source, size, ino: fs.fstatSync(source).ino, reads: 0 };
    } finally {
      // Whatever happened, no temporary file is left in the workspace.
      fs.rmSync(tmp, { force: true });
    }
    this.outdated = 0;
  }

  /** Every live line, the header first, each made as it is written. */
  private *liveLines(): Generator<Line> {
    yield { pieces: [this.header()] };
    for (const [file, entry] of this.held.entries) yield* this.entryLine(file, entry);
    for (const [file, outcome] of this.held.outcomes) yield* this.outcomeLine(file, outcome);
    if (this.held.run) yield runLine(this.held.run);
  }

  /**
   * Writes an index at `start` (the end of the file), then its trailer; returns the file's
   * size. The index names the `appended` lines only, and the index before it, when given and
   * the file has one; otherwise every live line, and the indexes before it are outdated.
   */
  private writeIndex(fd: number, start: number, appended?: Appended): number {
    const previous = appended && this.chain.last;
    const index = indexOf(this.held, previous ? { previous, appended } : undefined);
    const json = JSON.stringify(index);
    const place = { at: start + INDEX.length, length: Buffer.byteLength(json) };
    const end = writeLines(fd, start, [{ pieces: [INDEX, json] }, { pieces: [trailerLine(place)] }]);
    if (!previous) {
      this.outdated += this.chain.bytes;
      this.chain = { length: 0, bytes: 0 };
    }
    this.chain = { length: this.chain.length + 1, last: place, previous: previous || undefined, bytes: this.chain.bytes + end - start };
    return end;
  }

  /** The entry as a line of the file; none when it has no analysis to store. */
  private entryLine(file: string, entry: Entry): Line[] {
    const body = this.stored(entry) ?? (entry.analysis && storedAnalysisJson(entry.analysis));
    if (body === undefined) return [];
    const line: Line = { pieces: [entryHead(file, entry.setup, entry.hash, entry.stamp), body], placed: (place) => (entry.place = place) };
    entry.bytes = lineBytes(line);
    return [line];
  }

  /** The outcome as a line of the file; none when its stored part cannot be read. */
  private outcomeLine(file: string, outcome: Outcome): Line[] {
    const body = this.stored(outcome);
    if (body === undefined) return [];
    const line: Line = {
      pieces: [outcomeHead(file, outcome.setup, outcome.hash, outcome.crossRecord, outcome.summary), body],
      placed: (place) => (outcome.place = place),
    };
    outcome.bytes = lineBytes(line);
    return [line];
  }

  private header(): string {
    return `${HEADER} ${this.version}`;
  }
}

function runLine(run: Run): Line {
  const line = { pieces: [runText(run.key, run.files)] };
  run.bytes = lineBytes(line);
  return line;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
}
