import { dateOf, isMap, textOf, type PlaceholderMatcher } from '../../../core/index.js';

/**
 * What an `outcome` says, read from the model whatever its shape: text, or a map such as
 * `{result: met, date, evidence}` or `{kept: true}`. `kept` and `missed` only when it says so.
 */
export interface Outcome {
  verdict: 'kept' | 'missed' | 'recorded' | 'none';
  /** The `result` field as written, when there is one. */
  result: string;
  date: string;
  /** The outcome as text, or the map's other scalar fields as `field: value`. */
  details: string[];
}

/** The `result` words of SPEC §1.10 that say a promise or decision held, or did not. */
const KEPT = new Set(['kept', 'met']);
const MISSED = new Set(['missed']);

export function outcomeOf(value: unknown, placeholders: PlaceholderMatcher): Outcome {
  if (!placeholders.answered(value)) return { verdict: 'none', result: '', date: '', details: [] };
  if (!isMap(value)) {
    const text = Array.isArray(value) ? value.map(textOf).filter(Boolean).join('; ') : textOf(value);
    return { verdict: 'recorded', result: '', date: '', details: text.trim() ? [text.trim()] : [] };
  }
  const result = textOf(value.result).trim();
  const kept = typeof value.kept === 'boolean' ? value.kept : /^(true|false)$/i.test(textOf(value.kept)) ? /^true$/i.test(textOf(value.kept)) : undefined;
  const word = result.toLowerCase();
  const verdict = kept === true || (kept === undefined && KEPT.has(word)) ? 'kept' : kept === false || (kept === undefined && MISSED.has(word)) ? 'missed' : 'recorded';
  const details = Object.entries(value)
    .filter(([key, v]) => !['result', 'kept', 'date'].includes(key) && textOf(v).trim() !== '' && placeholders.answered(v))
    .map(([key, v]) => `${key}: ${textOf(v).trim()}`);
  return { verdict, result, date: dateOf(value.date) ?? textOf(value.date).trim(), details };
}
