import { createHash } from 'node:crypto';
import path from 'node:path';
import { readingOptionsFor } from '../config/reading.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { rangeFromStarts } from '../text/line-index.js';
import type { DocumentRole, Finding, RelatedLocation, Span } from '../types.js';
import { analyseDocument, type AnalysedFinding, type DocumentAnalysis } from './analysis.js';
import { compareFindings, readDocument } from './document-findings.js';
import type { Project } from './project.js';
import { resolveAllReferences, resolveReferences, TargetIndex } from './references.js';
import { compactAnalysis, compactFindings, releaseAnalysis } from './compact-analysis.js';
import { groupOccurrences, holdersOfValues } from './unique.js';
import { applyWaivers } from './waivers.js';

interface Entry {
  file: string;
  hash: string;
  analysis: DocumentAnalysis;
  /** In a one-time run, the analysis's findings kept elsewhere (packed) until the document is finished. */
  findingsLater?: () => AnalysedFinding[];
  /** Last workspace-stage result, reused while the analysis and its cross-record findings are unchanged. */
  memo?: { own: AnalysedFinding[]; extras: string; findings: Finding[]; waived: number; active: number };
  /** What the document gives cross-record checks: its `unique` values, what references may name, and their lines (see `contribution`). */
  contribution?: string;
}

/** The last cross-record grouping, reused while no document's contribution to it changes. */
interface CrossStage {
  units: Entry[];
  extras: Map<string, AnalysedFinding[]>;
  /** What every unit offers `reference` checks. */
  targets: TargetIndex;
  /** Units (by index) holding each `unique` value; built when first needed. */
  holders?: Map<string, number | number[]>;
}

export interface SessionResult {
  /** Findings per file, sorted; every tracked file has an entry (possibly empty). */
  byFile: Map<string, Finding[]>;
  waived: number;
  activeWaivers: number;
  /** How many of the documents are decision records (not registries or other files). */
  records: number;
  /** How many are registries (people registries and promise registers). */
  registries: number;
}

export interface SessionOptions {
  /**
   * Whether a document analysed elsewhere may be parsed again here for editor features
   * (default: always). The language server keeps documents too large or too slow for its own
   * thread from being parsed there.
   */
  reparse?: (file: string, text: string) => boolean;
  /**
   * The results are wanted once, as a command-line run wants them: each document's
   * analysis is let go as soon as its findings are finished, so that the analyses of a large
   * workspace and its finished findings are not all held at the same time (nor is an
   * outcome kept for `outcome()`). `results()` may then be called only once.
   */
  once?: boolean;
}

export type RegistryRole = 'people-registry' | 'promise-register';

/** What the workspace stage made of one document. */
export interface DocumentOutcome {
  role: DocumentRole;
  findings: Finding[];
  /** Findings silenced by waivers, and the waivers in force. */
  waived: number;
  active: number;
  /** What its cross-record findings were, as a string: with the same analysis, the same string means the same outcome. */
  crossRecord: string;
}

/**
 * The registries the records' configurations name, each with its role: the workspace stage
 * lints them as documents of their own (unless they are among the records).
 */
export function namedRegistries(project: Project, records: Iterable<string>): Map<string, RegistryRole> {
  const named = new Map<string, RegistryRole>();
  const seenDirs = new Set<string>();
  for (const file of records) {
    const dir = path.dirname(file);
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    const config = project.configFor(file);
    if (config.people) named.set(config.people, 'people-registry');
    if (config.promises) named.set(config.promises, 'promise-register');
  }
  return named;
}

const RECENT_DOCUMENTS = 64;
/** More changed documents than this are regrouped with everything at once. */
const REGROUP_LIMIT = 16;
const NO_EXTRAS: AnalysedFinding[] = [];

/** The per-document stage for one file's text (also run by worker threads). */
export function analyseText(project: Project, file: string, text: string): { analysis: DocumentAnalysis; doc: ParsedDocument } {
  const { config } = project.rulesFor(file);
  const doc = readDocument(file, text, undefined, readingOptionsFor(config, file));
  return { analysis: analyseIn(project, doc), doc };
}

