import type { Compiler, EvalContext, OperatorTable, OptionRef, ValueRef } from '../language.js';
import type { Cursor } from '../paths.js';
import { compareVersions, numberOf, versionOf } from '../values.js';

/** A bound: a literal, `{$option: NAME}` or `{path: P}`. */
type Bound = number | string | OptionRef | ValueRef;

/** Bounds, all of which must hold. */
export interface RangeArg {
  min?: Bound;
  max?: Bound;
  eq?: Bound;
  gt?: Bound;
  gte?: Bound;
  lt?: Bound;
  lte?: Bound;
}

declare module '../language.js' {
  interface OperatorArgs {
    number: RangeArg;
    magnitude: RangeArg;
    version: RangeArg;
  }
}

/** What a comparison with a bound (negative: the value is below it) must be for each kind of bound. */
const BOUNDS: ReadonlyArray<readonly [keyof RangeArg, (c: number) => boolean]> = [
  ['min', (c) => c >= 0],
  ['gte', (c) => c >= 0],
  ['max', (c) => c <= 0],
  ['lte', (c) => c <= 0],
  ['eq', (c) => c === 0],
  ['gt', (c) => c > 0],
  ['lt', (c) => c < 0],
];

/**
 * A range compiled once: does `compare(value, bound)` satisfy every bound given? A bound
 * that cannot be read (`read` gives undefined) never holds.
 */
export function compileRange<V, B>(
  range: RangeArg,
  c: Compiler,
  read: (raw: unknown) => B | undefined,
  compare: (value: V, bound: B) => number,
): (value: V, cursor: Cursor, ctx: EvalContext) => boolean {
  const bounds = BOUNDS.filter(([key]) => range[key] !== undefined).map(([key, ok]) => ({ operand: c.value(range[key], key), ok }));
  return (value, cursor, ctx) => {
    for (let i = 0; i < bounds.length; i++) {
      const bound = read(bounds[i].operand.read(cursor, ctx));
      if (bound === undefined || !bounds[i].ok(compare(value, bound))) return false;
    }
    return true;
  };
}

export const compareNumbers = (n: number, b: number): number => Math.sign(n - b);

/** Operators that read the value as a number or a version and compare it with bounds. */
export const ORDERED_OPERATORS = {
  number: {
    schema: {
      $ref: '#/definitions/range',
      description: 'The value read as a number (-15% is -15, 250,000 is 250000) compares so: {gt, gte, lt, lte, eq}.',
    },
    compile(arg, c) {
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      return (v, _t, cursor, ctx) => {
        const n = numberOf(v);
        return n !== undefined && inRange(n, cursor, ctx);
      };
    },
  },
  magnitude: {
    schema: {
      $ref: '#/definitions/range',
      description: 'The size of the value read as a number, its sign ignored (-300000 and 300000 are both 300000), compares so: {gt, gte, lt, lte, eq}.',
    },
    compile(arg, c) {
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      return (v, _t, cursor, ctx) => {
        const n = numberOf(v);
        return n !== undefined && inRange(Math.abs(n), cursor, ctx);
      };
    },
  },
  version: {
    schema: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'The value read as a dotted version (v1.25, 1.25.3) compares so, part by part (1.9 < 1.10); a value or bound that is not a version never holds.',
      properties: {
        eq: { $ref: '#/definitions/versionBound', description: 'Exactly this.' },
        gt: { $ref: '#/definitions/versionBound', description: 'More than this.' },
        gte: { $ref: '#/definitions/versionBound', description: 'At least this.' },
        lt: { $ref: '#/definitions/versionBound', description: 'Less than this.' },
        lte: { $ref: '#/definitions/versionBound', description: 'At most this.' },
      },
    },
    compile(arg, c) {
      const inRange = compileRange(arg, c, versionOf, compareVersions);
      return (v, _t, cursor, ctx) => {
        const ver = versionOf(v);
        return ver !== undefined && inRange(ver, cursor, ctx);
      };
    },
  },
} satisfies Partial<OperatorTable>;
