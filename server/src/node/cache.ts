import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readingOptionsFor, textHash, type DocumentAnalysis, type Project, type RuleCatalog, type RuleSetting } from '../core/index.js';

/** First line of a cache file; a file that starts otherwise (another layout or version) is rebuilt. */
const HEADER = 'standpoint-cache 2';

/**
 * How `--cache` decides a file is unchanged. `metadata` trusts an entry whose size and
 * mtime still match without reading the file (an edit that keeps both goes unnoticed, as
 * with ESLint's strategy of the same name); `content` reads and hashes every file.
 */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];

/**
 * A file modified this close to the run may still change within the same mtime tick
 * (filesystems with coarse timestamps), so its size and mtime are not recorded and the
 * next run hashes it again.
 */
const RECENT_MS = 2000;

interface Stamp {
  size: number;
  mtimeMs: number;
}

interface Entry {
  /** Key of everything besides the text that shapes the analysis. */
  setup: string;
  /** Hash of the text the analysis was made from. */
  hash: string;
  /** Size and mtime before that text was read; absent when too recent to trust. */
  stamp?: Stamp;
  /** The analysis as stored, parsed on first use and written back verbatim while unchanged. */
  raw?: string;
  analysis?: DocumentAnalysis;
}

/** A file Standpoint keeps (the cache, the baseline) that is there but is not a regular file. */
export class NotAFileError extends Error {
  constructor(file: string, stat: fs.Stats, flag: string) {
    const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'not a regular file';
    super(`${file} is ${kind}, not a file Standpoint can read and write: remove it, or choose another place with ${flag}`);
    this.name = 'NotAFileError';
  }
}

/** Refuses a path that exists but is not a regular file: reading a pipe would wait for ever, writing over a folder fails late. */
export function refuseNonRegular(file: string, flag = '--cache-location'): void {
  const stat = statOf(file);
  if (stat && !stat.isFile()) throw new NotAFileError(file, stat, flag);
}

export type Lookup = { kind: 'hit'; analysis: DocumentAnalysis; hash: string } | { kind: 'miss' } | { kind: 'unreadable' };

