import fs from 'node:fs';
import { readBytes, type Place } from './cache-index.js';

/*
 * A command's report, stored in the cache beside the run it reports: a re-run that reuses
 * that run and would shape its report the same way (format, options, baseline, environment)
 * writes the stored bytes instead of decoding every finding and formatting them again.
 *
 * A report has newlines, so its line says how long it is: "=report", a tab, its length in
 * bytes (LENGTH_DIGITS digits), a tab, the report as written, a newline. It is written as the
 * report is written out, its length filled in at the end; a large one is read back a window
 * at a time, never all of it in memory at once (a report of 100,000 records is hundreds of
 * megabytes).
 * What the replay needs besides (the exit code, the key, a digest) is in the cache's index,
 * the only place a stored report is replayed from.
 */

/** Starts the line holding a stored report. */
const REPORT = '=report\t';
const REPORT_BYTES = Buffer.from(REPORT);
const LENGTH_DIGITS = 15;
/** Bytes of a report line before the report: "=report", a tab, the length, a tab. */
const HEAD_BYTES = REPORT.length + LENGTH_DIGITS + 1;

/** What the cache's index holds of a stored report, besides where it is. */
export interface ReportHead {
  /** The key of the run it reports (the cache's run key). */
  run: string;
  /** The key of everything else that shaped it. */
  key: string;
  exitCode: number;
  /** What the command wrote to stderr after the report. */
  stderr: string;
  /** CRC-32 of the report and of the fields above (hex): a damaged report is never replayed. */
  digest: string;
}

/** A stored report, replayed: its bytes in order, then what followed it. */
export interface ReplayedReport {
  pieces: Iterable<Buffer>;
  exitCode: number;
  stderr: string;
}

/** How a report is read when replayed: `window` bytes at a time, or once, whole, up to `whole` bytes. */
export interface ReplayReads {
  window: number;
  whole: number;
}
const READS: ReplayReads = { window: 16 * 1024 * 1024, whole: 64 * 1024 * 1024 };

/**
 * CRC-32, as zlib computes it: made to catch damage to stored bytes, and several times quicker
 * than a cryptographic hash over the hundreds of megabytes of a large report. zlib loads only
 * when a report is stored or replayed: a run without the cache never pays for it.
 */
function crc32(data: Uint8Array | string, value?: number): number {
  return process.getBuiltinModule('node:zlib').crc32(data, value);
}

/** The digest of a stored report: the CRC of the report, continued over its head's fields. */
function digestOf(head: Omit<ReportHead, 'digest'>, report: number): string {
  return crc32(JSON.stringify([head.run, head.key, head.exitCode, head.stderr]), report).toString(16);
}

/**
 * Where the report line starting at `start` of a cache file's bytes ends (its newline): a
 * reader of lines passes over the report's own newlines. Undefined when no report line starts
 * there; -1 when one does but is unfinished or damaged.
 */
export function reportLineEnd(bytes: Buffer, start: number): number | undefined {
  if (start + REPORT.length > bytes.length || bytes.compare(REPORT_BYTES, 0, REPORT.length, start, start + REPORT.length) !== 0) return undefined;
  const digits = bytes.toString('latin1', start + REPORT.length, start + REPORT.length + LENGTH_DIGITS);
  const end = start + HEAD_BYTES + Number(digits);
  return /^\d+$/.test(digits) && bytes[start + HEAD_BYTES - 1] === 0x09 && bytes[end] === 0x0a ? end : -1;
}

/**
 * The report stored at `place` of the open cache file, when its digest holds. A large one is
 * read twice, a window at a time: once to check it, then as it is written out (the system keeps
 * the file's pages between the two reads).
 */
