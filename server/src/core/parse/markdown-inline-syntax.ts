/* The character codes, character classes and patterns the inline reader reads text by. */

export const NEWLINE = 10;
export const SPACE = 32;
export const BANG = 33;
export const AMP = 38;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const LT = 60;
export const GT = 62;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const UNDERSCORE = 95;
export const BACKTICK = 96;

export const WHITESPACE = 1;
export const PUNCTUATION = 2;
export const OTHER = 0;

/** micromark's character classes for flanking, per UTF-16 code unit (-1 is the edge of the text). */
export function classify(code: number): number {
  if (code < 0 || code === SPACE || code === NEWLINE || code === 9 || code === 12 || code === 13) return WHITESPACE;
  if (code < 128) return ASCII_PUNCTUATION[code] ? PUNCTUATION : OTHER;
  const char = String.fromCharCode(code);
  if (/\s/.test(char)) return WHITESPACE;
  return /\p{P}|\p{S}/u.test(char) ? PUNCTUATION : OTHER;
}

export const ASCII_PUNCTUATION: boolean[] = [];
for (const c of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~') ASCII_PUNCTUATION[c.charCodeAt(0)] = true;

/** Characters that end a run of plain text. */
export const STOPS: boolean[] = [];
for (const c of '\n\\`*_[]!<&') STOPS[c.charCodeAt(0)] = true;

export const CHARACTER_REFERENCE = /&(?:#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/y;
export const CHARACTER_REFERENCE_ANYWHERE = new RegExp(CHARACTER_REFERENCE.source);
// eslint-disable-next-line no-control-regex -- an autolink's address holds no ASCII control character
export const URI_AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>\x7f]*)>/y;
export const EMAIL_AUTOLINK = /<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>/y;
export const OPEN_TAG = /<[A-Za-z][A-Za-z0-9-]*(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t\n]*=[ \t\n]*(?:[^"'=<>`/ \t\n]+|'[^']*'|"[^"]*"))?)*[ \t\n]*\/?>/y;
export const CLOSE_TAG = /<\/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>/y;
