import { renderMessage } from '../checks/context.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { pathKey } from '../model/source-map.js';
import type { WaiverState } from '../checks/kind.js';
import { checksOf, isWaivable, prepareCheck } from '../checks/registry.js';
import { isMap, parsePath } from '../rules/paths.js';
import { addToDate, dateOf, isPresent, numberOf, textOf, wordCount } from '../rules/values.js';
import { STANDARD_PLACEHOLDERS } from '../rules/placeholders.js';
import type { Registries } from '../rules/registries.js';
import { parseDocument } from '../parse/document.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { lineOfOffset } from '../text/line-index.js';
import { onlyMatch } from '../text/nearest.js';
import type { PathSegment, Span } from '../types.js';
import type { AnalysedFinding, DocumentAnalysis } from './analysis.js';
import { evaluateDocument, severityFor } from './evaluate.js';

export type { WaiverState } from '../checks/kind.js';

/** A waiver from the record's `waivers:` list or an inline comment. */
export interface Waiver {
  rule: string;
  reason?: string;
  owner?: string;
  expires?: string;
  /** Structured waivers may narrow themselves to one node of the record. */
  path?: PathSegment[];
  /** Inline waivers cover findings starting on this 0-based line. */
  line?: number;
  span: Span;
  model: { value: unknown; path: PathSegment[] };
  /** What keeps the waiver from being accountable (SPEC §1.6), in words; judged with the document. */
  problems?: string[];
  /** Where its rule id is written, for a did-you-mean fix. */
  ruleSpan?: Span;
}

export function collectWaivers(doc: ParsedDocument): Waiver[] {
  const out: Waiver[] = [];
  const list = isMap(doc.data) && Array.isArray(doc.data.waivers) ? doc.data.waivers : [];
  list.forEach((entry, i) => {
    const item = isMap(entry) ? entry : {};
    let narrowed: PathSegment[] | undefined;
    if (isPresent(item.path)) {
      try {
        narrowed = parsePath(textOf(item.path)).steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : '*'));
      } catch {
        narrowed = ['\u0000unparseable'];
      }
    }
    const ruleAt = doc.map.get(['waivers', i, 'rule']);
    out.push({
      rule: textOf(item.rule).trim(),
      ...(ruleAt?.shape === 'scalar' ? { ruleSpan: ruleAt.value } : {}),
      reason: textOf(item.reason).trim() || undefined,
      owner: textOf(item.owner).trim() || undefined,
      expires: textOf(item.expires).trim() || undefined,
      path: narrowed,
      span: doc.map.locate(['waivers', i]).span,
      model: { value: entry, path: ['waivers', i] },
    });
  });
  for (const w of doc.inlineWaivers) {
    out.push({
      rule: w.rule,
      reason: w.reason,
      owner: w.owner,
      expires: w.expires,
      line: w.targetLine,
      span: w.span,
      ...(w.ruleSpan ? { ruleSpan: w.ruleSpan } : {}),
      model: { value: { rule: w.rule, reason: w.reason, owner: w.owner, expires: w.expires }, path: [] },
    });
  }
  return out;
}

function covers(w: Waiver, f: AnalysedFinding, analysis: DocumentAnalysis, catalog: RuleCatalog): boolean {
  if (f.rule !== w.rule || !isWaivable(catalog.get(f.rule))) return false;
  if (w.line !== undefined) return lineOfOffset(analysis.lineStarts, f.span.start) === w.line;
  if (!w.path) return true;
  const target = pathKey(w.path);
  const at = f.path ? pathKey(f.path) : '';
  return at === target || at.startsWith(`${target}\u001f`);
}

export interface WaiverOutcome {
  kept: AnalysedFinding[];
  waived: number;
  active: number;
}

/**
 * Applies a document's waivers. Incomplete or expired waivers waive nothing; a complete,
 * unexpired waiver that covers no finding is unused. Each waiver finding comes from a rule
 * whose waiver-stage check reports the waiver's state.
 */
export function applyWaivers(
  analysis: DocumentAnalysis,
  findings: AnalysedFinding[],
  catalog: RuleCatalog,
  settings: ReadonlyMap<string, RuleSetting>,
  today: string,
): WaiverOutcome {
  if (analysis.waivers.length === 0) return { kept: findings, waived: 0, active: 0 };
  const waived = new Set<AnalysedFinding>();
  const states = new Map<Waiver, WaiverState>();
  for (const w of analysis.waivers) {
    const expires = w.expires ? dateOf(w.expires) : undefined;
    if (!w.rule || !w.reason || !w.owner || !expires || (w.problems?.length ?? 0) > 0) states.set(w, 'incomplete');
    else if (expires < today) states.set(w, 'expired');
    else {
      const hits = findings.filter((f) => covers(w, f, analysis, catalog));
      hits.forEach((f) => waived.add(f));
      states.set(w, hits.length > 0 ? 'active' : 'unused');
    }
  }
  const kept = findings.filter((f) => !waived.has(f));
  for (const [id, setting] of settings) {
    const rule = catalog.get(id);
    if (!rule) continue;
    for (const check of checksOf(rule).waivers) {
      const prepared = prepareCheck(check);
      if (prepared.stage !== 'waivers') continue;
      const ctx = { root: undefined, today, options: setting.options, registries: {} };
      const severity = severityFor(rule, setting, ctx, check);
      for (const w of analysis.waivers.filter((x) => {
        const state = states.get(x);
        return state !== undefined && prepared.reports(state);
      })) {
        const meant = w.ruleSpan && !catalog.get(w.rule) ? onlyMatch(w.rule, [...catalog.keys()]) : undefined;
        kept.push({
          rule: rule.id,
          severity,
          span: w.span,
          path: w.model.path,
          message: renderMessage(check.message ?? rule.message, w.model, ctx, { detail: describeWaiver(w, states.get(w)!) }),
          ...(meant && w.ruleSpan ? { fix: { span: w.ruleSpan, text: meant } } : {}),
        });
      }
    }
  }
  return { kept, waived: waived.size, active: [...states.values()].filter((s) => s === 'active').length };
}

