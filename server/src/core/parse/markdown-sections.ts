import { editDistance } from '../text/edit-distance.js';
import type { PathSegment } from '../types.js';

/** How a known Markdown section maps onto the record model (SPEC §1.7). */
export interface SectionMapping {
  path: PathSegment[];
  /** `text`: the section's paragraphs form one string; `list`: its list items form an array. */
  shape: 'text' | 'list';
  /** For lists: the field an item's first paragraph fills; absent when items are plain strings. */
  principal?: string;
}

/** A known section: the heading templates and completion offer, the other headings that name it, and its field. */
export interface KnownSection {
  heading: string;
  variants: readonly string[];
  mapping: SectionMapping;
}

/**
 * Every known section, in the order a record lists them. Headings are compared after
 * `normaliseHeading`, so plurals, `&`, punctuation and case need no entry of their own;
 * a variant is another wording teams use for the same section.
 */
const SECTIONS: readonly KnownSection[] = [
  {
    heading: 'Customer impact',
    variants: ['Impact on customers', 'Customer impact rationale'],
    mapping: { path: ['customer_impact_rationale'], shape: 'text' },
  },
  {
    heading: 'Customer standpoint',
    variants: ['Customer perspective', 'Customer view', "Customer's point of view"],
    mapping: { path: ['customer_standpoint', 'summary'], shape: 'text' },
  },
  {
    heading: 'Customer evidence',
    variants: ['Evidence', 'Evidence from customers', 'Customer and frontline evidence', 'Frontline evidence'],
    mapping: { path: ['customer_standpoint', 'evidence'], shape: 'list', principal: 'summary' },
  },
  {
    heading: 'Advocates',
    variants: ['Customer advocates'],
    mapping: { path: ['customer_standpoint', 'advocates'], shape: 'list' },
  },
  {
    heading: 'Concerns',
    variants: ['Customer concerns', 'Advocate concerns', 'Concerns raised'],
    mapping: { path: ['customer_standpoint', 'concerns'], shape: 'list', principal: 'concern' },
  },
  {
    heading: 'Promises',
    variants: ['Our promises', 'Customer promises', 'Promises to customers'],
    mapping: { path: ['promises'], shape: 'list', principal: 'promise' },
  },
  {
    heading: 'Functions affected',
    variants: ['Functions', 'Affected functions', 'Functions involved'],
    mapping: { path: ['functions'], shape: 'list', principal: 'function' },
  },
  {
    heading: 'Barriers',
    variants: ['Risks and barriers', 'Barriers and risks', 'Barriers and mitigations', 'Structural barriers'],
    mapping: { path: ['barriers'], shape: 'list', principal: 'barrier' },
  },
  {
    heading: 'Metrics',
    variants: ['Success metrics', 'Measures', 'Measures of success'],
    mapping: { path: ['metrics'], shape: 'list', principal: 'name' },
  },
  {
    heading: 'Actions',
    variants: ['Action items', 'Next steps'],
    mapping: { path: ['actions'], shape: 'list', principal: 'action' },
  },
  {
    heading: 'Readiness',
    variants: ['Launch readiness', 'Readiness checklist'],
    mapping: { path: ['launch', 'readiness'], shape: 'list', principal: 'item' },
  },
  {
    heading: 'Reinvestment',
    variants: ['Reinvestment plan'],
    mapping: { path: ['budget', 'reinvestment'], shape: 'list', principal: 'description' },
  },
  {
    // What happened once the decision was reviewed; `result` and `date` stay in front matter.
    heading: 'Outcome',
    variants: ['Review outcome', 'Outcome of the review', 'Decision outcome', 'What happened'],
    mapping: { path: ['outcome', 'summary'], shape: 'text' },
  },
];

/** Words that carry no meaning in a section heading ("The customer standpoint", "Our promises"). */
const FILLER = new Set(['the', 'our']);

/**
 * Heading text as compared with the table: case-insensitive, `&` read as "and", apostrophes
 * dropped, other punctuation and a leading section number ignored, filler words dropped,
 * each word singular.
 */
export function normaliseHeading(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !FILLER.has(w));
  if (words.length > 1 && /^\d+$/.test(words[0])) words.shift();
  return words.map(singular).join(' ');
}

/** Plural and singular compare equal: a final `s` is dropped (not from `-ss`: "readiness" stays). */
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Every heading of the table, normalised, with the section it names and how it is written. */
interface TableHeading {
  key: string;
  words: readonly string[];
  section: KnownSection;
  written: string;
}

const BY_HEADING = new Map<string, TableHeading>();
for (const section of SECTIONS) {
  for (const written of [section.heading, ...section.variants]) {
    const key = normaliseHeading(written);
    const taken = BY_HEADING.get(key);
    if (taken && taken.section !== section) throw new Error(`section heading "${written}" also names ${taken.section.heading}`);
    if (!taken) BY_HEADING.set(key, { key, words: key.split(' '), section, written });
  }
}
const TABLE = [...BY_HEADING.values()];

/** The known section a heading names, if any. */
export function knownSectionFor(headingText: string): KnownSection | undefined {
  return BY_HEADING.get(normaliseHeading(headingText))?.section;
}

export function sectionFor(headingText: string): SectionMapping | undefined {
  return knownSectionFor(headingText)?.mapping;
}

/** The known section a heading nearly names, and the table heading it most likely meant. */
export interface NearMiss {
  /** The heading as the table writes it (the section's own name or one of its variants). */
  heading: string;
  /** The section's own name. */
  section: string;
  /** The field the section fills, as a dotted path. */
  field: string;
}

/**
 * How many typing slips a heading may hold and still be a near miss of a table heading of
 * this (normalised) length: none for short words, where one letter makes another word
 * ("Options" is not "Actions"), then one per eight letters or so.
 */
function slipsAllowed(length: number): number {
  return length < 5 ? 0 : length < 12 ? 1 : length < 20 ? 2 : 3;
}

/**
 * The known section a heading that names none nearly names: a typo of a table heading
 * ("Customer evidance", "Advocats"), or a table heading with one word added ("Key metrics",
 * "Customer evidence summary"). Undefined for a heading the table knows and for free prose.
 */
export function nearMissFor(headingText: string): NearMiss | undefined {
  const text = normaliseHeading(headingText);
  if (text === '' || BY_HEADING.has(text)) return undefined;
  let best: { distance: number; entry: TableHeading } | undefined;
  for (const entry of TABLE) {
    const limit = Math.min(slipsAllowed(entry.key.length), (best?.distance ?? Infinity) - 1);
    if (limit < 1) continue;
    const distance = editDistance(text, entry.key, limit);
    if (distance <= limit) best = { distance, entry };
  }
  if (best) return describe(best.entry.section, best.entry.written);
  const words = text.split(' ');
  for (const entry of TABLE) {
    if (words.length === entry.words.length + 1 && entry.words.every((w) => words.includes(w))) return describe(entry.section, entry.section.heading);
  }
  return undefined;
}

function describe(section: KnownSection, written: string): NearMiss {
  return { heading: written, section: section.heading, field: section.mapping.path.join('.') };
}

/** Known sections, for completion, skeletons and quick fixes: the table itself. */
export function knownSections(): readonly KnownSection[] {
  return SECTIONS;
}
