import { FACTS_ROOT, type ParsedDocument } from '../model/document.js';
import { findFrontMatter } from '../parse/front-matter.js';
import { knownSections, type KnownSection } from '../parse/markdown-sections.js';
import type { PathSegment, Span } from '../types.js';

/** Where a Markdown record's missing section belongs (SPEC §1.7, §1.8). */
export interface SectionPlace {
  section: KnownSection;
  /**
   * What a finding about the missing section points at: a heading that nearly names it (a
   * typo read as prose), else the heading that should contain it, else the end of the front matter.
   */
  anchor: Span;
  /** The offset of the line the new section's heading goes on: before the next section in the canonical order, else the end. */
  insertAt: number;
  /** True when another section follows the insertion point (the new one needs a blank line after it). */
  beforeSection: boolean;
}

const SECTIONS = knownSections();
const samePath = (a: readonly PathSegment[], b: readonly PathSegment[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * The place of the section that would fill `path` in a Markdown record, when `path` is a
 * missing section of its body. Undefined for YAML records, for fields that are present, and
 * for sections whose parent field is written in the front matter (there the field is YAML,
 * and is reported as such).
 */
export function sectionPlace(doc: ParsedDocument, path: readonly PathSegment[]): SectionPlace | undefined {
  if (doc.form !== 'markdown' || doc.map.get(path)) return undefined;
  const index = SECTIONS.findIndex((s) => samePath(s.mapping.path, path));
  if (index < 0) return undefined;
  const fm = findFrontMatter(doc.lines);
  if (fm.kind !== 'block') return undefined;
  for (let depth = 1; depth < path.length; depth++) {
    const parent = doc.map.get(path.slice(0, depth));
    if (parent && parent.value.start < fm.close.start) return undefined;
  }
  const headings = doc.facts.headings.map((h, i) => ({ fact: h, span: doc.map.get([FACTS_ROOT, 'headings', i])?.value }));
  const order = (field: string | undefined) => (field === undefined ? -1 : SECTIONS.findIndex((s) => s.mapping.path.join('.') === field));
  const next = headings.find((h) => h.span && order(h.fact.field) > index);
  const insertAt = next?.span ? doc.lines.lineStart(doc.lines.lineOf(next.span.start)) : doc.text.length;
  // The heading a `##` section sits under: the last `#` heading before where it goes.
  const container = headings.filter((h) => h.span && h.fact.level < 2 && h.span.start < insertAt).pop();
  const nearMiss = headings.find((h) => h.span && h.fact.near_miss?.field === path.join('.'));
  const anchor = nearMiss?.span ?? container?.span ?? fm.close;
  return { section: SECTIONS[index], anchor: { start: anchor.start, end: anchor.end }, insertAt, beforeSection: next !== undefined };
}

/**
 * A message about a missing Markdown section, speaking of the section instead of the
 * model path: "in `customer_standpoint.advocates`" becomes "in a `## Advocates` section",
 * "add a `reinvestment`" becomes "add a `## Reinvestment` section".
 */
export function speakOfSection(message: string, path: readonly PathSegment[], section: KnownSection): string {
  // A message written for both forms already names the section: it stays as it is.
  if (message.toLowerCase().includes(`"${section.heading.toLowerCase()}" section`)) return message;
  const names = [path.join('.'), String(path[path.length - 1])].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const mention = new RegExp(`(\\b(?:an?|the)\\s+)?\`(?:${names.join('|')}):?\``, 'g');
  return message.replace(mention, `a \`## ${section.heading}\` section`);
}