export function replayReport(fd: number, place: Place, head: ReportHead, reads = READS): ReplayedReport | undefined {
  // The report sits between its line's head and a newline.
  const lineHead = readBytes(fd, place.at - HEAD_BYTES, HEAD_BYTES);
  const after = readBytes(fd, place.at + place.length, 1);
  if (!lineHead || after?.[0] !== 0x0a || lineHead.toString('latin1') !== `${REPORT}${lengthField(place.length)}\t`) return undefined;
  const replayed = (pieces: Iterable<Buffer>) => ({ exitCode: head.exitCode, stderr: head.stderr, pieces });
  if (place.length <= reads.whole) {
    const whole = readBytes(fd, place.at, place.length);
    return whole && digestOf(head, crc32(whole)) === head.digest ? replayed([whole]) : undefined;
  }
  // Checked through one buffer, read into again and again.
  const window = Buffer.allocUnsafe(reads.window);
  let report = 0;
  for (let at = place.at, end = place.at + place.length; at < end; at += reads.window) {
    const bytes = readInto(fd, window, at, Math.min(reads.window, end - at));
    if (!bytes) return undefined;
    report = crc32(bytes, report);
  }
  if (digestOf(head, report) !== head.digest) return undefined;
  return replayed(
    (function* () {
      for (const window of windows(fd, place, reads.window)) {
        // Checked above: only a file changed in between could end it early.
        if (!window) throw new Error('the cache file changed while its stored report was read');
        yield window;
      }
    })(),
  );
}

/** Reads `length` bytes at `at` into the start of `buffer`; undefined when the file ends first. */
function readInto(fd: number, buffer: Buffer, at: number, length: number): Buffer | undefined {
  try {
    for (let read = 0; read < length;) {
      const n = fs.readSync(fd, buffer, read, length - read, at + read);
      if (n === 0) return undefined;
      read += n;
    }
  } catch {
    return undefined;
  }
  return buffer.subarray(0, length);
}

function* windows(fd: number, place: Place, size: number): Generator<Buffer | undefined> {
  for (let at = place.at, end = place.at + place.length; at < end; at += size) yield readBytes(fd, at, Math.min(size, end - at));
}

/** Where the line of a report stored at `place` starts: at the newline before it. */
export function reportLineStart(place: Place): number {
  return place.at - HEAD_BYTES - 1;
}

function lengthField(length: number): string {
  return String(length).padStart(LENGTH_DIGITS, '0');
}

/**
 * Writes a report into the cache file `file` (open as `fd` to append) as it is written out:
 * its line starts at `start` (the end of the file); `tee` passes the report's pieces through
 * and appends them; `end` ends the line, fills in its length, and returns where the report is,
 * the line's length and its head. The report reaches its reader whatever becomes of the cache:
 * once a write to the file fails, the rest is only passed through, and `end` gives nothing.
 */
export class ReportWriter {
  private at: number;
  private readonly from: number;
  private report = 0;
  private failed = false;

  constructor(
    private readonly file: string,
    private readonly fd: number,
    start: number,
    private readonly head: Pick<ReportHead, 'run' | 'key'>,
  ) {
    this.at = start;
    // The leading newline ends a line a crashed run may have left unfinished. The length is filled
    // in at the end: until then the line says it is unfinished, whatever the report starts with.
    this.write(`\n${REPORT}${'-'.repeat(LENGTH_DIGITS)}\t`);
    this.from = this.at;
  }

  *tee(pieces: Iterable<string | Buffer>): Generator<string | Buffer> {
    for (const piece of pieces) {
      yield piece;
      if (this.failed) continue;
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      this.report = crc32(bytes, this.report);
      this.write(bytes);
    }
  }

  end(exitCode: number, stderr: string): { place: Place; bytes: number; head: ReportHead; size: number } | undefined {
    const place = { at: this.from, length: this.at - this.from };
    this.write('\n');
    if (this.failed) return undefined;
    // A file open to append writes at its end wherever it is asked to: the length is written through another.
    try {
      const fill = fs.openSync(this.file, 'r+');
      try {
        fs.writeSync(fill, lengthField(place.length), this.from - 1 - LENGTH_DIGITS, 'latin1');
      } finally {
        fs.closeSync(fill);
      }
    } catch {
      return undefined;
    }
    const fields = { ...this.head, exitCode, stderr };
    return { place, bytes: HEAD_BYTES + place.length + 1, head: { ...fields, digest: digestOf(fields, this.report) }, size: this.at };
  }

  private write(piece: string | Buffer): void {
    if (this.failed) return;
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    try {
      for (let written = 0; written < bytes.length;) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
    } catch {
      this.failed = true;
    }
    this.at += bytes.length;
  }
}
