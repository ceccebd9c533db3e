/**
 * Safety limits for reading documents. A file over a limit gets a `record-syntax`
 * finding that names the limit; nothing is parsed past it.
 */
export const LIMITS = {
  /** Largest file read, in UTF-16 code units (about bytes for ASCII). */
  maxFileSize: 5 * 1024 * 1024,
  /**
   * Most bytes a host reads from one file: enough to see that it is over `maxFileSize`
   * (a UTF-16 code unit takes at most 3 bytes of UTF-8), so a huge file never fills memory.
   */
  maxReadBytes: 6 * 5 * 1024 * 1024,
  /** Aliases resolved when building the model (guards against "billion laughs"). */
  maxAliasCount: 100,
  /** Deepest nesting of maps and lists kept in the model. */
  maxDepth: 200,
} as const;