/** The per-document stage on a document read for `project`, with the rules that apply to its file. */
function analyseIn(project: Project, doc: ParsedDocument): DocumentAnalysis {
  const { catalog, settings, config } = project.rulesFor(doc.file);
  return analyseDocument({
    doc,
    config,
    catalog,
    settings,
    registries: project.registries(config),
    today: project.today,
    schemas: project.schemas,
    now: project.options.now,
    quiet: project.quietTexts,
  });
}

export function textHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * A workspace being linted, in two stages. The per-document stage (parse, per-document
 * rules, `unique` values, waivers) runs once per text and yields a plain-data analysis,
 * which may also come from a worker thread or the cache. The workspace stage (`unique`
 * and `reference` across documents, then waivers) runs on every `results()` call over the analyses, and
 * reuses a document's last result when nothing it depends on changed.
 */
export class LintSession {
  private readonly entries = new Map<string, Entry>();
  private readonly records = new Set<string>();
  private readonly recent = new Map<string, { hash: string; doc: ParsedDocument }>();
  private cross: CrossStage | undefined;
  private registryNames: Map<string, RegistryRole> | undefined;
  private finished = false;

  constructor(
    readonly project: Project,
    private readonly options: SessionOptions = {},
  ) {}

  /** Adds or updates a record file's text. Returns false when the text did not change. */
  setRecord(file: string, text: string): boolean {
    this.addFile(file);
    const hash = textHash(text);
    if (this.entries.get(file)?.hash === hash) return false;
    this.entries.set(file, { file, hash, analysis: compactAnalysis(this.analyse(file, text, hash)) });
    return true;
  }

  /**
   * Adds an analysis made elsewhere (a worker thread, the cache) for a record file. A one-time
   * run may keep its findings elsewhere until the document is finished: `findingsLater` then
   * gives them, once, and the analysis's own list is empty.
   */
  addAnalysis(analysis: DocumentAnalysis, hash: string, findingsLater?: () => AnalysedFinding[]): void {
    if (findingsLater && !this.options.once) throw new Error('only a one-time lint session takes findings given later');
    this.addFile(analysis.file);
    this.entries.set(analysis.file, { file: analysis.file, hash, analysis: compactAnalysis(analysis), ...(findingsLater ? { findingsLater } : {}) });
  }

  private addFile(file: string): void {
    if (this.records.has(file)) return;
    this.records.add(file);
    this.registryNames = undefined;
  }

  removeRecord(file: string): void {
    if (this.records.delete(file)) this.registryNames = undefined;
    this.entries.delete(file);
    this.recent.delete(file);
  }

  has(file: string): boolean {
    return this.records.has(file);
  }

  get files(): string[] {
    return [...this.records];
  }

  analysis(file: string): DocumentAnalysis | undefined {
    return this.entries.get(file)?.analysis;
  }

  /** The parsed document, for editor features: kept for recently analysed files, re-read otherwise. */
  document(file: string): ParsedDocument | undefined {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    const hit = this.recent.get(file);
    if (hit && hit.hash === entry.hash) return hit.doc;
    const text = this.project.host.readFile(file);
    if (text === undefined || textHash(text) !== entry.hash || this.options.reparse?.(file, text) === false) return undefined;
    const doc = readDocument(file, text, undefined, readingOptionsFor(this.project.configFor(file), file));
    this.remember(file, entry.hash, doc);
    return doc;
  }

  private analyse(file: string, text: string, hash: string): DocumentAnalysis {
    const { analysis, doc } = analyseText(this.project, file, text);
    this.remember(file, hash, doc);
    return analysis;
  }

  private remember(file: string, hash: string, doc: ParsedDocument): void {
    this.recent.delete(file);
    this.recent.set(file, { hash, doc });
    if (this.recent.size > RECENT_DOCUMENTS) this.recent.delete(this.recent.keys().next().value!);
  }

  /** The registries named by the configs in use, linted as documents of their own. */
  private registryEntries(): Entry[] {
    const named = (this.registryNames ??= this.namedRegistries());
    const out: Entry[] = [];
    for (const [file, role] of named) {
      if (this.records.has(file)) continue;
      const { doc } = this.project.registryDocument(file, role);
      if (doc.text === '' && this.project.host.readFile(file) === undefined) continue;
      const hash = textHash(doc.text);
      let entry = this.entries.get(file);
      if (!entry || entry.hash !== hash) {
        entry = { file, hash, analysis: analyseIn(this.project, doc) };
        this.entries.set(file, entry);
      }
      out.push(entry);
    }
    return out;
  }

