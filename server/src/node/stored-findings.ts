import type { DocumentOutcome, DocumentRole, Finding, PathSegment, RelatedLocation, SafeFix, Severity } from '../core/index.js';
import type { ScopeDigest } from './changed-scope.js';

/**
 * What a run's totals and a `--changed-since` scope need of a document's outcome: stored
 * apart from its findings, so that a reused run decodes only the findings it reports.
 */
export interface OutcomeSummary {
  role: DocumentRole;
  waived: number;
  active: number;
  scope: ScopeDigest;
}

/**
 * A document's findings of the workspace stage as the cache stores them: every field of each
 * finding, with what many findings share (a rule's principle and page, one value's list of
 * places) written once per document. Reading them back gives findings equal, key for key and in
 * the same order, to the ones the workspace stage makes.
 */
interface StoredFindings {
  /** [principle, docsUrl] pairs the rows point to. */
  rules: Array<[string, string]>;
  related: RelatedLocation[][];
  /** [rule, severity, message, rules index, line, column, endLine, endColumn, span start, span end, path or 0, related index or -1, fix or 0] */
  rows: unknown[][];
}

type Row = [string, Severity, string, number, number, number, number, number, number, number, PathSegment[] | 0, number, SafeFix | 0];

export function summaryOf(outcome: DocumentOutcome, scope: ScopeDigest): OutcomeSummary {
  return { role: outcome.role, waived: outcome.waived, active: outcome.active, scope };
}

/** A summary as stored, short (the cache's index holds one per document): [role, waived, active, places, registries, unresolved]. */
export function encodeSummary({ role, waived, active, scope }: OutcomeSummary): unknown[] {
  return [role, waived, active, scope.places, scope.registries ? 1 : 0, scope.unresolved ? 1 : 0];
}

export function encodeFindings(findings: readonly Finding[]): StoredFindings {
  const rules = new Map<string, number>();
  const related = new Map<readonly RelatedLocation[], number>();
  const rows = findings.map((f): Row => {
    const ruleKey = `${f.principle}\u0000${f.docsUrl}`;
    let rule = rules.get(ruleKey);
    if (rule === undefined) rules.set(ruleKey, (rule = rules.size));
    let places = -1;
    if (f.related) {
      places = related.get(f.related) ?? related.size;
      related.set(f.related, places);
    }
    return [f.rule, f.severity, f.message, rule, f.line, f.column, f.endLine, f.endColumn, f.span.start, f.span.end, f.path ?? 0, places, f.fix ?? 0];
  });
  return {
    rules: [...rules.keys()].map((k) => k.split('\u0000') as [string, string]),
    related: [...related.keys()] as RelatedLocation[][],
    rows,
  };
}

const ROLES: readonly string[] = ['record', 'non-record', 'promise-register', 'people-registry'] satisfies DocumentRole[];
const SEVERITIES: readonly string[] = ['error', 'warning', 'info'] satisfies Severity[];

/** A summary from its stored form; undefined when that is not one (the cache file is anyone's to edit). */
export function decodeSummary(value: unknown): OutcomeSummary | undefined {
  if (!Array.isArray(value) || value.length !== 6) return undefined;
  const [role, waived, active, places, registries, unresolved] = value as unknown[];
  if (!ROLES.includes(role as string) || !isCount(waived) || !isCount(active) || !Array.isArray(places) || !places.every((p) => typeof p === 'string')) return undefined;
  if ((registries !== 0 && registries !== 1) || (unresolved !== 0 && unresolved !== 1)) return undefined;
  return { role: role as DocumentRole, waived, active, scope: { places: places, registries: registries === 1, unresolved: unresolved === 1 } };
}

/** The findings of `file` from their stored form; undefined when that is not one. */
export function decodeFindings(file: string, value: unknown): Finding[] | undefined {
  if (!isRecord(value)) return undefined;
  const { rules, related, rows } = value;
  if (!Array.isArray(rules) || !rules.every((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && typeof r[1] === 'string')) return undefined;
  if (!Array.isArray(related) || !related.every((list) => Array.isArray(list) && list.every(isRelated))) return undefined;
  if (!Array.isArray(rows)) return undefined;
  const findings: Finding[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 13) return undefined;
    const [rule, severity, message, ruleIndex, line, column, endLine, endColumn, start, end, at, places, fix] = row as unknown[];
    if (typeof rule !== 'string' || !SEVERITIES.includes(severity as string) || typeof message !== 'string') return undefined;
    const meta = (rules as Array<[string, string]>)[ruleIndex as number];
    if (!meta || ![line, column, endLine, endColumn, start, end].every(isCount) || (start as number) > (end as number)) return undefined;
    if (at !== 0 && !isPath(at)) return undefined;
    const places_ = places === -1 ? undefined : related[places as number];
    if (places !== -1 && !places_) return undefined;
    if (fix !== 0 && !isFix(fix)) return undefined;
    // The key order of the workspace stage's findings.
    findings.push({
      file,
      rule,
      severity: severity as Severity,
      message,
      principle: meta[0],
      docsUrl: meta[1],
      line: line as number,
      column: column as number,
      endLine: endLine as number,
      endColumn: endColumn as number,
      span: { start: start as number, end: end as number },
      path: at === 0 ? undefined : at,
      ...(places_ ? { related: places_ } : {}),
      ...(fix !== 0 ? { fix } : {}),
    });
  }
  return findings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isPath(value: unknown): value is PathSegment[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string' || typeof s === 'number');
}

function isRelated(value: unknown): value is RelatedLocation {
  return isRecord(value) && typeof value.file === 'string' && [value.line, value.column, value.endLine, value.endColumn].every(isCount);
}

function isFix(value: unknown): value is SafeFix {
  return isRecord(value) && isRecord(value.span) && isCount(value.span.start) && isCount(value.span.end) && typeof value.text === 'string';
}
