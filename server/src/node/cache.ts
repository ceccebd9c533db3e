import fs from 'node:fs';
import path from 'node:path';
import { compareFindings, namedRegistries, textHash, type DocumentAnalysis, type Finding, type LintResult, type LintSession, type Project } from '../core/index.js';
import { CHAIN_LIMIT, INDEX, partAt, readBytes, readIndex, readPartsInOrder, readPlace, trailerLine, type CacheIndex, type Place } from './cache-index.js';
import { entryHead, outcomeHead, parseJson, readLineHead, runText } from './cache-line-heads.js';
import { lineBytes, linesOf, writeLines, type Line } from './cache-lines.js';
import { hash, SetupKeys } from './cache-setup.js';
import { scopeDigests, type ScopeDigest } from './changed-scope.js';
import { refuseNonRegular, statOf } from './regular-file.js';
import { readStoredAnalysis, storedAnalysisJson } from './stored-analysis.js';
import { decodeFindings, decodeSummary, encodeFindings, encodeSummary, summaryOf, type OutcomeSummary } from './stored-findings.js';

/** First line of a cache file; a file that starts otherwise (another layout or version) is rebuilt. */
const HEADER = 'standpoint-cache 4';
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

interface Stamp {
  size: number;
  mtimeMs: number;
}

interface Entry {
  /** Key of everything besides the text that shapes the analysis. */
  setup: string;
  /** Hash of the text the analysis was made from. */
  hash: string;
  /** Size and mtime before that text was read; absent when too recent to trust. */
  stamp?: Stamp;
  /** The analysis as stored (UTF-8), parsed on first use and written back verbatim while unchanged. */
  raw?: Buffer;
  /** Where that is in the file, when it is read from there on first use. */
  place?: Place;
  analysis?: DocumentAnalysis;
  /** Length of its line in the file, newline included; 0 until written. */
  bytes: number;
}

/** A document's outcome of the last run's workspace stage, valid for the text and setup it names. */
interface Outcome {
  setup: string;
  hash: string;
  /** Hash of what its cross-record findings were: with the same text and setup, the same one means the same outcome. */
  crossRecord: string;
  summary: OutcomeSummary;
  /** Its findings as stored (JSON, UTF-8), decoded only when the run is reused and reports them. */
  raw?: Buffer | string;
  /** Where that is in the file, when it is read from there on first use. */
  place?: Place;
  bytes: number;
}

