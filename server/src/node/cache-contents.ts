import type { DocumentAnalysis } from '../core/index.js';
import type { CacheIndex, Place } from './cache-index.js';
import { readLineHead } from './cache-line-heads.js';
import { decodeSummary, encodeSummary, type OutcomeSummary } from './stored-findings.js';
import type { ReportHead } from './stored-report.js';

/* What a cache file holds, line by line: read from its index or from its lines, and kept as the cache changes it. */

export interface Stamp {
  size: number;
  mtimeMs: number;
}

export interface Entry {
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
export interface Outcome {
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
export interface Run {
  key: string;
  files: string[];
  bytes: number;
}

/** A report stored with the last run (see stored-report.ts): its head, where it is, its line's length. */
export interface Report {
  head: ReportHead;
  place: Place;
  bytes: number;
}

/** The live lines of a cache file: a later one for the same file wins. */
export interface CacheContents {
  entries: Map<string, Entry>;
  outcomes: Map<string, Outcome>;
  run?: Run;
  report?: Report;
}

export function emptyContents(): CacheContents {
  return { entries: new Map(), outcomes: new Map() };
}

/** What a run appended to the file: the lines an index of appended lines names. */
export interface Appended {
  entries: Set<string>;
  outcomes: Set<string>;
  run: boolean;
  report: boolean;
}

/**
 * The index of what the file holds, as loadIndex takes it in: of every live line, or (after
 * `previous`, the index before it) of the `appended` lines only. Each file and setup is named once.
 */
export function indexOf(contents: CacheContents, since?: { previous: Place; appended: Appended }): CacheIndex {
  const [files, setups] = [new Map<string, number>(), new Map<string, number>()];
  const idIn = (table: Map<string, number>) => (key: string) => {
    let i = table.get(key);
    if (i === undefined) table.set(key, (i = table.size));
    return i;
  };
  const [id, setup] = [idIn(files), idIn(setups)];
  const appended = since?.appended;
  const index: CacheIndex = {
    files: [],
    setups: [],
    entries: [],
    outcomes: [],
    run: null,
    report: null,
    previous: since ? [since.previous.at, since.previous.length] : null,
  };
  for (const [file, e] of contents.entries) {
    if (appended && !appended.entries.has(file)) continue;
    if (e.place) index.entries.push([id(file), setup(e.setup), e.hash, e.stamp?.size ?? -1, e.stamp?.mtimeMs ?? -1, e.place.at, e.place.length, e.bytes]);
  }
  for (const [file, o] of contents.outcomes) {
    if (appended && !appended.outcomes.has(file)) continue;
    if (o.place) index.outcomes.push([id(file), setup(o.setup), o.hash, o.crossRecord, encodeSummary(o.summary), o.place.at, o.place.length, o.bytes]);
  }
  if (contents.run && (!appended || appended.run)) index.run = [contents.run.key, contents.run.files.map(id), contents.run.bytes];
  if (contents.report && (!appended || appended.report)) {
    const { head, place, bytes } = contents.report;
    index.report = [head.run, head.key, head.exitCode, head.stderr, head.digest, place.at, place.length, bytes];
  }
  index.files = [...files.keys()];
  index.setups = [...setups.keys()];
  return index;
}

/** Takes in an index: the heads of the lines it names, and where their stored parts are. */
export function loadIndex(contents: CacheContents, index: CacheIndex): void {
  const { files, setups } = index;
  for (const [i, setup, hash, size, mtimeMs, at, length, bytes] of index.entries) {
    contents.entries.set(files[i], { setup: setups[setup], hash, stamp: size >= 0 ? { size, mtimeMs } : undefined, place: { at, length }, bytes });
  }
  for (const [i, setup, hash, crossRecord, stored, at, length, bytes] of index.outcomes) {
    const summary = decodeSummary(stored);
    if (!summary) continue;
    contents.outcomes.set(files[i], { setup: setups[setup], hash, crossRecord, summary, place: { at, length }, bytes });
  }
  if (index.run) {
    const [key, run, bytes] = index.run;
    contents.run = { key, files: run.map((i) => files[i]), bytes };
  }
  if (index.report) {
    const [run, key, exitCode, stderr, digest, at, length, bytes] = index.report;
    contents.report = { head: { run, key, exitCode, stderr, digest }, place: { at, length }, bytes };
  }
}

/**
 * Takes in one line of a file read without an index; returns the bytes of the line it makes
 * outdated (0 for a damaged line, which is left out, and for a stored report, which is only
 * replayed from an index).
 */
export function readLine(contents: CacheContents, line: Buffer): number {
  const head = readLineHead(line);
  if (!head) return 0;
  const bytes = line.length + 1;
  let outdated: number;
  if (head.kind === 'run') {
    outdated = contents.run?.bytes ?? 0;
    contents.run = { key: head.key, files: head.files, bytes };
  } else if (head.kind === 'outcome') {
    const { file, setup, hash, crossRecord, summary, raw } = head;
    outdated = contents.outcomes.get(file)?.bytes ?? 0;
    contents.outcomes.set(file, { setup, hash, crossRecord, summary, raw, bytes });
  } else {
    const { file, setup, hash, size, mtimeMs, raw } = head;
    outdated = contents.entries.get(file)?.bytes ?? 0;
    contents.entries.set(file, { setup, hash, stamp: size >= 0 ? { size, mtimeMs } : undefined, raw, bytes });
  }
  return outdated;
}

/** Bytes of the lines that hold what the cache holds now. */
export function liveBytes(contents: CacheContents): number {
  let live = (contents.run?.bytes ?? 0) + (contents.report?.bytes ?? 0);
  for (const entry of contents.entries.values()) live += entry.bytes;
  for (const outcome of contents.outcomes.values()) live += outcome.bytes;
  return live;
}
