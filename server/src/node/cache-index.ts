import fs from 'node:fs';

/**
 * The index of a cache file: its last two lines name where every live line's stored part
 * (an analysis, a document's findings) is, with that line's head, so that a run reads the
 * index and then only the parts it uses, never the whole file (tens of megabytes in a large
 * workspace). A run that appends a few lines appends an index of those only, naming the
 * index before it; a chain of them ends at a whole index. A file without a valid index (a run
 * stopped while appending) is read line by line.
 */

/** Where a line's stored part is in the file, in bytes. */
export interface Place {
  at: number;
  length: number;
}

/** Starts the line holding the index (JSON); the trailer line after it gives its place. */
export const INDEX = '=index\t';
const TRAILER = '=end\t';
/** The trailer is short: the last bytes of the file hold it whole. */
const TAIL_BYTES = 64;
/** Indexes of appended lines in a chain: the next append writes a whole index. */
export const CHAIN_LIMIT = 16;

/** An entry's head ([file index, setup index, hash, size, mtimeMs]), where its analysis is, and its line's length. */
export type IndexedEntry = [number, number, string, number, number, number, number, number];
/** An outcome's head ([file index, setup index, hash, cross-record key, summary]), where its findings are, and its line's length. */
export type IndexedOutcome = [number, number, string, string, unknown, number, number, number];
/** A stored report's head ([run key, key, exit code, stderr, digest]; see stored-report.ts), where it is, and its line's length. */
export type IndexedReport = [string, string, number, string, string, number, number, number];

export interface CacheIndex {
  /** The files and the setups the rows name, each once. */
  files: string[];
  setups: string[];
  entries: IndexedEntry[];
  outcomes: IndexedOutcome[];
  /** The last run: its key, its files (as indexes) and its line's length; null in an index of appended lines that leaves it as it was. */
  run: [string, number[], number] | null;
  /** The report stored with the last run; null when there is none, or (in an index of appended lines) when it is as it was. */
  report: IndexedReport | null;
  /** In an index of appended lines: the place of the index before it. */
  previous: [number, number] | null;
}

/** The chain of indexes at the end of a file, the whole one first, with the place of the last and the bytes of their lines. */
export interface IndexChain {
  indexes: CacheIndex[];
  last: Place;
  bytes: number;
}

/** The trailer line for an index at this place. */
export function trailerLine(index: Place): string {
  return `${TRAILER}${index.at} ${index.length}`;
}

/** The chain of indexes of the file open as `fd`, of `size` bytes; undefined when its last lines do not end one that is valid. */
export function readIndex(fd: number, size: number): IndexChain | undefined {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = readBytes(fd, tailStart, size - tailStart)?.toString('latin1');
  const match = tail && /\n=end\t(\d+) (\d+)\n$/.exec(tail);
  if (!match) return undefined;
  const last = { at: Number(match[1]), length: Number(match[2]) };
  const indexes: CacheIndex[] = [];
  let bytes = size - (last.at + last.length);
  for (let place: Place | undefined = last; place;) {
    const index = indexAt(fd, place, size);
    // Each index names one written before it: a chain that does not go back is damaged.
    if (!index || indexes.length === CHAIN_LIMIT) return undefined;
    indexes.unshift(index);
    bytes += INDEX.length + place.length + 1;
    const previous: Place | undefined = index.previous ? { at: index.previous[0], length: index.previous[1] } : undefined;
    if (previous && previous.at >= place.at) return undefined;
    place = previous;
  }
  return { indexes, last, bytes };
}

function indexAt(fd: number, place: Place, size: number): CacheIndex | undefined {
  if (place.at < INDEX.length || place.at + place.length > size) return undefined;
  if (readBytes(fd, place.at - INDEX.length, INDEX.length)?.toString() !== INDEX) return undefined;
  const text = readPlace(fd, place);
  let value: unknown;
  try {
    value = text && JSON.parse(text.toString());
  } catch {
    return undefined;
  }
  return isIndex(value) ? value : undefined;
}

