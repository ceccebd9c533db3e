import { AS_WRITTEN, tokenize, type Token, type WordForm } from './tokens.js';

/**
 * Phrase lists compiled into a trie over word keys, matched in one pass over a text's words.
 *
 * An entry is words separated by spaces; `[...]` marks words that may be left out and
 * `(a|b c)` offers alternatives; both nest and may hold several alternatives (`[our|the]`).
 * "aim [to]" matches "aim", "aims to", "aiming to"; "(our|the) aim is to" matches "our aim is
 * to". Each word matches its inflections (with `WordForm` `stem`) and spelling variants;
 * `=word` matches the word only as written or as its plural (`=meeting` is not "meet").
 *
 * Matching walks the trie from each word, as far as the longest entry reaches, so the work per
 * word is bounded by the length of the longest entry, whatever the number of entries: a list of
 * 50,000 phrases costs what a list of 5 costs on the same text.
 */

/** Most word sequences one entry may stand for (`[a|b] [c|d] ...` multiplies). */
export const MAX_EXPANSIONS = 10_000;

/** An entry that cannot be read: `entry` is its index in the list. */
export class PhraseSyntaxError extends Error {
  constructor(
    readonly entry: number,
    readonly phrase: string,
    reason: string,
  ) {
    super(`phrase "${phrase}": ${reason}`);
    this.name = 'PhraseSyntaxError';
  }
}

/** The trie: node 0 is the root; each node's children by word key, and the entry ending there. */
class Trie {
  private readonly children: Array<Map<string, number> | undefined> = [undefined];
  /** Per node, the index of the first entry ending there, or -1. */
  readonly entry: number[] = [-1];

  child(node: number, key: string): number | undefined {
    return this.children[node]?.get(key);
  }

  grow(node: number, key: string): number {
    let next = this.children[node];
    if (!next) {
      next = new Map();
      this.children[node] = next;
    }
    let child = next.get(key);
    if (child === undefined) {
      child = this.entry.length;
      this.entry.push(-1);
      this.children.push(undefined);
      next.set(key, child);
    }
    return child;
  }
}

/** A place an entry being added has reached: a trie node, so many words in. */
interface Place {
  node: number;
  depth: number;
}

/** One occurrence: words `[from, to)` of the token list, and the entry that matched. */
export interface PhraseMatch {
  from: number;
  to: number;
  entry: number;
}

export interface ScanOptions {
  /** Only matches that begin a clause (see `Token.clauseStart`). */
  clauseStart?: boolean;
  /** Words no match may include (quoted words, for instance). */
  excluded?: (token: Token, index: number) => boolean;
  /** Counts trie steps, for callers that measure the work done. */
  work?: { steps: number };
}

export class PhraseMatcher {
  private readonly trie = new Trie();
  /** The most words one entry can match. */
  readonly longest: number;

  /** Throws `PhraseSyntaxError` for an entry that cannot be read. */
  constructor(
    readonly phrases: readonly string[],
    readonly form: WordForm = 'stem',
  ) {
    let longest = 0;
    phrases.forEach((phrase, i) => {
      const fail = (reason: string): never => {
        throw new PhraseSyntaxError(i, phrase, reason);
      };
      const ends = this.add(parsePhrase(phrase, fail), [{ node: 0, depth: 0 }], fail);
      let words = 0;
      for (const end of ends) {
        if (end.depth === 0) continue;
        if (this.trie.entry[end.node] < 0) this.trie.entry[end.node] = i;
        words = Math.max(words, end.depth);
      }
      if (words === 0) fail('it has no words to match');
      longest = Math.max(longest, words);
    });
    this.longest = longest;
  }

  /**
   * Adds the word sequences of `alternatives` after each of `from`, returning where they end.
   * The trie is grown part by part, so an entry's sequences are never spelled out one by one.
   */
  private add(alternatives: Part[][], from: readonly Place[], fail: (reason: string) => never): Place[] {
    const ends = new Map<number, Place>();
    for (const parts of alternatives) {
      let places: readonly Place[] = from;
      for (const part of parts) {
        places = 'words' in part ? this.addWords(part.words, places) : [...this.add(part.choice, places, fail), ...(part.optional ? places : [])];
        if (places.length > MAX_EXPANSIONS) fail(`it stands for more than ${MAX_EXPANSIONS} word sequences: split it into several entries`);
      }
      for (const p of places) if ((ends.get(p.node)?.depth ?? -1) < p.depth) ends.set(p.node, p);
    }
    return [...ends.values()];
  }

  private addWords(words: string, from: readonly Place[]): Place[] {
    let places = from;
    for (const forms of wordForms(words, this.form)) {
      const next = new Map<number, Place>();
      for (const { node, depth } of places) {
        for (const key of forms) {
          const child = this.trie.grow(node, key);
          next.set(child, { node: child, depth: depth + 1 });
        }
      }
      places = [...next.values()];
    }
    return [...places];
  }

