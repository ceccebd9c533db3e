import { isMap, parsePath, pathMatches } from '../paths.js';
import type { OperatorTable } from '../language.js';
import { dateOf, isPresent, normalScalar, scalarEquals } from '../values.js';

declare module '../language.js' {
  interface OperatorArgs {
    present: boolean;
    placeholder: boolean;
    equals: unknown;
    in: ListOperand;
    not_in: ListOperand;
    type: 'string' | 'number' | 'boolean' | 'list' | 'map' | 'date';
    at: ListOperand;
  }
}

/** Operators on the value itself: presence, equality, membership, type. */
export const VALUE_OPERATORS = {
  present: {
    schema: {
      type: 'boolean',
      description: 'true: exists and holds an answer (not empty, not placeholder text, not a list or map of only those); false: the opposite.',
    },
    compile(arg, c) {
      const placeholders = c.placeholders();
      if (!placeholders) return (v) => isPresent(v) === arg;
      return (v, _t, _c, ctx) => placeholders(ctx).answered(v) === arg;
    },
  },
  placeholder: {
    schema: {
      type: 'boolean',
      description: "true: the value is placeholder text (Standpoint's template and skeleton text, a filler such as TBD, or the config's placeholders).",
    },
    compile(arg, c) {
      const placeholders = c.placeholders();
      return (v, _t, _c, ctx) => (placeholders ? placeholders(ctx).matches(v) : false) === arg;
    },
  },
  equals: {
    schema: { description: 'Equal to this value (strings case-insensitive); {$option: NAME} or {path: P} for another value.' },
    compile(arg, c) {
      const want = c.value(arg);
      // A reference to a missing value equals nothing (not even another missing value).
      return (v, _t, cursor, ctx) => {
        const w = want.read(cursor, ctx);
        return !(want.reference && w === undefined) && scalarEquals(v, w);
      };
    },
  },
  in: {
    schema: {
      $ref: '#/definitions/list',
      description: 'One of these values (case-insensitive): a list, {$option: NAME}, or {path: P} (the values at P, e.g. /customer_standpoint.evidence[*].segment).',
    },
    compile(arg, c) {
      const list = c.list(arg);
      return (v, _t, cursor, ctx) => isOneOf(v, list(cursor, ctx));
    },
  },
  not_in: {
    schema: { $ref: '#/definitions/list', description: 'None of these values: a list, {$option: NAME}, or {path: P}.' },
    compile(arg, c) {
      const list = c.list(arg);
      return (v, _t, cursor, ctx) => !isOneOf(v, list(cursor, ctx));
    },
  },
  type: {
    schema: {
      enum: ['string', 'number', 'boolean', 'list', 'map', 'date'],
      description: 'The value has this type: string, number, boolean, list or map; date: a real calendar date written YYYY-MM-DD.',
    },
    compile: (arg) => (arg === 'date' ? (v) => dateOf(v) !== undefined : (v) => typeName(v) === arg),
  },
  at: {
    schema: {
      $ref: '#/definitions/staticList',
      description: 'The node is at one of these model paths, read from the root (customer_standpoint.evidence[*].summary, **.owner): a list or {$option: NAME}.',
    },
    compile(arg, c) {
      if (Array.isArray(arg)) arg.forEach((p, i) => c.path(String(p), 'field', i));
      const list = c.list(arg);
      return (_v, target, cursor, ctx) => list(cursor, ctx).some((p) => pathMatches(parsePath(String(p)), target.path));
    },
  },
} satisfies Partial<OperatorTable>;

/** Lists in rules and options are immutable while rules run, so their lookup form is built once. */
const scalarSets = new WeakMap<unknown[], Set<string>>();

/** `scalarEquals(v, x)` for some x of the list, with the list normalised once. */
function isOneOf(v: unknown, list: unknown[]): boolean {
  if (v === undefined || v === null || typeof v === 'object') return list.includes(v);
  let set = scalarSets.get(list);
  if (!set) {
    set = new Set(list.filter((x) => typeof x !== 'object').map(normalScalar));
    scalarSets.set(list, set);
  }
  return set.has(normalScalar(v));
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isMap(v)) return 'map';
  return typeof v;
}
