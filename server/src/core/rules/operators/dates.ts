import type { Compiler, EvalContext, OperatorTable, OptionRef } from '../language.js';
import { isMap, resolve, type Cursor } from '../paths.js';
import { addToDate, dateOf, numberOf } from '../values.js';

/** `today`, an ISO date, or the date at `path` (else `default`; today without `path`) moved by `months`, `months_before`, `days`. */
export type DateRef =
  | string
  | {
      path?: string;
      months?: number | OptionRef;
      months_before?: number | OptionRef;
      days?: number | OptionRef;
      default?: string;
    };

interface DateArg {
  before?: DateRef;
  after?: DateRef;
  on_or_before?: DateRef;
  on_or_after?: DateRef;
}

declare module '../language.js' {
  interface OperatorArgs {
    date: DateArg;
  }
}

const REF = 'A date reference: today, YYYY-MM-DD, or {path, months, months_before, days, default} (without path: today, moved).';
const COMPARISONS: ReadonlyArray<readonly [keyof DateArg, (a: string, b: string) => boolean, string]> = [
  ['before', (a, b) => a < b, 'Strictly before this date.'],
  ['after', (a, b) => a > b, 'Strictly after this date.'],
  ['on_or_before', (a, b) => a <= b, 'On or before this date.'],
  ['on_or_after', (a, b) => a >= b, 'On or after this date.'],
];

/** Operators on the value read as an ISO date. */
export const DATE_OPERATORS = {
  date: {
    schema: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: Object.fromEntries(COMPARISONS.map(([key, , says]) => [key, { $ref: '#/definitions/dateRef', description: `${says} ${REF}` }])),
      description: 'The value is an ISO date that compares so with a date reference: {before, after, on_or_before, on_or_after}.',
    },
    compile(arg, c) {
      const bounds = COMPARISONS.filter(([key]) => arg[key] !== undefined).map(([key, ok]) => ({ ref: dateRef(arg[key], c, key), ok }));
      return (v, _t, cursor, ctx) => {
        const d = dateOf(v);
        if (!d) return false;
        for (let i = 0; i < bounds.length; i++) {
          const r = bounds[i].ref(cursor, ctx);
          if (r === undefined || !bounds[i].ok(d, r)) return false;
        }
        return true;
      };
    },
  },
} satisfies Partial<OperatorTable>;

/** A date reference compiled once; a `path` is relative to the node under test. */
function dateRef(ref: DateRef | undefined, c: Compiler, key: string): (cursor: Cursor, ctx: EvalContext) => string | undefined {
  if (ref === 'today') return (_c, ctx) => ctx.today;
  if (typeof ref === 'string') {
    const date = dateOf(ref);
    return () => date;
  }
  if (!isMap(ref)) return () => undefined;
  // Without a path the date moved is today: `{days: -90}` is ninety days ago.
  const path = ref.path === undefined ? undefined : c.path(ref.path, 'node', key, 'path');
  const fallback = ref.default;
  const fixedFallback = fallback === undefined || fallback === 'today' ? undefined : dateOf(fallback);
  const months = c.option(ref.months, key, 'months');
  const monthsBefore = c.option(ref.months_before, key, 'months_before');
  const days = c.option(ref.days, key, 'days');
  return (cursor, ctx) => {
    let date = path === undefined ? ctx.today : dateOf(resolve(ctx, cursor, path).value);
    if (!date && fallback !== undefined) date = fallback === 'today' ? ctx.today : fixedFallback;
    if (!date) return undefined;
    const m = (numberOf(months(ctx)) ?? 0) - (numberOf(monthsBefore(ctx)) ?? 0);
    const d = numberOf(days(ctx)) ?? 0;
    return m === 0 && d === 0 ? date : addToDate(date, m, d);
  };
}
