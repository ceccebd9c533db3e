import type { OperatorTable } from '../language.js';
import { tokenize } from '../../text/tokens.js';
import { isPresent, numberOf, patternRegex, textOf, wordCount, wordsMatcherOf } from '../values.js';
import { compareNumbers, compileRange, type RangeArg } from './ordered.js';

declare module '../language.js' {
  interface OperatorArgs {
    matches: string | string[] | OptionRef;
    words: ListOperand;
    word_count: RangeArg;
  }
}

/** Operators on the value read as text. */
export const TEXT_OPERATORS = {
  matches: {
    schema: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { $ref: '#/definitions/optionRef' }],
      description: 'Regular expression (case-insensitive) the text matches; a list: one of them; or {$option: NAME} naming either.',
    },
    compile(arg, c) {
      const pattern = c.patterns(arg);
      return (v, _t, _c, ctx) => {
        if (!isPresent(v)) return false;
        const sources = pattern(ctx);
        const text = textOf(v);
        for (const source of Array.isArray(sources) ? sources.map(String) : [String(sources)]) {
          if (patternRegex(source).test(text)) return true;
        }
        return false;
      };
    },
  },
  words: {
    schema: { $ref: '#/definitions/list', description: 'Whole words or phrases, one of which the text contains.' },
    compile(arg, c) {
      const list = c.list(arg);
      return (v, _t, cursor, ctx) => {
        if (!isPresent(v)) return false;
        const text = textOf(v);
        const words = wordsMatcherOf(list(cursor, ctx));
        return words.trie.test(tokenize(text, 'exact')) || (words.regex?.test(text) ?? false);
      };
    },
  },
  word_count: {
    schema: { $ref: '#/definitions/range', description: 'The text has this many words: {min, max} (missing and placeholder text count as 0).' },
    compile(arg, c) {
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      const placeholders = c.placeholders();
      return (v, _t, cursor, ctx) => inRange(placeholders?.(ctx).matches(v) ? 0 : wordCount(v), cursor, ctx);
    },
  },
} satisfies Partial<OperatorTable>;
