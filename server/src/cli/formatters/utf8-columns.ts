import { LineIndex, type LineRange, type Span } from '../../core/index.js';

/** A position as reviewdog reads it: 1-based line, 1-based column counted in UTF-8 bytes. */
export interface BytePosition {
  line: number;
  column: number;
}

/** A range as reviewdog reads it; the end is exclusive. */
export interface ByteRange {
  start: BytePosition;
  end: BytePosition;
}

/**
 * The engine counts columns in UTF-16 code units (as editors do); reviewdog counts UTF-8 bytes.
 * This converts ranges and spans of each file with its text, read once. Without the text a
 * range keeps its columns (right for ASCII lines) and a span cannot be placed.
 */
export class Utf8Columns {
  private readonly indexes = new Map<string, LineIndex | undefined>();

  constructor(private readonly sourceText: (file: string) => string | undefined = () => undefined) {}

  range(file: string, r: LineRange): ByteRange {
    const index = this.index(file);
    return { start: this.position(index, r.line, r.column), end: this.position(index, r.endLine, r.endColumn) };
  }

  /** The range of offsets `span` (a safe fix's), or undefined without the file's text. */
  span(file: string, span: Span): ByteRange | undefined {
    const index = this.index(file);
    return index && this.range(file, index.range(span));
  }

  private position(index: LineIndex | undefined, line: number, column: number): BytePosition {
    if (!index) return { line, column };
    const start = index.lineStart(line - 1);
    return { line, column: Buffer.byteLength(index.text.slice(start, index.offsetAt(line, column)), 'utf8') + 1 };
  }

  private index(file: string): LineIndex | undefined {
    if (!this.indexes.has(file)) {
      const text = this.sourceText(file);
      this.indexes.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return this.indexes.get(file);
  }
}
