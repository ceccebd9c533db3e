import { FACTS_ROOT, type DocumentFacts, type SectionFact } from '../model/document.js';
import { normaliseHeading } from '../parse/markdown-sections.js';
import type { JsonSchema } from './language.js';
import { LatestMemo } from './latest-memo.js';
import { childCursor, isMap, type Cursor } from './paths.js';

/**
 * `section:` on a check: which sections of a Markdown body it reads, by heading. Sections are
 * the document's facts (`$document.sections`, one per heading); a selector picks those whose
 * heading is one of the alternatives, compared as the known-section table compares headings
 * (case, punctuation, plurals, a leading number and "the"/"our" ignored).
 */
export type SectionOperand = string | string[] | { heading: string | string[]; subsections?: boolean };

export interface SectionSelector {
  /** The alternatives as written. */
  written: readonly string[];
  /** The same, compared form. */
  headings: ReadonlySet<string>;
  /** The subsections of a chosen section are part of it. */
  subsections: boolean;
}

const HEADINGS = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
};

export const SECTION_SCHEMA: JsonSchema = {
  description:
    'Read only these sections of a Markdown document, by heading (case, punctuation, plurals and a leading number ignored): a heading, a list of alternatives, or {heading, subsections: true} to take in the sections under it. find searches their paragraphs; assert tests each section ({heading, level, text}), or a missing node when none is there. Instead of given.',
  oneOf: [
    ...HEADINGS.oneOf,
    {
      type: 'object',
      required: ['heading'],
      additionalProperties: false,
      properties: {
        heading: { ...HEADINGS, description: 'The heading, or alternatives for it.' },
        subsections: { type: 'boolean', description: 'true: the sections under a chosen one (deeper headings, up to the next heading of its level) are part of it.' },
      },
    },
  ],
};

export function readSection(v: SectionOperand): SectionSelector {
  const heading = typeof v === 'string' || Array.isArray(v) ? v : v.heading;
  const written = typeof heading === 'string' ? [heading] : heading;
  return {
    written,
    headings: new Set(written.map(normaliseHeading).filter((h) => h !== '')),
    subsections: !(typeof v === 'string' || Array.isArray(v)) && v.subsections === true,
  };
}

/** A chosen section: its index in `$document.sections`, and the indexes it takes in (itself first). */
interface Chosen {
  index: number;
  members: number[];
}

/** The sections each selector chose in the document being checked. */
const chosenBy = new LatestMemo<object, Map<SectionSelector, Chosen[]>>();

function sectionsOf(document: unknown): SectionFact[] {
  return isMap(document) && Array.isArray(document.sections) ? (document as unknown as DocumentFacts).sections : [];
}

/** The sections a selector chooses in a document, found once per document. */
function choose(selector: SectionSelector, document: unknown): Chosen[] {
  const sections = sectionsOf(document);
  if (sections.length === 0) return [];
  let bySelector = chosenBy.get(sections);
  if (!bySelector) {
    bySelector = new Map();
    chosenBy.set(sections, bySelector);
  }
  let chosen = bySelector.get(selector);
  if (!chosen) {
    chosen = [];
    sections.forEach((s, index) => {
      if (!selector.headings.has(normaliseHeading(s.heading))) return;
      const members = [index];
      if (selector.subsections) for (let j = index + 1; j < sections.length && sections[j].level > s.level; j++) members.push(j);
      chosen!.push({ index, members });
    });
    bySelector.set(selector, chosen);
  }
  return chosen;
}

const SECTIONS: Cursor = { value: undefined, path: [FACTS_ROOT, 'sections'] };

/**
 * What an `assert` tests: each chosen section (with its subsections' text and paragraphs when
 * they are part of it), or, when the Markdown document has none, one missing node: a rule
 * asking for the section finds it missing, at the document's title. A YAML file has no
 * sections to ask for: nothing.
 */
export function sectionNodes(selector: SectionSelector, document: unknown, markdown: boolean): Cursor[] {
  if (!markdown) return [];
  const sections = sectionsOf(document);
  const chosen = choose(selector, document);
  if (chosen.length === 0) return [SECTIONS];
  const list: Cursor = { value: sections, path: SECTIONS.path };
  return chosen.map(({ index, members }) => {
    const own = sections[index];
    if (members.length === 1) return childCursor(list, index, own);
    const paragraphs = members.flatMap((m) => sections[m].paragraphs);
    return childCursor(list, index, { ...own, text: paragraphs.join('\n\n'), paragraphs });
  });
}

/** What a `find` searches: every paragraph of the chosen sections, each at its place. */
export function sectionParagraphs(selector: SectionSelector, document: unknown): Cursor[] {
  const sections = sectionsOf(document);
  const list: Cursor = { value: sections, path: SECTIONS.path };
  return choose(selector, document).flatMap(({ members }) =>
    members.flatMap((m) => {
      const section = childCursor(list, m, sections[m]);
      const paragraphs = childCursor(section, 'paragraphs', sections[m].paragraphs);
      return sections[m].paragraphs.map((p, k) => childCursor(paragraphs, k, p));
    }),
  );
}

/** The indexes of the chosen sections and the sections they take in: where a find looks for comments when asked to. */
export function sectionMembers(selector: SectionSelector, document: unknown): number[] {
  return choose(selector, document).flatMap((c) => c.members);
}
