import type { OperatorTable } from '../language.js';
import { ensurePatternFits } from '../safety.js';
import { tokenize } from '../../text/tokens.js';
import { isPresent, numberOf, patternRegex, textOf, wordCount, wordsMatcherOf } from '../values.js';
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
      return (v, target, _c, ctx) => {
        if (!isPresent(v)) return false;
        const source = String(pattern(ctx));
        const text = textOf(v);
        ensurePatternFits(source, text, { path: target.path });
        return patternRegex(source).test(text);
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
    schema: { $ref: '#/definitions/range', description: 'The text has this many words: {min, max} (missing counts as 0).' },
    compile(arg, c) {
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      return (v, _t, cursor, ctx) => inRange(wordCount(v), cursor, ctx);
    },
  },
} satisfies Partial<OperatorTable>;
