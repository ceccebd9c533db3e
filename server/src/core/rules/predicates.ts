import type { PathSegment } from '../types.js';
import type {
  CompiledPredicate,
  CompiledTest,
  Compiler,
  EvalContext,
  ListReader,
  Operand,
  Operator,
  OptionReader,
  OptionRef,
  PathRole,
  PhraseListReader,
  Predicate,
  ValueRef,
} from './language.js';
import { OPERATORS } from './operators/index.js';
import { LatestMemo } from './latest-memo.js';
import { allStrings, isMap, isStringsPath, parsePath, resolve, select, type Cursor, type ModelPath } from './paths.js';
import { STANDARD_PLACEHOLDERS, type PlaceholderMatcher } from './placeholders.js';
import { stepTowardsDeadline } from './safety.js';
import { readSection, type SectionOperand, type SectionSelector } from './sections.js';

export type { EvalContext, Predicate } from './language.js';

/** What a rule's expressions use, found by compiling them with a recording compiler (core/rules/facts.ts). */
export interface ExpressionFacts {
  /**
   * Every `{$option: NAME}`, located at its `$option` key; `pattern` when it stands for
   * regular expressions, `phrases` when for a phrase list.
   */
  options: Array<{ name: string; at: PathSegment[]; pattern: boolean; phrases?: true }>;
  /** Every model path written, with what it is for; `items` when it is read from the items of a list (inside `any`, `all`...). */
  paths: Array<{ source: string; role: PathRole; at: PathSegment[]; items?: true }>;
  /** Every section selector, with the headings it names as written. */
  sections: Array<{ headings: readonly string[]; at: PathSegment[] }>;
  /** Every regular expression written. */
  patterns: Array<{ source: string; at: PathSegment[] }>;
  /** Every phrase of a phrase list written in the rule (core/text/phrases.ts). */
  phrases: Array<{ source: string; at: PathSegment[] }>;
  /** Every phrase operand, read as it is when the rule runs: the lists it matches together under the options given. */
  phraseOperands: PhraseListReader[];
  /** The registries consulted. */
  registries: Set<'people' | 'promises'>;
}

/** Operators by name, for compiling. */
const OPERATOR_BY_NAME = new Map<string, Operator<unknown>>(Object.entries(OPERATORS));

/** Predicates compiled once per predicate object (rules are immutable once loaded); apart under `literal: true`. */
const compiledPredicates = new WeakMap<Predicate, CompiledPredicate>();
const compiledLiteral = new WeakMap<Predicate, CompiledPredicate>();

/** A path that names the node itself: stands in for a malformed one while facts are gathered. */
const NO_PATH: ModelPath = { absolute: false, steps: [], multi: false, strings: false, facts: false };
/** Shared by every reader with nothing to list (callers only read it). */
const NO_ITEMS: unknown[] = [];
const NO_LISTS: ReadonlyArray<readonly unknown[]> = [];

/** Evaluates one predicate on the node at `cursor`. */
export function test(pred: Predicate, cursor: Cursor, ctx: EvalContext): boolean {
  return compiled(pred)(cursor, ctx);
}

function compiled(pred: Predicate, literal = false): CompiledPredicate {
  const cache = literal ? compiledLiteral : compiledPredicates;
  let fn = cache.get(pred);
  if (!fn) {
    fn = compilePredicate(pred, literal ? RUNTIME_LITERAL : RUNTIME);
    cache.set(pred, fn);
  }
  return fn;
}

/** The workspace's placeholder text, as operators read it at run time. */
const workspacePlaceholders = (ctx: EvalContext): PlaceholderMatcher => ctx.registries.placeholders ?? STANDARD_PLACEHOLDERS;

function compilePredicate(pred: Predicate, outer: ExpressionCompiler): CompiledPredicate {
  const c = pred.literal === true ? outer.asLiteral() : outer;
  const path = pred.path === undefined ? undefined : c.path(pred.path, 'node', 'path');
  const tests: CompiledTest[] = [];
  for (const [op, arg] of Object.entries(pred)) if (op !== 'path' && op !== 'literal') tests.push(compileTest(op, arg, c.below(op)));
  return (cursor, ctx) => {
    stepTowardsDeadline(ctx);
    const target = path === undefined ? cursor : resolve(ctx, cursor, path);
    const v = target.value;
    for (let i = 0; i < tests.length; i++) {
      if (!tests[i](v, target, cursor, ctx)) return false;
    }
    return true;
  };
}

