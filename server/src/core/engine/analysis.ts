import type { RawFinding } from '../checks/context.js';
import { renderMessage } from '../checks/context.js';
import type { ResolvedConfig } from '../config/model.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { checksOf, prepareCheck } from '../checks/registry.js';
import type { Registries } from '../rules/registries.js';
import type { DocumentRole, PathSegment, RelatedLocation, SafeFix, Severity, Span } from '../types.js';
import { lineStartsOf } from '../text/line-index.js';
import { evalContextFor, evaluateDocument, INTERNAL_ERROR, ruleApplies, severityFor } from './evaluate.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { collectWaivers, waiverProblems, type Waiver } from './waivers.js';

/** A finding as plain data, so analyses can cross worker threads and live in the cache. */
export interface AnalysedFinding {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  path?: PathSegment[];
  related?: RelatedLocation[];
  fix?: SafeFix;
}

/** A value a workspace check collected; grouped across the workspace in the second stage. */
export interface Occurrence {
  rule: string;
  check: number;
  value: string;
  severity: Severity;
  span: Span;
  path: PathSegment[];
  /** The finding's message, with DETAIL standing where the other places will go. */
  message: string;
}

/** Placeholder for `{{$detail}}` in workspace check messages, filled in once all places are known. */
export const DETAIL = '\u0000detail\u0000';

/** Everything the workspace stage needs from one document, as plain data. */
export interface DocumentAnalysis {
  file: string;
  role: DocumentRole;
  lineStarts: number[];
  length: number;
  findings: AnalysedFinding[];
  occurrences: Occurrence[];
  waivers: Waiver[];
}

export interface AnalysisInput {
  doc: ParsedDocument;
  config: ResolvedConfig;
  catalog: RuleCatalog;
  settings: ReadonlyMap<string, RuleSetting>;
  registries: Registries;
  today: string;
  schemas: SchemaRegistry;
  /** The clock rule time budgets are measured on; Date.now unless a test drives it. */
  now?: () => number;
}

/** The per-document stage: every per-document rule, the values workspace checks collect, the waivers. */
export function analyseDocument(input: AnalysisInput): DocumentAnalysis {
  const { doc } = input;
  return {
    file: doc.file,
    role: doc.role,
    lineStarts: doc.lines.starts,
    length: doc.text.length,
    findings: evaluateDocument(input).map(plain),
    occurrences: doc.syntax.length > 0 ? [] : collectOccurrences(input),
    waivers: doc.syntax.length > 0 ? [] : judgedWaivers(doc, input),
  };
}

/** The document's waivers, each with what keeps it from being accountable. */
function judgedWaivers(doc: ParsedDocument, input: AnalysisInput): Waiver[] {
  return collectWaivers(doc).map((w) => {
    const problems = waiverProblems(w, input);
    return problems.length > 0 ? { ...w, problems } : w;
  });
}

/**
 * The analysis of a document whose analysis was stopped from outside (it ran over the time
 * limit, or out of memory): one `internal-error` finding on its first line saying why, so it
 * is reported where it is, never parsed again here. `reason` completes "its analysis ...".
 */
export function stoppedAnalysis(file: string, text: string, reason: string): DocumentAnalysis {
  const lineStarts = lineStartsOf(text);
  const firstLineEnd = lineStarts.length > 1 ? lineStarts[1] - 1 : text.length;
  return {
    file,
    role: 'record',
    lineStarts,
    length: text.length,
    findings: [
      { rule: INTERNAL_ERROR.id, severity: 'error', message: `This document was not checked: ${reason}; no rule reports on it`, span: { start: 0, end: firstLineEnd } },
    ],
    occurrences: [],
    waivers: [],
  };
}

function plain(f: RawFinding): AnalysedFinding {
  return {
    rule: f.rule.id,
    severity: f.severity,
    message: f.message,
    span: f.span,
    ...(f.path ? { path: f.path } : {}),
    ...(f.related ? { related: f.related } : {}),
    ...(f.fix ? { fix: f.fix } : {}),
  };
}

function collectOccurrences({ doc, catalog, settings, registries, today }: AnalysisInput): Occurrence[] {
  const out: Occurrence[] = [];
  for (const [id, setting] of settings) {
    const rule = catalog.get(id);
    if (!rule || checksOf(rule).workspace.length === 0) continue;
    const ctx = evalContextFor(doc, setting, registries, today);
    const mark = out.length;
    try {
      if (!ruleApplies(rule, doc, ctx)) continue;
      for (const { check, index } of checksOf(rule).workspace) {
        const prepared = prepareCheck(check);
        if (prepared.stage !== 'workspace') continue;
        const severity = severityFor(rule, setting, ctx, check);
        prepared.collect({ doc, rule, eval: ctx }, (cursor, value) => {
          out.push({
            rule: rule.id,
            check: index,
            value,
            severity,
            span: doc.map.locate(cursor.path).span,
            path: cursor.path,
            message: renderMessage(check.message ?? rule.message, cursor, ctx, { detail: DETAIL }),
          });
        });
      }
    } catch {
      // The rule failed here (evaluateDocument reports it as internal-error): none of its values count.
      out.length = mark;
    }
  }
  return out;
}
