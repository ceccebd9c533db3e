/**
 * The parts of a text inside quotation marks: straight or curly, double or single. A single
 * quote between letters is an apostrophe ("don't", "vendor’s"), and one closing a word with
 * no opening quote before it is a possessive ("customers' views"); a quotation mark that is
 * never closed quotes nothing, so a stray mark cannot hide the rest of a text.
 */
export interface Range {
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function quotedRanges(text: string): Range[] {
  const out: Range[] = [];
  const lastCloser = lastClosers(text);
  let open: { at: number; close: string } | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (open) {
      if (ch === open.close && closes(text, i)) {
        out.push({ start: open.at, end: i + 1 });
        open = undefined;
      }
      continue;
    }
    if (ch === '"') open = { at: i, close: '"' };
    else if (ch === '“') open = { at: i, close: '”' };
    else if ((ch === "'" || ch === '‘') && opens(text, i)) open = { at: i, close: ch === "'" ? "'" : '’' };
    // An opening quote that is never closed quotes nothing: look again just after it.
    if (open && (lastCloser.get(open.close) ?? -1) <= i) open = undefined;
  }
  return out;
}

/** A single quote opens when it starts a word: nothing but space or opening punctuation before it. */
function opens(text: string, i: number): boolean {
  const before = i > 0 ? text[i - 1] : ' ';
  const after = text[i + 1] ?? ' ';
  return !WORD_CHAR.test(before) && WORD_CHAR.test(after);
}

/** A closing mark ends a quotation unless it is an apostrophe inside a word. */
function closes(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === '"' || ch === '”') return true;
  return !WORD_CHAR.test(text[i + 1] ?? ' ');
}

/** Where each closing mark last closes in the text (one pass, so unclosed quotes cost nothing extra). */
function lastClosers(text: string): Map<string, number> {
  const last = new Map<string, number>();
  for (let i = text.length - 1; i >= 0 && last.size < 4; i--) {
    const ch = text[i];
    if ((ch === '"' || ch === '”' || ch === "'" || ch === '’') && !last.has(ch) && closes(text, i)) last.set(ch, i);
  }
  return last;
}

/** Does [start, end) overlap one of the ranges (sorted, not overlapping)? Binary search. */
export function overlapsRanges(ranges: readonly Range[], start: number, end: number): boolean {
  // The last range starting before `end` is the only one that can overlap.
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].start < end) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && ranges[found].end > start;
}
