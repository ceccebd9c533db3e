import { stem } from './stem.js';

/**
 * Text read as words for phrase matching: case, punctuation, markup and spacing (line breaks,
 * runs of spaces) do not count; apostrophes (' ’ ‘ ʼ) are one character, and contractions
 * stand for their words ("can't" is "can not", "we'd" is "we would" or "we had").
 */
export interface Token {
  /** Offsets of the word in the text it was read from (both words of a contraction share them). */
  start: number;
  end: number;
  /**
   * The forms this word may be matched as: its key (several for "'d", and for "'s" after
   * "that", "it", "there"...: is, has, possessive), and in stem form also the word as written, marked with `AS_WRITTEN`.
   */
  forms: readonly string[];
  /** The word begins a clause: the first word, or one after . ! ? ; : , a dash, a bracket, a line break, or "and", "or", "then", "but". */
  clauseStart: boolean;
}

/** Marks a form that is the word as written, not its stem: `=meeting` is not `meet`. */
export const AS_WRITTEN = '=';

/** How a word's forms are made: inflections removed (`stem`), or the word as written, lower-cased (`exact`). */
export type WordForm = 'stem' | 'exact';

const WORD = /[\p{L}\p{N}]+(?:['’‘ʼ]+[\p{L}\p{N}]+)*/gu;
const APOSTROPHES = /['’‘ʼ]+/g;
/** Words after which a clause starts. */
const CONJUNCTIONS = new Set(['and', 'or', 'then', 'but']);

/** Contractions as the words they stand for; `'s` and `'d` have several readings. */
const WHOLE_CONTRACTIONS = new Map<string, string[][]>([
  ["can't", [['can'], ['not']]],
  ['cannot', [['can'], ['not']]],
  ["won't", [['will'], ['not']]],
  ["shan't", [['shall'], ['not']]],
  ["ain't", [['is'], ['not']]],
  ["let's", [['let'], ['us']]],
]);
const SUFFIX_CONTRACTIONS: Array<[string, string[]]> = [
  ["n't", ['not']],
  ["'re", ['are']],
  ["'ll", ['will']],
  ["'ve", ['have']],
  ["'m", ['am']],
  ["'d", ['would', 'had']],
];

/** Words whose "'s" may be "is" or "has" ("that's", "it's"); after any other word it is a possessive. */
const IS_OR_HAS = new Set([
  'that',
  'it',
  'there',
  'here',
  'what',
  'who',
  'where',
  'he',
  'she',
  'this',
  'everything',
  'nothing',
  'something',
  'someone',
  'everyone',
  'how',
  'when',
  'why',
]);

/** The words of `text`, in order. */
export function tokenize(text: string, form: WordForm = 'stem'): Token[] {
  const out: Token[] = [];
  let last = 0;
  let afterConjunction = false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    let clauseStart = out.length === 0 || afterConjunction || clauseBreakBetween(text, last, start);
    for (const reading of readingsOf(m[0], form)) {
      out.push({ start, end, forms: reading.forms, clauseStart });
      clauseStart = false;
      afterConjunction = reading.conjunction;
    }
    last = end;
  }
  return out;
}

/** One reading of a written word: its forms, and whether it is a conjunction that starts a clause after it. */
interface Reading {
  forms: readonly string[];
  conjunction: boolean;
}

/**
 * The readings of a word as written, memoised: words repeat across a document and across
 * documents, and a reading is the same every time (tokens share its `forms`). Bounded, so a
 * flood of new words cannot grow it for ever.
 */
function readingsOf(written: string, form: WordForm): readonly Reading[] {
  const memo = form === 'stem' ? STEM_READINGS : EXACT_READINGS;
  let readings = memo.get(written);
  if (readings === undefined) {
    readings = readWord(written.toLowerCase()).map((words) => {
      const forms = form === 'stem' ? words.map(stem) : [...words];
      // In stem form a word can also be matched as written (`=word` in a phrase list).
      if (form === 'stem') for (const w of words) forms.push(`${AS_WRITTEN}${w}`);
      const unique = [...new Set(forms)];
      return { forms: unique, conjunction: unique.some((f) => CONJUNCTIONS.has(f)) };
    });
    if (memo.size >= READINGS_SIZE) memo.clear();
    memo.set(written, readings);
  }
  return readings;
}

const READINGS_SIZE = 50_000;
const STEM_READINGS = new Map<string, readonly Reading[]>();
const EXACT_READINGS = new Map<string, readonly Reading[]>();

/** Whether `text` between two words ends a clause: punctuation, a bracket, a line break, or a dash between spaces. */
function clauseBreakBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (CLAUSE_BREAK_CHARS.has(c)) return true;
    if (c === 45 && i > from && i + 1 < to && WHITESPACE.test(text[i - 1]) && WHITESPACE.test(text[i + 1])) return true;
  }
  return false;
}

const CLAUSE_BREAK_CHARS = new Set(Array.from('.!?;:,()[]{}\n•–—', (c) => c.charCodeAt(0)));
const WHITESPACE = /\s/;

/** A written word as the words it stands for, each with its readings. */
function readWord(word: string): string[][] {
  const plain = word.replace(APOSTROPHES, "'");
  const whole = WHOLE_CONTRACTIONS.get(plain);
  if (whole) return whole;
  if (!plain.includes("'")) return [[plain]];
  if (plain.endsWith("'s") && plain.length > 2) {
    const base = plain.slice(0, -2).replace(/'/g, '');
    return [[base], IS_OR_HAS.has(base) ? ["'s", 'is', 'has'] : ["'s"]];
  }
  for (const [suffix, readings] of SUFFIX_CONTRACTIONS) {
    if (plain.endsWith(suffix) && plain.length > suffix.length) {
      const base = plain.slice(0, -suffix.length);
      // "don't" → do not; "o'clock" and other inner apostrophes are just dropped.
      return [[base.replace(/'/g, '')], readings];
    }
  }
  return [[plain.replace(/'/g, '')]];
}