/**
 * `--cache`: per-document analyses keyed by the file's bytes and everything that shapes
 * its analysis (Standpoint version, today, the rules and their settings for the file, the
 * registries). An unchanged re-run only repeats the cross-record stage.
 *
 * The file holds a header line, then one line per document: a JSON array [file, setup,
 * hash, size, mtimeMs], a tab, and the analysis as JSON; a later line for a file wins.
 * Reading and writing every analysis costs more than the rest of a cached run, so
 * entries are parsed only when used, a run that changed a few entries appends them,
 * and the file is rewritten (unchanged entries verbatim) only when it holds more
 * outdated lines than live ones or entries were dropped.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The setup and stamp of each file looked up and not found, for storing its analysis. */
  private readonly pending = new Map<string, { setup: string; stamp?: Stamp }>();
  private readonly catalogKeys = new WeakMap<RuleCatalog, string>();
  private readonly settingsKeys = new WeakMap<ReadonlyMap<string, RuleSetting>, string>();
  private readonly registryKeys = new Map<string, string>();
  private readonly setupKeys = new Map<string, string>();
  private readonly trustedBefore = Date.now() - RECENT_MS;
  /** Files whose entries changed since the file was read. */
  private readonly changed = new Set<string>();
  /** Lines in the file that a later line or a dropped entry made outdated. */
  private outdated = 0;
  /** The file must be rewritten: its header is wrong, a line is damaged or entries were dropped. */
  private rewrite = false;

  constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly strategy: CacheStrategy = 'metadata',
  ) {
    refuseNonRegular(file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      this.rewrite = true; // no cache yet, or an unreadable one: start empty
      return;
    }
    const lines = linesOf(bytes);
    if (lines.next().value !== this.header()) {
      this.rewrite = true;
      return;
    }
    for (const line of lines) {
      if (line === '') continue;
      const entry = parseLine(line);
      if (!entry) {
        this.rewrite = true;
        continue;
      }
      if (this.entries.has(entry.file)) this.outdated++;
      this.entries.set(entry.file, entry.entry);
    }
  }

  /**
   * The cached analysis of `file` when it is still valid: same setup, and either the same
   * size and mtime (`metadata`) or the same text. Under `metadata` a file whose stamp
   * changed but whose text did not stays a hit, and its new stamp is recorded.
   */
  lookup(project: Project, file: string): Lookup {
    const setup = this.setupKey(project, file);
    const stat = statOf(file);
    if (!stat?.isFile()) return { kind: 'unreadable' };
    const stamp = stat.mtimeMs < this.trustedBefore ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
    const entry = this.entries.get(file);
    const current = entry?.setup === setup ? entry : undefined;
    if (current && this.strategy === 'metadata' && stamp && sameStamp(current.stamp, stamp)) {
      const analysis = analysisOf(current, project, file);
      if (analysis) return { kind: 'hit', analysis, hash: current.hash };
    }
    const text = project.host.readFile(file);
    if (text === undefined) return { kind: 'unreadable' };
    const hash = textHash(text);
    const analysis = current?.hash === hash ? analysisOf(current, project, file) : undefined;
    if (current && analysis) {
      if (!sameStamp(current.stamp, stamp)) {
        current.stamp = stamp;
        this.changed.add(file);
      }
      return { kind: 'hit', analysis, hash };
    }
    this.pending.set(file, { setup, stamp });
    return { kind: 'miss' };
  }

  /** Stores the analysis of a file `lookup` missed, made from the text with this hash. */
  set(file: string, analysis: DocumentAnalysis, hash: string): void {
    const pending = this.pending.get(file);
    if (!pending) return;
    this.entries.set(file, { setup: pending.setup, hash, stamp: pending.stamp, analysis });
    this.changed.add(file);
  }

  /** Drops entries for files that were not part of this run's workspace. */
  retainOnly(files: Set<string>): void {
    for (const f of this.entries.keys()) {
      if (!files.has(f)) {
        this.entries.delete(f);
        this.rewrite = true;
      }
    }
  }

  save(): void {
    if (this.rewrite || this.outdated + this.changed.size > this.entries.size) {
      const lines = [this.header()];
      for (const [file, entry] of this.entries) lines.push(...lineOf(file, entry));
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        writeLines(tmp, 'w', lines);
        fs.renameSync(tmp, this.file);
      } finally {
        // Whatever happened, no temporary file is left in the workspace.
        fs.rmSync(tmp, { force: true });
      }
      this.outdated = 0;
    } else if (this.changed.size > 0) {
      // The leading newline ends a line a crashed run may have left unfinished.
      const lines = [...this.changed].flatMap((file) => lineOf(file, this.entries.get(file)!));
      writeLines(this.file, 'a', ['', ...lines]);
      this.outdated += this.changed.size;
    }
    this.rewrite = false;
    this.changed.clear();
  }

  private header(): string {
    return `${HEADER} ${this.version}`;
  }

  /** Files sharing a configuration share their rule settings object, so this is computed once per rule setup. */
  private setupKey(project: Project, file: string): string {
    const { catalog, settings, config } = project.rulesFor(file);
    let rules = this.catalogKeys.get(catalog);
    if (!rules) {
      rules = hash(JSON.stringify([...catalog.values()].map((r) => [r.id, r.checks, r.applies_to, r.severity_when, r.message])));
      this.catalogKeys.set(catalog, rules);
    }
    let ruleSettings = this.settingsKeys.get(settings);
    if (!ruleSettings) {
      ruleSettings = hash(JSON.stringify([...settings]));
      this.settingsKeys.set(settings, ruleSettings);
    }
    const registries = [config.people, config.promises].map((f) => (f ? this.registryKey(project, f) : '')).join(',');
    const placeholders = config.placeholders.length > 0 ? hash(JSON.stringify(config.placeholders)) : '';
    // How the file is read (Markdown header fields on or off) shapes its analysis as much as the rules do.
    const reading = JSON.stringify(readingOptionsFor(config, file));
    const parts = `${rules},${ruleSettings},${registries},${placeholders},${reading}`;
    let key = this.setupKeys.get(parts);
    if (!key) {
      key = hash(JSON.stringify([project.today, parts]));
      this.setupKeys.set(parts, key);
    }
    return key;
  }

  private registryKey(project: Project, file: string): string {
    let key = this.registryKeys.get(file);
    if (key === undefined) {
      key = hash(project.host.readFile(file) ?? '');
      this.registryKeys.set(file, key);
    }
    return key;
  }
}

