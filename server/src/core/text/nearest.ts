import { editDistance } from './edit-distance.js';

/** Did-you-mean: the known name a mistyped one most likely stands for. */

/** The closest known name by edit distance, when close enough to be a likely typo. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = typoBound(name) + 1;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The one known value `value` can only have meant, for a fix applied without asking: the
 * only one equal to it once case, spacing, punctuation and leading zeros are ignored
 * (`P-9` for `P-09`, `dana reyes` for `Dana Reyes`), else the only one within typo distance
 * (`aproved` for `approved`) unless `typos` is false. Two equally close candidates, or none, give undefined.
 */
export function onlyMatch(value: string, known: readonly string[], options: { typos?: boolean } = {}): string | undefined {
  const key = looseKey(value);
  const same = unique(known.filter((k) => looseKey(k) === key));
  if (same.length > 0) return same.length === 1 && same[0] !== value ? same[0] : undefined;
  // Ids differ by one character on purpose (P-10, P-11): only their spelling is forgiven.
  if (options.typos === false) return undefined;
  let best: string[] = [];
  let bestDistance = typoBound(value) + 1;
  for (const k of unique(known)) {
    const d = editDistance(value.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = [k];
      bestDistance = d;
    } else if (d === bestDistance) best.push(k);
  }
  return best.length === 1 ? best[0] : undefined;
}

function typoBound(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/** Case, spacing, punctuation and leading zeros of numbers do not tell two names apart. */
function looseKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/(?<!\p{N})0+(?=\p{N})/gu, '');
}
