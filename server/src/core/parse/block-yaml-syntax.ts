/* The block YAML reader's vocabulary: the character codes and sets it reads by, how it gives up, and its helpers for document markers and folded scalars. */

/** Thrown when the text needs the general parser; caught where the direct reader starts. */
class NotSimple extends Error {}
export const NOT_SIMPLE = new NotSimple('not simple YAML');

export function giveUp(): never {
  throw NOT_SIMPLE;
}

export const SPACE = 32;
export const HASH = 35;
export const DASH = 45;
export const COLON = 58;
export const NEWLINE = 10;
export const COMMA = 44;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

/** Characters that cannot start a plain scalar or a key here (or that start something this reader leaves to the parser). */
export const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

/** What may not follow a dash that starts a plain scalar in a flow list. */
export const FLOW_BREAK = new Set([SPACE, COMMA, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE, NEWLINE]);

/** Brackets and braces: inside a flow collection they end or open something a plain scalar cannot hold. */
export const FLOW_INDICATORS = new Set([OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE]);

/** Where a plain key in a flow map may end (anything but its colon sends the text to the parser). */
export const FLOW_KEY_END = new Set([COLON, COMMA, HASH, ...FLOW_INDICATORS]);

/** Folded scalar lines: a single break becomes a space, each blank line a newline. */
export function fold(lines: string[]): string {
  let out = '';
  let pendingBreaks = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      pendingBreaks++;
      continue;
    }
    if (started) out += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
    else if (pendingBreaks > 0) out += '\n'.repeat(pendingBreaks);
    out += line;
    started = true;
    pendingBreaks = 0;
  }
  return out;
}

export function isDocumentMarker(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 37) return true; // %directive
  if ((c === DASH || c === 46) && text.charCodeAt(at + 1) === c && text.charCodeAt(at + 2) === c) {
    const after = text.charCodeAt(at + 3);
    return Number.isNaN(after) || after === SPACE || after === NEWLINE;
  }
  return false;
}
