import { renderMessage } from '../checks/context.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { pathKey } from '../model/source-map.js';
import type { WaiverState } from '../checks/kind.js';
import { checksOf, isWaivable, prepareCheck } from '../checks/registry.js';
import { isMap, parsePath } from '../rules/paths.js';
import { dateOf, isPresent, textOf } from '../rules/values.js';
import { lineOfOffset } from '../text/line-index.js';
import type { PathSegment, Span } from '../types.js';
import type { AnalysedFinding, DocumentAnalysis } from './analysis.js';
import { severityFor } from './evaluate.js';

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
    out.push({
      rule: textOf(item.rule).trim(),
      reason: textOf(item.reason).trim() || undefined,
      owner: textOf(item.owner).trim() || undefined,
      expires: textOf(item.expires).trim() || undefined,
      path: narrowed,
      span: doc.map.locate(['waivers', i]).span,
      model: { value: entry, path: ['waivers', i] },
    });
  });
  for (const w of doc.inlineWaivers) {
    out.push({ rule: w.rule, reason: w.reason, owner: w.owner, expires: w.expires, line: w.targetLine, span: w.span, model: { value: { ...w }, path: [] } });
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
    if (!w.rule || !w.reason || !w.owner || !expires) states.set(w, 'incomplete');
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
        kept.push({
          rule: rule.id,
          severity,
          span: w.span,
          path: w.model.path,
          message: renderMessage(check.message ?? rule.message, w.model, ctx, { detail: describeWaiver(w, states.get(w)!) }),
        });
      }
    }
  }
  return { kept, waived: waived.size, active: [...states.values()].filter((s) => s === 'active').length };
}

function describeWaiver(w: Waiver, state: WaiverState): string {
  if (state === 'incomplete') {
    const missing = [!w.rule && 'rule', !w.reason && 'reason', !w.owner && 'owner', (!w.expires || !dateOf(w.expires)) && 'expires (YYYY-MM-DD)'].filter(Boolean);
    return `${w.rule || 'waiver'}: missing ${missing.join(', ')}`;
  }
  if (state === 'expired') return `${w.rule} expired on ${w.expires}`;
  return w.rule;
}
