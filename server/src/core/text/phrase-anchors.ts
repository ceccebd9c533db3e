import { stemLead } from './stem.js';
import { AS_WRITTEN, CONTRACTED_WORDS, keysOf, type WordForm } from './tokens.js';

/**
 * A quick test of a text before its words are read for a phrase list. Wherever an entry
 * occurs, some of its words must: its anchors, each the words of one place that every way
 * through the entry passes ("(vendor|carrier) 's (call|problem)" needs vendor or carrier, and
 * call or problem). A word with a given key begins with a known start in the lower-cased text,
 * without apostrophes (its lead: "problems" begins "problem"), or is a contraction ("n't" for
 * not). A text in which no entry finds a lead of each of its anchors holds none of the entries,
 * and is passed over without being read word by word: most texts hold no phrase of a list.
 */

/** The positions of a phrase list, as phrases.ts links them (position 0 stands before every entry). */
export interface PhraseGraph {
  /** The entry each position belongs to. */
  entry: readonly number[];
  follow: ReadonlyArray<readonly number[]>;
  /** An entry may end after this position. */
  last: readonly boolean[];
  keysAt(p: number): readonly string[];
}

/** Lists longer than this, or an entry of more positions, are not worth the analysis: their texts are always read. */
const MOST_ENTRIES = 2000;
const MOST_POSITIONS = 400;
/** The anchors tested per entry, the most telling first. */
const ANCHORS_PER_ENTRY = 3;

