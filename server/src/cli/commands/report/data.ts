import { dateOf, isMap, isPresent, readDocument, textOf, type Finding, type ParsedDocument, type Project, type Severity } from '../../../core/index.js';
import { relativePath } from '../../formatters/relative-path.js';

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
  total: number;
}

export interface RecordRow extends SeverityCounts {
  /** Relative to the folder the report is written from, forward slashes. */
  file: string;
  id: string;
  title: string;
  kind: string;
  status: string;
  date: string;
  impact: string;
  impacting: boolean;
  advocate: boolean;
  customerEvidence: boolean;
  promises: number;
  findings: Array<{ rule: string; severity: Severity; message: string; line: number }>;
}

export type WaiverBucket = 'incomplete' | 'expired' | 'within 30 days' | 'in 31–90 days' | 'later';
export const WAIVER_BUCKETS: readonly WaiverBucket[] = ['incomplete', 'expired', 'within 30 days', 'in 31–90 days', 'later'];

export interface ReportData {
  today: string;
  version: string;
  totals: SeverityCounts & { records: number; recordsWithErrors: number; cleanRecords: number; activeWaivers: number };
  byPrinciple: Array<SeverityCounts & { key: string }>;
  byRule: Array<SeverityCounts & { key: string; principle: string }>;
  /** Impacting decisions (customer_impact direct or indirect) and how many have the customer's standpoint in them. */
  standpoint: { impacting: number; withAdvocate: number; withCustomerEvidence: number; withBoth: number };
  promises: { total: number; inRecords: number; inRegister: number; references: number; withOwner: number; withMeasure: number; withReview: number; complete: number };
  waivers: {
    total: number;
    buckets: Array<{ key: WaiverBucket; count: number }>;
    list: Array<{ file: string; rule: string; owner: string; expires: string; bucket: WaiverBucket }>;
  };
  /** Records per decision month (YYYY-MM), oldest first; undated records are counted in `undated`. */
  months: Array<{ key: string; records: number; withErrors: number; withWarningsOnly: number; clean: number }>;
  undated: number;
  records: RecordRow[];
}

export interface ReportInput {
  project: Project;
  /** Files linted: records and the registries their configs name. */
  files: readonly string[];
  findings: readonly Finding[];
  activeWaivers: number;
  /** Base of the relative paths shown. */
  cwd: string;
  today: string;
  version: string;
}

/** What the records contribute to the scorecard beyond their rows. */
interface Collected {
  records: RecordRow[];
  registers: Set<string>;
  promisesInRecords: unknown[];
  references: number;
  waivers: ReportData['waivers']['list'];
}

/** The numbers behind the scorecard, computed from the parsed records and the engine's findings. */
export function reportData(input: ReportInput): ReportData {
  const collected = collectRecords(input);
  const { records } = collected;
  const recordFindings = input.findings;
  return {
    today: input.today,
    version: input.version,
    totals: {
      ...counts(recordFindings),
      records: records.filter((r) => r.kind !== 'not a record' && r.kind !== 'unreadable').length,
      recordsWithErrors: records.filter((r) => r.errors > 0).length,
      cleanRecords: records.filter((r) => r.total === 0).length,
      activeWaivers: input.activeWaivers,
    },
    byPrinciple: groupCounts(recordFindings, (f) => f.principle).map(([key, c]) => ({ key, ...c })),
    byRule: groupCounts(recordFindings, (f) => f.rule).map(([key, c]) => ({
      key,
      principle: recordFindings.find((f) => f.rule === key)!.principle,
      ...c,
    })),
    standpoint: standpointShare(records),
    promises: promiseStats(input.project, collected),
    waivers: {
      total: collected.waivers.length,
      buckets: WAIVER_BUCKETS.map((key) => ({ key, count: collected.waivers.filter((w) => w.bucket === key).length })),
      list: collected.waivers.sort((a, b) => a.expires.localeCompare(b.expires) || a.file.localeCompare(b.file)),
    },
    months: monthRows(records),
    undated: records.filter((r) => !r.date).length,
    records,
  };
}

/** One row per linted file that is not a registry, newest first; the promise registers, promises and waivers met on the way. */
function collectRecords(input: ReportInput): Collected {
  const { project } = input;
  const rel = (file: string) => relativePath(input.cwd, file);
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: Collected = { records: [], registers: new Set(), promisesInRecords: [], references: 0, waivers: [] };
  for (const file of input.files) {
    if (project.isRegistry(file)) {
      if (project.configFor(file).promises === file) out.registers.add(file);
      continue;
    }
    const text = project.host.readFile(file);
    if (text === undefined) continue;
    const doc = readDocument(file, text);
    const findings = byFile.get(file) ?? [];
    const listed = findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.line }));
    if (doc.role !== 'record' || doc.syntax.length > 0 || !isMap(doc.data)) {
      // A matched file that is not a readable record still shows, with its record-kind or record-syntax finding.
      out.records.push({
        file: rel(file),
        id: '',
        title: '',
        kind: doc.syntax.length > 0 ? 'unreadable' : 'not a record',
        status: '',
        date: '',
        impact: '',
        impacting: false,
        advocate: false,
        customerEvidence: false,
        promises: 0,
        ...counts(findings),
        findings: listed,
      });
      continue;
    }
    const promises: unknown[] = Array.isArray(doc.data.promises) ? doc.data.promises : [];
    const own = promises.filter((p) => isMap(p) && !isPresent(p.ref));
    out.references += promises.length - own.length;
    out.promisesInRecords.push(...own);
    out.waivers.push(...waiversOf(doc, input.today).map((w) => ({ ...w, file: rel(file) })));
    out.records.push({ file: rel(file), ...recordRow(doc.data, customerSources(project, file)), promises: promises.length, ...counts(findings), findings: listed });
  }
  out.records.sort((a, b) => (b.date || '').localeCompare(a.date || '') || a.file.localeCompare(b.file));
  return out;
}

