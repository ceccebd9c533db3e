import { isMap, parsePath, resolve, select, type Cursor } from './paths.js';
import type { Registries } from './registries.js';
import { checkDeadline, ensurePatternFits } from './safety.js';
import {
  addToDate, compareVersions, dateOf, isPresent, numberOf, patternRegex, scalarEquals, textOf, versionOf, wordCount, wordsRegex,
} from './values.js';

/** A predicate as written in a rule file (validated by schemas/rule.schema.json). */
export type Predicate = Record<string, unknown>;

/** What a predicate may consult besides the node under test. */
export interface EvalContext {
  root: unknown;
  today: string;
  options: Record<string, unknown>;
  registries: Registries;
  /** `Date.now()` after which the rule is stopped (its time budget on this document). */
  deadline?: number;
}

type Range = { min?: unknown; max?: unknown; eq?: unknown; gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown };

/** `{$option: NAME}` stands for the option's value. */
export function optionValue(v: unknown, ctx: EvalContext): unknown {
  if (isMap(v) && typeof v.$option === 'string') return ctx.options[v.$option];
  return v;
}

function listOf(v: unknown, ctx: EvalContext, cursor?: Cursor): unknown[] {
  const resolved = cursor ? boundValue(v, cursor, ctx) : optionValue(v, ctx);
  if (Array.isArray(resolved)) return resolved;
  // A value reference to a single value is a list of one (or none when missing).
  return cursor && isMap(v) && typeof v.path === 'string' && resolved !== undefined && resolved !== null ? [resolved] : [];
}

/**
 * A value in a predicate: a literal, `{$option: NAME}`, or `{path: P}` — the value at P,
 * relative to the node under test (absolute with a leading `/`); a path with `[*]` or
 * `**` stands for the list of every value it reaches.
 */
export function boundValue(b: unknown, cursor: Cursor, ctx: EvalContext): unknown {
  if (isMap(b) && typeof b.path === 'string') return resolve(ctx.root, cursor, parsePath(b.path)).value;
  return optionValue(b, ctx);
}

/**
 * Does `compare(bound)` (negative: the value is below the bound, 0 equal, positive above)
 * satisfy every bound of the range? A bound that cannot be read never holds.
 */
function inRangeBy<T>(range: Range, read: (b: unknown) => T | undefined, compare: (b: T) => number): boolean {
  const checks: Array<[unknown, (c: number) => boolean]> = [
    [range.min, (c) => c >= 0], [range.gte, (c) => c >= 0], [range.max, (c) => c <= 0], [range.lte, (c) => c <= 0],
    [range.eq, (c) => c === 0], [range.gt, (c) => c > 0], [range.lt, (c) => c < 0],
  ];
  return checks.every(([raw, ok]) => {
    if (raw === undefined) return true;
    const bound = read(raw);
    return bound !== undefined && ok(compare(bound));
  });
}

function inRange(n: number, range: Range, cursor: Cursor, ctx: EvalContext): boolean {
  return inRangeBy(range, (b) => numberOf(boundValue(b, cursor, ctx)), (b) => Math.sign(n - b));
}

function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return isPresent(v) ? [v] : [];
}

/** Resolves a date reference: `today`, an ISO date, or `{path, months, months_before, days, default}`. */
function dateRef(ref: unknown, base: Cursor, ctx: EvalContext): string | undefined {
  if (ref === 'today') return ctx.today;
  if (typeof ref === 'string') return dateOf(ref);
  if (!isMap(ref)) return undefined;
  const at = resolve(ctx.root, base, parsePath(String(ref.path)));
  let date = dateOf(at.value);
  if (!date && ref.default !== undefined) date = ref.default === 'today' ? ctx.today : dateOf(ref.default);
  if (!date) return undefined;
  const months = (numberOf(optionValue(ref.months, ctx)) ?? 0) - (numberOf(optionValue(ref.months_before, ctx)) ?? 0);
  const days = numberOf(optionValue(ref.days, ctx)) ?? 0;
  return months === 0 && days === 0 ? date : addToDate(date, months, days);
}

/** Evaluates one predicate on the node at `cursor`. */
export function test(pred: Predicate, cursor: Cursor, ctx: EvalContext): boolean {
  checkDeadline(ctx.deadline);
  const target = pred.path === undefined ? cursor : resolve(ctx.root, cursor, parsePath(String(pred.path)));
  const v = target.value;
  for (const [op, arg] of Object.entries(pred)) {
    if (!testOne(op, arg, v, target, cursor, ctx)) return false;
  }
  return true;
}