/** The last whole run: its key (every document, its setup and text, the registries, the root) and its documents in order. */
interface Run {
  key: string;
  files: string[];
  bytes: number;
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
 * scope asks of its findings, so that a reused run decodes only the findings it reports.
 * Every write ends the file with an index of the live lines (cache-index.ts). Reading and
 * writing every analysis costs more than the rest of a cached run, so a run reads the index
 * and only the analyses and findings it uses, parses them only then, a run that changed a
 * few entries appends them (and a new index), and the file is rewritten (unchanged entries
 * verbatim) only when outdated lines take more room than live ones or entries were dropped.
 * A file without a valid index is read line by line, and rewritten.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly outcomes = new Map<string, Outcome>();
  private run: Run | undefined;
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
  /** The file's chain of indexes: how many, the place of the last, the bytes of their lines. */
  private chain: { length: number; last?: Place; bytes: number } = { length: 0, bytes: 0 };
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
      for (const index of chain.indexes) this.load(index);
      this.chain = { length: chain.indexes.length, last: chain.last, bytes: chain.bytes };
      this.outdated = Math.max(0, size - header.length - chain.bytes - this.liveBytes());
      return;
    }
    // No valid index: every line is read, and the file rewritten with one.
    const lines = linesOf(readBytes(fd, 0, size) ?? Buffer.alloc(0));
    lines.next();
    for (const line of lines) if (line.length > 0) this.read(line);
  }

  /** Takes in an index: the heads of the lines it names, and where their stored parts are. */
  private load(index: CacheIndex): void {
    const { files, setups } = index;
    for (const [i, setup, hash, size, mtimeMs, at, length, bytes] of index.entries) {
      this.entries.set(files[i], { setup: setups[setup], hash, stamp: size >= 0 ? { size, mtimeMs } : undefined, place: { at, length }, bytes });
    }
    for (const [i, setup, hash, crossRecord, stored, at, length, bytes] of index.outcomes) {
      const summary = decodeSummary(stored);
      if (!summary) continue;
      this.outcomes.set(files[i], { setup: setups[setup], hash, crossRecord, summary, place: { at, length }, bytes });
    }
    if (index.run) {
      const [key, run, bytes] = index.run;
      this.run = { key, files: run.map((i) => files[i]), bytes };
    }
  }

  /** Bytes of the lines that hold what the cache holds now. */
  private liveBytes(): number {
    let live = this.run?.bytes ?? 0;
    for (const entry of this.entries.values()) live += entry.bytes;
    for (const outcome of this.outcomes.values()) live += outcome.bytes;
    return live;
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

  /** Takes in one line of the file; false when it is damaged. */
  private read(line: Buffer): boolean {
    const head = readLineHead(line);
    if (!head) return false;
    const bytes = line.length + 1;
    if (head.kind === 'run') {
      this.outdated += this.run?.bytes ?? 0;
      this.run = { key: head.key, files: head.files, bytes };
    } else if (head.kind === 'outcome') {
      const { file, setup, hash, crossRecord, summary, raw } = head;
      this.outdated += this.outcomes.get(file)?.bytes ?? 0;
      this.outcomes.set(file, { setup, hash, crossRecord, summary, raw, bytes });
    } else {
      const { file, setup, hash, size, mtimeMs, raw } = head;
      this.outdated += this.entries.get(file)?.bytes ?? 0;
      this.entries.set(file, { setup, hash, stamp: size >= 0 ? { size, mtimeMs } : undefined, raw, bytes });
    }
    return true;
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
    const entry = this.entries.get(file);
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
    this.outdated += this.entries.get(file)?.bytes ?? 0;
    this.entries.set(file, { setup: pending.setup, hash, stamp: pending.stamp, analysis, bytes: 0 });
    this.current.set(file, { setup: pending.setup, hash });
    this.changed.add(file);
  }

  /**
   * The outcome of the last run, when it is this run's too: the same files in the same
   * order, each with the setup and text it had then, and the same registries and root.
   * Every file is checked (as `lookup` would) but no analysis is read.
   */
  lastRun(project: Project, files: string[]): StoredRun | undefined {
    const run = this.run;
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
      const stored = this.outcomes.get(file);
      const expected = key.documents.get(file);
      if (!stored || !expected || stored.setup !== expected.setup || stored.hash !== expected.hash) return undefined;
      outcomes.push([file, stored]);
      const { summary } = stored;
      totals.waived += summary.waived;
      totals.activeWaivers += summary.active;
      if (summary.role === 'record') totals.recordsChecked++;
      else if (summary.role === 'people-registry' || summary.role === 'promise-register') totals.registriesChecked++;
    }
    const findings = (wanted: (file: string, scope: ScopeDigest) => boolean = () => true): Finding[] | undefined => {
      const chosen = outcomes.filter(([file, stored]) => wanted(file, stored.summary.scope));
      const decoded = this.decodedOutcomes(chosen);
      let damaged = false;
      for (let i = 0; i < chosen.length; i++) {
        if (decoded[i]) continue;
        // Damaged: dropped, so that the run made instead stores the document's outcome again.
        const [file, stored] = chosen[i];
        this.outdated += stored.bytes;
        this.outcomes.delete(file);
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
      const stored = this.outcomes.get(file);
      if (stored?.setup === document.setup && stored.hash === document.hash && stored.crossRecord === crossRecord) continue;
      const summary = summaryOf(outcome, digest(outcome.findings));
      outcomes.set(file, { ...document, crossRecord, summary, raw: JSON.stringify(encodeFindings(outcome.findings)), bytes: 0 });
    }
    const run = { key: key.key, files: result.files, bytes: 0 };
    if (outcomes.size > 0 || this.run?.key !== run.key || !sameList(this.run.files, run.files)) this.fresh = { outcomes, run };
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
    for (const f of this.entries.keys()) {
      if (!files.has(f)) {
        this.entries.delete(f);
        this.rewrite = true;
      }
    }
    const run = this.fresh?.run ?? this.run;
    const kept = new Set(run?.files);
    for (const f of this.outcomes.keys()) {
      if (!kept.has(f)) {
        this.outcomes.delete(f);
        this.rewrite = true;
      }
    }
  }

  save(): void {
    const lines: Line[] = [];
    // What this run appends, for the index of appended lines.
    const appended = { entries: new Set(this.changed), outcomes: new Set<string>(), run: this.fresh !== undefined };
    for (const file of this.changed) {
      const entry = this.entries.get(file)!;
      // The line it had in the file, if any, is outdated by the one written now.
      this.outdated += entry.bytes;
      lines.push(...this.entryLine(file, entry));
    }
    if (this.fresh) {
      for (const [file, outcome] of this.fresh.outcomes) {
        this.outdated += this.outcomes.get(file)?.bytes ?? 0;
        this.outcomes.set(file, outcome);
        appended.outcomes.add(file);
        lines.push(...this.outcomeLine(file, outcome));
      }
      this.outdated += this.run?.bytes ?? 0;
      this.run = this.fresh.run;
      lines.push(runLine(this.run));
      this.fresh = undefined;
    }
    if (this.rewrite || this.outdated > this.liveBytes() || (lines.length > 0 && !this.appendable())) {
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

  /** Is the file the one read, as it was (no other run wrote it since)? Only then can lines be appended to it. */
  private appendable(): boolean {
    const stat = statOf(this.file);
    return this.source !== undefined && stat !== undefined && stat.ino === this.source.ino && stat.size === this.source.size;
  }

  /** Writes the file afresh: every live line (stored parts verbatim) and the index. */
  private rewriteFile(): void {
    const all: Line[] = [{ pieces: [this.header()] }];
    for (const [file, entry] of this.entries) all.push(...this.entryLine(file, entry));
    for (const [file, outcome] of this.outcomes) all.push(...this.outcomeLine(file, outcome));
    if (this.run) all.push(runLine(this.run));
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w');
      let size: number;
      try {
        this.chain = { length: 0, bytes: 0 };
        size = this.writeIndex(fd, writeLines(fd, 0, all));
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

  /**
   * Writes an index at `start` (the end of the file), then its trailer; returns the file's
   * size. The index names the `appended` lines only, and the index before it, when given and
   * the file has one; otherwise every live line, and the indexes before it are outdated.
   */
  private writeIndex(fd: number, start: number, appended?: { entries: Set<string>; outcomes: Set<string>; run: boolean }): number {
    const previous = appended && this.chain.last;
    const [files, setups] = [new Map<string, number>(), new Map<string, number>()];
    const idIn = (table: Map<string, number>) => (key: string) => {
      let i = table.get(key);
      if (i === undefined) table.set(key, (i = table.size));
      return i;
    };
    const [id, setup] = [idIn(files), idIn(setups)];
    const index: CacheIndex = { files: [], setups: [], entries: [], outcomes: [], run: null, previous: previous ? [previous.at, previous.length] : null };
    for (const [file, e] of this.entries) {
      if (previous && !appended.entries.has(file)) continue;
      if (e.place) index.entries.push([id(file), setup(e.setup), e.hash, e.stamp?.size ?? -1, e.stamp?.mtimeMs ?? -1, e.place.at, e.place.length, e.bytes]);
    }
    for (const [file, o] of this.outcomes) {
      if (previous && !appended.outcomes.has(file)) continue;
      if (o.place) index.outcomes.push([id(file), setup(o.setup), o.hash, o.crossRecord, encodeSummary(o.summary), o.place.at, o.place.length, o.bytes]);
    }
    if (this.run && (!previous || appended.run)) index.run = [this.run.key, this.run.files.map(id), this.run.bytes];
    index.files = [...files.keys()];
    index.setups = [...setups.keys()];
    const json = JSON.stringify(index);
    const place = { at: start + INDEX.length, length: Buffer.byteLength(json) };
    const end = writeLines(fd, start, [{ pieces: [INDEX, json] }, { pieces: [trailerLine(place)] }]);
    if (!previous) {
      this.outdated += this.chain.bytes;
      this.chain = { length: 0, bytes: 0 };
    }
    this.chain = { length: this.chain.length + 1, last: place, bytes: this.chain.bytes + end - start };
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
