import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * What makes two findings "the same finding" across runs: rule, file, the model path the
 * finding is about (array positions generalised, so inserting an item above does not
 * change it) and the text it points at. Line and column never take part, and places
 * named inside messages (`decisions/b.yaml:12`) lose their line numbers, so unrelated
 * edits and line shifts leave the key alone while changing the offending text changes it.
 */
export function findingBasis(f: Finding, relative: (file: string) => string, textOf: (f: Finding) => string): string {
  const where = (f.path ?? []).map((s) => (typeof s === 'number' ? '[]' : s)).join('.');
  return [f.rule, relative(f.file), where, normaliseText(textOf(f))].join('\u0000');
}

/** Whitespace collapsed; `file.ext:LINE[:COL]` and `line N` lose their numbers. */
export function normaliseText(text: string): string {
  return text
    .replace(/(\S+\.(?:ya?ml|md|markdown|json)):\d+(?::\d+)?/gi, '$1')
    .replace(/\blines? \d+(?:[-–]\d+)?\b/gi, 'line')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The stable key of one finding (32 hex digits): identical findings in one file share it,
 * and a baseline counts them. Used by `.standpoint-baseline.json` and `diff-rules`.
 */
export function findingKey(f: Finding, relative: (file: string) => string, textOf: (f: Finding) => string): string {
  return hash(findingBasis(f, relative, textOf));
}

/**
 * A fingerprint per finding that survives unrelated edits and line shifts: the finding's
 * key plus an occurrence number for identical findings in one file, so every result of a
 * run gets a distinct one. SARIF `partialFingerprints` use it.
 */
export function fingerprints(findings: readonly Finding[], relative: (file: string) => string, textOf: (f: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = findingKey(f, relative, textOf);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : hash(`${key}\u0000${n}`);
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
