import type { ParsedDocument } from '../model/document.js';
import { findFrontMatter } from '../parse/front-matter.js';
import type { PathSegment, SafeFix } from '../types.js';

/**
 * The safe fix that writes `value` over the scalar at `path`: quoted as the source quoted
 * it, and quoted where YAML would otherwise read it as something else. Undefined when the
 * node has no scalar text of its own to replace, or already says `value`.
 */
export function replaceScalar(doc: ParsedDocument, path: readonly PathSegment[], value: string | number | boolean): SafeFix | undefined {
  const loc = doc.map.get([...path]);
  if (!loc || loc.shape !== 'scalar') return undefined;
  const span = loc.value;
  const source = doc.text.slice(span.start, span.end);
  const wanted = String(value);
  if (source === wanted) return undefined;
  const quote = source[0] === '"' || source[0] === "'" ? source[0] : undefined;
  const text = quote ? quoted(wanted, quote) : inYaml(doc, span.start) && typeof value === 'string' && !isPlainSafe(wanted) ? quoted(wanted, '"') : wanted;
  return { span: { start: span.start, end: span.end }, text };
}

/** Is the offset in YAML text (a YAML record or Markdown front matter), where quoting rules apply? */
function inYaml(doc: ParsedDocument, offset: number): boolean {
  if (doc.form !== 'markdown') return true;
  const fm = findFrontMatter(doc.lines);
  return fm.kind === 'block' && offset < fm.close.start;
}

/** Text YAML reads back as the same string when written bare. */
function isPlainSafe(s: string): boolean {
  if (/^(true|false|yes|no|on|off|null|~)$/i.test(s)) return false;
  if (/^[-+]?(\d[\d_]*)?(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return false;
  return /^[\p{L}_][\p{L}\p{N}_ .()/'-]*$/u.test(s) && !/\s$/.test(s) && !s.includes(' #');
}

function quoted(s: string, quote: '"' | "'"): string {
  return quote === "'" ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);
}
