import type { CheckDefinition, Rule, RuleDefinition } from '../rules/definition.js';
import { expressionCompiler } from '../rules/predicates.js';
import type { CheckContext } from './context.js';
import type { CheckKind, WaiverState, WorkspaceCollector } from './kind.js';
import { assertCheck } from './kinds/assert.js';
import { findCheck } from './kinds/find.js';
import { referenceCheck } from './kinds/reference.js';
import { schemaCheck } from './kinds/schema.js';
import { syntaxCheck } from './kinds/syntax.js';
import { uniqueCheck } from './kinds/unique.js';
import { waiverCheck } from './kinds/waiver.js';

/**
 * Every check kind, in the order the rule schema lists them. A kind is its module and its
 * line here; the engine, the loader, waivers and the rule schema (generated) read this list.
 */
export const CHECK_KINDS: readonly CheckKind[] = [assertCheck, findCheck, referenceCheck, schemaCheck, syntaxCheck, uniqueCheck, waiverCheck];

const BY_NAME = new Map(CHECK_KINDS.map((k) => [k.name, k]));

export function checkKind(name: string): CheckKind | undefined {
  return BY_NAME.get(name);
}

/** A check compiled once, ready for its stage. */
export type PreparedCheck =
  | { stage: 'document'; run: (ctx: CheckContext) => void }
  | { stage: 'workspace'; collector: WorkspaceCollector }
  | { stage: 'waivers'; reports: (state: WaiverState) => boolean };

/** Checks compiled once per check object (rules are immutable once loaded). */
const prepared = new WeakMap<CheckDefinition, PreparedCheck>();

/** The check compiled for its kind's stage. Throws for a kind not in the registry (reported as the rule's internal error). */
export function prepareCheck(check: CheckDefinition): PreparedCheck {
  let p = prepared.get(check);
  if (!p) {
    const kind = BY_NAME.get(check.kind);
    if (!kind) throw new Error(`unknown check kind "${check.kind}"`);
    const c = expressionCompiler();
    if (kind.stage === 'document') p = { stage: 'document', run: kind.compile(check, c) };
    else if (kind.stage === 'workspace') p = { stage: 'workspace', collector: kind.compile(check, c) };
    else p = { stage: 'waivers', reports: kind.compile(check, c) };
    prepared.set(check, p);
  }
  return p;
}

/** A rule's checks sorted by the stage they run in (not compiled: that happens on first use, inside the stage). */
export interface RuleChecks {
  /** The rule runs on documents that could not be read, and on nothing else. */
  unreadable: boolean;
  /** Per-document checks; a check of a kind not in the registry is here, to fail when it runs. */
  document: readonly CheckDefinition[];
  workspace: ReadonlyArray<{ check: CheckDefinition; index: number }>;
  waivers: readonly CheckDefinition[];
}

/** Sorted once per rule: every document asks for every rule's checks. */
const byRule = new WeakMap<RuleDefinition, RuleChecks>();

export function checksOf(rule: RuleDefinition): RuleChecks {
  let sorted = byRule.get(rule);
  if (!sorted) {
    const document: CheckDefinition[] = [];
    const workspace: Array<{ check: CheckDefinition; index: number }> = [];
    const waivers: CheckDefinition[] = [];
    let unreadable = false;
    rule.checks.forEach((check, index) => {
      const kind = BY_NAME.get(check.kind);
      if (kind?.stage === 'workspace') workspace.push({ check, index });
      else if (kind?.stage === 'waivers') waivers.push(check);
      else {
        document.push(check);
        unreadable ||= kind?.unreadable === true;
      }
    });
    sorted = { unreadable, document, workspace, waivers };
    byRule.set(rule, sorted);
  }
  return sorted;
}

/**
 * Can a waiver silence this rule's findings? Not when any of its checks is of a kind that
 * cannot be waived, nor for what is not a rule of the catalogue (internal errors, configuration).
 */
export function isWaivable(rule: Rule | undefined): boolean {
  return rule !== undefined && rule.checks.every((c) => BY_NAME.get(c.kind)?.waivable === true);
}
