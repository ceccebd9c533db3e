import type { Root } from 'mdast';
import { lineOfOffset, lineStartsOf } from '../text/line-index.js';

type Position = NonNullable<Root['position']>;
type Point = Position['start'];

/** Thrown inside the direct Markdown reader to hand the whole body to remark. */
class NotDirect extends Error {
  /** What the reader met that it leaves to remark (one error is reused: giving up is common and must be cheap). */
  reason = '';
}
export const NOT_DIRECT = new NotDirect('Markdown the direct reader leaves to remark');

export function giveUp(reason: string): never {
  NOT_DIRECT.reason = reason;
  throw NOT_DIRECT;
}

/** unist points (line, column, offset) for offsets into one text, as remark writes them. */
export class Positions {
  private readonly lineStarts: number[];
  private line = 0;

  constructor(text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  /** The 0-based line an offset is on. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let line = this.line;
    // Offsets mostly come in order: step from the last answer, else search.
    if (starts[line] > offset || (line + 1 < starts.length && starts[line + 1] <= offset)) {
      if (line + 1 < starts.length && starts[line + 1] <= offset && (line + 2 >= starts.length || starts[line + 2] > offset)) line++;
      else line = lineOfOffset(starts, offset);
    }
    this.line = line;
    return line;
  }

  point(offset: number): Point {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.lineStarts[line] + 1, offset };
  }

  span(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
  }
}
