import type { InlineWaiver } from '../model/document.js';
import type { LineIndex } from '../text/line-index.js';

const YAML_WAIVER = /^\s*#\s*standpoint-waive\s+(.*)$/;
const HTML_WAIVER = /^\s*<!--\s*standpoint-waive\s+(.*?)\s*-->\s*$/;
const MARK = 'standpoint-waive';
const ATTRIBUTE = /(\w+)=(?:"([^"]*)"|(\S+))/g;

/**
 * Finds `standpoint-waive` comments on lines [fromLine, toLine) (0-based). A waiver
 * applies to the next line that is neither blank nor itself a comment.
 */
export function scanInlineWaivers(lines: LineIndex, fromLine: number, toLine: number, style: 'yaml' | 'html'): InlineWaiver[] {
  const pattern = style === 'yaml' ? YAML_WAIVER : HTML_WAIVER;
  const found: InlineWaiver[] = [];
  if (fromLine >= toLine) return found;
  const end = lines.lineEnd(toLine - 1);
  // Most documents hold no waiver: look for the word, and only at the lines that hold it.
  for (let at = lines.text.indexOf(MARK, lines.lineStart(fromLine)); at !== -1 && at < end;) {
    const line = lines.lineOf(at);
    const start = lines.lineStart(line);
    const lineEnd = lines.lineEnd(line);
    at = lines.text.indexOf(MARK, lineEnd);
    const text = lines.text.slice(start, lineEnd);
    const m = pattern.exec(text);
    if (!m) continue;
    const [rule = '', ...rest] = m[1].trim().split(/\s+/);
    const attrs: Record<string, string> = {};
    for (const a of rest.join(' ').matchAll(ATTRIBUTE)) attrs[a[1]] = a[2] ?? a[3];
    const ruleAt = rule ? start + m.index + m[0].indexOf(m[1]) + m[1].indexOf(rule) : -1;
    found.push({
      rule,
      ...(ruleAt >= 0 ? { ruleSpan: { start: ruleAt, end: ruleAt + rule.length } } : {}),
      reason: attrs.reason,
      owner: attrs.owner,
      expires: attrs.expires,
      span: { start, end: start + text.length },
      targetLine: nextContentLine(lines, line + 1, toLine, style),
    });
  }
  return found;
}

function nextContentLine(lines: LineIndex, from: number, to: number, style: 'yaml' | 'html'): number {
  for (let line = from; line < to; line++) {
    const text = lines.text.slice(lines.lineStart(line), lines.lineEnd(line)).trim();
    if (text === '') continue;
    if (style === 'yaml' && text.startsWith('#')) continue;
    if (style === 'html' && /^<!--.*-->$/.test(text)) continue;
    return line;
  }
  return from;
}
