/** What `yamlBeyond` found: the first place past a limit, and which limit. */
export interface YamlExcess {
  at: number;
  what: 'depth' | 'entries';
}

/** After plain text outside flow collections, whether a character can change the count: `:`, `-`, `?` or `#`. */
const mayChangeCount = (c: number): boolean => c <= 63 && (c === 58 || c === 45 || c === 63 || c === 35);

/**
 * A cheap look at YAML text before the general YAML parser reads it.
 *
 * - How deeply does it nest? The parser recurses once per level, so a document nested
 *   thousands of levels deep (`[[[[…`, or thousands of ever-deeper indented keys) would
 *   exhaust the stack inside the parser. Nesting of valid YAML is never under-reported by
 *   more than the sequences written at their parent key's indentation.
 * - How many entries does it hold? The parser builds several objects per key or item and
 *   is several times slower than the direct block reader, so a document of hundreds of
 *   thousands of entries (a 4 MB flow map) would take minutes and fill memory. Every
 *   content line outside flow collections counts as one entry (more for `- - a`), and inside
 *   them every item: an upper bound on the keys and items of valid YAML.
 *
 * One linear pass that allocates nothing per character. Returns the first place past a
 * limit, and which, or undefined when the text is within both.
 */
export function yamlBeyond(text: string, limits: { maxDepth: number; maxEntries: number }): YamlExcess | undefined {
  const { maxDepth: limit, maxEntries } = limits;
  let entries = 0;
  const indents: number[] = [];
  let flow = 0;
  /** Inside a quoted scalar (may span lines): the quote character. */
  let quote = '';
  /** Lines more indented than this belong to a block scalar (`|` or `>`); -1 when not in one. */
  let blockScalar = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || text[i] === '\r' || text[i] === '#';
    if (blockScalar >= 0 && (blank || indent > blockScalar)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalar = -1;
    if (flow === 0 && quote === '' && !blank) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      // The entries this line starts: one, and one more per compact `- ` or `? ` after the first.
      const kept = indents.length;
      indents.push(indent);
      // Compact nesting on one line: `- - - value`, `- ? key`.
      while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || i + 1 >= lineEnd)) {
        i += 1;
        while (i < lineEnd && text[i] === ' ') i++;
        indents.push(i - lineStart);
      }
      if (indents.length > limit) return { at: lineStart + indent, what: 'depth' };
      entries += indents.length - kept;
      if (entries > maxEntries) return { at: lineStart + indent, what: 'entries' };
    }
    let valueStart = true;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote !== '') {
        if (c === quote) {
          if (quote === "'" && text[i + 1] === "'") i++;
          else quote = '';
        } else if (c === '\\' && quote === '"') i++;
        valueStart = false;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (valueStart || flow > 0)) {
        quote = c;
      } else if ((c === '[' || c === '{') && (valueStart || flow > 0)) {
        flow++;
        if (indents.length + flow > limit) return { at: i, what: 'depth' };
        if (++entries > maxEntries) return { at: i, what: 'entries' };
        valueStart = true;
        continue;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      } else if (c === ',' && flow > 0) {
        if (++entries > maxEntries) return { at: i, what: 'entries' };
        valueStart = true;
        continue;
      } else if ((c === ':' || c === '-' || c === '?') && (text[i + 1] === ' ' || i + 1 >= lineEnd || (flow > 0 && c === ':'))) {
        valueStart = true;
        continue;
      } else if ((c === '|' || c === '>') && valueStart && flow === 0 && /^[|>][-+0-9]*\s*(#.*)?\r?$/.test(text.slice(i, lineEnd))) {
        blockScalar = indent;
        break;
      }
      valueStart = false;
      if (flow === 0 && quote === '') {
        // Plain text outside flow collections: only `: `, `- `, `? ` or a comment can change anything.
        let next = i + 1;
        while (next < lineEnd && !mayChangeCount(text.charCodeAt(next))) next++;
        i = next - 1;
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** What `markdownBeyond` found: the first place past a limit, and which limit. */
export interface MarkdownExcess {
  at: number;
  what: 'depth' | 'work' | 'lists' | 'blocks';
}

export interface MarkdownLimits {
  maxDepth: number;
  /** Sum over blocks of markers² + lazy lines². */
  maxWork: number;
  /** Sum, over lines that close a nested list or quote, of their offset. */
  maxListWork: number;
  /** Blocks: runs of lines from a container marker or heading to the next blank line. */
  maxBlocks: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/**
 * Each quote costs the Markdown parser time in proportion to the blocks before it: 4,000 short
 * quotes in a row take seconds, 16,000 (80 KB) minutes. Counted in the units of the list work,
 * where 40 million is a few seconds, as quotes that passed 4 million blocks in all take.
 */
const QUOTE_COST_PER_BLOCK = 10;
const CONTAINER = /^ *(?:>|[-*+] |[-*+]$|\d{1,9}[.)] |\d{1,9}[.)]$)/;
const MARKER = /[*_[\]]/g;

/** Where the first emphasis or link marker (`*`, `_`, `[`, `]`) at or after `from` is, or text.length. */
function markerFrom(text: string, from: number): number {
  MARKER.lastIndex = from;
  return MARKER.exec(text)?.index ?? text.length;
}

/**
 * A linear look at a Markdown body before it is parsed. The Markdown parser takes time
 * growing with the square of (a) the emphasis and link markers (`*`, `_`, `[`, `]`) in one
 * paragraph and (b) the lines that continue a list item or quote lazily; (c) each nested
 * list or quote it closes costs time in proportion to how far into the file it is; and
 * it recurses once per nested container; (d) each quote costs time in proportion to the
 * blocks before it. This estimates (a) and (b) per block (a run of lines from a container
 * marker or heading to the next blank line, outside fenced code), (c) per line, (d) per quote
 * (counted with (c)), and the container depth, and returns the first place past a limit.
 */
export function markdownBeyond(text: string, from: number, limits: MarkdownLimits): MarkdownExcess | undefined {
  const { maxDepth, maxWork, maxListWork, maxBlocks } = limits;
  let blocks = 0;
  let work = 0;
  let listWork = 0;
  let prevNested = false;
  /** Whether the last non-blank line was in a quote: a `>` line after anything else starts one. */
  let inQuote = false;
  let blockStart = -1;
  let blockLines = 0;
  let blockMarkers = 0;
  let container = false;
  let fence = '';
  /** Where the next emphasis or link marker at or after the line being read is (text.length when none is left). */
  let nextMarker = -1;
  const close = () => {
    if (blockStart >= 0) work += blockMarkers * blockMarkers + (container ? blockLines * blockLines : 0);
    blockStart = -1;
  };
  for (let lineStart = from; lineStart < text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    // A line starting with a letter continues or starts a paragraph: it is no fence, blank line,
    // quote, list item or heading, so none of the expressions below need to read it.
    const first = text.charCodeAt(lineStart);
    const prose = (first >= 65 && first <= 90) || (first >= 97 && first <= 122);
    const line = prose ? '' : text.slice(lineStart, Math.min(lineEnd, lineStart + 1024));
    const fenceMatch = prose ? null : FENCE.exec(line);
    if (fence !== '') {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = '';
    } else if (fenceMatch) {
      close();
      fence = fenceMatch[1];
    } else if (!prose && line.trim() === '') {
      close();
      inQuote = false;
    } else {
      const nested = !prose && (line[0] === ' ' || /^ *> *(?:[-*+>]|\d)/.test(line));
      if (prevNested && !nested) listWork += lineStart;
      prevNested = nested;
      const quote = !prose && /^ *>/.test(line);
      if (quote && !inQuote) listWork += blocks * QUOTE_COST_PER_BLOCK;
      inQuote = quote;
      if (listWork > maxListWork) return { at: lineStart, what: 'lists' };
      let depth = 0;
      let i = 0;
      while (i < line.length && line[i] === ' ') i++;
      const indent = i;
      for (let rest = line.slice(i); CONTAINER.test(rest); rest = line.slice(i)) {
        depth++;
        const m = /^ *(?:>|[-*+]|\d{1,9}[.)]) ?/.exec(rest)!;
        i += m[0].length;
      }
      if (depth + Math.floor(indent / 2) > maxDepth) return { at: lineStart, what: 'depth' };
      if (depth > 0 || (!prose && /^ {0,3}#/.test(line))) {
        close();
        container = depth > 0;
      }
      if (blockStart < 0) {
        if (++blocks > maxBlocks) return { at: lineStart, what: 'blocks' };
        blockStart = lineStart;
        blockLines = 0;
        blockMarkers = 0;
      }
      blockLines++;
      // The markers on this line, from where the next marker in the text is: a line without one costs nothing.
      if (nextMarker < lineStart) nextMarker = markerFrom(text, lineStart);
      while (nextMarker < lineEnd) {
        blockMarkers++;
        nextMarker = markerFrom(text, nextMarker + 1);
      }
      if (work + blockMarkers * blockMarkers + (container ? blockLines * blockLines : 0) > maxWork) return { at: blockStart, what: 'work' };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
