import { childCursor, isMap, parsePath, resolve, select, type Cursor } from './paths.js';
import type { Registries } from './registries.js';
import { checkDeadline, ensurePatternFits } from './safety.js';
import {
  addToDate, compareVersions, dateOf, isPresent, normalScalar, numberOf, patternRegex, scalarEquals, textOf, versionOf, wordCount, wordsRegex,
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
  /** Predicates tested so far with this context (paces the deadline checks). */
  tests?: number;
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

/** One test of a predicate, ready to run: `v` is the value at the predicate's `path`. */
type CompiledTest = (v: unknown, target: Cursor, cursor: Cursor, ctx: EvalContext) => boolean;
type CompiledPredicate = (cursor: Cursor, ctx: EvalContext) => boolean;

/** Reading the clock costs more than most predicates: it is read on a rule's first test and every 64th after. */
const DEADLINE_EVERY = 64;

/** Predicates compiled once per predicate object (rules are immutable once loaded). */
const compiledPredicates = new WeakMap<Predicate, CompiledPredicate>();

/** Evaluates one predicate on the node at `cursor`. */
export function test(pred: Predicate, cursor: Cursor, ctx: EvalContext): boolean {
  return compiled(pred)(cursor, ctx);
}

function compiled(pred: Predicate): CompiledPredicate {
  let fn = compiledPredicates.get(pred);
  if (!fn) {
    fn = compilePredicate(pred);
    compiledPredicates.set(pred, fn);
  }
  return fn;
}

function compilePredicate(pred: Predicate): CompiledPredicate {
  const path = pred.path === undefined ? undefined : parsePath(String(pred.path));
  const tests = Object.entries(pred).filter(([op]) => op !== 'path').map(([op, arg]) => compileTest(op, arg));
  return (cursor, ctx) => {
    ctx.tests = (ctx.tests ?? 0) + 1;
    if (ctx.tests % DEADLINE_EVERY === 1) checkDeadline(ctx.deadline);
    const target = path === undefined ? cursor : resolve(ctx.root, cursor, path);
    const v = target.value;
    for (let i = 0; i < tests.length; i++) {
      if (!tests[i](v, target, cursor, ctx)) return false;
    }
    return true;
  };
}

function compileTest(op: string, arg: unknown): CompiledTest {
  switch (op) {
    case 'present':
      return (v) => isPresent(v) === arg;
    case 'equals': {
      // A reference to a missing value equals nothing (not even another missing value).
      const reference = isMap(arg) && typeof arg.path === 'string';
      return (v, _t, cursor, ctx) => {
        const want = boundValue(arg, cursor, ctx);
        return !(reference && want === undefined) && scalarEquals(v, want);
      };
    }
    case 'in':
      return (v, _t, cursor, ctx) => isOneOf(v, listOf(arg, ctx, cursor));
    case 'not_in':
      return (v, _t, cursor, ctx) => !isOneOf(v, listOf(arg, ctx, cursor));
    case 'matches':
      return (v, target, _c, ctx) => {
        if (!isPresent(v)) return false;
        const source = String(optionValue(arg, ctx));
        const text = textOf(v);
        ensurePatternFits(source, text, { path: target.path });
        return patternRegex(source).test(text);
      };
    case 'words':
      return (v, _t, cursor, ctx) => {
        if (!isPresent(v)) return false;
        const re = wordsRegexOf(listOf(arg, ctx, cursor));
        return re !== undefined && re.test(textOf(v));
      };
    case 'type':
      return (v) => typeName(v) === arg;
    case 'word_count':
      return (v, _t, cursor, ctx) => inRange(wordCount(v), arg as Range, cursor, ctx);
    case 'number':
      return (v, _t, cursor, ctx) => {
        const n = numberOf(v);
        return n !== undefined && inRange(n, arg as Range, cursor, ctx);
      };
    case 'version':
      return (v, _t, cursor, ctx) => {
        const ver = versionOf(v);
        return ver !== undefined && inRangeBy(arg as Range, (b) => versionOf(boundValue(b, cursor, ctx)), (b) => compareVersions(ver, b));
      };
    case 'count': {
      const spec = arg as Range & { where?: Predicate };
      const where = spec.where ? compiled(spec.where) : undefined;
      return (v, target, cursor, ctx) => {
        const items = itemsOf(v);
        let n = items.length;
        if (where) {
          n = 0;
          for (let i = 0; i < items.length; i++) if (where(childCursor(target, i, items[i]), ctx)) n++;
        }
        return inRange(n, spec, cursor, ctx);
      };
    }
    case 'any':
    case 'all':
    case 'none': {
      const inner = compiled(arg as Predicate);
      // The first item that decides: a hit for any and none, a miss for all.
      const decides = op === 'all' ? (hit: boolean) => !hit : (hit: boolean) => hit;
      return (v, target, _c, ctx) => {
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) if (decides(inner(childCursor(target, i, v[i]), ctx))) return op === 'any';
        } else if (isPresent(v) && decides(inner({ value: v, path: target.path }, ctx))) {
          return op === 'any';
        }
        return op !== 'any';
      };
    }
    case 'date': {
      const spec = arg as Record<string, unknown>;
      const bounds: Array<[unknown, (a: string, b: string) => boolean]> = [
        [spec.before, (a, b) => a < b], [spec.after, (a, b) => a > b],
        [spec.on_or_before, (a, b) => a <= b], [spec.on_or_after, (a, b) => a >= b],
      ];
      return (v, _t, cursor, ctx) => {
        const d = dateOf(v);
        if (!d) return false;
        return bounds.every(([ref, ok]) => {
          if (ref === undefined) return true;
          const r = dateRef(ref, cursor, ctx);
          return r !== undefined && ok(d, r);
        });
      };
    }
    case 'person':
      return (v, _t, _c, ctx) => {
        const person = typeof v === 'string' ? ctx.registries.people?.find(v) : undefined;
        if (!person) return false;
        const roles = listOf((arg as { roles?: unknown }).roles, ctx).map((r) => String(r).toLowerCase());
        return roles.length === 0 || roles.some((r) => person.roles.includes(r));
      };
    case 'promise':
      return (v, _t, _c, ctx) => typeof v === 'string' && ctx.registries.promises?.find(v) !== undefined;
    case 'registry':
      return (_v, _t, _c, ctx) => (arg === 'people' ? ctx.registries.people : ctx.registries.promises) !== undefined;
    // Combinations look at the node `path` selected (the node under test when there is no path).
    case 'all_of': {
      const parts = (arg as Predicate[]).map(compiled);
      return (_v, target, _c, ctx) => parts.every((p) => p(target, ctx));
    }
    case 'any_of': {
      const parts = (arg as Predicate[]).map(compiled);
      return (_v, target, _c, ctx) => parts.some((p) => p(target, ctx));
    }
    case 'not': {
      const inner = compiled(arg as Predicate);
      return (_v, target, _c, ctx) => !inner(target, ctx);
    }
    default:
      // Reported when the rule runs, as that rule's internal error, like any other rule failure.
      return () => {
        throw new Error(`unknown predicate test "${op}"`);
      };
  }
}

