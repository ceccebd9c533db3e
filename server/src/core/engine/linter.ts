import path from 'node:path';
import type { RawFinding } from '../checks/context.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { parseDocument } from '../parse/document.js';
import { isMap } from '../rules/paths.js';
import type { Registries } from '../rules/registries.js';
import type { DocumentRole, Finding } from '../types.js';
import { evaluateDocument } from './evaluate.js';
import type { Project } from './project.js';
import { runUniqueChecks } from './unique.js';
import { applyWaivers, type Waiver } from './waivers.js';

export interface LintResult {
  findings: Finding[];
  /** Findings silenced by active waivers. */
  waived: number;
  activeWaivers: number;
  filesChecked: number;
  /** The documents checked (records and registries). */
  files: string[];
  /** Files listed but gone or unreadable when their turn came. */
  unreadable: string[];
}

interface Unit {
  doc: ParsedDocument;
  catalog: RuleCatalog;
  settings: Map<string, RuleSetting>;
  registries: Registries;
  root: string;
  raw: RawFinding[];
}

/** Reads a file's text as a document, deciding whether it is a record. */
export function readDocument(file: string, text: string, role?: DocumentRole): ParsedDocument {
  const doc = parseDocument(file, text, role ?? 'record');
  if (!role && doc.syntax.length === 0 && !(isMap(doc.data) && Object.hasOwn(doc.data, 'decision'))) doc.role = 'non-record';
  return doc;
}

/**
 * Lints record files and the registries their configs name, as one workspace:
 * per-document rules, then cross-document checks, then waivers.
 * `texts` lets a caller supply text (open editor buffers) instead of reading the host.
 */
export function lintFiles(
  project: Project, files: string[], texts: ReadonlyMap<string, string> = new Map(),
  onProgress?: (done: number, total: number) => void,
): LintResult {
  const units: Unit[] = [];
  const unreadable: string[] = [];
  const registryFiles = new Map<string, 'people-registry' | 'promise-register'>();

  for (const [i, file] of files.entries()) {
    if (onProgress && i % 50 === 0) onProgress(i, files.length);
    const text = texts.get(file) ?? project.host.readFile(file);
    if (text === undefined) {
      unreadable.push(file);
      continue;
    }
    const { catalog, settings, config } = project.rulesFor(file);
    if (config.people) registryFiles.set(config.people, 'people-registry');
    if (config.promises) registryFiles.set(config.promises, 'promise-register');
    const doc = readDocument(file, text);
    if (doc.role === 'non-record' && /^readme\.md$/i.test(path.basename(file))) continue;
    units.push({ doc, catalog, settings, registries: project.registries(config), root: config.root, raw: [] });
  }
  for (const [file, role] of registryFiles) {
    if (files.includes(file)) continue;
    const { catalog, settings, config } = project.rulesFor(file);
    const { doc } = project.registryDocument(file, role);
    if (project.host.readFile(file) === undefined) continue;
    units.push({ doc, catalog, settings, registries: project.registries(config), root: config.root, raw: [] });
  }

  for (const unit of units) {
    unit.raw = evaluateDocument({ ...unit, today: project.today, schemas: project.schemas });
  }
  const root = units[0]?.root ?? process.cwd();
  for (const [doc, found] of runUniqueChecks(units, project.today, root)) {
    units.find((u) => u.doc === doc)!.raw.push(...found);
  }

  const findings: Finding[] = [];
  let waived = 0;
  let activeWaivers = 0;
  for (const unit of units) {
    const outcome = applyWaivers(unit.doc, unit.raw, unit.catalog, unit.settings, unit.registries, project.today);
    waived += outcome.waived.length;
    activeWaivers += outcome.waivers.filter((w: Waiver) => w.state === 'active').length;
    findings.push(...outcome.kept.map((f) => toFinding(unit.doc, f)));
  }
  findings.sort(compareFindings);
  return { findings, waived, activeWaivers, filesChecked: units.length, files: units.map((u) => u.doc.file), unreadable };
}

export function toFinding(doc: ParsedDocument, f: RawFinding): Finding {
  return {
    file: doc.file,
    rule: f.rule.id,
    severity: f.severity,
    message: f.message,
    principle: f.rule.principle,
    docsUrl: f.rule.docsUrl,
    ...doc.lines.range(f.span),
    span: f.span,
    path: f.path,
    ...(f.related ? { related: f.related } : {}),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1
    : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