/**
 * The stored part of a line at `place`; undefined when the file does not hold a line's part
 * there (it was edited since the index was written): a tab before it, a newline after.
 */
export function readPlace(fd: number, place: Place): Buffer | undefined {
  const bytes = readBytes(fd, place.at - 1, place.length + 2);
  return bytes && partAt(bytes, { at: 1, length: place.length });
}

/** The stored part at `place` in the whole file's bytes, checked as `readPlace` checks it. */
export function partAt(file: Buffer, { at, length }: Place): Buffer | undefined {
  if (at < 1 || at + length >= file.length || file[at - 1] !== 0x09 || file[at + length] !== 0x0a) return undefined;
  return file.subarray(at, at + length);
}

export function readBytes(fd: number, at: number, length: number): Buffer | undefined {
  if (at < 0 || length < 0) return undefined;
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  try {
    while (read < length) {
      const n = fs.readSync(fd, bytes, read, length - read, at + read);
      if (n === 0) return undefined;
      read += n;
    }
  } catch {
    return undefined;
  }
  return bytes;
}

function isIndex(value: unknown): value is CacheIndex {
  if (typeof value !== 'object' || value === null) return false;
  const { files, setups, entries, outcomes, run, report, previous } = value as Record<string, unknown>;
  if (previous !== null && !(Array.isArray(previous) && previous.length === 2 && previous.every((n) => Number.isInteger(n) && (n as number) >= 0))) return false;
  if (!isStrings(files) || !isStrings(setups)) return false;
  const file = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < files.length;
  const setup = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < setups.length;
  const place = (row: unknown[], from: number) => row.slice(from).every((n) => Number.isInteger(n) && (n as number) >= 0);
  const strings = (row: unknown[], from: number, to: number) => row.slice(from, to).every((s) => typeof s === 'string');
  return (
    Array.isArray(entries) &&
    entries.every(
      (r) => Array.isArray(r) && r.length === 8 && file(r[0]) && setup(r[1]) && strings(r, 2, 3) && typeof r[3] === 'number' && typeof r[4] === 'number' && place(r, 5),
    ) &&
    Array.isArray(outcomes) &&
    outcomes.every((r) => Array.isArray(r) && r.length === 8 && file(r[0]) && setup(r[1]) && strings(r, 2, 4) && place(r, 5)) &&
    (run === null || (Array.isArray(run) && run.length === 3 && typeof run[0] === 'string' && Array.isArray(run[1]) && run[1].every(file) && Number.isInteger(run[2]))) &&
    (report === null ||
      (Array.isArray(report) && report.length === 8 && strings(report, 0, 2) && Number.isInteger(report[2]) && strings(report, 3, 5) && place(report, 5)))
  );
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string');
}

/** How many bytes `readPartsInOrder` reads at a time: parts are read from one window until the next lies past it. */
const WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * Reads many stored parts in the order they lie in the file, a window of the file at a time,
 * and gives each to `visit` with its position in `places` (undefined when it is not there).
 * Memory stays at one window whatever the file's size: the parts are views of the window,
 * valid only during the visit.
 */
export function readPartsInOrder(
  fd: number,
  size: number,
  places: readonly Place[],
  visit: (i: number, part: Buffer | undefined) => void,
  windowBytes = WINDOW_BYTES,
): void {
  const order = places.map((_, i) => i).sort((a, b) => places[a].at - places[b].at);
  let window: { at: number; bytes: Buffer } | undefined;
  for (const i of order) {
    const { at, length } = places[i];
    // A part with the tab before it and the newline after it, as partAt checks it.
    const [from, to] = [at - 1, at + length + 1];
    if (!window || from < window.at || to > window.at + window.bytes.length) {
      const bytes = from >= 0 && to <= size ? readBytes(fd, from, Math.max(to, Math.min(size, from + windowBytes)) - from) : undefined;
      window = bytes && { at: from, bytes };
    }
    visit(i, window && partAt(window.bytes, { at: at - window.at, length }));
  }
}