function describeWaiver(w: Waiver, state: WaiverState): string {
  if (state === 'incomplete') {
    const needs =
      w.problems ??
      [!w.rule && 'a rule id', !w.reason && 'a reason', !w.owner && 'an owner', (!w.expires || !dateOf(w.expires)) && 'an expiry date (YYYY-MM-DD)'].filter(Boolean);
    return `${w.rule || 'waiver'}: needs ${needs.join('; ')}`;
  }
  if (state === 'expired') return `${w.rule} expired on ${w.expires}`;
  return w.rule;
}

/** The rule whose test an owner must pass, for a waiver as for any owner field. */
const OWNER_RULE = 'no-diffused-ownership';
const WAIVER_RULE = 'waiver-incomplete';

export interface WaiverJudgement {
  catalog: RuleCatalog;
  settings: ReadonlyMap<string, RuleSetting>;
  registries: Registries;
  today: string;
  schemas: SchemaRegistry;
}

/**
 * What keeps a waiver from being accountable (SPEC §1.6), each as what it needs: a reason
 * of at least `min_reason_words` real words that is not placeholder text, one specific
 * person as owner (the same test as every owner field, registry first), and an expiry that
 * is a real date at most `max_days` ahead. Options are `waiver-incomplete`'s, as configured
 * or by default: a waiver is judged the same whether or not that rule reports.
 */
export function waiverProblems(w: Waiver, j: WaiverJudgement): string[] {
  const options = optionsOf(WAIVER_RULE, j);
  const minWords = numberOf(options.min_reason_words) ?? 5;
  const maxDays = numberOf(options.max_days) ?? 365;
  const placeholders = j.registries.placeholders ?? STANDARD_PLACEHOLDERS;
  const needs: string[] = [];
  if (!w.rule) needs.push('a rule id');
  else if (!j.catalog.get(w.rule)) {
    const meant = onlyMatch(w.rule, [...j.catalog.keys()]);
    needs.push(`a rule id Standpoint knows ("${w.rule}" is none${meant ? `; did you mean ${meant}?` : ''})`);
  }
  if (!w.reason) needs.push('a reason');
  else if (placeholders.matches(w.reason)) needs.push(`a real reason ("${w.reason}" is placeholder text)`);
  else if (wordCount(w.reason) < minWords) needs.push(`a reason of at least ${minWords} words ("${w.reason}" says too little)`);
  if (!w.owner) needs.push('an owner');
  else {
    const verdict = ownerVerdict(w.owner, j);
    if (verdict) needs.push(`one specific person as owner (${verdict})`);
  }
  const expires = w.expires ? dateOf(w.expires) : undefined;
  if (!w.expires) needs.push('an expiry date (YYYY-MM-DD)');
  else if (!expires) needs.push(`an expiry that is a real date in YYYY-MM-DD ("${w.expires}" is not)`);
  else {
    const limit = addToDate(j.today, 0, maxDays);
    if (expires > limit) needs.push(`an expiry at most ${maxDays} days ahead, by ${limit} (${expires} is later)`);
  }
  return needs;
}

function optionsOf(ruleId: string, j: WaiverJudgement): Record<string, unknown> {
  return j.settings.get(ruleId)?.options ?? j.catalog.get(ruleId)?.options?.defaults ?? {};
}

/** Why the owner is not one specific person, from the owner rule's own findings; undefined when they are. */
function ownerVerdict(owner: string, j: WaiverJudgement): string | undefined {
  const placeholders = j.registries.placeholders ?? STANDARD_PLACEHOLDERS;
  if (placeholders.matches(owner)) return `"${owner}" is placeholder text`;
  const rule = j.catalog.get(OWNER_RULE);
  if (!rule) return undefined;
  const setting: RuleSetting = j.settings.get(OWNER_RULE) ?? { severity: rule.severity, options: rule.options?.defaults ?? {}, explicit: false, strict: false };
  const doc = parseDocument('waiver-owner.yaml', `owner: ${JSON.stringify(owner)}\n`);
  const found = evaluateDocument({ doc, catalog: j.catalog, settings: new Map([[OWNER_RULE, setting]]), registries: j.registries, today: j.today, schemas: j.schemas });
  const first = found.find((f) => f.rule.id === OWNER_RULE);
  return first ? first.message.replace(/:.*$/s, '') : undefined;
}
