import fs from 'node:fs';
import path from 'node:path';
import { CHAIN_LIMIT, INDEX, partAt, readBytes, readIndex, readPartsInOrder, readPlace, trailerLine, type Place } from './cache-index.js';
import { emptyContents, indexOf, liveBytes, loadIndex, readLine, type Appended, type CacheContents, type Entry, type Outcome, type Run } from './cache-contents.js';
import { entryHead, outcomeHead, runText } from './cache-line-heads.js';
import { lineBytes, linesOf, writeLines, type Line } from './cache-lines.js';
import { refuseNonRegular, statOf } from './regular-file.js';
import { storedAnalysisJson } from './stored-analysis.js';
import { replayReport, reportLineStart, ReportWriter, type ReplayedReport } from './stored-report.js';

/*
 * The cache file on disk (cache.ts decides what to look up and what to store): what it holds,
 * where its stored parts are, and how it is written, appended to or written afresh. Apart,
 * because which bytes go where, and when the file may be appended to, is a matter of the file
 * alone, whatever the lookups decide.
 */

/** First line of a cache file; a file that starts otherwise (another layout or version) is rebuilt. */
const HEADER = 'standpoint-cache 5';
/** Stored parts a run reads one by one before it reads the whole file instead. */
export const READS_ONE_BY_ONE = 256;

/** Stores this run's report as it is written out: `tee` passes its pieces through, `end` stores it, `abandon` drops what was written. */
export interface ReportRecorder {
  tee(pieces: Iterable<string | Buffer>): Iterable<string | Buffer>;
  end(exitCode: number, stderr: string): void;
  abandon(): void;
}

/**
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
export class CacheFile {
  /** What the file holds, as read and as this run changes it. */
  readonly held: CacheContents = emptyContents();
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

  /** Is a file open, to read stored parts from? */
  get opened(): boolean {
    return this.source !== undefined;
  }

  /**
   * A line's stored part: in memory, or read from its place in the file (undefined when it is
   * not there). A run that reads many this way (rewriting the file, unchanged lines verbatim)
   * reads the whole file once instead: one read is quicker than thousands. Many analyses or
   * findings to parse are read a window at a time instead (partsInOrder, storedParts).
   */
  stored(line: { raw?: Buffer | string; place?: Place }): Buffer | string | undefined {
    if (line.raw !== undefined || !line.place || !this.source) return line.raw;
    if (!this.source.bytes && ++this.source.reads > READS_ONE_BY_ONE) this.source.bytes = readBytes(this.source.fd, 0, this.source.size);
    return this.source.bytes ? partAt(this.source.bytes, line.place) : readPlace(this.source.fd, line.place);
  }

  /** The stored parts at these places, read from the open file in the order they lie there (see readPartsInOrder). */
  partsInOrder(places: readonly Place[], visit: (i: number, part: Buffer | undefined) => void): void {
    if (this.source) readPartsInOrder(this.source.fd, this.source.size, places, visit);
  }

  /**
   * The stored parts of these lines, each given to `visit` with its position among them: those
   * in memory at once, then those still in the file, in the order they lie there.
   */
  storedParts(lines: ReadonlyArray<{ raw?: Buffer | string; place?: Place }>, visit: (i: number, raw: Buffer | string | undefined) => void): void {
    const inFile: number[] = [];
    lines.forEach((line, i) => {
      if (line.raw === undefined && line.place && this.source) inFile.push(i);
      else visit(i, line.raw);
    });
    const source = this.source;
    if (!source || inFile.length === 0) return;
    const places = inFile.map((i) => lines[i].place!);
    // A few (a scope of changed records) are read each on its own.
    if (inFile.length <= READS_ONE_BY_ONE) inFile.forEach((i, k) => visit(i, readPlace(source.fd, places[k])));
    else readPartsInOrder(source.fd, source.size, places, (k, part) => visit(inFile[k], part));
  }

  /** Stores a file's entry in place of the one held: the line that one had, if any, is outdated. */
  setEntry(file: string, entry: Entry): void {
    this.outdated += this.held.entries.get(file)?.bytes ?? 0;
    this.held.entries.set(file, entry);
    this.changed.add(file);
  }

  /** A held entry was changed in place (its stamp): its line is written again. */
  entryChanged(file: string): void {
    this.changed.add(file);
  }

  /** Drops a document's outcome whose stored form is damaged: its line is outdated. */
  dropOutcome(file: string, outcome: Outcome): void {
    this.outdated += outcome.bytes;
    this.held.outcomes.delete(file);
  }

  /** Keeps this run's outcomes (those that differ from the stored ones) and its run, to write unless they are as stored. */
  keepRun(outcomes: Map<string, Outcome>, run: Run): void {
    if (outcomes.size > 0 || this.held.run?.key !== run.key || !sameList(this.held.run.files, run.files)) this.fresh = { outcomes, run };
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

  /** The report stored with the run under `run` and `key`, when the stored report is whole. */
  storedReport(run: string, key: string): ReplayedReport | undefined {
    const report = this.held.report;
    if (!this.source || !report || report.head.run !== run || report.head.key !== key) return undefined;
    return replayReport(this.source.fd, report.place, report.head);
  }

  /**
   * Stores the report of the run under `run` and `key` as it is written out, replacing the one
   * stored. Undefined when that run is not the stored one, what it changed is not yet written,
   * or another run wrote the file meanwhile.
   */
  recordReport(run: string, key: string): ReportRecorder | undefined {
    const source = this.source;
    if (!source || this.held.run?.key !== run || this.fresh || this.changed.size > 0 || !this.appendable()) return undefined;
    this.dropReport();
    const start = source.size;
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'a');
    } catch {
      // A cache that cannot be written to (read-only, say) is still read: the report is just not stored.
      return undefined;
    }
    const writer = new ReportWriter(this.file, fd, start, { run, key });
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
