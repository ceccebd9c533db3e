import type { CheckContext, RawFinding } from '../checks/context.js';
import { checksOf, prepareCheck } from '../checks/registry.js';
import { presetSeverity, type RuleCatalog, type RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { DEFAULT_DOCUMENTS, type CheckDefinition, type Rule } from '../rules/definition.js';
import { isMap } from '../rules/paths.js';
import { test, type EvalContext } from '../rules/predicates.js';
import type { Registries } from '../rules/registries.js';
import { RuleTimeout } from '../rules/safety.js';
import type { SchemaRegistry } from '../schema/validator.js';
import type { QuietTexts } from '../text/quiet-texts.js';
import type { Severity } from '../types.js';

/** The rule reported when a rule itself fails: the other rules still report. */
export const INTERNAL_ERROR: Rule = {
  id: 'internal-error',
  severity: 'error',
  principle: 'none',
  title: 'A rule failed while checking this document',
  message: 'Rule failed',
  checks: [],
  docs: { rationale: '', triggers: '', comply: '' },
  file: '',
  builtin: true,
  docsUrl: '',
};

/**
 * How long one rule may work on one document, in milliseconds. Rules check it as they walk
 * the model; a rule that runs over is stopped, its findings on that document are dropped,
 * and an `internal-error` finding names it. Other rules still report.
 */
export const RULE_TIME_BUDGET_MS = 500;

export interface EvaluationInput {
  doc: ParsedDocument;
  catalog: RuleCatalog;
  settings: ReadonlyMap<string, RuleSetting>;
  registries: Registries;
  today: string;
  schemas: SchemaRegistry;
  /** Per-rule time budget on this document; RULE_TIME_BUDGET_MS when not given. */
  budgetMs?: number;
  /** The clock the budget is measured on, in milliseconds; Date.now unless a test drives it. */
  now?: () => number;
  /** Texts searches found nothing in before (see QuietTexts). */
  quiet?: QuietTexts;
}

/** Does `rule` look at this document at all? (Document role, record kind, `when`.) */
export function ruleApplies(rule: Rule, doc: ParsedDocument, ctx: EvalContext): boolean {
  const roles = rule.applies_to?.documents ?? DEFAULT_DOCUMENTS;
  if (!roles.includes(doc.role)) return false;
  const forms = rule.applies_to?.forms;
  if (forms && !forms.includes(doc.form)) return false;
  const kinds = rule.applies_to?.kinds;
  if (kinds) {
    const kind = isMap(doc.data) ? doc.data.decision : undefined;
    if (typeof kind !== 'string' || !kinds.includes(kind)) return false;
  }
  const when = rule.applies_to?.when;
  return !when || test(when, { value: ctx.root, path: [] }, ctx);
}

const ROLE_NAMES: Record<string, string> = {
  record: 'decision records',
  'non-record': 'files that are not decision records',
  'promise-register': 'the promise register',
  'people-registry': 'the people registry',
};

/**
 * Why `rule` never looks at this document, in words its author can act on, when its
 * `applies_to` leaves it out by role, form or kind (a `when` is the rule's own business).
 */
export function whyRuleSkips(rule: Rule, doc: ParsedDocument): string | undefined {
  const roles = rule.applies_to?.documents ?? DEFAULT_DOCUMENTS;
  if (!roles.includes(doc.role)) {
    const what = doc.role === 'non-record' ? 'this file is not a decision record (it has no decision: key)' : `this file is ${ROLE_NAMES[doc.role] ?? doc.role}`;
    return `${rule.id} only reads ${roles.map((r) => ROLE_NAMES[r] ?? r).join(' and ')} (applies_to.documents: [${roles.join(', ')}]), and ${what}: add ${doc.role} to applies_to.documents`;
  }
  const forms = rule.applies_to?.forms;
  if (forms && !forms.includes(doc.form)) return `${rule.id} only reads ${forms.join(' and ')} files (applies_to.forms), and this file is ${doc.form}`;
  const kinds = rule.applies_to?.kinds;
  const kind = isMap(doc.data) ? doc.data.decision : undefined;
  if (kinds && (typeof kind !== 'string' || !kinds.includes(kind))) {
    return `${rule.id} only reads records of kind ${kinds.join(', ')} (applies_to.kinds), and this one is ${typeof kind === 'string' ? kind : 'of no kind'}`;
  }
  return undefined;
}

/**
 * The context a rule's predicates read on one document, with the rule's time budget when
 * a deadline is given. Every context has the same shape, all fields present from the start:
 * the predicates' hot path reads it millions of times, and a context that gains fields as it
 * goes is several times slower to read.
 */
export function evalContextFor(
  doc: ParsedDocument,
  setting: RuleSetting,
  registries: Registries,
  today: string,
  deadline?: number,
  now?: () => number,
  quiet?: QuietTexts,
): EvalContext {
  return { root: doc.data, document: doc.facts, looseKeys: doc.role === 'non-record', today, options: setting.options, registries, deadline, now, steps: 0, quiet };
}

/**
 * The severity of a check's findings on this document: the configured one when the
 * configuration or the command line set it; else the first `severity_when` entry that applies,
 * else the check's own `severity`, else the rule's (each raised by the strict preset).
 */
export function severityFor(rule: Rule, setting: RuleSetting, ctx: EvalContext, check?: CheckDefinition): Severity {
  if (setting.explicit) return setting.severity;
  const chosen = rule.severity_when?.find((s) => test(s.when, { value: ctx.root, path: [] }, ctx))?.severity ?? check?.severity;
  return chosen === undefined ? setting.severity : presetSeverity(chosen, setting.strict);
}

/**
 * Runs every enabled per-document check on one document. Workspace checks and waiver
 * checks run later, over all documents. A document that could not be read gets only the
 * rules whose checks read unreadable documents.
 */
export function evaluateDocument(input: EvaluationInput): RawFinding[] {
  const { doc, catalog, settings, registries, today, schemas } = input;
  const budget = input.budgetMs ?? RULE_TIME_BUDGET_MS;
  const now = input.now ?? Date.now;
  const out: RawFinding[] = [];
  const unreadable = doc.syntax.length > 0;
  for (const [id, setting] of settings) {
    const rule = catalog.get(id);
    if (!rule) continue;
    const checks = checksOf(rule);
    if (unreadable !== checks.unreadable) continue;
    const ctx = evalContextFor(doc, setting, registries, today, now() + budget, now, input.quiet);
    const mark = out.length;
    try {
      if (!unreadable && !ruleApplies(rule, doc, ctx)) continue;
      for (const c of checks.document) {
        const prepared = prepareCheck(c);
        if (prepared.stage !== 'document') continue;
        const severity = severityFor(rule, setting, ctx, c);
        const check: CheckContext = {
          doc,
          rule,
          severity,
          eval: ctx,
          schemas,
          emit: (f) => out.push(withRule(f, rule, severity)),
        };
        prepared.run(check);
      }
    } catch (err) {
      // What the rule found before it stopped is incomplete: only the internal error is reported.
      out.length = mark;
      out.push(internalError(rule, doc, err, budget));
    }
  }
  return out;
}

/**
 * A check's finding with its rule and its severity. Checks emit findings of several shapes
 * (with or without a path, a fix, a severity of their own): spread, each costs a slow copy; made
 * field by field, every finding has one shape.
 */
function withRule(f: Parameters<CheckContext['emit']>[0], rule: Rule, severity: Severity): RawFinding {
  return { rule, severity: f.severity ?? severity, message: f.message, span: f.span, path: f.path, related: f.related, fix: f.fix };
}

function internalError(rule: Rule, doc: ParsedDocument, err: unknown, budget: number): RawFinding {
  const span = doc.map.root;
  let message: string;
  if (err instanceof RuleTimeout) {
    message = `Rule ${rule.id} was stopped on this document: it ran over its time budget of ${budget} ms; its findings here are not reported`;
  } else {
    message = `Rule ${rule.id} failed on this document: ${err instanceof Error ? err.message : String(err)}`;
  }
  return { rule: INTERNAL_ERROR, severity: 'error', span, message };
}
