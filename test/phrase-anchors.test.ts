import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { PhraseMatcher, TEXTS_BEFORE_FILTER } from '../server/src/core/text/phrases.js';
import { stem, stemLead } from '../server/src/core/text/stem.js';
import { tokenize, type WordForm } from '../server/src/core/text/tokens.js';
import { REPO } from './helpers/paths.js';

/** The phrase lists of the built-in rules (option defaults), by rule and option. */
function builtInLists(): Array<{ name: string; list: string[] }> {
  const out: Array<{ name: string; list: string[] }> = [];
  for (const rule of ['no-finger-pointing', 'promise-hedged', 'report-only-actions']) {
    const data = parseYaml(fs.readFileSync(path.join(REPO, 'rules', rule, 'rule.yaml'), 'utf8')) as { options: { defaults: Record<string, unknown> } };
    for (const [option, value] of Object.entries(data.options.defaults)) {
      if (Array.isArray(value) && value.length > 0) out.push({ name: `${rule} ${option}`, list: value.map(String) });
    }
  }
  return out;
}

/** Every word written in the rules and the documentation: the English the filter is asked about. */
function writtenWords(): string[] {
  const words = new Set<string>();
  const dirs = [path.join(REPO, 'rules'), path.join(REPO, 'docs')];
  const read = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) read(file);
      else if (/\.(ya?ml|md)$/.test(entry.name))
        for (const w of fs
          .readFileSync(file, 'utf8')
          .toLowerCase()
          .match(/[a-z]+/g) ?? [])
          words.add(w);
    }
  };
  dirs.forEach(read);
  return [...words];
}

/** Inflections and spellings the stemmer undoes, of a word. */
function variants(word: string): string[] {
  const stemOnly = word.replace(/e$/, '');
  return [
    word,
    `${word}s`,
    `${word}es`,
    `${word}ed`,
    `${word}ing`,
    `${stemOnly}ing`,
    `${stemOnly}ed`,
    `${word}${word.at(-1)}ing`,
    `${word.replace(/y$/, 'i')}es`,
    `${word.replace(/y$/, 'i')}ed`,
    word.replace(/ize/, 'ise'),
    word.replace(/or$/, 'our'),
    word.replace(/er$/, 're'),
    `${word}ly`,
    `${word}edly`,
  ];
}

describe('phrase lists: texts passed over before their words are read', () => {
  it('a word begins with the lead of its key, in every inflection and spelling', function () {
    this.timeout(60_000);
    const words = writtenWords();
    assert.ok(words.length > 2000, `${words.length} words`);
    for (const word of words) {
      for (const x of variants(word)) {
        const key = stem(x);
        assert.ok(x.startsWith(stemLead(key)), `"${x}" (key ${key}) does not begin with its lead "${stemLead(key)}"`);
      }
    }
    for (const [x, lead] of [
      ['dying', 'd'],
      ['skies', 'sk'],
      ['centre', 'cen'],
      ['organised', 'organ'],
      ['problems', 'problem'],
    ]) {
      assert.equal(stemLead(stem(x)), lead, x);
      assert.ok(x.startsWith(lead));
    }
  });

  for (const { name, list } of builtInLists()) {
    it(`${name}: never passes over a text where the list is found (4,000 texts made of its own words)`, function () {
      this.timeout(60_000);
      const matcher = new PhraseMatcher(list);
      checkNeverMisses(matcher, list, 'stem', 4000);
    });
  }

  it('no-finger-pointing: passes over texts without its words, and reads those that may hold one', () => {
    const list = builtInLists().find((l) => l.name === 'no-finger-pointing deflections')!.list;
    const matcher = new PhraseMatcher(list);
    for (const text of ['We refund within 14 days.', 'Customers told us the form was too long', 'Call the courier to book a pickup', 'Our team owns the fix'])
      assert.equal(matcher.passesFilter(text), false, text);
    for (const text of ["That isn't our problem", 'NOT OUR PROBLEM', 'the VENDOR’s call', 'not ours', 'It can’t be helped', 'nothing we can do', 'outside our control'])
      assert.equal(matcher.passesFilter(text), true, text);
  });

  it('exact word lists (find words:) are filtered on the words as written', function () {
    this.timeout(60_000);
    const list = ['refund', 'store credit', 'we will', "can't", 'o’clock', 'cancel'];
    checkNeverMisses(new PhraseMatcher(list, 'exact'), list, 'exact', 3000);
    assert.equal(new PhraseMatcher(list, 'exact').passesFilter('Payments are issued weekly, with credit notes'), false);
  });

  it('a matcher reads its first texts in full, and makes its filter only once a run has had enough of them to pay for it', () => {
    const matcher = new PhraseMatcher(['not our problem']);
    for (let i = 0; i < TEXTS_BEFORE_FILTER; i++) assert.equal(matcher.mayOccurIn('We refund within 14 days.'), true, `text ${i + 1}`);
    assert.equal(matcher.mayOccurIn('We refund within 14 days.'), false);
    assert.equal(matcher.mayOccurIn("That isn't our problem"), true);
  });

  it('a list with an entry it cannot anchor reads every text', () => {
    // "we" is any word beginning with w (its e may be the stemmer's): the list is still filtered.
    assert.equal(new PhraseMatcher(['we']).passesFilter('the refund'), false);
    assert.equal(new PhraseMatcher(['we']).passesFilter('the wire'), true);
    // A word keyed "i" may begin with anything: the list is not filtered.
    assert.equal(new PhraseMatcher(['i']).passesFilter('the refund'), true);
    // An entry whose only words are non-ASCII: no lead the filter can test, so nothing is passed over.
    const greek = new PhraseMatcher(['ευχαριστώ', 'refund']);
    assert.equal(greek.passesFilter('nothing here'), true);
    assert.equal(greek.scan(tokenize('Ευχαριστώ πολύ')).length, 1);
  });
});

