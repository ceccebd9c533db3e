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

/** What a word is (read by `nextWord` and `wordEnd`, not with this expression): letters and digits, apostrophes inside. */
export const WORD = /[\p{L}\p{N}]+(?:['’‘ʼ]+[\p{L}\p{N}]+)*/gu;
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

/** The readings of "'s" after one of `IS_OR_HAS`. */
const IS_OR_HAS_READINGS = ["'s", 'is', 'has'];

/**
 * The words contractions stand for without writing them ("won't": will, not), each with the
 * contractions (lower-case, one straight apostrophe) that may: a token reads as such a word
 * unwritten only where its word holds one of these.
 */
export const CONTRACTED_WORDS: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  const add = (word: string, written: string) => {
    const list = out.get(word);
    if (!list) out.set(word, [written]);
    else if (!list.includes(written)) list.push(written);
  };
  for (const [written, words] of WHOLE_CONTRACTIONS) for (const word of words.flat()) add(word, written);
  for (const [suffix, words] of SUFFIX_CONTRACTIONS) for (const word of words) add(word, suffix);
  for (const word of IS_OR_HAS_READINGS) add(word, "'s");
  return out;
})();

/** The words of `text`, in order. */
export function tokenize(text: string, form: WordForm = 'stem'): Token[] {
  const out: Token[] = [];
  let last = 0;
  let afterConjunction = false;
  for (let start = nextWord(text, 0); start < text.length; start = nextWord(text, last)) {
    const end = wordEnd(text, start);
    let clauseStart = out.length === 0 || afterConjunction || clauseBreakBetween(text, last, start);
    for (const reading of readingsOf(text.slice(start, end), form)) {
      out.push({ start, end, forms: reading.forms, clauseStart });
      clauseStart = false;
      afterConjunction = reading.conjunction;
    }
    last = end;
  }
  return out;
}

/**
 * The words of `text` as `tokenize` reads them, one list per token: the words the token may
 * stand for ("we'd": would | had), lower-cased, before any key is made from them (`keysOf`).
 */
export function tokenWords(text: string): string[][] {
  // Most words of a phrase list are one plain lower-case word.
  if (PLAIN_WORD.test(text)) return readWord(text);
  const out: string[][] = [];
  for (let start = nextWord(text, 0); start < text.length;) {
    const end = wordEnd(text, start);
    out.push(...readWord(text.slice(start, end).toLowerCase()));
    start = nextWord(text, end);
  }
  return out;
}

const PLAIN_WORD = /^[a-z0-9]+$/;

/** The keys a token's words are matched by, each once: their stems, or in `exact` form the words themselves. */
export function keysOf(words: readonly string[], form: WordForm): string[] {
  return [...new Set(form === 'stem' ? words.map(stem) : words)];
}

/**
 * Words are `WORD`: letters and digits (\p{L}, \p{N}), joined by runs of apostrophes. Read
 * character by character with a memo of each character's class, several times quicker than
 * the regular expression on the many short texts of a record.
 */
function nextWord(text: string, from: number): number {
  let i = from;
  while (i < text.length && wordCharAt(text, i) === 0) i++;
  return i;
}

function wordEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    let width = wordCharAt(text, i);
    while (width > 0) {
      i += width;
      width = wordCharAt(text, i);
    }
    // Apostrophes join two words only when a letter or digit follows them.
    let j = i;
    while (j < text.length && APOSTROPHE_CODES.has(text.charCodeAt(j))) j++;
    if (j === i) return i;
    if (wordCharAt(text, j) > 0) {
      i = j;
      continue;
    }
    // As the expression backtracks: ʼ (U+02BC) is itself a letter, so a run can end just before one.
    let k = j - 1;
    while (k > i && text.charCodeAt(k) !== MODIFIER_APOSTROPHE) k--;
    if (k === i) return i;
    i = k;
  }
}

/** The width (1 or 2 UTF-16 units) of the letter or digit at `i`, or 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i) ?? c;
    return cp > 0xffff && LETTER_OR_DIGIT.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  let known = BMP_WORD[c];
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    BMP_WORD[c] = known;
  }
  return known === 1 ? 1 : 0;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0));
/** Characters above ASCII seen so far: 1 a letter or digit, 2 not, 0 not looked at yet. */
const BMP_WORD = new Uint8Array(0x10000);
const MODIFIER_APOSTROPHE = 0x2bc;
const APOSTROPHE_CODES = new Set(Array.from("'’‘ʼ", (c) => c.charCodeAt(0)));

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
      const keys = keysOf(words, form);
      // In stem form a word can also be matched as written (`=word` in a phrase list).
      const forms = form === 'stem' ? [...keys, ...new Set(words.map((w) => `${AS_WRITTEN}${w}`))] : keys;
      return { forms, conjunction: forms.some((f) => CONJUNCTIONS.has(f)) };
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
    return [[base], IS_OR_HAS.has(base) ? IS_OR_HAS_READINGS : ["'s"]];
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
