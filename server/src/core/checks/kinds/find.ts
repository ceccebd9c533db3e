import type { CheckDefinition } from '../../rules/definition.js';
import type { EvalContext, OptionRef, Predicate } from '../../rules/language.js';
import { allStrings, type Cursor } from '../../rules/paths.js';
import { givenNodes } from '../../rules/predicates.js';
import { checkDeadline } from '../../rules/safety.js';
import { patternRegex, wordsRegex } from '../../rules/values.js';
import type { Span } from '../../types.js';
import { renderMessage, type CheckContext } from '../context.js';
import { sharedKey, type DocumentCheckKind } from '../kind.js';

interface FindCheck extends CheckDefinition {
  given?: string;
  where?: Predicate;
  words?: unknown[] | OptionRef;
  patterns?: string[] | OptionRef;
}

/** `find`: words or patterns in text; each occurrence is a finding on the words themselves. */
export const findCheck: DocumentCheckKind<FindCheck> = {
  name: 'find',
  stage: 'document',
  waivable: true,
  schema: {
    anyOf: [{ required: ['words'] }, { required: ['patterns'] }],
    properties: {
      given: sharedKey('checkGiven'),
      where: sharedKey('checkWhere'),
      words: { $ref: '#/definitions/staticList', description: 'Whole words or phrases to find (a list, or {$option: NAME}); the finding points at the words.' },
      patterns: {
        oneOf: [{ type: 'array', items: { type: 'string' } }, { $ref: '#/definitions/optionRef' }],
        description: 'Regular expressions to find (case-insensitive; a list, or {$option: NAME}).',
      },
    },
  },
  compile(check, c) {
    const strings = check.given === '$strings';
    if (check.given !== undefined) c.path(check.given, 'strings', 'given');
    const where = check.where ? c.predicate(check.where, 'where') : undefined;
    const words = c.option(check.words, 'words');
    const patterns = c.patterns(check.patterns, 'patterns');
    const message = check.message;
    // The word list's regex (built by the engine, linear), then each pattern (proven linear at load).
    const regexesFor = (ctx: EvalContext): RegExp[] => {
      const out: RegExp[] = [];
      const w = words(ctx);
      if (Array.isArray(w) && w.length > 0) out.push(wordsRegex(w.map(String)));
      const p = patterns(ctx);
      if (Array.isArray(p)) for (const source of p) out.push(patternRegex(String(source)));
      return out;
    };
    return (ctx) => {
      const regexes = regexesFor(ctx.eval);
      if (regexes.length === 0) return;
      const targets: readonly Cursor[] = strings ? allStrings(ctx.eval.root) : givenNodes(check.given, ctx.eval);
      for (const cursor of targets) {
        if (typeof cursor.value !== 'string') continue;
        if (where && !where(cursor, ctx.eval)) continue;
        const loc = ctx.doc.map.get(cursor.path);
        // Match against the source so offsets are exact; fall back to the value when it has no span.
        const span = loc && loc.shape === 'scalar' ? loc.value : undefined;
        scan(message, ctx, regexes, span ? ctx.doc.text.slice(span.start, span.end) : cursor.value, span, cursor);
      }
      if (strings) {
        for (const segment of ctx.doc.prose) scan(message, ctx, regexes, segment.text, segment.span, { value: segment.text, path: [] });
      }
    };
  },
};

function scan(message: string | undefined, ctx: CheckContext, regexes: RegExp[], text: string, span: Span | undefined, cursor: Cursor): void {
  checkDeadline(ctx.eval.deadline, ctx.eval.now);
  const seen = new Set<number>();
  for (const re of regexes) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      checkDeadline(ctx.eval.deadline, ctx.eval.now);
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (seen.has(m.index)) continue;
      seen.add(m.index);
      const at = span ? { start: span.start + m.index, end: span.start + m.index + m[0].length } : ctx.doc.map.locate(cursor.path).span;
      const match = m[0].replace(/\s+/g, ' ');
      ctx.emit({ span: at, path: cursor.path, message: renderMessage(message ?? ctx.rule.message, cursor, ctx.eval, { match }) });
    }
  }
}
