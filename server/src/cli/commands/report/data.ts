import {
  dateOf,
  isMap,
  isPresent,
  readDocument,
  STANDARD_PLACEHOLDERS,
  textOf,
  type Finding,
  type ParsedDocument,
  type PlaceholderMatcher,
  type Project,
} from '../../../core/index.js';
import { relativePath } from '../../formatters/relative-path.js';
import type { History } from './history.js';
import { outcomeOf } from './outcome.js';
import {
  DUE_WITHIN_DAYS,
  WAIVER_BUCKETS,
  type Due,
  type MonthRow,
  type OwnedItem,
  type OwnerRow,
  type PromiseRow,
  type RecordRow,
  type ReportData,
  type ReportInput,
  type SeverityCounts,
  type WaiverBucket,
  type WaiverRow,
} from './rows.js';

/** What the records contribute to the scorecard beyond their rows. */
interface Collected {
  records: RecordRow[];
  registers: Set<string>;
  promisesInRecords: unknown[];
  promiseRows: PromiseRow[];
  /** Register promise id → ids of the records that reference it. */
  references: Map<string, string[]>;
  referenceCount: number;
  waivers: WaiverRow[];
  owned: Array<OwnedItem & { owner: Owner }>;
}

/** The numbers behind the scorecard, computed from the parsed records and the engine's findings. */
export function reportData(input: ReportInput): ReportData {
  const collected = collectRecords(input);
  addRegisterPromises(input, collected);
  const { records } = collected;
  const recordFindings = input.findings;
  const principles = new Set([...recordFindings.map((f) => f.principle), ...(input.history?.principles ?? [])]);
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
    principles: Object.fromEntries([...principles].sort().map((p) => [p, principleTitle(p)])),
    byPrinciple: groupCounts(recordFindings, (f) => f.principle).map(([key, c]) => ({ key, ...c })),
    byRule: groupCounts(recordFindings, (f) => f.rule).map(([key, c]) => ({
      key,
      principle: recordFindings.find((f) => f.rule === key)!.principle,
      ...c,
    })),
    standpoint: standpointShare(records),
    promises: promiseStats(input.project, collected),
    promiseList: collected.promiseRows.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }) || a.file.localeCompare(b.file)),
    owners: ownerRows(collected.owned),
    waivers: {
      total: collected.waivers.length,
      buckets: WAIVER_BUCKETS.map((key) => ({ key, count: collected.waivers.filter((w) => w.bucket === key).length })),
      list: collected.waivers.sort((a, b) => a.expires.localeCompare(b.expires) || a.file.localeCompare(b.file)),
    },
    months: monthRows(records, input.history),
    undated: records.filter((r) => !r.date).length,
    ...(input.history ? { history: input.history } : {}),
    records,
  };
}

