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
  /** Most configuration files in one chain of `extends` (each extending the next). */
  maxExtendsDepth: 64,
  /**
   * Entries (keys and list items) of a YAML document read by the general YAML parser: flow
   * collections, anchors, tags and the rest of what the direct block reader leaves to it. The
   * parser builds several objects per entry and is several times slower than the direct reader:
   * about a third of a second at the limit, where a 4 MB flow map of 400,000 keys would take
   * seconds and hundreds of megabytes.
   */
  maxYamlEntries: 20_000,
  /** Deepest nesting of maps and lists (YAML), or of lists and quotes (Markdown), that is read. */
  maxDepth: 200,
  /**
   * Estimated work for the Markdown parser, whose time grows with the square of the
   * emphasis and link markers in one paragraph and of the lazy lines of one list item or
   * quote: the sum over blocks of markers² + lazy lines². About a second at the limit;
   * the largest real-world record seen needs 1.5 million.
   */
  maxMarkdownWork: 25_000_000,
  /**
   * Closing a nested list or quote costs the Markdown parser time in proportion to how far
   * into the file it is: the sum of those offsets. A few seconds at the limit (about 2,500
   * items with sub-items); the largest real-world record seen needs 21 million.
   */
  maxMarkdownListWork: 40_000_000,
  /**
   * Blocks (headings, paragraphs, list items, quotes) in a Markdown body: each becomes
   * several syntax-tree nodes, so a flood of one-line headings fills memory long before the
   * size limit. The largest real-world record seen has about 1,500.
   */
  maxMarkdownBlocks: 20_000,
} as const;
