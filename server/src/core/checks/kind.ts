import type { CheckDefinition } from '../rules/definition.js';
import type { Compiler, JsonSchema } from '../rules/language.js';
import type { Cursor } from '../rules/paths.js';
import type { Span } from '../types.js';
import type { CheckContext, RuleContext } from './context.js';

/** Where a waiver stands once the findings of its record are known. */
export type WaiverState = 'active' | 'incomplete' | 'expired' | 'unused';

/**
 * The keys of a check besides `kind`, `message` and `severity` (added for every kind when the
 * rule schema is generated): `properties` and, when needed, `required` or `anyOf`.
 */
export interface CheckSchema {
  required?: string[];
  anyOf?: JsonSchema[];
  properties: Record<string, JsonSchema>;
}

interface CheckKindBase {
  /** What `kind:` says. */
  name: string;
  /** Can a waiver silence the findings of a rule with this check? */
  waivable: boolean;
  schema: CheckSchema;
}

/** Runs on one document at a time, reporting findings. */
export interface DocumentCheckKind<C extends CheckDefinition = CheckDefinition> extends CheckKindBase {
  stage: 'document';
  /** Runs on the documents that could not be read; a rule with such a check runs on nothing else. */
  unreadable?: boolean;
  /** Reads the check once (its operands through `c`); the runner runs on every document. */
  compile(check: C, c: Compiler): (ctx: CheckContext) => void;
}

/**
 * Collects values from each document as plain data (cached, sent back by worker threads);
 * once every document is in, the workspace stage puts them together.
 */
export interface WorkspaceCheckKind<C extends CheckDefinition = CheckDefinition> extends CheckKindBase {
  stage: 'workspace';
  compile(check: C, c: Compiler): WorkspaceCollector;
}

/**
 * What a workspace check takes from each document: values grouped across the workspace (a
 * value found in more than one place is a finding at each place, core/engine/unique.ts), or
 * values resolved against what other documents offer (core/engine/references.ts).
 */
export type WorkspaceCollector = { grouped: (ctx: RuleContext, found: (cursor: Cursor, value: string) => void) => void } | { referring: ReferenceCollector };

/** When a reference is reported: it names no document; it names one (that satisfies the check's condition); or that document does not name it back. */
export type ReferenceFiring = 'unresolved' | 'resolved' | 'unlinked';

/** A value of one document naming another, as found. */
export interface FoundReference {
  cursor: Cursor;
  value: string;
  /** Where the value stands when it is one item of a split text (else the cursor's node). */
  span?: Span;
  /** For `unlinked`: the values by which other documents name this one. */
  self: readonly string[];
}

/** A document other documents' references may name, seen by one rule. */
export interface TargetContext extends RuleContext {
  /** The document's path relative to the folder of its configuration, with `/` separators. */
  relativeFile: string;
}

/** A value by which a document may be named, with what the check needs to know of it. */
export interface OfferedTarget {
  cursor: Cursor;
  value: string;
  /** The values by which this document names others back (the check's `back`). */
  back?: string[];
  /** Values of this document shown in the check's message (`{{$target.PATH}}`), by PATH. */
  shown?: Record<string, string>;
}

export interface ReferenceCollector {
  fires: ReferenceFiring;
  /** On each document the rule applies to: every value that names another document. */
  refers(ctx: RuleContext, found: (reference: FoundReference) => void): void;
  /** On every document, whether or not the rule applies to it: the values by which references may name it. */
  offers(ctx: TargetContext, offered: (target: OfferedTarget) => void): void;
}

/** Reports a record's waivers by their state, once the record's findings are known (core/engine/waivers.ts). */
export interface WaiverCheckKind<C extends CheckDefinition = CheckDefinition> extends CheckKindBase {
  stage: 'waivers';
  /** Which waivers the check reports. */
  compile(check: C, c: Compiler): (state: WaiverState) => boolean;
}

/**
 * One kind of check: its module is all there is to a kind (its registry entry aside). A
 * kind typed for its own check `C` stands in a list of `CheckKind`s: `compile` takes checks
 * the rule schema has already validated for that kind.
 */
export type CheckKind<C extends CheckDefinition = CheckDefinition> = DocumentCheckKind<C> | WorkspaceCheckKind<C> | WaiverCheckKind<C>;

export type CheckStage = CheckKind['stage'];

/** Keys several kinds share: written once into the rule schema's definitions, referred to by `sharedKey`. */
export const SHARED_CHECK_KEYS = {
  checkMessage: { type: 'string', description: "The finding message for this check, instead of the rule's message." },
  checkSeverity: {
    $ref: '#/definitions/severity',
    description:
      "The severity of this check's findings, in place of the rule's severity: one rule can report a lesser part of what it asks for at a lower level. A severity_when entry that applies, and a severity set in the configuration, still take precedence; the strict preset raises a warning to error.",
  },
  checkGiven: {
    $ref: '#/definitions/path',
    description: 'Path of the nodes the check looks at, each on its own (default: the document root).',
  },
  checkWhere: { $ref: '#/definitions/predicate', description: 'Only nodes that satisfy this predicate are checked.' },
} as const;

export function sharedKey(name: keyof typeof SHARED_CHECK_KEYS): JsonSchema {
  return { $ref: `#/definitions/${name}` };
}