/** A principle's title from its slug: `customers-before-the-quarter` → "Customers before the quarter". */
export function principleTitle(slug: string): string {
  if (slug === 'none') return 'No principle';
  const words = slug.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One row per linted file that is not a registry, newest first; the promise registers, promises, waivers and owners met on the way. */
function collectRecords(input: ReportInput): Collected {
  const { project } = input;
  const rel = (file: string) => relativePath(input.root, file);
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: Collected = { records: [], registers: new Set(), promisesInRecords: [], promiseRows: [], references: new Map(), referenceCount: 0, waivers: [], owned: [] };
  for (const file of input.files) {
    if (project.isRegistry(file)) {
      if (project.configFor(file).promises === file) out.registers.add(file);
      continue;
    }
    const text = project.host.readFile(file);
    if (text === undefined) continue;
    const doc = readDocument(file, text);
    const findings = byFile.get(file) ?? [];
    const listed = findings.map((f) => ({ rule: f.rule, principle: f.principle, severity: f.severity, message: f.message, line: f.line }));
    if (doc.role !== 'record' || doc.syntax.length > 0 || !isMap(doc.data)) {
      // A matched file that is not a readable record still shows, with its record-kind or record-syntax finding.
      out.records.push({
        file: rel(file),
        id: '',
        title: '',
        kind: doc.syntax.length > 0 ? 'unreadable' : 'not a record',
        status: '',
        date: '',
        owner: '',
        reviewBy: '',
        outcome: outcomeOf(undefined, STANDARD_PLACEHOLDERS),
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
    const people = peopleFor(project, file);
    const data = doc.data;
    const own = recordRow(data, customerSources(project, file), people);
    const recordName = [own.id, own.title].filter(Boolean).join(' ') || rel(file);
    const promises: unknown[] = Array.isArray(data.promises) ? data.promises : [];
    for (const p of promises) {
      if (!isMap(p)) continue;
      if (isPresent(p.ref)) {
        out.referenceCount++;
        const id = textOf(p.ref).trim();
        out.references.set(id, [...(out.references.get(id) ?? []), own.id || rel(file)]);
        continue;
      }
      out.promisesInRecords.push(p);
      const row = promiseRow(p, rel(file), own.id, people, input.today);
      out.promiseRows.push(row);
      out.owned.push(ownedPromise(row, people.owner(p.owner)));
    }
    const retired = ['superseded', 'withdrawn', 'rejected'].includes(own.status);
    const recordDue = retired || own.outcome.verdict !== 'none' ? undefined : dueOf(own.reviewBy, input.today);
    out.owned.push({ kind: 'record', label: recordName, file: rel(file), date: own.reviewBy, due: recordDue, owner: people.owner(data.owner) });
    for (const w of waiversOf(doc, input.today)) {
      const owner = people.owner(w.owner);
      out.waivers.push({ ...w, owner: owner.name, file: rel(file) });
      const due = w.bucket === 'expired' ? 'overdue' : w.bucket === 'within 30 days' ? 'due soon' : undefined;
      out.owned.push({ kind: 'waiver', label: `${w.rule || 'waiver'} in ${own.id || rel(file)}`, file: rel(file), date: dateOf(w.expires) ?? '', due, owner });
    }
    out.records.push({ file: rel(file), ...own, promises: promises.length, ...counts(findings), findings: listed });
  }
  out.records.sort((a, b) => (b.date || '').localeCompare(a.date || '') || a.file.localeCompare(b.file));
  return out;
}

/** The promises of the registers: their rows, owners and what falls due. */
function addRegisterPromises(input: ReportInput, collected: Collected): void {
  for (const file of collected.registers) {
    const data = input.project.registryDocument(file, 'promise-register').doc.data;
    const people = peopleFor(input.project, file);
    for (const p of isMap(data) && Array.isArray(data.promises) ? data.promises : []) {
      if (!isMap(p)) continue;
      const row = promiseRow(p, relativePath(input.root, file), '', people, input.today);
      collected.promiseRows.push({ ...row, referencedBy: collected.references.get(row.id) ?? [] });
      collected.owned.push(ownedPromise(row, people.owner(p.owner)));
    }
  }
}

function promiseRow(p: Record<string, unknown>, file: string, record: string, people: People, today: string): PromiseRow {
  const outcome = outcomeOf(p.outcome, people.placeholders);
  const review = dateOf(p.review) ?? textOf(p.review).trim();
  return {
    id: textOf(p.id).trim(),
    promise: textOf(p.promise).trim(),
    owner: people.owner(p.owner).name,
    measure: textOf(p.measure).trim(),
    target: textOf(p.target).trim(),
    baseline: textOf(p.baseline).trim(),
    review,
    file,
    record,
    referencedBy: [],
    outcome,
    due: outcome.verdict === 'none' ? dueOf(review, today) : undefined,
  };
}

function ownedPromise(row: PromiseRow, owner: Owner): OwnedItem & { owner: Owner } {
  return { kind: 'promise', label: [row.id, row.promise].filter(Boolean).join(' ') || 'promise', file: row.file, date: dateOf(row.review) ?? '', due: row.due, owner };
}

/** Overdue before today, due soon within DUE_WITHIN_DAYS, else nothing to say. */
function dueOf(date: string, today: string): Due | undefined {
  if (!dateOf(date)) return undefined;
  if (date < today) return 'overdue';
  return daysBetween(today, date) <= DUE_WITHIN_DAYS ? 'due soon' : undefined;
}

interface Owner {
  key: string;
  name: string;
  registered?: boolean;
}

/** The people registry and placeholder text of the configuration that applies to a file. */
function peopleFor(project: Project, file: string): People {
  const registries = project.registries(project.configFor(file));
  return new People(registries.people, registries.placeholders ?? STANDARD_PLACEHOLDERS);
}

/** Owner names as the people registry gives them (by id or name); placeholder text is no owner. */
class People {
  constructor(
    private readonly registry: { find(nameOrId: string): { id?: string; name?: string } | undefined } | undefined,
    readonly placeholders: PlaceholderMatcher,
  ) {}

  owner(value: unknown): Owner {
    const written = (Array.isArray(value) ? value.map(textOf).join(', ') : textOf(value)).trim();
    if (!written || !this.placeholders.answered(value)) return { key: '', name: '' };
    if (!this.registry) return { key: written.toLowerCase(), name: written };
    const person = this.registry.find(written);
    if (!person) return { key: written.toLowerCase(), name: written, registered: false };
    return { key: (person.id ?? person.name ?? written).toLowerCase(), name: person.name ?? person.id ?? written, registered: true };
  }
}

/** One row per owner, the ones with something overdue or due soon first, then by name; items without an owner last. */
function ownerRows(owned: Array<OwnedItem & { owner: Owner }>): OwnerRow[] {
  const rows = new Map<string, OwnerRow>();
  for (const { owner, ...item } of owned) {
    const row = rows.get(owner.key) ?? { key: owner.key, name: owner.name, ...(owner.registered === undefined ? {} : { registered: owner.registered }), items: [] };
    row.items.push(item);
    rows.set(owner.key, row);
  }
  const order: Record<string, number> = { overdue: 0, 'due soon': 1 };
  for (const row of rows.values())
    row.items.sort((a, b) => (order[a.due ?? ''] ?? 2) - (order[b.due ?? ''] ?? 2) || a.date.localeCompare(b.date) || a.label.localeCompare(b.label));
  const dueCount = (r: OwnerRow) => r.items.filter((i) => i.due).length;
  return [...rows.values()].sort((a, b) => Number(a.key === '') - Number(b.key === '') || dueCount(b) - dueCount(a) || a.name.localeCompare(b.name));
}

/** What a record's own fields say: identity, owner, review, impact, and whether the customer's standpoint is in it. */
function recordRow(data: Record<string, unknown>, sources: string[], people: People): Omit<RecordRow, 'file' | 'promises' | 'findings' | keyof SeverityCounts> {
  const impact = textOf(data.customer_impact).trim();
  const standpoint = isMap(data.customer_standpoint) ? data.customer_standpoint : {};
  const evidence = Array.isArray(standpoint.evidence) ? standpoint.evidence : [];
  return {
    id: textOf(data.id).trim(),
    title: textOf(data.title).trim(),
    kind: textOf(data.decision).trim(),
    status: textOf(data.status).trim(),
    date: dateOf(data.date) ?? '',
    owner: people.owner(data.owner).name,
    reviewBy: dateOf(data.review_by) ?? textOf(data.review_by).trim(),
    outcome: outcomeOf(data.outcome, people.placeholders),
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
    references: collected.referenceCount,
    withOwner: all.filter((p) => isPresent(p.owner)).length,
    withMeasure: all.filter((p) => isPresent(p.measure) && isPresent(p.target)).length,
    withReview: all.filter((p) => dateOf(p.review) !== undefined).length,
    complete: all.filter((p) => isPresent(p.owner) && isPresent(p.measure) && isPresent(p.target) && dateOf(p.review) !== undefined).length,
  };
}

/**
 * Records per decision month, oldest first. Without a history each record has today's
 * state; with one, the state it had at the last point of the history on or before the
 * month's end, so a month is shown as it stood then rather than after later fixes.
 */
function monthRows(records: RecordRow[], history: History | undefined): MonthRow[] {
  const months = new Map<string, MonthRow>();
  for (const r of records) {
    if (!r.date) continue;
    const key = r.date.slice(0, 7);
    let m = months.get(key);
    if (!m) {
      const point = history && pointForMonth(history, key);
      m = { key, records: 0, withErrors: 0, withWarningsOnly: 0, clean: 0, unknown: 0, asOf: point?.date ?? '' };
      months.set(key, m);
    }
    m.records++;
    const state = history ? pointForMonth(history, key)?.states?.[r.file] : r.errors > 0 ? 'error' : r.warnings > 0 ? 'warning' : 'clean';
    if (state === 'error') m.withErrors++;
    else if (state === 'warning') m.withWarningsOnly++;
    else if (state === 'clean') m.clean++;
    else m.unknown++;
  }
  return [...months.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The last readable point on or before the end of the month (YYYY-MM). */
function pointForMonth(history: History, month: string): History['points'][number] | undefined {
  const end = `${month}-31`;
  return history.points.filter((p) => p.date <= end && p.states).at(-1);
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
function waiversOf(doc: ParsedDocument, today: string): Array<{ rule: string; owner: string; reason: string; expires: string; bucket: WaiverBucket }> {
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
    return { rule: w.rule, owner: w.owner, reason: w.reason, expires: expires ?? w.expires, bucket };
  });
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
