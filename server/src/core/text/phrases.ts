import { checkExpansions, entryWords, keysOfWord, MAX_EXPANSIONS, mostKeys, parsePhrase, type EntryWord, type Part } from './phrase-entries.js';
import { textFilter, type TextFilter } from './phrase-anchors.js';
import type { Token, WordForm } from './tokens.js';

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

/**
 * The words of every entry, each a position that matches any of its keys (a Glushkov automaton):
 * the words that may follow each word, and where an entry may end. Position 0 stands before
 * every entry: its followers are the first words of all of them.
 */
class Positions {
  /** The most words of the entry up to and including each position, while entries are added. */
  private readonly depth: number[] = [0];

  constructor(
    /** The word at each position (none for positions made ahead of time, whose keys are given). */
    private readonly words: EntryWord[] = [{ words: [], form: 'exact' }],
    /** Keys by position, made the first time a text may reach the position. */
    private readonly keys: Array<readonly string[] | undefined> = [],
    /** The entry each position belongs to. */
    readonly entry: number[] = [-1],
    readonly follow: number[][] = [[]],
    /** The entry may end after this word. */
    readonly last: boolean[] = [false],
  ) {}

  /** A new position for `word`, after each of `after`. */
  add(word: EntryWord, entry: number, after: readonly number[]): number {
    const p = this.words.length;
    let depth = 0;
    for (const q of after) {
      this.follow[q].push(p);
      depth = Math.max(depth, this.depth[q]);
    }
    this.words.push(word);
    this.entry.push(entry);
    this.follow.push([]);
    this.last.push(false);
    this.depth.push(depth + 1);
    return p;
  }

  depthAt(p: number): number {
    return this.depth[p];
  }

  keysAt(p: number): readonly string[] {
    return (this.keys[p] ??= keysOfWord(this.words[p]));
  }

  toData(): Omit<ReadyMatcher, 'phrases' | 'form' | 'longest'> {
    return {
      keys: this.entry.map((_, p) => [...this.keysAt(p)]),
      entry: this.entry,
      follow: this.follow,
      last: this.last.flatMap((l, p) => (l ? [p] : [])),
    };
  }

  static fromData(data: ReadyMatcher): Positions {
    const last = data.entry.map(() => false);
    for (const p of data.last) last[p] = true;
    return new Positions([], data.keys, data.entry, data.follow, last);
  }
}

/** Where linking an entry's parts has got to: the positions it may have ended at, and how many word sequences that is at most. */
interface Reach {
  ends: readonly number[];
  sequences: number;
}

/**
 * The trie over word keys of the sequences the entries stand for: node 0 is the root; each
 * node's children by word key, and the first entry ending there. A node's children are made
 * the first time a text reaches it, from the positions its words lead to, so a run builds only
 * the part of the trie its texts walk: the same trie, node for node, as spelling out every
 * sequence of every entry, which for lists of alternatives is many thousand nodes.
 */
class Trie {
  private readonly children: Array<Map<string, number> | undefined> = [];
  /** Per node until it has grown children: the positions whose words its path has just matched. */
  private readonly reached: Array<readonly number[] | undefined> = [];
  /** Per node, the index of the first entry ending there, or -1. */
  readonly entry: number[] = [];

  constructor(private readonly positions: Positions) {
    this.node([0]);
    this.grow(0);
  }

  child(node: number, key: string): number | undefined {
    return (this.children[node] ?? this.grow(node)).get(key);
  }

  private grow(node: number): Map<string, number> {
    const positions = this.positions;
    const next = new Map<string, number[]>();
    for (const p of this.reached[node] ?? []) {
      for (const q of positions.follow[p]) {
        for (const key of positions.keysAt(q)) {
          const list = next.get(key);
          if (list) list.push(q);
          else next.set(key, [q]);
        }
      }
    }
    const children = new Map<string, number>();
    for (const [key, reached] of next) children.set(key, this.node(reached));
    this.children[node] = children;
    this.reached[node] = undefined;
    return children;
  }

  private node(reached: readonly number[]): number {
    const { entry, last } = this.positions;
    const unique = reached.length > 1 ? [...new Set(reached)] : reached;
    let first = -1;
    for (const p of unique) if (last[p] && (first < 0 || entry[p] < first)) first = entry[p];
    this.entry.push(first);
    this.reached.push(unique);
    this.children.push(undefined);
    return this.entry.length - 1;
  }
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

/** Texts a matcher reads in full before it makes its text filter. */
export const TEXTS_BEFORE_FILTER = 2_000;

export class PhraseMatcher {
  private readonly trie: Trie;
  private readonly positions: Positions;
  /** The most words one entry can match. */
  readonly longest: number;
  /** Made once enough texts were tested; null where the list has none worth testing. */
  private filter: TextFilter | null | undefined;
  /** Texts tested before the filter was made. */
  private unfiltered = 0;

