import type { LineRange, Span } from '../types.js';

/** Offsets where each line starts: as read, or as 32-bit integers where a document's analysis is kept. */
export type LineStarts = readonly number[] | Int32Array;

/** Offsets where each line starts. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of an offset, by binary search over line starts. */
export function lineOfOffset(starts: LineStarts, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 1-based range of a span, from line starts alone (what a document's analysis keeps). */
export function rangeFromStarts(starts: LineStarts, length: number, span: Span): LineRange {
  const at = (offset: number) => {
    const clamped = Math.max(0, Math.min(offset, length));
    const line0 = lineOfOffset(starts, clamped);
    return { line: line0 + 1, column: clamped - starts[line0] + 1 };
  };
  const start = at(span.start);
  const end = at(Math.max(span.start, span.end));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Maps UTF-16 offsets to 1-based line/column positions; built once per text. */
export class LineIndex {
  readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    return lineOfOffset(this.starts, offset);
  }

  lineStart(line0: number): number {
    return this.starts[Math.max(0, Math.min(line0, this.starts.length - 1))];
  }

  /** Offset of the end of a line, before its line break (\n or \r\n). */
  lineEnd(line0: number): number {
    const next = line0 + 1 < this.starts.length ? this.starts[line0 + 1] - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.lineStart(line0) ? next - 1 : next;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line0 = this.lineOf(clamped);
    return { line: line0 + 1, column: clamped - this.starts[line0] + 1 };
  }

  offsetAt(line: number, column: number): number {
    return Math.min(this.lineStart(line - 1) + column - 1, this.text.length);
  }

  range(span: Span): LineRange {
    return rangeFromStarts(this.starts, this.text.length, span);
  }
}
