import { phraseMatcherOf, type PhraseMatcher } from '../../text/phrases.js';
import { tokenize } from '../../text/tokens.js';
import type { EvalContext, OperatorTable, OptionRef } from '../language.js';
import { isMap } from '../paths.js';
import { isPresent, textOf } from '../values.js';
import { insideRanges, isOthersField, othersRanges, VOICES, type Voice } from '../voice.js';

/** A phrase list: phrases (and `{$option: NAME}` lists among them), or `{$option: NAME}`. */
export type PhraseList = Array<string | OptionRef> | OptionRef;

/** Where a phrase may begin: anywhere, or only where a clause begins (core/text/tokens.ts). */
export type PhrasePlace = 'anywhere' | 'clause-start';

/** The `phrases` operand: a phrase list, or the list with how it is matched. */
export type PhraseOperand = PhraseList | { list: PhraseList; voice?: Voice; at?: PhrasePlace };

declare module '../language.js' {
  interface OperatorArgs {
    phrases: PhraseOperand;
  }
}

/** The list and the matching options of a `phrases` operand. */
export function readPhraseOperand(arg: PhraseOperand): { list: PhraseList; voice: Voice; at: PhrasePlace } {
  if (isMap(arg) && 'list' in arg) return { list: arg.list, voice: arg.voice ?? 'all', at: arg.at ?? 'anywhere' };
  return { list: arg, voice: 'all', at: 'anywhere' };
}

/**
 * The matcher for the lists of a phrase operand. Reading the entries happens once per list
 * (per configuration), not per document, so the time it takes is not charged to the
 * document's time budget: a 50,000-phrase lexicon is read once and then costs what a small
 * one costs (its trie grows as texts reach it, each node once).
 */
export function matcherFor(lists: ReadonlyArray<readonly unknown[]>, ctx: EvalContext): PhraseMatcher {
  if (ctx.deadline === undefined) return phraseMatcherOf(lists);
  const now = ctx.now ?? Date.now;
  const started = now();
  const matcher = phraseMatcherOf(lists);
  ctx.deadline += now() - started;
  return matcher;
}

/** The JSON Schema of a phrase list (schemas/rule.schema.json `phraseList`). */
export const PHRASE_LIST_SCHEMA = { $ref: '#/definitions/phraseList' } as const;

export const VOICE_SCHEMA = {
  enum: VOICES,
  description:
    'organisation: words in quotation marks, blockquotes and customer evidence are not matched (they are what customers or staff said); all (default): every word.',
} as const;

/** Phrase matching on the value read as text (core/text/phrases.ts). */
export const PHRASE_OPERATORS = {
  phrases: {
    schema: {
      oneOf: [
        PHRASE_LIST_SCHEMA,
        {
          type: 'object',
          required: ['list'],
          additionalProperties: false,
          properties: {
            list: PHRASE_LIST_SCHEMA,
            voice: VOICE_SCHEMA,
            at: { enum: ['anywhere', 'clause-start'], description: 'clause-start: a phrase counts only where a clause begins; anywhere (default).' },
          },
        },
      ],
      description:
        'One of the phrases occurs in the text, each word in any inflection ("aim [to]", "(our|the) aim is to"): a list, {$option: NAME}, or {list, voice, at}.',
    },
    compile(arg, c) {
      const { list, voice, at } = readPhraseOperand(arg);
      const lists = c.phrases(list, ...(isMap(arg) && 'list' in arg ? ['list'] : []));
      const organisation = voice === 'organisation';
      return (v, target, _cursor, ctx) => {
        if (!isPresent(v)) return false;
        if (organisation && isOthersField(target.path)) return false;
        const text = textOf(v);
        const excluded = organisation ? insideRanges(othersRanges(text)) : undefined;
        const matcher = matcherFor(lists(ctx), ctx);
        return matcher.mayOccurIn(text) && matcher.test(tokenize(text), { clauseStart: at === 'clause-start', excluded });
      };
    },
  },
} satisfies Partial<OperatorTable>;