/**
 * Texts made of the list's own words (each word in several inflections and cases, with
 * apostrophes of every kind, contractions, punctuation and other words between): wherever the
 * matcher finds an entry, the filter lets the text through.
 */
function checkNeverMisses(matcher: PhraseMatcher, list: readonly string[], form: WordForm, numRuns: number): void {
  const own = [...new Set(list.flatMap((e) => e.split(/[\s()[\]|]+/)).filter((w) => w !== ''))];
  const word: fc.Arbitrary<string> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...own) },
    { weight: 2, arbitrary: fc.constantFrom(...own).chain((w) => fc.constantFrom(...variants(w))) },
    { weight: 1, arbitrary: fc.constantFrom("n't", "'s", "'re", "'ll", "'d", "won't", 'cannot', "let's", "ain't", 'we', 'that', 'it', 'the', 'a', 'x') },
  );
  function writtenAs(words: fc.Arbitrary<string>): fc.Arbitrary<string> {
    const cased = fc
      .tuple(words, fc.constantFrom('lower', 'upper', 'title'))
      .map(([w, c]) => (c === 'upper' ? w.toUpperCase() : c === 'title' ? w.charAt(0).toUpperCase() + w.slice(1) : w));
    return cased.chain((w) => fc.constantFrom(w, w.replace(/'/g, '’'), w.replace(/'/g, 'ʼ'), w.replace(/'/g, "''"), w.replace(/'/g, '')));
  }
  const gap = fc.constantFrom(' ', ' ', ' ', '  ', '\n', ', ', '. ', '-', '_', '**', '"', "'", '’', '(', 'é', '9');
  // Words of one entry spelled out (a choice of its alternatives and optional words), each written some way, among other words.
  const spelled = fc.tuple(fc.constantFrom(...list), fc.nat()).chain(([entry, seed]) => {
    const words = spellOut(entry, seed);
    return fc.tuple(...words.map((w) => writtenAs(fc.oneof({ weight: 4, arbitrary: fc.constant(w) }, { weight: 1, arbitrary: fc.constantFrom(...variants(w)) }))));
  });
  const writtenWords = fc.oneof(spelled, fc.array(writtenAs(word), { minLength: 1, maxLength: 4 }));
  const text = fc
    .array(fc.tuple(writtenWords, gap, gap), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([ws, g, h]) => ws.join(h === '\n' ? '\n' : ' ') + g).join(''));
  let found = 0;
  fc.assert(
    fc.property(text, (t) => {
      const matches = matcher.scan(tokenize(t, form)).length;
      if (matches > 0) found++;
      assert.ok(matches === 0 || matcher.passesFilter(t), `passed over ${JSON.stringify(t)}, which holds an entry`);
    }),
    { numRuns, seed: 20261206 },
  );
  // The texts must hold entries often enough for the property to say something.
  assert.ok(found > numRuns / 50, `only ${found} texts held an entry`);
}

/** One word sequence an entry stands for, its alternatives and optional words chosen by `seed`. */
function spellOut(entry: string, seed: number): string[] {
  let state = seed + 1;
  const pick = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  let at = 0;
  const sequence = (closer: string | undefined): string[][] => {
    const alternatives: string[][] = [[]];
    while (at < entry.length) {
      const ch = entry[at];
      if (ch === '(' || ch === '[') {
        at++;
        const inner = sequence(ch === '(' ? ')' : ']');
        const skip = ch === '[' && pick(2) === 0;
        if (!skip) alternatives[alternatives.length - 1].push(...inner[pick(inner.length)]);
      } else if (ch === closer) {
        at++;
        return alternatives;
      } else if (ch === '|') {
        at++;
        alternatives.push([]);
      } else {
        const end = entry.slice(at).search(/[()[\]|]/);
        const words = entry.slice(at, end < 0 ? undefined : at + end);
        at += words.length;
        alternatives[alternatives.length - 1].push(...words.split(/\s+/).filter((w) => w !== ''));
      }
    }
    return alternatives;
  };
  const top = sequence(undefined);
  return top[pick(top.length)];
}
