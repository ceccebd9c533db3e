import { AS_WRITTEN, keysOf, tokenWords, type WordForm } from './tokens.js';

/**
 * The entry syntax of phrase lists: words, `[optional]`, `(alternatives)`, read into parts, and
 * each word into the keys it is matched by. phrases.ts links the parts into its automaton.
 */

/** Most word sequences one entry may stand for (`[a|b] [c|d] ...` multiplies). */
export const MAX_EXPANSIONS = 10_000;

export type Part = { words: string } | { choice: Part[][]; optional: boolean };

/** An entry read into its parts. */
const BRACKET_OR_BAR = /[[\]()|]/g;

export function parsePhrase(phrase: string, fail: (reason: string) => never): Part[][] {
  return parseSequence(phrase, { at: 0 }, fail, undefined);
}

function parseSequence(phrase: string, pos: { at: number }, fail: (reason: string) => never, closer: ']' | ')' | undefined): Part[][] {
  const alternatives: Part[][] = [[]];
  let words = '';
  const flush = () => {
    if (words.trim() !== '') alternatives[alternatives.length - 1].push({ words });
    words = '';
  };
  while (pos.at < phrase.length) {
    // Words run up to the next bracket or bar.
    BRACKET_OR_BAR.lastIndex = pos.at;
    const next = BRACKET_OR_BAR.exec(phrase)?.index ?? phrase.length;
    words += phrase.slice(pos.at, next);
    pos.at = next;
    if (next === phrase.length) break;
    const ch = phrase[pos.at++];
    if (ch === '[' || ch === '(') {
      flush();
      const choice = parseSequence(phrase, pos, fail, ch === '[' ? ']' : ')');
      alternatives[alternatives.length - 1].push({ choice, optional: ch === '[' });
    } else if (ch === ']' || ch === ')') {
      if (ch !== closer) fail(`"${ch}" at character ${pos.at} closes nothing`);
      flush();
      return alternatives;
    } else if (ch === '|') {
      if (closer === undefined) fail(`"|" at character ${pos.at} is outside brackets: write (a|b) or [a|b]`);
      flush();
      alternatives.push([]);
    }
  }
  if (closer !== undefined) fail(`"${closer === ']' ? '[' : '('}" is never closed`);
  flush();
  if (alternatives.length > 1) fail('"|" outside brackets');
  return alternatives;
}

/**
 * Fails when an entry stands for more than `MAX_EXPANSIONS` word sequences at any step of
 * spelling them out, alternative by alternative (a sequence is its keys joined by U+0000).
 */
export function checkExpansions(parts: Part[][], form: WordForm, fail: (reason: string) => never): void {
  spell(parts, [''], form, fail);
}

function spell(alternatives: Part[][], from: readonly string[], form: WordForm, fail: (reason: string) => never): string[] {
  const ends = new Set<string>();
  for (const parts of alternatives) {
    let sequences: readonly string[] = from;
    for (const part of parts) {
      sequences = 'words' in part ? spellWords(part.words, sequences, form) : [...spell(part.choice, sequences, form, fail), ...(part.optional ? sequences : [])];
      if (sequences.length > MAX_EXPANSIONS) fail(`it stands for more than ${MAX_EXPANSIONS} word sequences: split it into several entries`);
    }
    for (const s of sequences) ends.add(s);
  }
  return [...ends];
}

function spellWords(words: string, from: readonly string[], form: WordForm): readonly string[] {
  let sequences = from;
  for (const word of entryWords(words, form)) {
    const keys = keysOfWord(word);
    const next = new Set<string>();
    for (const s of sequences) for (const key of keys) next.add(`${s}\u0000${key}`);
    sequences = [...next];
  }
  return sequences;
}

/**
 * A word of an entry, before its keys are made: the words it may stand for (several for a
 * contraction's readings: "that's" → that, is | has | 's), and how they become keys: their
 * `stem` or `exact` keys, or for `=word` (`written`) each as written or as its plural.
 */
export interface EntryWord {
  words: readonly string[];
  form: WordForm | 'written';
}

/** The words of plain words, in order. A word written `=word` matches only as written or as its plural. */
export function entryWords(words: string, form: WordForm): EntryWord[] {
  const out: EntryWord[] = [];
  for (const word of words.trim().split(/\s+/)) {
    if (POSSESSIVE.test(word)) {
      // A possessive written on its own ("(vendor|carrier) 's call") is the "'s" of the word before.
      out.push({ words: ["'s"], form: 'exact' });
    } else if (form === 'stem' && word.startsWith(AS_WRITTEN) && word.length > 1) {
      for (const words of tokenWords(word.slice(1))) out.push({ words, form: 'written' });
    } else {
      for (const words of tokenWords(word)) out.push({ words, form });
    }
  }
  return out;
}

export function keysOfWord({ words, form }: EntryWord): string[] {
  if (form !== 'written') return keysOf(words, form);
  return keysOf(words, 'exact').flatMap((w) => [`${AS_WRITTEN}${w}`, `${AS_WRITTEN}${plural(w)}`]);
}

/** At least as many as `keysOfWord` makes, without making them. */
export function mostKeys({ words, form }: EntryWord): number {
  return form === 'written' ? 2 * words.length : words.length;
}

const POSSESSIVE = /^['’‘ʼ]s$/i;

/** The regular plural of a noun: meeting → meetings, policy → policies, brief → briefs, box → boxes. */
function plural(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}
