import picomatch from 'picomatch';
import type { CheckDefinition, RuleDefinition } from '../../rules/definition.js';
import type { EvalContext, Predicate } from '../../rules/language.js';
import { isMap, parsePath, pathMatches, resolve, select, type Cursor, type ModelPath } from '../../rules/paths.js';
import { givenNodes } from '../../rules/predicates.js';
import { textOf } from '../../rules/values.js';
import type { DocumentRole, PathSegment, Span } from '../../types.js';
import { sharedKey, type ReferenceFiring, type WorkspaceCheckKind } from '../kind.js';

interface ReferenceCheck extends CheckDefinition {
  given: string;
  where?: Predicate;
  split?: string;
  to: {
    documents?: DocumentRole[];
    kinds?: string[];
    files?: string[];
    field: string;
    where?: Predicate;
    back?: string;
  };
  fires_on?: ReferenceFiring;
}

const ROLES: readonly DocumentRole[] = ['record', 'non-record', 'promise-register', 'people-registry'];
const FIRINGS: readonly ReferenceFiring[] = ['unresolved', 'resolved', 'unlinked'];

/** `{{$target.PATH}}` in a message: a value of the document the reference names. */
const TARGET_PLACEHOLDER = /\{\{[#/]?\s*\$target\.([^}\s]+)\s*\}\}/g;

/**
 * `reference`: values of one document that name another — a record it supersedes, a
 * promise it relies on, a proposal it requires. Each value (or each item of it, split on
 * `split`) is matched with the value at `to.field` of the other documents `to` selects, once
 * every document is in (core/engine/references.ts). `fires_on` says what is reported: a value
 * that names no such document (`unresolved`), one that names a document satisfying
 * `to.where` (`resolved`), or one whose document does not name this one back at `to.back`
 * (`unlinked`). The finding points at the value, with the other document as a related place.
 */
export const referenceCheck: WorkspaceCheckKind<ReferenceCheck> = {
  name: 'reference',
  stage: 'workspace',
  waivable: true,
  schema: {
    required: ['given', 'to'],
    properties: {
      given: { $ref: '#/definitions/path', description: 'Path of the values that name other documents, each on its own (a list: `supersedes[*]`).' },
      where: sharedKey('checkWhere'),
      split: {
        type: 'string',
        minLength: 1,
        description: 'A value is a list written as text ("KEP-12, KEP-15"): split on this separator, each trimmed item names a document on its own.',
      },
      to: {
        type: 'object',
        required: ['field'],
        additionalProperties: false,
        description: 'The documents the values name, and the field of theirs a value must equal.',
        properties: {
          documents: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ROLES },
            description: 'Document types the values may name; default [record].',
          },
          kinds: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' }, description: 'Record kinds (the decision: value); default every kind.' },
          files: {
            type: 'array',
            minItems: 1,
            items: { type: 'string', minLength: 1 },
            description: "Globs the documents' paths must match, relative to the folder of their configuration.",
          },
          field: {
            $ref: '#/definitions/path',
            description: 'Path, from the document root, of the value that names the document (`id`); may reach several (`promises[*].id`).',
          },
          where: {
            $ref: '#/definitions/predicate',
            description:
              'Only a document (or item) where this holds counts; relative to the node holding field (the document for id, the promise for promises[*].id), absolute with /.',
          },
          back: {
            $ref: '#/definitions/path',
            description: 'For fires_on: unlinked: where the named document names this one back (relative like where), by the value of field in this document.',
          },
        },
      },
      fires_on: {
        enum: FIRINGS,
        description:
          'What is reported: unresolved (default) a value naming no such document; resolved a value naming one (that satisfies to.where); unlinked a value whose document does not name this one back at to.back.',
      },
    },
  },
  compile(check, c) {
    c.path(check.given, 'given', 'given');
    const where = check.where ? c.predicate(check.where, 'where') : undefined;
    const field = c.path(check.to.field, 'node', 'to', 'field');
    const holderField = holderPath(field);
    const belowHolder = lastStep(field);
    const targetWhere = check.to.where ? c.predicate(check.to.where, 'to', 'where') : undefined;
    const back = check.to.back === undefined ? undefined : c.path(check.to.back, 'node', 'to', 'back');
    const fires = check.fires_on ?? 'unresolved';
    const roles = check.to.documents ?? ['record'];
    const kinds = check.to.kinds;
    const inFiles = check.to.files ? picomatch(check.to.files, { dot: true }) : undefined;
    const split = check.split;
    return {
      referring: {
        fires,
        refers(ctx, found) {
          const root: Cursor = { value: ctx.eval.root, path: [] };
          const self = fires === 'unlinked' ? texts(select(ctx.eval, root, field).map((n) => n.value)) : [];
          for (const cursor of givenNodes(check.given, ctx.eval)) {
            if (where && !where(cursor, ctx.eval)) continue;
            if (split === undefined) {
              const value = textOf(cursor.value).trim();
              if (value !== '') found({ cursor, value, self });
              continue;
            }
            const span = ctx.doc.map.get(cursor.path)?.value;
            for (const item of splitItems(textOf(cursor.value), split, span && ctx.doc.text.slice(span.start, span.end))) {
              found({ cursor: { value: item.value, path: cursor.path }, value: item.value, self, span: span && item.offset !== undefined ? at(span, item) : undefined });
            }
          }
        },
        offers(ctx, offered) {
          if (!roles.includes(ctx.doc.role)) return;
          if (kinds && !kinds.includes(textOf(isMap(ctx.eval.root) ? ctx.eval.root.decision : undefined))) return;
          if (inFiles && !inFiles(ctx.relativeFile)) return;
          const shownPaths = shownIn(check.message ?? ctx.rule.message);
          const root: Cursor = { value: ctx.eval.root, path: [] };
          for (const holder of select(ctx.eval, root, holderField)) {
            if (targetWhere && !targetWhere(holder, ctx.eval)) continue;
            for (const node of select(ctx.eval, holder, belowHolder)) {
              const value = textOf(node.value).trim();
              if (value === '') continue;
              offered({
                cursor: node,
                value,
                ...(back ? { back: texts(select(ctx.eval, holder, back).map((n) => n.value)) } : {}),
                ...(shownPaths.length > 0 ? { shown: shown(shownPaths, holder, ctx.eval) } : {}),
              });
            }
          }
        },
      },
    };
  },
};

/** The part of `field` that leads to the node holding its last key: `promises[*]` for `promises[*].id`, the root for `id`. */
function holderPath(field: ModelPath): ModelPath {
  const steps = field.steps.slice(0, lastKey(field));
  return { ...field, absolute: true, steps, multi: steps.some((s) => s.kind === 'each' || s.kind === 'deep') };
}

/** The rest of `field` below its holder (the last key and any index after it). */
function lastStep(field: ModelPath): ModelPath {
  const steps = field.steps.slice(lastKey(field));
  return { ...field, absolute: false, steps, multi: steps.some((s) => s.kind === 'each' || s.kind === 'deep') };
}

function lastKey(field: ModelPath): number {
  for (let i = field.steps.length - 1; i >= 0; i--) if (field.steps[i].kind === 'key') return i;
  return 0;
}

/** Scalar values as trimmed text; lists are read item by item. */
function texts(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const item of Array.isArray(v) ? v : [v]) {
      const text = textOf(item).trim();
      if (text !== '') out.push(text);
    }
  }
  return out;
}