  /** Throws `PhraseSyntaxError` for an entry that cannot be read. */
  constructor(
    readonly phrases: readonly string[],
    readonly form: WordForm = 'stem',
  ) {
    const ready = readyMatchers.get(readyKey(phrases, form));
    if (ready) {
      this.longest = ready.longest;
      this.positions = Positions.fromData(ready);
      this.trie = new Trie(this.positions);
      return;
    }
    const positions = new Positions();
    let longest = 0;
    phrases.forEach((phrase, i) => {
      const fail = (reason: string): never => {
        throw new PhraseSyntaxError(i, phrase, reason);
      };
      const parts = parsePhrase(phrase, fail);
      let counted = 0;
      const { ends } = link(parts, { ends: [0], sequences: 1 }, positions, i, form, (n) => (counted = Math.max(counted, n)));
      // The count is a bound (a sequence spelled two ways counts twice): only past the limit are the sequences spelled out.
      if (counted > MAX_EXPANSIONS) checkExpansions(parts, form, fail);
      let words = 0;
      for (const p of ends) {
        if (p === 0) continue;
        positions.last[p] = true;
        words = Math.max(words, positions.depthAt(p));
      }
      if (words === 0) fail('it has no words to match');
      longest = Math.max(longest, words);
    });
    this.longest = longest;
    this.positions = positions;
    this.trie = new Trie(positions);
  }

  /** What `usePhraseTable` takes to make this matcher again without reading its entries. */
  toReady(): ReadyMatcher {
    return { phrases: [...this.phrases], form: this.form, longest: this.longest, ...this.positions.toData() };
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

  /**
   * Could an entry occur in `text`, read in this matcher's form? False only where `scan` would
   * find none, decided without reading its words (phrase-anchors.ts): worth asking first.
   */
  mayOccurIn(text: string): boolean {
    // Making the filter takes longer than reading the texts of a few records: a run over one file does without.
    if (this.filter === undefined && ++this.unfiltered <= TEXTS_BEFORE_FILTER) return true;
    return this.passesFilter(text);
  }

  /** What the list's text filter (made now, if not yet) says of `text`: false only where `scan` would find none. */
  passesFilter(text: string): boolean {
    this.filter ??= textFilter(this.positions, this.form) ?? null;
    return this.filter === null || this.filter.mayHold(text);
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

/**
 * A matcher made ahead of time, as plain data: its entries and form, and the positions they
 * became (the keys of each, `last` the positions an entry may end at).
 */
export interface ReadyMatcher {
  phrases: string[];
  form: WordForm;
  longest: number;
  keys: string[][];
  entry: number[];
  follow: number[][];
  last: number[];
}

/** Ready matchers, with the format of the code that made them. */
export interface PhraseTable {
  format: number;
  matchers: ReadyMatcher[];
}

/**
 * How entries become positions (their syntax, linking, the words of a token and their keys:
 * tokens.ts, stem.ts): a table made by code of another format is never used. Change it with
 * any of those; a test compares the built table with what the code makes.
 */
export const PHRASE_TABLE_FORMAT = 1;

const readyMatchers = new Map<string, ReadyMatcher>();

/** Exact: the entries themselves, in order, and the form. */
function readyKey(phrases: readonly string[], form: WordForm): string {
  return `${form}:${JSON.stringify(phrases)}`;
}

/**
 * Lets matchers of exactly these entries (in this order, in this form) start from the
 * positions made ahead of time instead of reading the entries again; any other list is read
 * as before. A table of another format is left unused.
 */
export function usePhraseTable(table: PhraseTable): void {
  if (table.format !== PHRASE_TABLE_FORMAT) return;
  for (const m of table.matchers) readyMatchers.set(readyKey(m.phrases, m.form), m);
}

/** The table of the matchers of these lists (each list read as one, as `phraseMatcherOf` reads them). Throws `PhraseSyntaxError`. */
export function phraseTable(lists: ReadonlyArray<ReadonlyArray<readonly unknown[]>>, form: WordForm = 'stem'): PhraseTable {
  const seen = new Set<string>();
  const matchers: ReadyMatcher[] = [];
  for (const list of lists) {
    const phrases = entriesOf(list);
    const key = readyKey(phrases, form);
    if (phrases.length === 0 || seen.has(key)) continue;
    seen.add(key);
    matchers.push(new PhraseMatcher(phrases, form).toReady());
  }
  return { format: PHRASE_TABLE_FORMAT, matchers };
}

/** The entries of several lists read as one. */
function entriesOf(lists: ReadonlyArray<readonly unknown[]>): string[] {
  return lists.flat().map(String);
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
  const matcher = new PhraseMatcher(entriesOf(lists), form);
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

/**
 * Adds the words of `alternatives` as positions after each of `from`, returning where they may
 * end, with a bound on the word sequences (the number `checkExpansions` would count, or more),
 * passed to `count` after each part.
 */
function link(alternatives: Part[][], from: Reach, positions: Positions, entry: number, form: WordForm, count: (sequences: number) => void): Reach {
  const ends = new Set<number>();
  let sequences = 0;
  for (const parts of alternatives) {
    let at = from;
    for (const part of parts) {
      if ('words' in part) {
        for (const word of entryWords(part.words, form)) at = { ends: [positions.add(word, entry, at.ends)], sequences: at.sequences * mostKeys(word) };
      } else {
        const inner = link(part.choice, at, positions, entry, form, count);
        at = part.optional ? { ends: [...new Set([...inner.ends, ...at.ends])], sequences: inner.sequences + at.sequences } : inner;
      }
      count(at.sequences);
    }
    for (const p of at.ends) ends.add(p);
    sequences += at.sequences;
  }
  return { ends: [...ends], sequences };
}