  /** The registries the records' configs name; changes only when records come or go. */
  private namedRegistries(): Map<string, RegistryRole> {
    return namedRegistries(this.project, this.records);
  }

  /** A document's outcome of the last `results()`: its findings, the waivers that silenced some, and its role. */
  outcome(file: string): DocumentOutcome | undefined {
    const entry = this.entries.get(file);
    if (!entry?.memo) return undefined;
    const { findings, waived, active, extras } = entry.memo;
    return { role: entry.analysis.role, findings, waived, active, crossRecord: extras };
  }

  /** Findings for every tracked document: cached per-document work, fresh cross-record checks and waivers. */
  results(): SessionResult {
    if (this.options.once && this.finished) throw new Error('the results of a one-time lint session were asked for twice');
    this.finished = true;
    // Plain loops: this runs on every keystroke, over every document in the workspace.
    const units: Entry[] = [];
    for (const file of this.records) {
      const entry = this.entries.get(file);
      if (entry) units.push(entry);
    }
    for (const entry of this.registryEntries()) units.push(entry);
    // The root messages name places from: the first file's, in file order (worker threads finish in any order).
    let first = units[0] as Entry | undefined;
    for (const unit of units) if (first && unit.file < first.file) first = unit;
    const root = first ? this.project.configFor(first.file).root : '/';
    const extras = this.crossRecord(units, root);
    // A one-time run never regroups: what the grouping kept for next time can go now.
    if (this.options.once) this.cross = undefined;
    const byFile = new Map<string, Finding[]>();
    let waived = 0;
    let activeWaivers = 0;
    let records = 0;
    let registries = 0;
    for (const unit of units) {
      const own = extras.get(unit.file) ?? NO_EXTRAS;
      let done: { findings: Finding[]; waived: number; active: number };
      if (this.options.once) {
        // Finished once and for all: the document's analysis gives way to its findings.
        const { catalog, settings } = this.project.rulesFor(unit.file);
        const found = unit.findingsLater ? compactFindings(unit.findingsLater()) : unit.analysis.findings;
        done = this.finish(unit.analysis, [...found, ...own], catalog, settings);
        extras.delete(unit.file);
        delete unit.findingsLater;
        releaseAnalysis(unit.analysis);
      } else {
        // The very array of last time: the memo stands without comparing contents.
        if (unit.memo?.own !== own) {
          const key = extrasKey(own);
          if (!unit.memo || unit.memo.extras !== key) {
            const { catalog, settings } = this.project.rulesFor(unit.file);
            unit.memo = { own, extras: key, ...this.finish(unit.analysis, [...unit.analysis.findings, ...own], catalog, settings) };
          } else unit.memo.own = own;
        }
        done = unit.memo!;
      }
      waived += done.waived;
      activeWaivers += done.active;
      byFile.set(unit.file, done.findings);
      if (unit.analysis.role === 'record') records++;
      else if (unit.analysis.role === 'people-registry' || unit.analysis.role === 'promise-register') registries++;
    }
    return { byFile, waived, activeWaivers, records, registries };
  }

  /**
   * `unique` and `reference` findings per file. An edit that leaves every document's
   * contribution as it was (typing in a title, say) cannot change other documents' findings,
   * so only the edited documents are regrouped, with the documents sharing one of their
   * values, and their references resolved again.
   */
  private crossRecord(units: Entry[], root: string): Map<string, AnalysedFinding[]> {
    const last = this.cross;
    const changed = last ? changedUnits(last.units, units) : undefined;
    if (!last || !changed || changed.length > REGROUP_LIMIT) {
      const analyses = units.map((u) => u.analysis);
      const targets = new TargetIndex(analyses);
      const extras = mergeFindings(groupOccurrences(analyses, root), resolveAllReferences(analyses, targets, root));
      this.cross = { units, extras, targets };
      return extras;
    }
    if (changed.length === 0) return last.extras;
    const holders = (last.holders ??= holdersOfValues(units.map((u) => u.analysis)));
    const extras = new Map(last.extras);
    for (const i of changed) {
      const near = new Set([i]);
      for (const occ of units[i].analysis.occurrences) {
        const held = holders.get(occ.value) ?? [];
        for (const j of typeof held === 'number' ? [held] : held) near.add(j);
      }
      const grouped =
        groupOccurrences(
          [...near].sort((a, b) => a - b).map((j) => units[j].analysis),
          root,
        ).get(units[i].file) ?? [];
      const own = [...grouped, ...resolveReferences(units[i].analysis, last.targets, root)];
      if (own.length > 0) extras.set(units[i].file, own);
      else extras.delete(units[i].file);
    }
    this.cross = { units, extras, holders, targets: last.targets };
    return extras;
  }

