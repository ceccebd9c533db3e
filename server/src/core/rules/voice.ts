import { overlapsRanges, quotedRanges, type Range } from '../text/quotes.js';
import type { Token } from '../text/tokens.js';
import type { PathSegment } from '../types.js';

/**
 * Whose words a text check judges. `organisation`: the organisation's own voice — words in
 * quotation marks, in Markdown blockquotes and in customer evidence are what customers or
 * staff said, and are left alone. `all`: every word.
 */
export type Voice = 'organisation' | 'all';

export const VOICES: readonly Voice[] = ['organisation', 'all'];

/** Record fields that hold what customers or staff said: every field of an evidence item. */
const OTHERS_FIELDS: ReadonlyArray<readonly string[]> = [['customer_standpoint', 'evidence']];

/** Does the value at `path` hold what customers or staff said? */
export function isOthersField(path: readonly PathSegment[]): boolean {
  return OTHERS_FIELDS.some((prefix) => prefix.every((seg, i) => path[i] === seg));
}

/**
 * The parts of a text (offsets relative to it) that are someone else's words: its quotations,
 * and the blockquotes given in document offsets (`offset` is where the text starts there).
 */
export function othersRanges(text: string, blockquotes: readonly Range[] = [], offset = 0): Range[] {
  const ranges = quotedRanges(text);
  const end = offset + text.length;
  for (const q of blockquotes) {
    if (q.end > offset && q.start < end) ranges.push({ start: Math.max(0, q.start - offset), end: Math.min(text.length, q.end - offset) });
  }
  // Sorted and merged, so a position is looked up by binary search.
  return ranges.length > 1 ? mergeRanges(ranges) : ranges;
}

/** A test for words that overlap the ranges (sorted, not overlapping), for `PhraseMatcher.scan`. */
export function insideRanges(ranges: readonly Range[]): ((token: Token) => boolean) | undefined {
  return ranges.length === 0 ? undefined : (token) => overlapsRanges(ranges, token.start, token.end);
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
