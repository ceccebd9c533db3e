import { replaceScalar } from '../fixes/scalar-fix.js';
import type { Compiler, EvalContext, ListOperand } from '../rules/language.js';
import type { Cursor } from '../rules/paths.js';
import { onlyMatch } from '../text/nearest.js';
import type { ParsedDocument } from '../model/document.js';
import type { PathSegment, SafeFix } from '../types.js';

/**
 * `fix:` on a check: the safe fix of its findings, when there is one right answer.
 * `set: V` writes V (a boolean the rule requires); `nearest:` replaces a mistyped value by
 * the one registry entry or list value it can only have meant (`people`, `promises`, or a
 * list). Content a person must supply is never a fix.
 */
export type FixDefinition = { set: string | number | boolean } | { nearest: 'people' | 'promises' | ListOperand };

export const FIX_SCHEMA = {
  description:
    "The safe fix of this check's findings, written over the reported value: {set: V} (the value the rule requires, e.g. true) or {nearest: people | promises | LIST} (the one person, promise id or list value a mistyped value can only mean).",
  oneOf: [
    {
      type: 'object',
      required: ['set'],
      additionalProperties: false,
      properties: { set: { type: ['boolean', 'number', 'string'], description: 'The value to write.' } },
    },
    {
      type: 'object',
      required: ['nearest'],
      additionalProperties: false,
      properties: {
        nearest: {
          oneOf: [{ enum: ['people', 'promises'] }, { $ref: '#/definitions/list' }],
          description: 'Where the right value is: the people registry, the promise register, or a list ({$option: NAME}, {path: P}).',
        },
      },
    },
  ],
} as const;

/** Computes a finding's fix from the reported value: `(doc, path, value, cursor, ctx)`. */
export type CompiledFix = (doc: ParsedDocument, path: readonly PathSegment[], value: unknown, cursor: Cursor, ctx: EvalContext) => SafeFix | undefined;

export function compileFix(fix: FixDefinition | undefined, c: Compiler): CompiledFix | undefined {
  if (!fix) return undefined;
  if ('set' in fix) {
    const value = fix.set;
    return (doc, path) => replaceScalar(doc, path, value);
  }
  const source = fix.nearest;
  if (source === 'people' || source === 'promises') c.registry(source);
  const list = source === 'people' || source === 'promises' ? undefined : c.list(source, 'fix', 'nearest');
  return (doc, path, value, cursor, ctx) => {
    if (typeof value !== 'string') return undefined;
    const candidates = source === 'people' ? ctx.registries.people?.names() : source === 'promises' ? ctx.registries.promises?.ids() : list!(cursor, ctx).map(String);
    const match = candidates ? onlyMatch(value.trim(), candidates, { typos: source !== 'promises' }) : undefined;
    return match === undefined ? undefined : replaceScalar(doc, path, match);
  };
}