/** The entry as a line of the file; none when it has no analysis to store. */
function lineOf(file: string, entry: Entry): string[] {
  if (entry.raw === undefined && !entry.analysis) return [];
  const head = JSON.stringify([file, entry.setup, entry.hash, entry.stamp?.size ?? -1, entry.stamp?.mtimeMs ?? -1]);
  return [`${head}\t${entry.raw ?? JSON.stringify(entry.analysis)}`];
}

function parseLine(line: string): { file: string; entry: Entry } | undefined {
  const tab = line.indexOf('\t');
  if (tab < 0) return undefined;
  try {
    const [file, setup, hash, size, mtimeMs] = JSON.parse(line.slice(0, tab)) as unknown[];
    if (typeof file !== 'string' || typeof setup !== 'string' || typeof hash !== 'string' || typeof size !== 'number' || typeof mtimeMs !== 'number') return undefined;
    return { file, entry: { setup, hash, stamp: size >= 0 ? { size, mtimeMs } : undefined, raw: line.slice(tab + 1) } };
  } catch {
    return undefined;
  }
}

/**
 * The entry's analysis, parsed from the stored text on first use; undefined when that text
 * is damaged or is not an analysis of `file` (the cache file is not trusted: anyone can edit it).
 */
function analysisOf(entry: Entry, project: Project, file: string): DocumentAnalysis | undefined {
  if (!entry.analysis && entry.raw !== undefined) {
    try {
      const parsed = JSON.parse(entry.raw) as unknown;
      if (isAnalysisOf(parsed, file, project)) entry.analysis = parsed;
    } catch {
      // damaged: treated as a miss
    }
    if (!entry.analysis) entry.raw = undefined;
  }
  return entry.analysis;
}

/** Does the stored value have the shape of an analysis (analysis.schema.json), of this file, with every span inside its text? */
function isAnalysisOf(value: unknown, file: string, project: Project): value is DocumentAnalysis {
  if (project.schemas.validate('analysis.schema.json', value).length > 0) return false;
  const analysis = value as DocumentAnalysis;
  if (analysis.file !== file || analysis.lineStarts[0] !== 0) return false;
  const inside = (s: { start: number; end: number }) => s.start <= s.end && s.end <= analysis.length;
  return (
    analysis.lineStarts.every((start, i) => start <= analysis.length && (i === 0 || start > analysis.lineStarts[i - 1])) &&
    analysis.findings.every((f) => inside(f.span) && (!f.fix || inside(f.fix.span))) &&
    analysis.occurrences.every((o) => inside(o.span)) &&
    analysis.references.every((r) => inside(r.span)) &&
    analysis.targets.every((t) => inside(t.span)) &&
    (!analysis.recordId || inside(analysis.recordId.span)) &&
    analysis.waivers.every((w) => inside(w.span) && (!w.ruleSpan || inside(w.ruleSpan)))
  );
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
  return a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The lines of a cache file, decoded one at a time: a large workspace's cache can be longer
 * than the longest string V8 can hold (about 512 MB), so the file is never one string.
 */
function* linesOf(bytes: Buffer): Generator<string, void, undefined> {
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    yield bytes.toString('utf8', start, stop);
    start = stop + 1;
  }
}

/** Writes (`w`) or appends (`a`) lines, each ended by a newline, in chunks: never all of them as one string (see linesOf). */
function writeLines(file: string, flags: 'w' | 'a', lines: readonly string[]): void {
  const fd = fs.openSync(file, flags);
  try {
    let chunk: string[] = [];
    let size = 0;
    const flush = () => {
      const bytes = Buffer.from(`${chunk.join('\n')}\n`);
      for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
      chunk = [];
      size = 0;
    };
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      if (size >= 1 << 20) flush();
    }
    if (chunk.length > 0) flush();
  } finally {
    fs.closeSync(fd);
  }
}
