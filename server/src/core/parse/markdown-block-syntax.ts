/* The character codes and patterns the direct Markdown reader recognises block starts by. */

export const SPACE = 32;
export const HASH = 35;
export const STAR = 42;
export const PLUS = 43;
export const DASH = 45;
export const DOT = 46;
export const LT = 60;
export const GT = 62;
export const LBRACKET = 91;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const TILDE = 126;
export const RPAREN = 41;
export const EQUALS = 61;

/** Characters that may start a block other than a paragraph. */
export const MAYBE_SPECIAL: boolean[] = [];
for (const c of '#`~*+_=<>0123456789-') MAYBE_SPECIAL[c.charCodeAt(0)] = true;

export const THEMATIC_BREAK = /(?:(?:\*[ ]*){3,}|(?:_[ ]*){3,}|(?:-[ ]*){3,})$/y;
export const SETEXT_UNDERLINE = /(?:=+|-+)[ ]*$/y;
export const CODE_FENCE = /`{3,}(?![^\n]*`)|~{3,}/y;
export const CLOSING_FENCE = /(?:`{3,}|~{3,})[ ]*$/y;

const HTML_BLOCK_NAMES =
  'address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul';
/** HTML blocks this reader leaves to remark: raw text elements, processing instructions, declarations, CDATA. */
export const HTML_OTHER = /<(?:(?:script|pre|style|textarea)(?:[ >]|$)|\?|![A-Za-z[])/iy;
export const HTML_COMMENT = /<!--/y;
export const HTML_BLOCK_TAG = new RegExp(`</?(?:${HTML_BLOCK_NAMES})(?:[ ]|/?>|$)`, 'iy');
export const HTML_COMPLETE_TAG =
  /(?:<[A-Za-z][A-Za-z0-9-]*(?:[ ]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ ]*=[ ]*(?:[^"'=<>`/ ]+|'[^']*'|"[^"]*"))?)*[ ]*\/?>|<\/[A-Za-z][A-Za-z0-9-]*[ ]*>)[ ]*$/y;
