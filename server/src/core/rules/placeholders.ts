import { collapseSpaces } from '../text/spaces.js';
import { isMap } from './paths.js';

/**
 * Placeholder text (SPEC §1.9): a value that only holds a place is not an answer. One
 * definition serves every rule: presence, word counts and people never accept it, and
 * `placeholder-text` reports it once, at the value.
 */

/**
 * What Standpoint's own templates (`init`, `new`) and quick-fix skeletons write where a
 * person must answer. Both read their text from here, so the engine recognises every word
 * they insert and the two can never drift apart.
 */
export const FILL_IN = {
  title: "One line, in customers' words",
  recordId: 'ID of this record',
  impact: 'direct, indirect or none',
  owner: 'Name of the one accountable person',
  advocate: 'Name of a customer advocate',
  approver: 'Name of the chief customer officer',
  rationale: 'Who is affected and how, or why no customer is',
  standpoint: 'What customers need from this decision',
  evidenceSource: 'Where it came from',
  evidenceSummary: 'What customers told us, in numbers',
  concern: 'What an advocate is worried about',
  resolution: 'What was changed, or why the concern does not apply',
  promise: 'What customers can count on',
  measure: 'Percentage of customers who ...',
  target: 'Target, e.g. >= 95%',
  baseline: 'Where it stands today',
  date: 'YYYY-MM-DD',
  function: 'Function affected',
  customerEffect: 'How customers notice the change here',
  barrier: 'What stands in the way',
  mitigation: 'How the barrier is removed or worked around',
  metric: 'Percentage of customers who ...',
  number: 'A number',
  trueOrFalse: 'true or false',
  targetName: 'What is counted, in customers',
  financialMeasure: 'A financial measure',
  action: 'The first concrete change',
  readinessItem: 'What must be ready',
  driver: 'Why this date (what customers need by then)',
  budgetFunction: 'Function whose budget changes',
  budgetChange: 'Signed change, e.g. -10%',
  currency: 'Currency, e.g. EUR',
  reinvestment: "What removes the customers' need to call",
  reinvestmentArea: 'technology, training, policy or process',
  population: 'Who is rewarded',
  segment: 'Which customers',
  personalisation: 'How the message is tailored to each customer',
  waiverReason: 'Why this exception is acceptable',
  waiverOwner: 'Name of the person who answers for this exception',
  outcomeResult: 'kept, changed or reversed',
  outcomeSummary: 'What happened for customers, in numbers',
  promiseResult: 'met, missed or dropped',
  promiseEvidence: 'What the measure showed against the target',
} as const;

/** Fillers anyone writes for "later" (SPEC §1.9), compared with the whole value. */
const GENERIC_FILLERS = [
  'tbd',
  'tbc',
  'tba',
  'todo',
  'to do',
  'fixme',
  'xxx',
  'n/a',
  'n.a.',
  'none yet',
  'not yet',
  'to be decided',
  'to be determined',
  'to be confirmed',
  'to be defined',
  'to be agreed',
  'to follow',
  'will follow',
  'coming soon',
  'placeholder',
  'fill in',
  'fill me in',
  'insert here',
  'lorem ipsum',
];

/**
 * Shapes that only hold a place whatever their words: slots in brackets (`<name>`, `[owner]`,
 * `{{date}}`), rows of x's, values made of punctuation alone (`?`, `-`, `...`), a filler
 * leading a note (`TBD - after the pilot`, `TODO: ask Sam`), and lorem ipsum.
 */
