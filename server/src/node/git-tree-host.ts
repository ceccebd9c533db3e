import path from 'node:path';
import picomatch from 'picomatch';
import { isInside, LIMITS, type Host, type PatternVerdict } from '../core/index.js';
import { readBlobPrefix, readBlobs, treeAtRef, type TreeEntry } from './git.js';

/**
 * Texts of git blobs, by object id. One store serves every commit a command reads, so a
 * file that did not change between two commits is read once.
 */
export class BlobStore {
  private readonly texts = new Map<string, string>();

  constructor(readonly top: string) {}

  /** The blob as text the way `NodeHost` reads a file: UTF-8, no byte-order mark, at most LIMITS.maxReadBytes. */
  text(entry: TreeEntry): string {
    let text = this.texts.get(entry.oid);
    if (text === undefined) {
      const bytes = entry.size > LIMITS.maxReadBytes ? readBlobPrefix(this.top, entry.oid, LIMITS.maxReadBytes) : readBlobs(this.top, [entry.oid]).get(entry.oid);
      text = decode(bytes ?? Buffer.alloc(0));
      this.texts.set(entry.oid, text);
    }
    return text;
  }

  /** Reads the blobs not read yet in one request. */
  prefetch(entries: readonly TreeEntry[]): void {
    const wanted = [...new Set(entries.filter((e) => !this.texts.has(e.oid) && e.size <= LIMITS.maxReadBytes).map((e) => e.oid))];
    for (const [oid, bytes] of readBlobs(this.top, wanted)) this.texts.set(oid, decode(bytes));
  }
}

function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface GitTreeHostOptions {
  /** Files and folders read from `disk` even inside the repository: the rules and schemas a snapshot is checked with. */
  fromDisk: readonly string[];
  /** Shared between the commits of one run. */
  blobs: BlobStore;
}

/**
 * The repository as it was at one commit, read from git objects: nothing is checked out,
 * written or run. Paths inside the repository's top level come from the commit's tree
 * (regular files only); paths outside it, and the `fromDisk` files and folders, come from
 * `disk`.
 */
export class GitTreeHost implements Host {
  /** The shipped schema validators and the ReDoS checker: the disk host's, when it has them. */
  readonly loadGenerated?: (file: string) => unknown;
  readonly checkPattern?: (source: string, flags: string) => PatternVerdict;
  private readonly files = new Map<string, TreeEntry>();
  /** Folder (relative, '' for the top) → names of its entries. */
  private readonly dirs = new Map<string, Set<string>>([['', new Set()]]);

  constructor(
    readonly commit: string,
    readonly top: string,
    private readonly disk: Host,
    private readonly options: GitTreeHostOptions,
  ) {
    if (disk.loadGenerated) this.loadGenerated = (file) => disk.loadGenerated!(file);
    if (disk.checkPattern) this.checkPattern = (source, flags) => disk.checkPattern!(source, flags);
    for (const entry of treeAtRef(commit, top)) {
      this.files.set(entry.path, entry);
      const parts = entry.path.split('/');
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        let names = this.dirs.get(dir);
        if (!names) this.dirs.set(dir, (names = new Set()));
        names.add(parts[i]);
      }
    }
  }

  /** Reads the blobs of these files (absolute paths) in one request, before they are linted. */
  prefetch(files: readonly string[]): void {
    this.options.blobs.prefetch(files.map((f) => this.entry(f)).filter((e): e is TreeEntry => e !== undefined));
  }

  readFile(file: string): string | undefined {
    const rel = this.relative(file);
    if (rel === undefined) return this.disk.readFile(file);
    const entry = this.files.get(rel);
    return entry && this.options.blobs.text(entry);
  }

  isFile(file: string): boolean {
    const rel = this.relative(file);
    return rel === undefined ? this.disk.isFile(file) : this.files.has(rel);
  }

  isDirectory(dir: string): boolean {
    const rel = this.relative(dir);
    return rel === undefined ? this.disk.isDirectory(dir) : this.dirs.has(rel);
  }

  listDir(dir: string): string[] | undefined {
    const rel = this.relative(dir);
    if (rel === undefined) return this.disk.listDir(dir);
    const names = this.dirs.get(rel);
    return names && [...names].sort();
  }

  /** Inside the tree there are no symbolic links (they are left out): a path is its own real path. */
  realPath(file: string): string | undefined {
    const rel = this.relative(file);
    if (rel === undefined) return this.disk.realPath ? this.disk.realPath(file) : file;
    return this.files.has(rel) || this.dirs.has(rel) ? path.resolve(file) : undefined;
  }

  /** Files of the tree under `cwd` that match, as tinyglobby would find them on disk (dot files included). */
  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[] {
    const clean = (list: string[]) => list.map((p) => p.replace(/^\.\//, ''));
    const match = picomatch(clean(patterns), { dot: true });
    const ignore = options.ignore.length > 0 ? picomatch(clean(options.ignore), { dot: true }) : () => false;
    // An ignored folder is not walked into, as on disk.
    const ignored = (rel: string) => {
      const parts = rel.split('/');
      return ignore(rel) || parts.slice(1).some((_, i) => ignore(`${parts.slice(0, i + 1).join('/')}/`) || ignore(parts.slice(0, i + 1).join('/')));
    };
    const out: string[] = [];
    for (const rel of this.files.keys()) {
      const abs = path.join(this.top, ...rel.split('/'));
      if (!isInside(options.cwd, abs) || this.relative(abs) === undefined) continue;
      const fromCwd = path.relative(options.cwd, abs).split(path.sep).join('/');
      if (match(fromCwd) && !ignored(fromCwd)) out.push(abs);
    }
    return out.sort();
  }

  private entry(file: string): TreeEntry | undefined {
    const rel = this.relative(file);
    return rel === undefined ? undefined : this.files.get(rel);
  }

  /** The path relative to the top level (forward slashes) when the tree answers for it; undefined when the disk does. */
  private relative(file: string): string | undefined {
    const abs = path.resolve(file);
    if (!isInside(this.top, abs) || this.options.fromDisk.some((d) => isInside(d, abs))) return undefined;
    return path.relative(this.top, abs).split(path.sep).join('/');
  }
}
