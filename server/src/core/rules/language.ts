import type { QuietTexts } from '../text/quiet-texts.js';
import type { PathSegment } from '../types.js';
import type { Cursor, ModelPath } from './paths.js';
import type { PlaceholderMatcher } from './placeholders.js';
import type { Registries } from './registries.js';
import type { SectionOperand, SectionSelector } from './sections.js';

/** The types of the rule language: predicates, their operators, and what compiling them is given. */

/** What a predicate may consult besides the node under test. */
export interface EvalContext {
  root: unknown;
  /** The document's facts, read by `$document` paths (DocumentFacts; undefined outside a document). */
  document?: unknown;
  /** Keys match loosely (ModelRoots): in documents that are not decision records. */
  looseKeys?: boolean;
  today: string;
  options: Record<string, unknown>;
  registries: Registries;
  /** The `now()` reading after which the rule is stopped (its time budget on this document). */
  deadline?: number;
  /** The clock `deadline` is read on; Date.now unless a test drives it. */
  now?: () => number;
  /** Steps taken so far with this context: predicates tested, texts searched (paces the deadline checks). */
  steps?: number;
  /** Texts searches found nothing in before, in a project that follows edits. */
  quiet?: QuietTexts;
}

/** `{$option: NAME}`: the value of the rule option NAME (after config overrides). */
export interface OptionRef {
  $option: string;
}

/** `{path: P}`: the value at P, relative to the node under test (absolute with a leading `/`). */
export interface ValueRef {
  path: string;
}

/** A list operand: the list itself, `{$option: NAME}`, or `{path: P}` (the values P reaches). */
export type ListOperand = unknown[] | OptionRef | ValueRef;

/**
 * The argument of each predicate operator, by operator name. Each operator module adds its
 * own entries (interface merging), so the typed predicate grows with the operator table.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OperatorArgs {}

/**
 * A predicate as written in a rule file: `path` says which value it looks at; every operator
 * given must hold. `literal: true` takes placeholder text at its word in this predicate and
 * those nested in it (for a field where such a value is a legitimate answer).
 */
export type Predicate = { path?: string; literal?: boolean } & { [K in keyof OperatorArgs]?: OperatorArgs[K] };

export type CompiledPredicate = (cursor: Cursor, ctx: EvalContext) => boolean;

/** One operator's test, ready to run: `v` is the value at the predicate's `path`, `target` its node, `cursor` the node under test. */
export type CompiledTest = (v: unknown, target: Cursor, cursor: Cursor, ctx: EvalContext) => boolean;

/** Reads a literal or `{$option: NAME}`. */
export type OptionReader = (ctx: EvalContext) => unknown;

/**
 * Reads a phrase list operand: the lists it is made of (a literal list, and the value of
 * each `{$option: NAME}` it names), each stable while rules run so it is compiled once.
 */
export type PhraseListReader = (ctx: EvalContext) => ReadonlyArray<readonly unknown[]>;

/** Reads a list operand, relative to the node under test. */
export type ListReader = (cursor: Cursor, ctx: EvalContext) => unknown[];

/** Reads a literal, `{$option: NAME}` or `{path: P}`; `reference` is true for `{path: P}`. */
export interface Operand {
  read: (cursor: Cursor, ctx: EvalContext) => unknown;
  reference: boolean;
}

/**
 * What a model path written in a rule is for: `node` names nodes relative to the node under
 * test, `given` selects the nodes a check looks at (`$strings` allowed where `strings`),
 * `report` names the one node a finding points at, `field` is a field pattern (`known_fields`).
 */
export type PathRole = 'node' | 'given' | 'strings' | 'report' | 'field';

/**
 * How operators and check kinds read their arguments when a rule is compiled. Every operand
 * goes through here, which is what lets one walker (core/rules/facts.ts) say what a rule uses
 * — options, paths, patterns, registries — without knowing any operator. `at` locates the
 * operand below the key being compiled (for located load errors).
 */
export interface Compiler {
  /** A nested predicate on the same node (`all_of`, `not`). */
  predicate(p: Predicate, ...at: PathSegment[]): CompiledPredicate;
  /** A nested predicate on each item of a list (`any`, `all`, `none`, `count.where`): its relative paths start at the item. */
  itemPredicate(p: Predicate, ...at: PathSegment[]): CompiledPredicate;
  /** A model path. */
  path(source: string, role: PathRole, ...at: PathSegment[]): ModelPath;
  /** A section selector (`section:`): the sections of a Markdown body a check reads (core/rules/sections.ts). */
  section(v: SectionOperand, ...at: PathSegment[]): SectionSelector;
  /** A literal, `{$option: NAME}` or `{path: P}`. */
  value(v: unknown, ...at: PathSegment[]): Operand;
  /** A literal or `{$option: NAME}`. */
  option(v: unknown, ...at: PathSegment[]): OptionReader;
  /** A list, `{$option: NAME}` or `{path: P}`; anything else is an empty list. */
  list(v: unknown, ...at: PathSegment[]): ListReader;
  /** Regular expressions: a source, a list of sources, or `{$option: NAME}` naming either. */
  patterns(v: unknown, ...at: PathSegment[]): OptionReader;
  /** A phrase list (core/text/phrases.ts): a list whose items are phrases or `{$option: NAME}` lists, or `{$option: NAME}`. */
  phrases(v: unknown, ...at: PathSegment[]): PhraseListReader;
  /** The expression consults a registry. */
  registry(name: 'people' | 'promises'): void;
  /**
   * Placeholder text as the operator being compiled should see it: `undefined` under
   * `literal: true` (a placeholder is a value like any other), else the workspace's matcher.
   */
  placeholders(): ((ctx: EvalContext) => PlaceholderMatcher) | undefined;
}

/** A JSON Schema fragment (written into schemas/rule.schema.json). */
export type JsonSchema = { readonly [key: string]: unknown };

/** One predicate operator: the key it is written as is its name in the table. */
export interface Operator<A> {
  /** JSON Schema of the argument, whose `description` is the operator's one-line documentation. */
  schema: JsonSchema;
  /** Reads the argument once; the test it returns runs on every node. */
  compile(arg: A, c: Compiler): CompiledTest;
}

/** Every operator, by name: complete by construction (one entry per key of OperatorArgs). */
export type OperatorTable = { readonly [K in keyof OperatorArgs]-?: Operator<OperatorArgs[K]> };