/** The PATHs of `{{$target.PATH}}` in a message, read once per message. */
const shownCache = new Map<string, string[]>();

function shownIn(message: string): string[] {
  let paths = shownCache.get(message);
  if (!paths) {
    paths = [...new Set([...message.matchAll(TARGET_PLACEHOLDER)].map((m) => m[1]))];
    shownCache.set(message, paths);
  }
  return paths;
}

function shown(paths: string[], holder: Cursor, ctx: EvalContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    try {
      const text = textOf(resolve(ctx, holder, parsePath(p)).value).trim();
      if (text !== '') out[p] = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    } catch {
      // A malformed path in a message shows nothing, as for any other placeholder.
    }
  }
  return out;
}

interface SplitItem {
  value: string;
  /** Offset of the item in the source text of the value, when it can be found there. */
  offset?: number;
}

/** The items of a list written as text, each trimmed, with where each stands in the value's source text. */
function splitItems(text: string, separator: string, source: string | undefined): SplitItem[] {
  const out: SplitItem[] = [];
  let from = 0;
  for (const part of text.split(separator)) {
    const value = part.trim();
    if (value === '') continue;
    const offset = source?.indexOf(value, from);
    if (offset !== undefined && offset >= 0) {
      out.push({ value, offset });
      from = offset + value.length;
    } else out.push({ value });
  }
  return out;
}

function at(span: Span, item: SplitItem): Span {
  const start = span.start + (item.offset ?? 0);
  return { start, end: start + item.value.length };
}

/** The `given` paths of a rule's references that report a value naming nothing, read once per rule. */
const unresolvedGiven = new WeakMap<RuleDefinition, ModelPath[]>();

/**
 * Could a finding of this rule at this path be a value that names no document? Such a
 * finding has no other place to point at: the document it named may have been renamed or
 * deleted (`--changed-since` keeps it when any document changed).
 */
export function reportsUnresolvedAt(rule: RuleDefinition, at: readonly PathSegment[]): boolean {
  let paths = unresolvedGiven.get(rule);
  if (!paths) {
    paths = rule.checks
      .filter((c) => c.kind === referenceCheck.name && ((c as ReferenceCheck).fires_on ?? 'unresolved') === 'unresolved')
      .map((c) => parsePath((c as ReferenceCheck).given));
    unresolvedGiven.set(rule, paths);
  }
  return paths.some((p) => pathMatches(p, at));
}
