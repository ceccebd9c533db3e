import fs from 'node:fs';
import type { Place } from './cache-index.js';
import { reportLineEnd } from './stored-report.js';

/* A cache file is lines of bytes: read as views of its bytes, written in chunks. */

/**
 * A line of the file, in pieces written one after the other; `placed` is told where its last
 * piece (the stored part) was written.
 */
export interface Line {
  pieces: Array<string | Buffer>;
  placed?: (place: Place) => void;
}

export function lineBytes(line: Line): number {
  let bytes = 1;
  for (const piece of line.pieces) bytes += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
  return bytes;
}

/**
 * The lines of a cache file, as views of its bytes: a large workspace's cache can be longer
 * than the longest string V8 can hold (about 512 MB), so the file is never one string, and
 * an analysis is decoded only when it is used. A stored report's line holds newlines of its
 * own and says how long it is; one that is unfinished ends the lines (it was the last thing a
 * crashed run wrote).
 */
export function* linesOf(bytes: Buffer): Generator<Buffer, void, undefined> {
  for (let start = 0; start < bytes.length;) {
    const report = reportLineEnd(bytes, start);
    if (report === -1) return;
    const end = report ?? bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    yield bytes.subarray(start, stop);
    start = stop + 1;
  }
}

/**
 * Writes lines, each ended by a newline, at `start` of the open file (its end), in chunks:
 * never all of them as one string (see linesOf). Returns where the last one ends.
 */
export function writeLines(fd: number, start: number, lines: Iterable<Line>): number {
  let chunk: Buffer[] = [];
  let size = 0;
  let at = start;
  const flush = () => {
    const bytes = Buffer.concat(chunk);
    for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written);
    chunk = [];
    size = 0;
  };
  for (const line of lines) {
    for (const [i, piece] of line.pieces.entries()) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
      if (i === line.pieces.length - 1) line.placed?.({ at, length: bytes.length });
      chunk.push(bytes);
      size += bytes.length;
      at += bytes.length;
    }
    chunk.push(NEWLINE);
    size += 1;
    at += 1;
    if (size >= 1 << 20) flush();
  }
  if (chunk.length > 0) flush();
  return at;
}

const NEWLINE = Buffer.from('\n');
