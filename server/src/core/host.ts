import type { PatternVerdict } from './rules/safety.js';

/** What is at a path, when it is there: a regular file, a folder, or something that is neither. */
export type EntryKind = 'file' | 'folder' | 'named pipe' | 'socket' | 'device' | 'broken symbolic link';

/**
 * Everything the engine needs from the outside world. The CLI reads the disk; the
 * language server answers from open buffers first. The engine itself never touches fs.
 */
export interface Host {
  /** File text without a byte-order mark, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /**
   * What is at the path (following symbolic links), or undefined when nothing is (optional:
   * a host without it answers from isFile). Tells a missing file from one that cannot be
   * read as text, such as a named pipe, which must be reported rather than skipped.
   */
  entryKind?(path: string): EntryKind | undefined;
  /** Names of a directory's entries, or undefined when it cannot be listed. */
  listDir(path: string): string[] | undefined;
  /** The path with symbolic links resolved, or undefined when it does not exist (optional). */
  realPath?(path: string): string | undefined;
  /** Files under `cwd` matching any pattern, as absolute paths, skipping `ignore` patterns. */
  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[];
  /**
   * Loads a module generated at build time (the precompiled schema validators), or throws.
   * A host that cannot run code leaves it out, and the engine compiles the schemas itself.
   */
  loadGenerated?(file: string): unknown;
  /**
   * A ReDoS checker's verdict on a team's regular expression. A host without one leaves
   * it out: such patterns are then treated as undecided (run only on short texts).
   */
  checkPattern?(source: string, flags: string): PatternVerdict;
}