function compileTest(op: string, arg: unknown, c: ExpressionCompiler): CompiledTest {
  const operator = OPERATOR_BY_NAME.get(op);
  if (operator) return operator.compile(arg, c);
  // Reported when the rule runs, as that rule's internal error, like any other rule failure.
  return () => {
    throw new Error(`unknown predicate test "${op}"`);
  };
}

function asList(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? (v as unknown[]) : undefined;
}

function isOptionRef(v: unknown): v is OptionRef {
  return isMap(v) && typeof v.$option === 'string';
}

function isValueRef(v: unknown): v is ValueRef {
  return isMap(v) && typeof v.path === 'string';
}

/**
 * Reads operands into closures once. With `facts`, it also records what each operand uses
 * at its place in the rule, and compiles afresh (nothing is cached) without throwing on a
 * malformed path, so a rule can be checked before it runs.
 */
class ExpressionCompiler implements Compiler {
  constructor(
    private readonly facts?: ExpressionFacts,
    private readonly at: readonly PathSegment[] = [],
    private readonly literal = false,
    /** Compiling what is read from the items of a list. */
    private readonly items = false,
  ) {}

  /** The compiler for what lies below `at` (only facts need the place). */
  below(...at: PathSegment[]): ExpressionCompiler {
    return this.facts ? new ExpressionCompiler(this.facts, [...this.at, ...at], this.literal, this.items) : this;
  }

  /** The compiler for a predicate that says `literal: true`, and everything nested in it. */
  asLiteral(): ExpressionCompiler {
    if (this.literal) return this;
    return this.facts ? new ExpressionCompiler(this.facts, this.at, true, this.items) : RUNTIME_LITERAL;
  }

  predicate(p: Predicate, ...at: PathSegment[]): CompiledPredicate {
    return this.facts ? compilePredicate(p, this.below(...at)) : compiled(p, this.literal);
  }

  itemPredicate(p: Predicate, ...at: PathSegment[]): CompiledPredicate {
    return this.facts ? compilePredicate(p, new ExpressionCompiler(this.facts, [...this.at, ...at], this.literal, true)) : compiled(p, this.literal);
  }

  placeholders(): ((ctx: EvalContext) => PlaceholderMatcher) | undefined {
    return this.literal ? undefined : workspacePlaceholders;
  }

  path(source: string, role: PathRole, ...at: PathSegment[]): ModelPath {
    if (!this.facts) return parsePath(source);
    this.facts.paths.push({ source, role, at: [...this.at, ...at], ...(this.items ? { items: true as const } : {}) });
    try {
      return parsePath(source);
    } catch {
      return NO_PATH; // the loader reports it from the facts
    }
  }

  section(v: SectionOperand, ...at: PathSegment[]): SectionSelector {
    const selector = sectionSelectors.get(v as object) ?? readSection(v);
    if (typeof v === 'object') sectionSelectors.set(v, selector);
    this.facts?.sections.push({ headings: selector.written, at: [...this.at, ...at] });
    return selector;
  }

  option(v: unknown, ...at: PathSegment[]): OptionReader {
    if (isOptionRef(v)) {
      const name = v.$option;
      this.facts?.options.push({ name, at: [...this.at, ...at, '$option'], pattern: false });
      return (ctx) => ctx.options[name];
    }
    return () => v;
  }

  value(v: unknown, ...at: PathSegment[]): Operand {
    if (isValueRef(v)) {
      const path = this.path(v.path, 'node', ...at, 'path');
      return { reference: true, read: (cursor, ctx) => resolve(ctx, cursor, path).value };
    }
    if (!isOptionRef(v)) return { reference: false, read: () => v };
    const read = this.option(v, ...at);
    return { reference: false, read: (_c, ctx) => read(ctx) };
  }

  list(v: unknown, ...at: PathSegment[]): ListReader {
    if (isValueRef(v)) {
      // A reference to a single value is a list of one (or none when missing).
      const path = this.path(v.path, 'node', ...at, 'path');
      return (cursor, ctx) => {
        const found = resolve(ctx, cursor, path).value;
        return asList(found) ?? (found === undefined || found === null ? NO_ITEMS : [found]);
      };
    }
    const literal = asList(v);
    if (literal) return () => literal;
    const read = this.option(v, ...at);
    return (_c, ctx) => asList(read(ctx)) ?? NO_ITEMS;
  }

