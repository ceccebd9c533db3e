import type { PathSegment } from '../types.js';

/** How a known Markdown section maps onto the record model (SPEC §1.7). */
export interface SectionMapping {
  path: PathSegment[];
  /** `text`: the section's paragraphs form one string; `list`: its list items form an array. */
  shape: 'text' | 'list';
  /** For lists: the field an item's first paragraph fills; absent when items are plain strings. */
  principal?: string;
}

const SECTIONS: Record<string, SectionMapping> = {
  'customer impact': { path: ['customer_impact_rationale'], shape: 'text' },
  'customer standpoint': { path: ['customer_standpoint', 'summary'], shape: 'text' },
  'customer evidence': { path: ['customer_standpoint', 'evidence'], shape: 'list', principal: 'summary' },
  advocates: { path: ['customer_standpoint', 'advocates'], shape: 'list' },
  concerns: { path: ['customer_standpoint', 'concerns'], shape: 'list', principal: 'concern' },
  promises: { path: ['promises'], shape: 'list', principal: 'promise' },
  'functions affected': { path: ['functions'], shape: 'list', principal: 'function' },
  barriers: { path: ['barriers'], shape: 'list', principal: 'barrier' },
  metrics: { path: ['metrics'], shape: 'list', principal: 'name' },
  actions: { path: ['actions'], shape: 'list', principal: 'action' },
  readiness: { path: ['launch', 'readiness'], shape: 'list', principal: 'item' },
  reinvestment: { path: ['budget', 'reinvestment'], shape: 'list', principal: 'description' },
};

/** Heading text compared case-insensitively with punctuation ignored. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sectionFor(headingText: string): SectionMapping | undefined {
  return Object.hasOwn(SECTIONS, normaliseHeading(headingText)) ? SECTIONS[normaliseHeading(headingText)] : undefined;
}

/** Known section headings, for completion and quick fixes. */
export function knownSections(): Array<{ heading: string; mapping: SectionMapping }> {
  return Object.entries(SECTIONS).map(([key, mapping]) => ({
    heading: key.charAt(0).toUpperCase() + key.slice(1),
    mapping,
  }));
}
