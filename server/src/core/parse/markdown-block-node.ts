/* The block tree the direct Markdown reader builds: a node for each block, which the block reader opens, fills and closes line by line. */

export type BlockType = 'root' | 'blockquote' | 'list' | 'listItem' | 'paragraph' | 'heading' | 'thematicBreak' | 'code' | 'html';

export class Block {
  parent: Block | undefined;
  readonly children: Block[] = [];
  open = true;
  /** Where the block ends in the text (containers: the end of their own last line; see `endOf` in markdown-tree.ts). */
  end: number;
  /** Paragraphs and setext headings: each line's content start and line end, in pairs. */
  lines: number[] = [];
  /** Headings. */
  depth = 0;
  contentStart = 0;
  contentEnd = 0;
  /** Lists: how items are marked, and the first number. */
  ordered = false;
  startNumber = 0;
  /** The bullet character, or the `.`/`)` after an ordered item's number. */
  marker = 0;
  /** Items: the marker's indentation and the width of marker and spaces (content starts after both). */
  markerOffset = 0;
  padding = 0;
  /** Fenced code. */
  fenceChar = 0;
  fenceLength = 0;
  fenceOffset = 0;
  info = '';
  /** Whether the fence line is behind: the lines after it are the code. */
  pastFence = false;
  closed = false;
  /** HTML blocks: the CommonMark start condition (2, 6 or 7). */
  htmlType = 0;

  constructor(
    public type: BlockType,
    readonly start: number,
  ) {
    this.end = start;
  }

  get lastChild(): Block | undefined {
    // Not `children[length - 1]` on an empty list: a read out of bounds is V8's slow path, and most blocks have no children.
    const n = this.children.length;
    return n > 0 ? this.children[n - 1] : undefined;
  }
}