  private finish(analysis: DocumentAnalysis, findings: AnalysedFinding[], catalog: RuleCatalog, settings: ReadonlyMap<string, RuleSetting>) {
    const outcome = applyWaivers(analysis, findings, catalog, settings, this.project.today);
    const out: Finding[] = outcome.kept.map((f) => {
      const rule = catalog.get(f.rule);
      const range = rangeFromStarts(analysis.lineStarts, analysis.length, f.span);
      // Every finding of a run has this one shape, its fields inside the object: a workspace's
      // findings are all held until the report is written.
      const finding: Finding = {
        file: analysis.file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        principle: rule?.principle ?? 'none',
        docsUrl: rule?.docsUrl ?? '',
        line: range.line,
        column: range.column,
        endLine: range.endLine,
        endColumn: range.endColumn,
        span: f.span,
        path: f.path,
      };
      if (f.related) finding.related = f.related;
      if (f.fix) finding.fix = f.fix;
      return finding;
    });
    return { findings: out.sort(compareFindings), waived: outcome.waived, active: outcome.active };
  }
}

/** Digests of related-location lists, made once per list: a group's findings all share one. */
const relatedDigests = new WeakMap<readonly RelatedLocation[], string>();

/**
 * What a document's cross-record findings are, as a string to compare with last time. A
 * value used in thousands of places has one shared list of places: it is digested once,
 * so the key stays linear in the number of findings.
 */
function extrasKey(own: readonly AnalysedFinding[]): string {
  if (own.length === 0) return '';
  return JSON.stringify(own, (key, value: unknown) => {
    if (key !== 'related' || !Array.isArray(value)) return value;
    const list = value as RelatedLocation[];
    let digest = relatedDigests.get(list);
    if (digest === undefined) {
      digest = textHash(JSON.stringify(list));
      relatedDigests.set(list, digest);
    }
    return digest;
  });
}

/** Indices of the units that changed, or undefined when a change may reach other documents. */
function changedUnits(before: Entry[], now: Entry[]): number[] | undefined {
  if (before.length !== now.length) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < now.length; i++) {
    if (now[i] === before[i]) continue;
    if (now[i].file !== before[i].file || contribution(now[i]) !== contribution(before[i])) return undefined;
    changed.push(i);
  }
  return changed;
}

/**
 * All that other documents' cross-record findings take from this one: its `unique` values
 * and what it offers references (the values, what the checks read of it), and where they
 * stand (their related locations).
 */
function contribution(entry: Entry): string {
  const { occurrences, targets, lineStarts, length } = entry.analysis;
  const where = (span: Span) => {
    const r = rangeFromStarts(lineStarts, length, span);
    return `${r.line}:${r.column}-${r.endLine}:${r.endColumn}`;
  };
  entry.contribution ??= [
    ...occurrences.map((o) => `${o.rule}\u0000${o.check}\u0000${o.value}\u0000${where(o.span)}`),
    ...targets.map((t) => `${t.rule}\u0000${t.check}\u0000${t.value}\u0000${where(t.span)}\u0000${JSON.stringify([t.back, t.shown])}`),
  ].join('\u0001');
  return entry.contribution;
}

/** Cross-record findings of both kinds, per file. */
function mergeFindings(a: Map<string, AnalysedFinding[]>, b: Map<string, AnalysedFinding[]>): Map<string, AnalysedFinding[]> {
  for (const [file, found] of b) {
    const list = a.get(file);
    a.set(file, list ? [...list, ...found] : found);
  }
  return a;
}
