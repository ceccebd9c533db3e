import type { OperatorTable } from '../language.js';
import { isPresent, numberOf, patternRegex, textOf, wordCount, wordsRegex } from '../values.js';
import { compareNumbers, compileRange, type RangeArg } from './ordered.js';

declare module '../language.js' {
  interface OperatorArgs {
    matches: string | OptionRef;
    words: ListOperand;
    word_count: RangeArg;
  }
}

/** Operators on the value read as text. */
export const TEXT_OPERATORS = {
  matches: {
    schema: {
      oneOf: [{ type: 'string' }, { $ref: '#/definitions/optionRef' }],
      description: 'Regular expression (case-insensitive) the text matches, or {$option: NAME}.',
    },
    compile(arg, c) {
      const pattern = c.patterns(arg);
      return (v, _t, _c, ctx) => {
        if (!isPresent(v)) return false;
        return patternRegex(String(pattern(ctx))).test(textOf(v));
      };
    },
  },
  words: {
    schema: { $ref: '#/definitions/list', description: 'Whole words or phrases, one of which the text contains.' },
    compile(arg, c) {
      const list = c.list(arg);
      return (v, _t, cursor, ctx) => {
        if (!isPresent(v)) return false;
        const re = wordsRegexOf(list(cursor, ctx));
        return re !== undefined && re.test(textOf(v));
      };
    },
  },
  word_count: {
    schema: { $ref: '#/definitions/range', description: 'The text has this many words: {min, max} (missing counts as 0).' },
    compile(arg, c) {
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      return (v, _t, cursor, ctx) => inRange(wordCount(v), cursor, ctx);
    },
  },
} satisfies Partial<OperatorTable>;

/** Word lists are immutable while rules run, so each list's regex is built once. */
const wordRegexes = new WeakMap<unknown[], RegExp | null>();

function wordsRegexOf(list: unknown[]): RegExp | undefined {
  let re = wordRegexes.get(list);
  if (re === undefined) {
    const words = list.map(String).filter((w) => w.trim() !== '');
    re = words.length > 0 ? wordsRegex(words) : null;
    wordRegexes.set(list, re);
  }
  if (re) re.lastIndex = 0;
  return re ?? undefined;
}
