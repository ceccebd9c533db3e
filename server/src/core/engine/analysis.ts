import path from 'node:path';
import type { RawFinding } from '../checks/context.js';
import type { ReferenceFiring } from '../checks/kind.js';
import { renderMessage } from '../checks/context.js';
import type { ResolvedConfig } from '../config/model.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { checksOf, prepareCheck } from '../checks/registry.js';
import { isMap } from '../rules/paths.js';
import type { Registries } from '../rules/registries.js';
import type { DocumentRole, PathSegment, RelatedLocation, SafeFix, Severity, Span } from '../types.js';
import { lineStartsOf, type LineStarts } from '../text/line-index.js';
import type { QuietTexts } from '../text/quiet-texts.js';
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

/** A value a `reference` check found that names another document; resolved in the workspace stage. */
export interface Reference {
  rule: string;
  check: number;
  value: string;
  fires: ReferenceFiring;
  severity: Severity;
  span: Span;
  path: PathSegment[];
  /** The finding's message, with DETAIL and `{{$target...}}` markers standing for what the other document says (see fillTarget). */
  message: string;
  /** For `unlinked`: the values by which other documents name this one. */
  self?: string[];
}

/** A value by which another document's `reference` check may name this one. */
export interface ReferenceTarget {
  rule: string;
  check: number;
  value: string;
  span: Span;
  /** The values by which this document names others back (the check's `to.back`). */
  back?: string[];
  /** What the check's message shows of this document (`{{$target.PATH}}`), by PATH. */
  shown?: Record<string, string>;
}

/** Everything the workspace stage needs from one document, as plain data. */
export interface DocumentAnalysis {
  file: string;
  role: DocumentRole;
  lineStarts: LineStarts;
  length: number;
  findings: AnalysedFinding[];
  occurrences: Occurrence[];
  references: Reference[];
  targets: ReferenceTarget[];
  waivers: Waiver[];
  /** A record's own id and where it stands, so editors find a record by id without reading every file. */
  recordId?: { value: string; span: Span };
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
  /** Texts searches found nothing in before (see QuietTexts). */
  quiet?: QuietTexts;
}

/** The per-document stage: every per-document rule, the values workspace checks collect, the waivers. */
export function analyseDocument(input: AnalysisInput): DocumentAnalysis {
  const { doc } = input;
  const readable = doc.syntax.length === 0;
  const collected = readable ? collectWorkspaceValues(input) : { occurrences: [], references: [] };
  return {
    file: doc.file,
    role: doc.role,
    lineStarts: doc.lines.starts,
    length: doc.text.length,
    findings: evaluateDocument(input).map(plain),
    ...collected,
    targets: readable ? collectTargets(input) : [],
    waivers: readable ? judgedWaivers(doc, input) : [],
    ...recordIdOf(doc),
  };
}

function recordIdOf(doc: ParsedDocument): Pick<DocumentAnalysis, 'recordId'> {
  const id = doc.role === 'record' && isMap(doc.data) ? doc.data.id : undefined;
  const span = typeof id === 'string' && id.trim() !== '' ? doc.map.get(['id'])?.value : undefined;
  return span && typeof id === 'string' ? { recordId: { value: id.trim(), span } } : {};
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
    references: [],
    targets: [],
    waivers: [],
  };
}

/** The finding without its rule object, and without the fields it has no value for (it crosses threads and is cached). */
function plain(f: RawFinding): AnalysedFinding {
  const out: AnalysedFinding = { rule: f.rule.id, severity: f.severity, message: f.message, span: f.span };
  if (f.path) out.path = f.path;
  if (f.related) out.related = f.related;
  if (f.fix) out.fix = f.fix;
  return out;
}

/** The values workspace checks take from a document their rule applies to: `unique` values and references. */
function collectWorkspaceValues({ doc, catalog, settings, registries, today }: AnalysisInput): Pick<DocumentAnalysis, 'occurrences' | 'references'> {
  const occurrences: Occurrence[] = [];
  const references: Reference[] = [];
  for (const [id, setting] of settings) {
    const rule = catalog.get(id);
    if (!rule || checksOf(rule).workspace.length === 0) continue;
    const ctx = evalContextFor(doc, setting, registries, today);
    const marks = [occurrences.length, references.length];
    try {
      if (!ruleApplies(rule, doc, ctx)) continue;
      for (const { check, index } of checksOf(rule).workspace) {
        const prepared = prepareCheck(check);
        if (prepared.stage !== 'workspace') continue;
        const severity = severityFor(rule, setting, ctx, check);
        const template = check.message ?? rule.message;
        const { collector } = prepared;
        if ('grouped' in collector) {
          collector.grouped({ doc, rule, eval: ctx }, (cursor, value) => {
            occurrences.push({
              rule: rule.id,
              check: index,
              value,
              severity,
              span: doc.map.locate(cursor.path).span,
              path: cursor.path,
              message: renderMessage(template, cursor, ctx, { detail: DETAIL }),
            });
          });
          continue;
        }
        const { fires } = collector.referring;
        collector.referring.refers({ doc, rule, eval: ctx }, ({ cursor, value, span, self }) => {
          references.push({
            rule: rule.id,
            check: index,
            value,
            fires,
            severity,
            span: span ?? doc.map.locate(cursor.path).span,
            path: cursor.path,
            message: renderMessage(template, cursor, ctx, { detail: DETAIL, deferTarget: true }),
            ...(fires === 'unlinked' ? { self: [...self] } : {}),
          });
        });
      }
    } catch {
      // The rule failed here (evaluateDocument reports it as internal-error): none of its values count.
      occurrences.length = marks[0];
      references.length = marks[1];
    }
  }
  return { occurrences, references };
}

/**
 * What the document offers other documents' references, for every rule of the catalog
 * whether or not it is on here: a record stays a record others may name when a rule is
 * switched off for its folder.
 */
function collectTargets({ doc, config, catalog, settings, registries, today }: AnalysisInput): ReferenceTarget[] {
  const out: ReferenceTarget[] = [];
  const relativeFile = path.relative(config.root, doc.file).split(path.sep).join('/');
  for (const rule of catalog.values()) {
    const checks = checksOf(rule).workspace;
    if (checks.length === 0) continue;
    const setting = settings.get(rule.id) ?? { severity: rule.severity, options: rule.options?.defaults ?? {}, explicit: false, strict: false };
    const ctx = evalContextFor(doc, setting, registries, today);
    const mark = out.length;
    try {
      for (const { check, index } of checks) {
        const prepared = prepareCheck(check);
        if (prepared.stage !== 'workspace' || !('referring' in prepared.collector)) continue;
        prepared.collector.referring.offers({ doc, rule, eval: ctx, relativeFile }, ({ cursor, value, back, shown }) => {
          out.push({ rule: rule.id, check: index, value, span: doc.map.locate(cursor.path).span, ...(back ? { back } : {}), ...(shown ? { shown } : {}) });
        });
      }
    } catch {
      // A rule that fails on this document offers nothing from it (its own findings say why, where it is on).
      out.length = mark;
    }
  }
  return out;
}
