import { PhraseMatcher } from '../text/phrases.js';

/** How rules read model values: emptiness, text, numbers, dates, words. */

export function isPresent(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return '';
}

/** Scalars compare as case-insensitive text, so `Approved` equals `approved` and `1` equals 1. */
export function scalarEquals(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || typeof a === 'object' || typeof b === 'object') return a === b;
  return normalScalar(a) === normalScalar(b);
}

/** The form scalars are compared in. */
export function normalScalar(v: unknown): string {
  return String(v).trim().toLowerCase();
}

/** `-15%` → -15, `250,000` → 250000, `+3.5` → 3.5; anything else → undefined. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const cleaned = v
    .trim()
    .replace(/[,_\s](?=\d)/g, '')
    .replace(/%$/, '')
    .replace(/^\+/, '');
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : undefined;
}

const VERSION = /^v?(\d+(?:\.\d+)*)$/i;

/** `v1.25`, `1.25.3`, `2` → [1, 25], [1, 25, 3], [2]; anything else → undefined. */
export function versionOf(v: unknown): number[] | undefined {
  const m = VERSION.exec(textOf(v).trim());
  return m ? m[1].split('.').map(Number) : undefined;
}

/** Compares dotted versions part by part, numerically (`1.9` < `1.10`); missing parts count as 0. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO calendar date as `YYYY-MM-DD`, or undefined when the value is not one. */
export function dateOf(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return undefined;
  const m = ISO_DATE.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
  return v.trim();
}

export function addToDate(iso: string, months: number, days: number): string {
  const m = ISO_DATE.exec(iso)!;
  let y = Number(m[1]);
  let mo = Number(m[2]) + months;
  y += Math.floor((mo - 1) / 12);
  mo = ((((mo - 1) % 12) + 12) % 12) + 1;
  const d = Math.min(Number(m[3]), daysIn(y, mo));
  if (days === 0 && y >= 0 && y <= 9999) return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Days carry over into months and years: left to the calendar (setUTCFullYear, which keeps years below 100 as written).
  const shifted = new Date(0);
  shifted.setUTCFullYear(y, mo - 1, d + days);
  return shifted.toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

export function wordCount(v: unknown): number {
  return textOf(v).match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/**
 * A `words` list, ready to match: entries of letters, digits, apostrophes and spaces go to
 * an exact-word trie (linear in the text whatever the list's size); the rest (`n/a`,
 * `all-hands`, `e.g.`) to one regex of whole words.
 */
export interface WordsMatcher {
  trie: PhraseMatcher;
  regex?: RegExp;
}

const PLAIN_WORDS = /^[\p{L}\p{N}'’‘ʼ\s]+$/u;
const wordsMatchers = new WeakMap<readonly unknown[], WordsMatcher>();

/** The matcher of a `words` list, built once per list (lists do not change while rules run). */
export function wordsMatcherOf(list: readonly unknown[]): WordsMatcher {
  let matcher = wordsMatchers.get(list);
  if (!matcher) {
    const words = list.map(String).filter((w) => w.trim() !== '');
    // Brackets and bars are phrase syntax; a word list means them literally, so such entries stay regexes.
    const plain = words.filter((w) => PLAIN_WORDS.test(w));
    const other = words.filter((w) => !PLAIN_WORDS.test(w));
    matcher = { trie: new PhraseMatcher(plain, 'exact'), ...(other.length > 0 ? { regex: wordsRegex(other) } : {}) };
    wordsMatchers.set(list, matcher);
  }
  if (matcher.regex) matcher.regex.lastIndex = 0;
  return matcher;
}

const wordPatterns = new Map<string, RegExp>();

/** One regex matching any of the words or phrases as whole words, any whitespace between words. */
export function wordsRegex(words: readonly string[]): RegExp {
  const key = words.join('\u0000');
  let re = wordPatterns.get(key);
  if (!re) {
    const alternatives = [...words].sort((a, b) => b.length - a.length).map((w) => w.trim().split(/\s+/).map(escapeRegex).join('\\s+'));
    re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    wordPatterns.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

const patternCache = new Map<string, RegExp>();

/**
 * What a pattern needs Unicode mode for: property escapes, code-point escapes, characters
 * beyond the BMP, and what reads one character where an emoji is two code units (`.`, negated
 * classes). Any other pattern runs without it, because case-insensitive Unicode mode makes
 * V8 match `\b` and `\w` many times slower; the only difference left is that `\w` and `\b`
 * no longer count the long s (ſ) and the Kelvin sign as letters.
 */
const NEEDS_UNICODE = /\\[pPu]\{|\\[SWDB]|\[\^|(?<!\\)\.|[\u{10000}-\u{10FFFF}]/u;

/** A rule pattern, case-insensitive; `g` so callers can iterate matches. */
export function patternRegex(source: string): RegExp {
  let re = patternCache.get(source);
  if (!re) {
    re = new RegExp(source, NEEDS_UNICODE.test(source) ? 'giu' : 'gi');
    patternCache.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