  /** Matches in `tokens`, left to right, the longest at each place, none overlapping. */
  scan(tokens: readonly Token[], options: ScanOptions = {}): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    const excluded = options.excluded;
    const work = options.work;
    let i = 0;
    while (i < tokens.length) {
      if ((options.clauseStart && !tokens[i].clauseStart) || excluded?.(tokens[i], i)) {
        i++;
        continue;
      }
      const best = this.longestFrom(tokens, i, excluded, work);
      if (best) {
        out.push(best);
        i = best.to;
      } else i++;
    }
    return out;
  }

  /** Does any entry occur in `tokens`? */
  test(tokens: readonly Token[], options: ScanOptions = {}): boolean {
    return this.scan(tokens, options).length > 0;
  }

  private longestFrom(tokens: readonly Token[], from: number, excluded: ScanOptions['excluded'], work: ScanOptions['work']): PhraseMatch | undefined {
    const trie = this.trie;
    let best: PhraseMatch | undefined;
    // The first word from the root, without allocating: most words start no entry.
    let active: number[] | undefined;
    for (const form of tokens[from].forms) {
      if (work) work.steps++;
      const child = trie.child(0, form);
      if (child === undefined) continue;
      (active ??= []).push(child);
      const entry = trie.entry[child];
      if (entry >= 0 && (!best || entry < best.entry)) best = { from, to: from + 1, entry };
    }
    if (!active) return undefined;
    for (let j = from + 1; j < tokens.length && active.length > 0; j++) {
      if (excluded?.(tokens[j], j)) break;
      const next: number[] = [];
      for (const node of active) {
        for (const form of tokens[j].forms) {
          if (work) work.steps++;
          const child = trie.child(node, form);
          if (child === undefined) continue;
          next.push(child);
          const entry = trie.entry[child];
          if (entry >= 0 && (!best || j + 1 > best.to || entry < best.entry)) best = { from, to: j + 1, entry };
        }
      }
      active = next;
    }
    return best;
  }
}

/** Compiled lists, by list: lists in rules and options do not change while rules run. */
const compiled = new WeakMap<readonly unknown[], Map<WordForm, PhraseMatcher>>();

/** The matcher for a list, compiled once per list. Throws `PhraseSyntaxError`. */
export function phraseMatcher(list: readonly unknown[], form: WordForm = 'stem'): PhraseMatcher {
  let byForm = compiled.get(list);
  if (!byForm) {
    byForm = new Map();
    compiled.set(list, byForm);
  }
  let matcher = byForm.get(form);
  if (!matcher) {
    matcher = new PhraseMatcher(list.map(String), form);
    byForm.set(form, matcher);
  }
  return matcher;
}

/** Matchers for several lists read as one (a rule's list and a team's additions), by the lists. */
const combined = new WeakMap<readonly unknown[], Array<{ rest: ReadonlyArray<readonly unknown[]>; matcher: PhraseMatcher }>>();

/** The matcher for several lists together, compiled once per combination of lists. */
export function phraseMatcherOf(lists: ReadonlyArray<readonly unknown[]>, form: WordForm = 'stem'): PhraseMatcher {
  if (lists.length === 0) return phraseMatcher(NO_PHRASES, form);
  if (lists.length === 1) return phraseMatcher(lists[0], form);
  const rest = lists.slice(1);
  let seen = combined.get(lists[0]);
  if (!seen) {
    seen = [];
    combined.set(lists[0], seen);
  }
  const same = seen.find((s) => s.matcher.form === form && s.rest.length === rest.length && s.rest.every((l, i) => l === rest[i]));
  if (same) return same.matcher;
  const matcher = new PhraseMatcher(lists.flat().map(String), form);
  // A few combinations per list at most (one per configuration): keep the latest.
  if (seen.length >= 8) seen.shift();
  seen.push({ rest, matcher });
  return matcher;
}

const NO_PHRASES: readonly unknown[] = [];

/** Why an entry cannot be used, or undefined when it can. */
export function phraseProblem(phrase: string, form: WordForm = 'stem'): string | undefined {
  try {
    new PhraseMatcher([phrase], form);
    return undefined;
  } catch (err) {
    if (err instanceof PhraseSyntaxError) return err.message;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// The entry syntax: words, [optional], (alternatives), read into word-key sequences.

type Part = { words: string } | { choice: Part[][]; optional: boolean };

/** An entry read into its parts. */
function parsePhrase(phrase: string, fail: (reason: string) => never): Part[][] {
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
    } else words += ch;
  }
  if (closer !== undefined) fail(`"${closer === ']' ? '[' : '('}" is never closed`);
  flush();
  if (alternatives.length > 1) fail('"|" outside brackets');
  return alternatives;
}

/**
 * The keys of each word of plain words, in order: several for a contraction's readings
 * ("that's" → that, is | has | 's). A word written `=word` matches only as written or as its plural.
 */
function wordForms(words: string, form: WordForm): string[][] {
  const out: string[][] = [];
  for (const word of words.trim().split(/\s+/)) {
    if (POSSESSIVE.test(word)) {
      // A possessive written on its own ("(vendor|carrier) 's call") is the "'s" of the word before.
      out.push(["'s"]);
    } else if (form === 'stem' && word.startsWith(AS_WRITTEN) && word.length > 1) {
      for (const token of tokenize(word.slice(1), 'exact')) out.push(token.forms.flatMap((f) => [`${AS_WRITTEN}${f}`, `${AS_WRITTEN}${plural(f)}`]));
    } else {
      for (const token of tokenize(word, form)) out.push(token.forms.filter((f) => !f.startsWith(AS_WRITTEN)));
    }
  }
  return out;
}

const POSSESSIVE = /^['’‘ʼ]s$/i;

/** The regular plural of a noun: meeting → meetings, policy → policies, brief → briefs, box → boxes. */
function plural(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}
