import type { CheckDefinition } from '../rules/definition.js';
import { allStrings, type Cursor } from '../rules/paths.js';
import { givenNodes, optionValue, test } from '../rules/predicates.js';
import { checkDeadline, ensurePatternFits } from '../rules/safety.js';
import { patternRegex, wordsRegex } from '../rules/values.js';
import type { Span } from '../types.js';
import { renderMessage, type CheckContext } from './context.js';

/** `find`: words or patterns in text; each occurrence is a finding on the words themselves. */
export function runFind(check: CheckDefinition, ctx: CheckContext): void {
  const regexes = compile(check, ctx);
  if (regexes.length === 0) return;
  const strings = check.given === '$strings';
  const targets: readonly Cursor[] = strings ? allStrings(ctx.eval.root) : givenNodes(check.given, ctx.eval);
  for (const cursor of targets) {
    if (typeof cursor.value !== 'string') continue;
    if (check.where && !test(check.where, cursor, ctx.eval)) continue;
    const loc = ctx.doc.map.get(cursor.path);
    // Match against the source so offsets are exact; fall back to the value when it has no span.
    const span = loc && loc.shape === 'scalar' ? loc.value : undefined;
    scan(check, ctx, regexes, span ? ctx.doc.text.slice(span.start, span.end) : cursor.value, span, cursor);
  }
  if (strings) {
    for (const segment of ctx.doc.prose) scan(check, ctx, regexes, segment.text, segment.span, { value: segment.text, path: [] });
  }
}

/** The word list's regex (built by the engine, linear) and each pattern with its source. */
interface Compiled {
  re: RegExp;
  source?: string;
}

function compile(check: CheckDefinition, ctx: CheckContext): Compiled[] {
  const out: Compiled[] = [];
  const words = optionValue(check.words, ctx.eval);
  if (Array.isArray(words) && words.length > 0) out.push({ re: wordsRegex(words.map(String)) });
  const patterns = optionValue(check.patterns, ctx.eval);
  if (Array.isArray(patterns)) for (const p of patterns) out.push({ re: patternRegex(String(p)), source: String(p) });
  return out;
}

function scan(check: CheckDefinition, ctx: CheckContext, regexes: Compiled[], text: string, span: Span | undefined, cursor: Cursor): void {
  checkDeadline(ctx.eval.deadline);
  const seen = new Set<number>();
  for (const { re, source } of regexes) {
    if (source !== undefined) ensurePatternFits(source, text, span ? { span } : { path: cursor.path });
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      checkDeadline(ctx.eval.deadline);
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (seen.has(m.index)) continue;
      seen.add(m.index);
      const at = span
        ? { start: span.start + m.index, end: span.start + m.index + m[0].length }
        : ctx.doc.map.locate(cursor.path).span;
      const match = m[0].replace(/\s+/g, ' ');
      ctx.emit({ span: at, path: cursor.path, message: renderMessage(check.message ?? ctx.rule.message, cursor, ctx.eval, { match }) });
    }
  }
}
