import type { CheckDefinition, Rule, RuleDefinition } from '../rules/definition.js';
import { expressionCompiler } from '../rules/predicates.js';
import type { Cursor } from '../rules/paths.js';
import type { CheckContext, RuleContext } from './context.js';
import type { CheckKind, CheckStage, WaiverState } from './kind.js';
import { assertCheck } from './kinds/assert.js';
import { findCheck } from './kinds/find.js';
import { schemaCheck } from './kinds/schema.js';
import { syntaxCheck } from './kinds/syntax.js';
import { uniqueCheck } from './kinds/unique.js';
import { waiverCheck } from './kinds/waiver.js';

/**
 * Every check kind, in the order the rule schema lists them. A kind is its module and its
 * line here; the engine, the loader, waivers and the rule schema (generated) read this list.
 */
export const CHECK_KINDS: readonly CheckKind[] = [assertCheck, findCheck, schemaCheck, syntaxCheck, uniqueCheck, waiverCheck];

const BY_NAME = new Map(CHECK_KINDS.map((k) => [k.name, k]));

export function checkKind(name: string): CheckKind | undefined {
  return BY_NAME.get(name);
}

/** A check compiled once, ready for its stage. */
export type PreparedCheck =
  | { stage: 'document'; run: (ctx: CheckContext) => void }
  | { stage: 'workspace'; collect: (ctx: RuleContext, found: (cursor: Cursor, value: string) => void) => void }
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
    else if (kind.stage === 'workspace') p = { stage: 'workspace', collect: kind.compile(check, c) };
    else p = { stage: 'waivers', reports: kind.compile(check, c) };
    prepared.set(check, p);
  }
  return p;
}

/** The stage a check runs in (undefined for a kind not in the registry). */
export function stageOf(check: CheckDefinition): CheckStage | undefined {
  return BY_NAME.get(check.kind)?.stage;
}

/** Does the rule run on documents that could not be read (and on nothing else)? */
export function readsUnreadable(rule: RuleDefinition): boolean {
  return rule.checks.some((c) => {
    const kind = BY_NAME.get(c.kind);
    return kind?.stage === 'document' && kind.unreadable === true;
  });
}

/**
 * Can a waiver silence this rule's findings? Not when any of its checks is of a kind that
 * cannot be waived, nor for what is not a rule of the catalogue (internal errors, configuration).
 */
export function isWaivable(rule: Rule | undefined): boolean {
  return rule !== undefined && rule.checks.every((c) => BY_NAME.get(c.kind)?.waivable === true);
}
