/**
 * The key a word is matched by in phrase lists: its inflections removed, British and American
 * spellings made one. Inflection only — the steps of the Porter2 (Snowball English) stemmer
 * that undo plurals, possessives, -ed, -ing and a final -e or -ll (steps 0, 1a, 1b, 1c, 5),
 * not its derivational steps: "aims", "aiming", "aimed" → "aim", but "hopefully" stays apart
 * from "hopeful" and "ideally" from "ideal", so a hedge list never catches a plain adjective.
 * Keys are for comparing, not for reading: "tried" → "tri", like "try".
 */
export function stem(word: string): string {
  let key = memo.get(word);
  if (key === undefined) {
    key = stemOf(word);
    // Words repeat across a list and across texts; the memo is bounded so a flood of new words cannot grow it for ever.
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(word, key);
  }
  return key;
}

/**
 * The start every word with this key begins with (lower-cased, without apostrophes): the key
 * less the end stemming may have added or respelled (a final e, ee or i; or, tr as ter, is as
 * iz, ys as yz) and less what the exceptions change ("dying" is "die": only "d" is sure).
 */
export function stemLead(key: string): string {
  let lead = key.slice(0, key.length - addedEnd(key));
  for (const [word, exception] of EXCEPTIONS) {
    if (spelling(exception) !== key) continue;
    let n = 0;
    while (n < lead.length && lead[n] === word[n]) n++;
    lead = lead.slice(0, n);
  }
  return lead;
}

/** How many characters at the end of a key stemming may have written itself (see `stemLead`). */
function addedEnd(key: string): number {
  if (key.endsWith('ter')) return 3;
  if (/(?:or|iz|yz|ee)$/.test(key)) return 2;
  if (/[ei]$/.test(key)) return 1;
  return 0;
}

const MEMO_SIZE = 50_000;
const memo = new Map<string, string>();

function stemOf(word: string): string {
  const lower = word.toLowerCase();
  const exception = EXCEPTIONS.get(lower);
  if (exception !== undefined) return spelling(exception);
  if (lower.length <= 2) return lower;
  return spelling(inflectionStem(lower));
}

const EXCEPTIONS = new Map<string, string>([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['atlas', 'atlas'],
  ['cosmos', 'cosmos'],
  ['bias', 'bias'],
  ['sky', 'sky'],
  ['inning', 'inning'],
  ['outing', 'outing'],
  ['canning', 'canning'],
  ['herring', 'herring'],
  ['earring', 'earring'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const DOUBLES = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);

/** Porter2 steps 0, 1a, 1b, 1c and 5 on a lower-case word. `Y` marks a y that is a consonant. */
function inflectionStem(input: string): string {
  let w = input.replace(/^'/, '');
  if (w.startsWith('y')) w = `Y${w.slice(1)}`;
  w = w.replace(/([aeiouy])y/g, '$1Y');
  const r1 = regionStart(w, /^(gener|commun|arsen)/.exec(w)?.[0].length);
  const r2 = regionStart(w, undefined, r1);
  // Step 0: possessives.
  w = w.replace(/'s'$|'s$|'$/, '');
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ied|ies)$/.test(w)) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (w.endsWith('us') || w.endsWith('ss')) {
    /* unchanged */
  } else if (w.endsWith('s') && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  const eed = /(eedly|eed)$/.exec(w);
  const ed = /(edly|ed|ingly|ing)$/.exec(w);
  if (eed) {
    if (eed.index >= r1) w = `${w.slice(0, eed.index)}ee`;
  } else if (ed && /[aeiouy]/.test(w.slice(0, ed.index))) {
    w = w.slice(0, ed.index);
    if (/(at|bl|iz)$/.test(w)) w += 'e';
    else if (DOUBLES.has(w.slice(-2))) w = w.slice(0, -1);
    else if (isShortWord(w)) w += 'e';
  }
  // Step 1c: a final y after a consonant (not the first letter) is an i.
  if (w.length > 2 && /[yY]$/.test(w) && !VOWELS.has(w[w.length - 2])) w = `${w.slice(0, -1)}i`;
  // Step 5: a final e, a final ll.
  if (w.endsWith('e')) {
    const at = w.length - 1;
    if (at >= r2 || (at >= r1 && !endsInShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
  } else if (w.endsWith('ll') && w.length - 1 >= r2) w = w.slice(0, -1);
  return w.toLowerCase();
}

/** Where R1 (or, from `from` = R1, R2) begins: after the first non-vowel that follows a vowel. */
function regionStart(w: string, fixed: number | undefined, from = 0): number {
  if (fixed !== undefined) return fixed;
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w, i) && isVowel(w, i - 1)) return i + 1;
  }
  return w.length;
}

function isVowel(w: string, i: number): boolean {
  return VOWELS.has(w[i]);
}

/** A vowel, then a non-vowel other than w, x or Y, after a non-vowel; or a word of a vowel and a non-vowel. */
function endsInShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isVowel(w, 0) && !isVowel(w, 1);
  if (n < 3) return false;
  return !isVowel(w, n - 3) && isVowel(w, n - 2) && !isVowel(w, n - 1) && !'wxY'.includes(w[n - 1]);
}

function isShortWord(w: string): boolean {
  return endsInShortSyllable(w) && regionStart(w, undefined) >= w.length;
}

/**
 * British and American spellings to one key: -our/-or (endeavour), -ise/-ize and -yse/-yze
 * (organise, analyse), -tre/-ter (centre), -mme/-m (programme), -logue/-log (catalogue).
 * Applied to stems, so every inflection follows.
 */
function spelling(s: string): string {
  if (s.length >= 5 && s.endsWith('our')) return `${s.slice(0, -3)}or`;
  if (s.length >= 5 && /[^aeiou]is$/.test(s)) return `${s.slice(0, -2)}iz`;
  if (s.length >= 5 && s.endsWith('ys')) return `${s.slice(0, -2)}yz`;
  if (s.length >= 5 && /[^aeiou]tr$/.test(s)) return `${s.slice(0, -2)}ter`;
  if (s.length >= 5 && s.endsWith('mm')) return s.slice(0, -1);
  if (s.length >= 6 && s.endsWith('ogu')) return s.slice(0, -1);
  return s;
}