/** What a record's own fields say: identity, impact, and whether the customer's standpoint is in it. */
function recordRow(data: Record<string, unknown>, sources: string[]): Omit<RecordRow, 'file' | 'promises' | 'findings' | keyof SeverityCounts> {
  const impact = textOf(data.customer_impact).trim();
  const standpoint = isMap(data.customer_standpoint) ? data.customer_standpoint : {};
  const evidence = Array.isArray(standpoint.evidence) ? standpoint.evidence : [];
  return {
    id: textOf(data.id).trim(),
    title: textOf(data.title).trim(),
    kind: textOf(data.decision).trim(),
    status: textOf(data.status).trim(),
    date: dateOf(data.date) ?? '',
    impact,
    impacting: impact === 'direct' || impact === 'indirect',
    advocate: Array.isArray(standpoint.advocates) ? standpoint.advocates.some(isPresent) : isPresent(standpoint.advocates),
    customerEvidence: evidence.some((e) => isMap(e) && sources.includes(textOf(e.source).trim())),
  };
}

function standpointShare(records: RecordRow[]): ReportData['standpoint'] {
  const impacting = records.filter((r) => r.impacting);
  return {
    impacting: impacting.length,
    withAdvocate: impacting.filter((r) => r.advocate).length,
    withCustomerEvidence: impacting.filter((r) => r.customerEvidence).length,
    withBoth: impacting.filter((r) => r.advocate && r.customerEvidence).length,
  };
}

function promiseStats(project: Project, collected: Collected): ReportData['promises'] {
  const registerPromises = [...collected.registers].flatMap((file): unknown[] => {
    const data = project.registryDocument(file, 'promise-register').doc.data;
    return isMap(data) && Array.isArray(data.promises) ? data.promises : [];
  });
  const all = [...collected.promisesInRecords, ...registerPromises].filter(isMap);
  return {
    total: all.length,
    inRecords: collected.promisesInRecords.length,
    inRegister: registerPromises.length,
    references: collected.references,
    withOwner: all.filter((p) => isPresent(p.owner)).length,
    withMeasure: all.filter((p) => isPresent(p.measure) && isPresent(p.target)).length,
    withReview: all.filter((p) => dateOf(p.review) !== undefined).length,
    complete: all.filter((p) => isPresent(p.owner) && isPresent(p.measure) && isPresent(p.target) && dateOf(p.review) !== undefined).length,
  };
}

/** Records per decision month, oldest first. */
function monthRows(records: RecordRow[]): ReportData['months'] {
  const months = new Map<string, ReportData['months'][number]>();
  for (const r of records) {
    if (!r.date) continue;
    const key = r.date.slice(0, 7);
    const m = months.get(key) ?? { key, records: 0, withErrors: 0, withWarningsOnly: 0, clean: 0 };
    m.records++;
    if (r.errors > 0) m.withErrors++;
    else if (r.warnings > 0) m.withWarningsOnly++;
    else m.clean++;
    months.set(key, m);
  }
  return [...months.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The evidence sources that count as the customer standpoint: customer-evidence-required's options for this file. */
function customerSources(project: Project, file: string): string[] {
  const option = project.ruleOptions('customer-evidence-required', file).sources;
  return Array.isArray(option) ? option.filter((s): s is string => typeof s === 'string') : [];
}

function counts(findings: readonly Finding[]): SeverityCounts {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.filter((f) => f.severity === 'info').length;
  return { errors, warnings, infos, total: errors + warnings + infos };
}

/** Groups with their counts, most serious first, then by name. */
function groupCounts(findings: readonly Finding[], keyOf: (f: Finding) => string): Array<[string, SeverityCounts]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(keyOf(f), [...(groups.get(keyOf(f)) ?? []), f]);
  return [...groups]
    .map(([k, list]) => [k, counts(list)] as [string, SeverityCounts])
    .sort((a, b) => b[1].errors - a[1].errors || b[1].total - a[1].total || a[0].localeCompare(b[0]));
}

/** The record's waivers (structured and inline) with the expiry bucket each falls in. */
function waiversOf(doc: ParsedDocument, today: string): Array<{ rule: string; owner: string; expires: string; bucket: WaiverBucket }> {
  const data = isMap(doc.data) ? doc.data : {};
  const structured = (Array.isArray(data.waivers) ? data.waivers : []).map((w) => (isMap(w) ? w : {}));
  const all = [
    ...structured.map((w) => ({ rule: textOf(w.rule).trim(), reason: textOf(w.reason).trim(), owner: textOf(w.owner).trim(), expires: textOf(w.expires).trim() })),
    ...doc.inlineWaivers.map((w) => ({ rule: w.rule, reason: w.reason ?? '', owner: w.owner ?? '', expires: w.expires ?? '' })),
  ];
  return all.map((w) => {
    const expires = dateOf(w.expires);
    let bucket: WaiverBucket;
    if (!w.rule || !w.reason || !w.owner || !expires) bucket = 'incomplete';
    else if (expires < today) bucket = 'expired';
    else {
      const days = daysBetween(today, expires);
      bucket = days <= 30 ? 'within 30 days' : days <= 90 ? 'in 31–90 days' : 'later';
    }
    return { rule: w.rule, owner: w.owner, expires: expires ?? w.expires, bucket };
  });
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