  patterns(v: unknown, ...at: PathSegment[]): OptionReader {
    if (isOptionRef(v)) {
      const name = v.$option;
      this.facts?.options.push({ name, at: [...this.at, ...at, '$option'], pattern: true });
      return (ctx) => ctx.options[name];
    }
    const facts = this.facts;
    if (facts && typeof v === 'string') facts.patterns.push({ source: v, at: [...this.at, ...at] });
    else if (facts && Array.isArray(v)) v.forEach((p, i) => facts.patterns.push({ source: String(p), at: [...this.at, ...at, i] }));
    return () => v;
  }

  phrases(v: unknown, ...at: PathSegment[]): PhraseListReader {
    const reader = this.phraseReader(v, at);
    this.facts?.phraseOperands.push(reader);
    return reader;
  }

  private phraseReader(v: unknown, at: PathSegment[]): PhraseListReader {
    if (isOptionRef(v)) {
      const read = this.phraseOption(v, at);
      return (ctx) => [read(ctx)];
    }
    if (!Array.isArray(v)) return () => NO_LISTS;
    // Literal phrases form one list, made once; each `{$option: NAME}` item adds that option's list.
    const literal = v.filter((item) => !isOptionRef(item));
    const refs = v.flatMap((item, i) => (isOptionRef(item) ? [this.phraseOption(item, [...at, i])] : []));
    const facts = this.facts;
    if (facts) v.forEach((item, i) => !isOptionRef(item) && facts.phrases.push({ source: String(item), at: [...this.at, ...at, i] }));
    if (refs.length === 0) return () => [literal];
    return (ctx) => [...(literal.length > 0 ? [literal] : []), ...refs.map((read) => read(ctx))];
  }

  private phraseOption(ref: OptionRef, at: PathSegment[]): (ctx: EvalContext) => readonly unknown[] {
    const name = ref.$option;
    this.facts?.options.push({ name, at: [...this.at, ...at, '$option'], pattern: false, phrases: true });
    return (ctx) => asList(ctx.options[name]) ?? NO_ITEMS;
  }

  registry(name: 'people' | 'promises'): void {
    this.facts?.registries.add(name);
  }
}

/** Selectors read once per selector object (rules are immutable once loaded). */
const sectionSelectors = new WeakMap<object, SectionSelector>();

/** The compilers rules run with: closures only, nested predicates cached. */
const RUNTIME = new ExpressionCompiler();
const RUNTIME_LITERAL = new ExpressionCompiler(undefined, [], true);

/**
 * A compiler for a rule's expressions: the run-time one, or, with `facts`, one that records
 * into them what each expression uses, locating it under `at`.
 */
export function expressionCompiler(facts?: ExpressionFacts, at: PathSegment[] = []): Compiler {
  return facts ? new ExpressionCompiler(facts, at) : RUNTIME;
}

/**
 * The nodes each `given` path selected in the model of the document being checked: several
 * checks often share one `given` (five walk `**.owner`), and the model does not change under them.
 */
const selections = new LatestMemo<object, Map<string, readonly Cursor[]>>();

/** Every node a `given` path selects, for checks (shared: callers only read it). */
export function givenNodes(given: string | undefined, ctx: EvalContext): readonly Cursor[] {
  const root: Cursor = { value: ctx.root, path: [] };
  if (given === undefined) return [root];
  if (isStringsPath(given)) return stringsOf(ctx.root);
  if (typeof ctx.root !== 'object' || ctx.root === null) return select(ctx, root, parsePath(given));
  let byPath = selections.get(ctx.root);
  if (!byPath) {
    byPath = new Map();
    selections.set(ctx.root, byPath);
  }
  let nodes = byPath.get(given);
  if (!nodes) {
    nodes = select(ctx, root, parsePath(given));
    byPath.set(given, nodes);
  }
  return nodes;
}

/** Every string value of the model of the document being checked (`given: $strings`). */
const stringSelections = new LatestMemo<object, readonly Cursor[]>();

function stringsOf(root: unknown): readonly Cursor[] {
  if (typeof root !== 'object' || root === null) return allStrings(root);
  let found = stringSelections.get(root);
  if (!found) {
    found = allStrings(root);
    stringSelections.set(root, found);
  }
  return found;
}
