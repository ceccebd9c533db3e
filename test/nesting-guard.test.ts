import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownBeyond, yamlBeyond } from '../server/src/core/parse/nesting-guard.js';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The emphasis and link work of a body as the guard defines it, read character by character:
 * per block (lines up to a blank line, outside fenced code) the square of its `*`, `_`, `[`
 * and `]`; the start of the first block that takes the sum past the limit.
 */
function workBeyond(text: string, maxWork: number): number | undefined {
  let work = 0;
  let blockStart = -1;
  let markers = 0;
  let fence = '';
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const open = FENCE.exec(line)?.[1];
    if (fence !== '') {
      if (open && open[0] === fence[0] && open.length >= fence.length) fence = '';
    } else if (open) {
      if (blockStart >= 0) work += markers * markers;
      blockStart = -1;
      fence = open;
    } else if (line.trim() === '') {
      if (blockStart >= 0) work += markers * markers;
      blockStart = -1;
    } else {
      if (blockStart < 0) [blockStart, markers] = [lineStart, 0];
      for (const c of line) if ('*_[]'.includes(c)) markers++;
      if (work + markers * markers > maxWork) return blockStart;
    }
    lineStart += line.length + 1;
  }
  return undefined;
}

/** The YAML guard's count read one character at a time, every character of every line looked at. */
function yamlBeyondByCharacter(text: string, limits: { maxDepth: number; maxEntries: number }): { at: number; what: string } | undefined {
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
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

describe('the YAML guard', () => {
  it('finds what a character-by-character read finds, past plain text, quotes, comments and flow collections (3,000 generated documents)', () => {
    const piece = fc.constantFrom(
      'key',
      ': ',
      '- ',
      '? ',
      ' # note',
      '#',
      'a:b',
      'x-y',
      'why?',
      '[',
      ']',
      '{',
      '}',
      ', ',
      '"',
      "'",
      "''",
      '\\"',
      '|',
      '>-',
      'plain words',
      ' ',
      '\t',
    );
    const line = fc.tuple(fc.nat(6), fc.array(piece, { maxLength: 8 })).map(([indent, parts]) => ' '.repeat(indent) + parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), fc.integer({ min: 1, max: 8 }), fc.nat(40), (lines, maxDepth, maxEntries) => {
        const text = lines.join('\n');
        const limits = { maxDepth, maxEntries };
        assert.deepEqual(yamlBeyond(text, limits), yamlBeyondByCharacter(text, limits), JSON.stringify(text));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });
});

describe('the Markdown guard', () => {
  it('counts emphasis and link markers per block as read character by character, outside fenced code (2,000 generated bodies)', () => {
    // Lines that are paragraphs (no list item, quote or heading), blank lines and fences.
    const line = fc.oneof(
      fc.constantFrom('', '   ', '```', '~~~~', '```js', 'plain words', 'a*b*c', '[link](x)', '_x_ and *y*', 'snake_case_name', '*not a list', '[[]]', 'text ]['),
      fc.string({ unit: fc.constantFrom('a', ' ', '*', '_', '[', ']', 'b'), minLength: 1, maxLength: 12 }).map((s) => `w${s}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.nat(60), (lines, maxWork) => {
        const text = lines.join('\n');
        const found = markdownBeyond(text, 0, { maxDepth: 1000, maxWork, maxListWork: 1e12, maxBlocks: 1e9 });
        const expected = workBeyond(text, maxWork);
        assert.deepEqual(found, expected === undefined ? undefined : { at: expected, what: 'work' }, JSON.stringify(text));
      }),
      { numRuns: 2000, seed: 20261206 },
    );
  });
});