function testOne(op: string, arg: unknown, v: unknown, target: Cursor, cursor: Cursor, ctx: EvalContext): boolean {
  switch (op) {
    case 'path':
      return true;
    case 'present':
      return isPresent(v) === arg;
    case 'equals': {
      const want = boundValue(arg, cursor, ctx);
      // A reference to a missing value equals nothing (not even another missing value).
      return !(isMap(arg) && typeof arg.path === 'string' && want === undefined) && scalarEquals(v, want);
    }
    case 'in':
      return listOf(arg, ctx, cursor).some((x) => scalarEquals(v, x));
    case 'not_in':
      return !listOf(arg, ctx, cursor).some((x) => scalarEquals(v, x));
    case 'matches': {
      if (!isPresent(v)) return false;
      const source = String(optionValue(arg, ctx));
      const text = textOf(v);
      ensurePatternFits(source, text, { path: target.path });
      return patternRegex(source).test(text);
    }
    case 'words': {
      const words = listOf(arg, ctx, cursor).map(String).filter((w) => w.trim() !== '');
      return isPresent(v) && words.length > 0 && wordsRegex(words).test(textOf(v));
    }
    case 'type':
      return typeName(v) === arg;
    case 'word_count':
      return inRange(wordCount(v), arg as Range, cursor, ctx);
    case 'number': {
      const n = numberOf(v);
      return n !== undefined && inRange(n, arg as Range, cursor, ctx);
    }
    case 'version': {
      const ver = versionOf(v);
      return ver !== undefined && inRangeBy(arg as Range, (b) => versionOf(boundValue(b, cursor, ctx)), (b) => compareVersions(ver, b));
    }
    case 'count': {
      const spec = arg as Range & { where?: Predicate };
      const items = itemsOf(v).map((value, i): Cursor => ({ value, path: [...target.path, i] }));
      const n = spec.where ? items.filter((c) => test(spec.where!, c, ctx)).length : items.length;
      return inRange(n, spec, cursor, ctx);
    }
    case 'any':
    case 'all':
    case 'none': {
      const items = itemsOf(v).map((value, i): Cursor => ({ value, path: Array.isArray(v) ? [...target.path, i] : target.path }));
      const hits = (c: Cursor) => test(arg as Predicate, c, ctx);
      return op === 'any' ? items.some(hits) : op === 'all' ? items.every(hits) : !items.some(hits);
    }
    case 'date': {
      const d = dateOf(v);
      if (!d) return false;
      const spec = arg as Record<string, unknown>;
      const cmp = (ref: unknown, ok: (a: string, b: string) => boolean) => {
        if (ref === undefined) return true;
        const r = dateRef(ref, cursor, ctx);
        return r !== undefined && ok(d, r);
      };
      return cmp(spec.before, (a, b) => a < b) && cmp(spec.after, (a, b) => a > b)
        && cmp(spec.on_or_before, (a, b) => a <= b) && cmp(spec.on_or_after, (a, b) => a >= b);
    }
    case 'person': {
      const person = typeof v === 'string' ? ctx.registries.people?.find(v) : undefined;
      if (!person) return false;
      const roles = listOf((arg as { roles?: unknown }).roles, ctx).map((r) => String(r).toLowerCase());
      return roles.length === 0 || roles.some((r) => person.roles.includes(r));
    }
    case 'promise':
      return typeof v === 'string' && ctx.registries.promises?.find(v) !== undefined;
    case 'registry':
      return (arg === 'people' ? ctx.registries.people : ctx.registries.promises) !== undefined;
    // Combinations look at the node `path` selected (the node under test when there is no path).
    case 'all_of':
      return (arg as Predicate[]).every((p) => test(p, target, ctx));
    case 'any_of':
      return (arg as Predicate[]).some((p) => test(p, target, ctx));
    case 'not':
      return !test(arg as Predicate, target, ctx);
    default:
      throw new Error(`unknown predicate test "${op}"`);
  }
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isMap(v)) return 'map';
  return typeof v;
}

/** Every node a `given` path selects, for checks. */
export function givenNodes(given: string | undefined, ctx: EvalContext): Cursor[] {
  const root: Cursor = { value: ctx.root, path: [] };
  return given === undefined ? [root] : select(ctx.root, root, parsePath(given));
}
