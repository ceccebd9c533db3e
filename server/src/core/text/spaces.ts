/** Whitespace that collapsing to single spaces changes: a run, or anything but a space. */
const SPACES_TO_COLLAPSE = /\s\s|[^\S ]/;

/**
 * Every run of whitespace (line breaks, tabs, several spaces) as one space. Most texts have
 * single spaces only and are returned as they are, without being rewritten.
 */
export function collapseSpaces(text: string): string {
  return SPACES_TO_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ') : text;
}