/** Lists in rules and options are immutable while rules run, so their lookup forms are built once. */
const scalarSets = new WeakMap<unknown[], Set<string>>();
const wordRegexes = new WeakMap<unknown[], RegExp | null>();

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

function wordsRegexOf(list: unknown[]): RegExp | undefined {
  let re = wordRegexes.get(list);
  if (re === undefined) {
    const words = list.map(String).filter((w) => w.trim() !== '');
    re = words.length > 0 ? wordsRegex(words) : null;
    wordRegexes.set(list, re);
  }
  if (re) re.lastIndex = 0;
  return re ?? undefined;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isMap(v)) return 'map';
  return typeof v;
}

/**
 * The nodes a `given` path selected in a model, kept while the model lives: several checks
 * often share one `given` (five walk `**.owner`), and the model does not change under them.
 */
const selections = new WeakMap<object, Map<string, readonly Cursor[]>>();

/** Every node a `given` path selects, for checks (shared: callers only read it). */
export function givenNodes(given: string | undefined, ctx: EvalContext): readonly Cursor[] {
  const root: Cursor = { value: ctx.root, path: [] };
  if (given === undefined) return [root];
  if (typeof ctx.root !== 'object' || ctx.root === null) return select(ctx.root, root, parsePath(given));
  let byPath = selections.get(ctx.root);
  if (!byPath) {
    byPath = new Map();
    selections.set(ctx.root, byPath);
  }
  let nodes = byPath.get(given);
  if (!nodes) {
    nodes = select(ctx.root, root, parsePath(given));
    byPath.set(given, nodes);
  }
  return nodes;
}
