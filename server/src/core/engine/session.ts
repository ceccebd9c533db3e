import path from 'node:path';
import type { RawFinding } from '../checks/context.js';
import type { ResolvedConfig } from '../config/model.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import type { Registries } from '../rules/registries.js';
import type { Finding } from '../types.js';
import { evaluateDocument } from './evaluate.js';
import { compareFindings, readDocument, toFinding } from './document-findings.js';
import type { Project } from './project.js';
import { runUniqueChecks } from './unique.js';
import { applyWaivers } from './waivers.js';

/** One document with the work done on it so far. */
interface Entry {
  file: string;
  text: string;
  doc: ParsedDocument;
  config: ResolvedConfig;
  catalog: RuleCatalog;
  settings: Map<string, RuleSetting>;
  registries: Registries;
  /** Per-document findings; reused until the text, config or registries change. */
  raw: RawFinding[];
}

export interface SessionResult {
  /** Findings per file, sorted; every tracked file has an entry (possibly empty). */
  byFile: Map<string, Finding[]>;
  waived: number;
  activeWaivers: number;
}

/**
 * A workspace being linted: records and registries with their texts. Parsing and
 * per-document rules run once per text; cross-record checks and waivers are re-run over
 * the cached documents on each `results()` call, which is cheap. The CLI fills a
 * session once; the language server keeps one and updates it on every edit.
 */
export class LintSession {
  private readonly entries = new Map<string, Entry>();
  private readonly records = new Set<string>();

  constructor(readonly project: Project) {}

  /** Adds or updates a record file's text. Returns false when the text did not change. */
  setRecord(file: string, text: string): boolean {
    this.records.add(file);
    const old = this.entries.get(file);
    if (old && old.text === text) return false;
    this.entries.set(file, this.analyse(file, text));
    return true;
  }

  removeRecord(file: string): void {
    this.records.delete(file);
    this.entries.delete(file);
  }

  has(file: string): boolean {
    return this.records.has(file);
  }

  get files(): string[] {
    return [...this.records];
  }

  document(file: string): ParsedDocument | undefined {
    return this.entries.get(file)?.doc;
  }

  /** After config, rule or registry changes: everything is analysed again from the stored texts. */
  reanalyseAll(): void {
    for (const [file, entry] of this.entries) {
      if (this.records.has(file)) this.entries.set(file, this.analyse(file, entry.text));
    }
  }

  private analyse(file: string, text: string): Entry {
    const { catalog, settings, config } = this.project.rulesFor(file);
    const doc = readDocument(file, text);
    const registries = this.project.registries(config);
    const entry: Entry = { file, text, doc, config, catalog, settings, registries, raw: [] };
    entry.raw = evaluateDocument({ ...entry, today: this.project.today, schemas: this.project.schemas });
    return entry;
  }

  /** The registries named by the configs in use, linted as documents of their own. */
  private registryEntries(): Entry[] {
    const named = new Map<string, 'people-registry' | 'promise-register'>();
    for (const file of this.records) {
      const config = this.entries.get(file)?.config;
      if (config?.people) named.set(config.people, 'people-registry');
      if (config?.promises) named.set(config.promises, 'promise-register');
    }
    const out: Entry[] = [];
    for (const [file, role] of named) {
      if (this.records.has(file)) continue;
      const { doc } = this.project.registryDocument(file, role);
      if (doc.text === '' && this.project.host.readFile(file) === undefined) continue;
      let entry = this.entries.get(file);
      if (!entry || entry.doc !== doc) {
        const { catalog, settings, config } = this.project.rulesFor(file);
        entry = { file, text: doc.text, doc, config, catalog, settings, registries: this.project.registries(config), raw: [] };
        entry.raw = evaluateDocument({ ...entry, today: this.project.today, schemas: this.project.schemas });
        this.entries.set(file, entry);
      }
      out.push(entry);
    }
    return out;
  }

  /** Findings for every tracked document: cached per-document work, fresh cross-record checks and waivers. */
  results(): SessionResult {
    const units = [...[...this.records].map((f) => this.entries.get(f)!).filter(Boolean), ...this.registryEntries()]
      .filter((e) => !(e.doc.role === 'non-record' && /^readme\.md$/i.test(path.basename(e.file))));
    const root = units[0]?.config.root ?? '/';
    const extra = runUniqueChecks(units, this.project.today, root);
    const byFile = new Map<string, Finding[]>();
    let waived = 0;
    let activeWaivers = 0;
    for (const unit of units) {
      const raw = [...unit.raw, ...(extra.get(unit.doc) ?? [])];
      const outcome = applyWaivers(unit.doc, raw, unit.catalog, unit.settings, unit.registries, this.project.today);
      waived += outcome.waived.length;
      activeWaivers += outcome.waivers.filter((w) => w.state === 'active').length;
      byFile.set(unit.file, outcome.kept.map((f) => toFinding(unit.doc, f)).sort(compareFindings));
    }
    return { byFile, waived, activeWaivers };
  }
}
