import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RuleCatalog } from '../core/config/settings.js';
import type { DocumentAnalysis } from '../core/engine/analysis.js';
import type { Project } from '../core/engine/project.js';

const FORMAT = 1;

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, { key: string; analysis: DocumentAnalysis }>;
}

/**
 * `--cache`: per-document analyses keyed by the file's bytes and everything that shapes
 * its analysis (Standpoint version, today, the rules and their settings for the file, the
 * registries). An unchanged re-run only repeats the cross-record stage.
 */
export class AnalysisCache {
  private readonly catalogKeys = new WeakMap<RuleCatalog, string>();
  private data: CacheFile;
  private dirty = false;

  constructor(private readonly file: string, version: string) {
    this.data = { format: FORMAT, version, entries: {} };
    try {
      const loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (loaded.format === FORMAT && loaded.version === version && loaded.entries) this.data = loaded;
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  /** The key for a file's text under the current configuration. */
  keyFor(project: Project, file: string, textHash: string): string {
    const { catalog, settings, config } = project.rulesFor(file);
    let rules = this.catalogKeys.get(catalog);
    if (!rules) {
      rules = hash(JSON.stringify([...catalog.values()].map((r) => [r.id, r.checks, r.applies_to, r.severity_when, r.message])));
      this.catalogKeys.set(catalog, rules);
    }
    const registries = [config.people, config.promises].map((f) => (f ? hash(project.host.readFile(f) ?? '') : ''));
    return hash(JSON.stringify([textHash, project.today, rules, [...settings], registries]));
  }

  get(file: string, key: string): DocumentAnalysis | undefined {
    const hit = this.data.entries[file];
    return hit && hit.key === key ? hit.analysis : undefined;
  }

  set(file: string, key: string, analysis: DocumentAnalysis): void {
    this.data.entries[file] = { key, analysis };
    this.dirty = true;
  }

  /** Drops entries for files that were not part of this run's workspace. */
  retainOnly(files: Set<string>): void {
    for (const f of Object.keys(this.data.entries)) {
      if (!files.has(f)) {
        delete this.data.entries[f];
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, this.file);
  }
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
