import { dateOf, isMap, isPresent, readDocument, textOf, type Finding, type ParsedDocument, type Project, type Severity } from '../../../core/index.js';
import { relativePath } from '../../formatters/relative-path.js';

/** The evidence sources that count as the customer standpoint (SPEC §1.3), unless the rule's options say otherwise. */
export const CUSTOMER_SOURCES = [
  'customer-interview', 'customer-feedback', 'support-tickets', 'complaints', 'frontline-staff', 'usage-data',
  'observation', 'mystery-shopper', 'survey', 'reviews', 'churn-analysis',
];

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
  waivers: { total: number; buckets: Array<{ key: WaiverBucket; count: number }>; list: Array<{ file: string; rule: string; owner: string; expires: string; bucket: WaiverBucket }> };
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

/** The numbers behind the scorecard, computed from the parsed records and the engine's findings. */
export function reportData(input: ReportInput): ReportData {
  const { project, today } = input;
  const rel = (file: string) => relativePath(input.cwd, file);
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);

  const records: RecordRow[] = [];
  const registers = new Set<string>();
  let promisesInRecords: unknown[] = [];
  let references = 0;
  const waiverList: ReportData['waivers']['list'] = [];

  for (const file of input.files) {
    if (project.isRegistry(file)) {
      const config = project.configFor(file);
      if (config.promises === file) registers.add(file);
      continue;
    }
    const text = project.host.readFile(file);
    if (text === undefined) continue;
    const doc = readDocument(file, text);
    const findings = byFile.get(file) ?? [];
    if (doc.role !== 'record' || doc.syntax.length > 0 || !isMap(doc.data)) {
      // A matched file that is not a readable record still shows, with its record-kind or record-syntax finding.
      records.push({
        file: rel(file), id: '', title: '', kind: doc.syntax.length > 0 ? 'unreadable' : 'not a record', status: '', date: '', impact: '',
        impacting: false, advocate: false, customerEvidence: false, promises: 0, ...counts(findings),
        findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.line })),
      });
      continue;
    }
    const data = doc.data;
    const impact = textOf(data.customer_impact).trim();
    const impacting = impact === 'direct' || impact === 'indirect';
    const standpoint = isMap(data.customer_standpoint) ? data.customer_standpoint : {};
    const sources = customerSources(project, file);
    const evidence = Array.isArray(standpoint.evidence) ? standpoint.evidence : [];
    const promises = Array.isArray(data.promises) ? data.promises : [];
    const own = promises.filter((p) => isMap(p) && !isPresent(p.ref));
    references += promises.length - own.length;
    promisesInRecords = [...promisesInRecords, ...own];
    waiverList.push(...waiversOf(doc, today).map((w) => ({ ...w, file: rel(file) })));
    records.push({
      file: rel(file),
      id: textOf(data.id).trim(),
      title: textOf(data.title).trim(),
      kind: textOf(data.decision).trim(),
      status: textOf(data.status).trim(),
      date: dateOf(data.date) ?? '',
      impact,
      impacting,
      advocate: Array.isArray(standpoint.advocates) ? standpoint.advocates.some(isPresent) : isPresent(standpoint.advocates),
      customerEvidence: evidence.some((e) => isMap(e) && sources.includes(textOf(e.source).trim())),
      promises: promises.length,
      ...counts(findings),
      findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.line })),
    });
  }
  records.sort((a, b) => (b.date || '').localeCompare(a.date || '') || a.file.localeCompare(b.file));

  const registerPromises = [...registers].flatMap((file) => {
    const data = project.registryDocument(file, 'promise-register').doc.data;
    return isMap(data) && Array.isArray(data.promises) ? data.promises : [];
  });
  const allPromises = [...promisesInRecords, ...registerPromises].filter(isMap);
  const has = (key: string) => allPromises.filter((p) => isPresent(p[key])).length;

  const recordFindings = input.findings;
  const impactingRecords = records.filter((r) => r.impacting);
  const monthMap = new Map<string, ReportData['months'][number]>();
  for (const r of records) {
    if (!r.date) continue;
    const key = r.date.slice(0, 7);
    const m = monthMap.get(key) ?? { key, records: 0, withErrors: 0, withWarningsOnly: 0, clean: 0 };
    m.records++;
    if (r.errors > 0) m.withErrors++;
    else if (r.warnings > 0) m.withWarningsOnly++;
    else m.clean++;
    monthMap.set(key, m);
  }

  return {
    today,
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
      key, principle: recordFindings.find((f) => f.rule === key)!.principle, ...c,
    })),
    standpoint: {
      impacting: impactingRecords.length,
      withAdvocate: impactingRecords.filter((r) => r.advocate).length,
      withCustomerEvidence: impactingRecords.filter((r) => r.customerEvidence).length,
      withBoth: impactingRecords.filter((r) => r.advocate && r.customerEvidence).length,
    },
    promises: {
      total: allPromises.length,
      inRecords: promisesInRecords.length,
      inRegister: registerPromises.length,
      references,
      withOwner: has('owner'),
      withMeasure: allPromises.filter((p) => isPresent(p.measure) && isPresent(p.target)).length,
      withReview: allPromises.filter((p) => dateOf(p.review) !== undefined).length,
      complete: allPromises.filter((p) => isPresent(p.owner) && isPresent(p.measure) && isPresent(p.target) && dateOf(p.review) !== undefined).length,
    },
    waivers: {
      total: waiverList.length,
      buckets: WAIVER_BUCKETS.map((key) => ({ key, count: waiverList.filter((w) => w.bucket === key).length })),
      list: waiverList.sort((a, b) => a.expires.localeCompare(b.expires) || a.file.localeCompare(b.file)),
    },
    months: [...monthMap.values()].sort((a, b) => a.key.localeCompare(b.key)),
    undated: records.filter((r) => !r.date).length,
    records,
  };
}

function customerSources(project: Project, file: string): string[] {
  const option = project.rulesFor(file).settings.get('customer-evidence-required')?.options.sources;
  return Array.isArray(option) && option.every((s) => typeof s === 'string') ? option as string[] : CUSTOMER_SOURCES;
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
  return [...groups].map(([k, list]) => [k, counts(list)] as [string, SeverityCounts])
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