const APOSTROPHE_RUNS = /['’‘ʼ]+/g;
const HAS_APOSTROPHE = /['’‘ʼ]/;

/** Contractions as written (apostrophes straight), each with the entries whose first anchor it shows. */
type ContractionEntries = ReadonlyArray<readonly [string, readonly number[]]>;

/** An anchor as tested: where one of its leads begins a word, or one of its contractions. */
interface AnchorTest {
  leads: RegExp | undefined;
  contractions: readonly string[];
}

export class TextFilter {
  constructor(
    /** Where a lead of some entry's most telling anchor begins a word (global). */
    private readonly firstLeads: RegExp,
    /** Per lead found by `firstLeads`: the entries whose first anchor it shows (it begins with one of the anchor's leads). */
    private readonly byLead: ReadonlyMap<string, readonly number[]>,
    /**
     * Per contraction of a first anchor: the entries whose first anchor it shows. Those with an
     * apostrophe (all but "cannot") apart: a text without one is not searched for them.
     */
    private readonly byContraction: { withApostrophe: ContractionEntries; without: ContractionEntries },
    /** Per entry, its other anchors. */
    private readonly rest: ReadonlyArray<readonly AnchorTest[]>,
  ) {
    this.tested = new Uint32Array(rest.length);
  }

  /** Per entry, the text (by `texts`) its other anchors were last tested in: once per text is enough. */
  private readonly tested: Uint32Array;
  private texts = 0;

  /** Could a phrase of the list occur in `text`? False only where none can. */
  mayHold(text: string): boolean {
    const lower = text.toLowerCase();
    // Apostrophes as tokens.ts reads them: a run is one straight apostrophe, and words are keyed without them.
    const apostrophes = HAS_APOSTROPHE.test(lower);
    const normal = apostrophes ? lower.replace(APOSTROPHE_RUNS, "'") : lower;
    const plain = apostrophes ? normal.replace(/'/g, '') : normal;
    if (++this.texts === 0xffffffff) {
      this.tested.fill(0);
      this.texts = 1;
    }
    if (apostrophes && this.showsContraction(this.byContraction.withApostrophe, normal, plain)) return true;
    if (this.showsContraction(this.byContraction.without, normal, plain)) return true;
    const first = this.firstLeads;
    first.lastIndex = 0;
    for (let m = first.exec(plain); m !== null; m = first.exec(plain)) if (this.showsAny(this.byLead.get(m[1])!, normal, plain)) return true;
    return false;
  }

  /** Does the text show one of the contractions, and an entry whose first anchor it is show its other anchors too? */
  private showsContraction(contractions: ContractionEntries, normal: string, plain: string): boolean {
    for (let i = 0; i < contractions.length; i++) {
      const [written, entries] = contractions[i];
      if (normal.includes(written) && this.showsAny(entries, normal, plain)) return true;
    }
    return false;
  }

  /** Does one of the entries, whose first anchor the text shows, show its other anchors too? Each entry is tested once per text. */
  private showsAny(entries: readonly number[], normal: string, plain: string): boolean {
    for (const entry of entries) {
      if (this.tested[entry] === this.texts) continue;
      this.tested[entry] = this.texts;
      if (this.rest[entry].every((a) => (a.leads?.test(plain) ?? false) || a.contractions.some((c) => normal.includes(c)))) return true;
    }
    return false;
  }
}

/** The filter for a list, or undefined when some entry has no anchor worth testing (its texts are then all read). */
export function textFilter(graph: PhraseGraph, form: WordForm): TextFilter | undefined {
  const byEntry = new Map<number, number[]>();
  for (let p = 1; p < graph.entry.length; p++) {
    const list = byEntry.get(graph.entry[p]);
    if (list) list.push(p);
    else byEntry.set(graph.entry[p], [p]);
  }
  if (byEntry.size === 0 || byEntry.size > MOST_ENTRIES) return undefined;
  const leadOf = leadsIn(form);
  const firsts: Anchor[] = [];
  const rest: AnchorTest[][] = [];
  for (const positions of byEntry.values()) {
    if (positions.length > MOST_POSITIONS) return undefined;
    const anchors = anchorsOf(graph, positions, leadOf);
    if (anchors.length === 0) return undefined;
    firsts.push(anchors[0]);
    rest.push(anchors.slice(1).map((a) => ({ leads: a.leads.length > 0 ? leadsRegex(a.leads, '') : undefined, contractions: [...new Set(a.contractions)] })));
  }
  const leads = [...new Set(firsts.flatMap((a) => a.leads))];
  const byLead = new Map(leads.map((l) => [l, entriesWhere(firsts, (a) => a.leads.some((k) => l.startsWith(k)))]));
  const contractions = [...new Set(firsts.flatMap((a) => a.contractions))];
  const byContraction = contractions.map((c) => [c, entriesWhere(firsts, (a) => a.contractions.includes(c))] as const);
  return new TextFilter(
    leadsRegex(leads, 'g'),
    byLead,
    { withApostrophe: byContraction.filter(([c]) => c.includes("'")), without: byContraction.filter(([c]) => !c.includes("'")) },
    rest,
  );
}

function entriesWhere(anchors: readonly Anchor[], test: (a: Anchor) => boolean): number[] {
  return anchors.flatMap((a, entry) => (test(a) ? [entry] : []));
}

/**
 * Where one of the leads begins a word (not after an ASCII letter or digit: nothing else
 * lower-cases to one), the longest at each place; the lead is group 1. Leads are letters and
 * digits only: nothing to escape. The character before the lead is matched, not looked behind
 * at: a third quicker over the texts of a record, and the same places, since a lead ends in a
 * letter or digit and so never ends where the next begins.
 */
function leadsRegex(leads: Iterable<string>, flags: string): RegExp {
  const sources = [...new Set(leads)].sort((a, b) => b.length - a.length);
  return new RegExp(`(?:^|[^a-z0-9])(${sources.join('|') || '(?!)'})`, flags);
}

/**
 * How a word with a key shows in a text: the start of the word (lower-cased, without
 * apostrophes), or a contraction. Only contractions give keys with an apostrophe ("'s"): those
 * have no start of their own.
 */
interface Lead {
  text: string | undefined;
  contractions: readonly string[];
}

function leadsIn(form: WordForm): (key: string) => Lead {
  // The contractions that may stand for each key.
  const contracted = new Map<string, string[]>();
  for (const [word, written] of CONTRACTED_WORDS) {
    for (const key of new Set([...keysOf([word], form), ...keysOf([word], 'exact'), `${AS_WRITTEN}${word}`]))
      contracted.set(key, [...(contracted.get(key) ?? []), ...written]);
  }
  return (key) => ({
    text: key.includes("'") ? undefined : key.startsWith(AS_WRITTEN) ? key.slice(AS_WRITTEN.length) : form === 'stem' ? stemLead(key) : key,
    contractions: contracted.get(key) ?? [],
  });
}

interface Anchor {
  leads: string[];
  contractions: string[];
  /** The shortest lead or contraction: the longer, the fewer texts it lets through. */
  score: number;
}

/**
 * The most telling anchors of an entry (whose shortest lead is longest): among single positions
 * and the positions that may follow one place (the alternatives of a choice), those every way
 * from the entry's first words to its ends passes through, and whose leads tell texts apart.
 */
function anchorsOf(graph: PhraseGraph, positions: readonly number[], leadOf: (key: string) => Lead): Anchor[] {
  const mine = new Set(positions);
  const starts = graph.follow[0].filter((p) => mine.has(p));
  const candidates: Array<readonly number[]> = positions.map((p) => [p]);
  candidates.push(starts);
  for (const p of positions) {
    const next = graph.follow[p].filter((q) => mine.has(q));
    if (next.length > 1) candidates.push(next);
  }
  const anchors: Anchor[] = [];
  const tried = new Set<string>();
  for (const cut of candidates) {
    const id = [...cut].sort((x, y) => x - y).join(' ');
    if (tried.has(id)) continue;
    tried.add(id);
    const anchor = anchorOf(graph, cut, leadOf);
    if (anchor && passesThrough(graph, starts, new Set(cut))) anchors.push(anchor);
  }
  return anchors.sort((a, b) => b.score - a.score).slice(0, ANCHORS_PER_ENTRY);
}

function anchorOf(graph: PhraseGraph, cut: readonly number[], leadOf: (key: string) => Lead): Anchor | undefined {
  const leads: string[] = [];
  const contractions: string[] = [];
  let score = Infinity;
  for (const p of cut) {
    for (const key of graph.keysAt(p)) {
      const lead = leadOf(key);
      if (lead.text === undefined ? lead.contractions.length === 0 : !PLAIN_LEAD.test(lead.text)) return undefined;
      if (lead.text !== undefined) leads.push(lead.text);
      contractions.push(...lead.contractions);
      score = Math.min(score, lead.text?.length ?? Infinity, ...lead.contractions.map((c) => c.length));
    }
  }
  return { leads, contractions, score };
}

/** Leads the filter can test: ASCII letters and digits, one or more. */
const PLAIN_LEAD = /^[a-z0-9]+$/;

/** Does every way from `starts` to an end of the entry pass through `cut`? */
function passesThrough(graph: PhraseGraph, starts: readonly number[], cut: ReadonlySet<number>): boolean {
  const seen = new Set<number>();
  const stack = starts.filter((p) => !cut.has(p));
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    if (graph.last[p]) return false;
    for (const q of graph.follow[p]) if (!cut.has(q) && !seen.has(q)) stack.push(q);
  }
  return true;
}
