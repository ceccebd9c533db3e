import type { LineIndex } from '../text/line-index.js';
import type { Span } from '../types.js';

export type FrontMatter =
  { kind: 'none' } | { kind: 'unclosed'; open: Span } | { kind: 'block'; open: Span; content: Span; close: Span; firstContentLine: number; closeLine: number };

/**
 * Finds a `---` fenced YAML block at the very start of a Markdown file. A byte-order mark
 * before it is allowed: editors other than VS Code send it as part of the text.
 */
export function findFrontMatter(lines: LineIndex): FrontMatter {
  const lineText = (n: number) => lines.text.slice(lines.lineStart(n), lines.lineEnd(n));
  if (
    lineText(0)
      .replace(/^\uFEFF/, '')
      .trimEnd() !== '---'
  )
    return { kind: 'none' };
  const open = { start: 0, end: lines.lineEnd(0) };
  for (let n = 1; n < lines.lineCount; n++) {
    const t = lineText(n).trimEnd();
    if (t === '---' || t === '...') {
      const contentStart = lines.lineStart(1);
      const closeStart = lines.lineStart(n);
      return {
        kind: 'block',
        open,
        content: { start: contentStart, end: Math.max(contentStart, closeStart) },
        close: { start: closeStart, end: lines.lineEnd(n) },
        firstContentLine: 1,
        closeLine: n,
      };
    }
  }
  return { kind: 'unclosed', open };
}