const SHAPES = [/^<[^<>]*>$/, /^\[[^[\]]*\]$/, /^\{\{[^{}]*\}\}$/, /^x{3,}$/, /^[\p{P}\p{S}\s]+$/u, /^(tbd|tbc|tba|todo|fixme)(\s*[-–—:(,]|$)/, /^lorem ipsum\b/];

/** The form values and list entries are compared in: case, spacing, quotes and closing punctuation do not matter. */
export function placeholderKey(text: string): string {
  let key = text.trim().toLowerCase();
  // Each step runs only where it can change something: most values have no quotes, runs of spaces or closing marks.
  if (QUOTE_MARKS.has(key.charCodeAt(0)) || QUOTE_MARKS.has(key.charCodeAt(key.length - 1))) key = key.replace(EDGE_QUOTES, '');
  key = collapseSpaces(key);
  if (CLOSING_MARKS.has(key.charCodeAt(key.length - 1))) key = withoutClosingMarks(key);
  return key.trim();
}

/** The key without the closing marks (. : ; !) that end it right after a letter ("tbc." is "tbc", "...", "A:!" stay as they are). */
function withoutClosingMarks(key: string): string {
  let end = key.length;
  while (end > 0 && CLOSING_MARKS.has(key.charCodeAt(end - 1))) end--;
  // Two code units: the letter before may be beyond the BMP.
  return end > 0 && LETTER_AT_END.test(key.slice(Math.max(0, end - 2), end)) ? key.slice(0, end) : key;
}

const EDGE_QUOTES = /^["'“”‘’`]+|["'“”‘’`]+$/g;
const QUOTE_MARKS = new Set(Array.from('"\'“”‘’`', (c) => c.charCodeAt(0)));
const LETTER_AT_END = /\p{L}$/u;
const CLOSING_MARKS = new Set(Array.from('.:;!', (c) => c.charCodeAt(0)));

/**
 * Can a key have one of the SHAPES? Only if it starts with what one of them starts with: a
 * bracket, punctuation or a symbol, x (xxx), t or f (tbd, todo, fixme), l (lorem ipsum), or a
 * character beyond ASCII (tested in full). A key starting with another letter or a digit cannot.
 */
function mayHaveShape(key: string): boolean {
  return mayStartShape(key.charCodeAt(0));
}

/** `mayHaveShape` for a key whose first character is `c`. */
function mayStartShape(c: number): boolean {
  if (c >= 48 && c <= 57) return false;
  if (c >= 97 && c <= 122) return c === 120 || c === 116 || c === 102 || c === 108;
  return true;
}

/**
 * `mayStartShape` for a key that starts with two ASCII letters or digits `a` `b` (lower-cased):
 * the only SHAPES such a key can have start xx (xxx), tb or to (tbd, tbc, tba, todo), fi
 * (fixme) or lo (lorem ipsum).
 */
function mayStartShapeWith(a: number, b: number): boolean {
  if (a === 120) return b === 120;
  if (a === 116) return b === 98 || b === 111;
  if (a === 102) return b === 105;
  if (a === 108) return b === 111;
  return false;
}

/** An ASCII letter (lower-cased) or digit by its code, or 0 for any other character (or none: NaN). */
function lowerAsciiAlnum(c: number): number {
  if (c >= 48 && c <= 57) return c;
  if (c >= 97 && c <= 122) return c;
  if (c >= 65 && c <= 90) return c + 32;
  return 0;
}

/** Two character codes as one number (a key's first two characters, for `PlaceholderMatcher.leads`). */
function leadOf(a: number, b: number): number {
  return a * 0x10000 + b;
}

/** Recognises placeholder text: Standpoint's own, the generic fillers, and a team's list (config `placeholders`). */
export class PlaceholderMatcher {
  private readonly known: ReadonlySet<string>;
  /** The longest known key: a longer one is not looked up (most values are sentences). */
  private readonly longest: number;
  /** The first two characters of each known key (of two or more), as `leadOf` codes them. */
  private readonly leads: ReadonlySet<number>;
  /** The first three and the first four characters of each known key long enough to have them. */
  private readonly prefixes: ReadonlySet<string>;

  constructor(teamList: readonly string[] = []) {
    this.known = new Set([...Object.values(FILL_IN), ...GENERIC_FILLERS, ...teamList].map(placeholderKey));
    this.longest = Math.max(...[...this.known].map((k) => k.length));
    this.leads = new Set([...this.known].filter((k) => k.length >= 2).map((k) => leadOf(k.charCodeAt(0), k.charCodeAt(1))));
    this.prefixes = new Set([...this.known].flatMap((k) => [3, 4].filter((n) => k.length >= n).map((n) => k.slice(0, n))));
  }

  /**
   * Is this value placeholder text? Only text can be: numbers, booleans and dates are answers.
   * Worked out on every call: with the quick exits of plainlyNot, placeholderKey and mayHaveShape that costs
   * less than remembering verdicts by value, which hashes every new string.
   */
  matches(v: unknown): boolean {
    return typeof v === 'string' && this.isPlaceholder(v);
  }

  private isPlaceholder(v: string): boolean {
    return !this.plainlyNot(v) && this.isPlaceholderKey(placeholderKey(v));
  }

  /** Is a key (`placeholderKey`) that of placeholder text? */
  isPlaceholderKey(key: string): boolean {
    if (key === '') return false;
    if (key.length <= this.longest && this.known.has(key)) return true;
    if (!mayHaveShape(key)) return false;
    for (const shape of SHAPES) if (shape.test(key)) return true;
    return false;
  }

  /**
   * The verdict for most values, without making their key: when a value (after leading spaces)
   * starts with ASCII letters or digits, its key starts with the same, lower-cased (nothing
   * placeholderKey removes or collapses can reach them). If no shape can start with the first
   * two and no known key starts with the first two, three or four, it is no placeholder.
   */
  private plainlyNot(v: string): boolean {
    let s = 0;
    while (s < v.length && v.charCodeAt(s) === 32) s++;
    const a = lowerAsciiAlnum(v.charCodeAt(s));
    const b = lowerAsciiAlnum(v.charCodeAt(s + 1));
    if (a === 0 || b === 0 || mayStartShapeWith(a, b)) return false;
    if (!this.leads.has(leadOf(a, b))) return true;
    // Some known key starts with these two ("in progress" and "insert here"): the next two tell most apart.
    const c = lowerAsciiAlnum(v.charCodeAt(s + 2));
    if (c === 0) return false;
    const d = lowerAsciiAlnum(v.charCodeAt(s + 3));
    return !this.prefixes.has(d === 0 ? String.fromCharCode(a, b, c) : String.fromCharCode(a, b, c, d));
  }

  /**
   * Does the value hold an answer? Missing and empty values do not; nor does placeholder
   * text, nor a list or map holding nothing else.
   */
  answered(v: unknown): boolean {
    if (v === undefined || v === null) return false;
    if (typeof v === 'string') return v.trim() !== '' && !this.matches(v);
    if (Array.isArray(v)) return v.some((item) => this.answered(item));
    if (isMap(v)) return Object.values(v).some((item) => this.answered(item));
    return true;
  }
}

/** The matcher for workspaces whose configuration names no placeholders of its own. */
export const STANDARD_PLACEHOLDERS = new PlaceholderMatcher();
