import type { EntryKind, Host } from './host.js';
import type { PatternVerdict } from './rules/safety.js';

/**
 * Another host with some files' text held in memory, which wins over it: the language
 * server's unsaved editor buffers, the worker threads that index them, and the rule
 * tester's documentation examples (files that exist nowhere else).
 */
export class OverlayHost implements Host {
  private readonly buffers = new Map<string, string>();

  constructor(private readonly base: Host) {}

  setBuffer(file: string, text: string): void {
    this.buffers.set(file, text);
  }

  closeBuffer(file: string): void {
    this.buffers.delete(file);
  }

  /** Files held in memory. */
  bufferedFiles(): string[] {
    return [...this.buffers.keys()];
  }

  buffer(file: string): string | undefined {
    return this.buffers.get(file);
  }

  readFile(file: string): string | undefined {
    return this.buffers.get(file) ?? this.base.readFile(file);
  }

  isFile(file: string): boolean {
    return this.buffers.has(file) || this.base.isFile(file);
  }

  isDirectory(dir: string): boolean {
    return !this.buffers.has(dir) && this.base.isDirectory(dir);
  }

  entryKind(file: string): EntryKind | undefined {
    return this.buffers.has(file) ? 'file' : entryKindOf(this.base, file);
  }

  /** A file held only in memory is its own real path. */
  realPath(file: string): string | undefined {
    return this.base.realPath?.(file) ?? (this.buffers.has(file) ? file : undefined);
  }

  listDir(dir: string): string[] | undefined {
    return this.base.listDir(dir);
  }

  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[] {
    return this.base.glob(patterns, options);
  }

  checkPattern(source: string, flags: string): PatternVerdict {
    return this.base.checkPattern?.(source, flags) ?? { complexity: 'unknown', undecided: 'no-checker' };
  }

  loadGenerated(file: string): unknown {
    if (!this.base.loadGenerated) throw new Error('this host cannot load generated code');
    return this.base.loadGenerated(file);
  }
}

/** What is at a path, as far as a host can tell: a host without `entryKind` knows only files. */
export function entryKindOf(host: Host, file: string): EntryKind | undefined {
  return host.entryKind ? host.entryKind(file) : host.isFile(file) ? 'file' : undefined;
}
