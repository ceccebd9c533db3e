import type { ParsedDocument } from '../model/document.js';
import type { Rule } from '../rules/definition.js';
import { parsePath, resolve, type Cursor } from '../rules/paths.js';
import type { EvalContext } from '../rules/language.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { textOf } from '../rules/values.js';
import { collapseSpaces } from '../text/spaces.js';
import type { PathSegment, RelatedLocation, SafeFix, Severity, Span } from '../types.js';

/** A finding before positions are turned into lines and columns. */
export interface RawFinding {
  rule: Rule;
  severity: Severity;
  message: string;
  span: Span;
  path?: PathSegment[];
  /** Other files the finding is about. */
  related?: RelatedLocation[];
  fix?: SafeFix;
}

/** One rule looking at one document. */
export interface RuleContext {
  doc: ParsedDocument;
  rule: Rule;
  eval: EvalContext;
}

/** One rule being run on one document, reporting findings. */
export interface CheckContext extends RuleContext {
  severity: Severity;
  schemas: SchemaRegistry;
  emit(finding: Omit<RawFinding, 'rule' | 'severity'> & { severity?: Severity }): void;
}

/** Values a check kind knows about one finding, for the `$` placeholders. */
export interface MessageExtras {
  match?: string;
  detail?: string;
  nearMiss?: string;
  /** `{{$target.PATH}}` and `{{#$target.PATH}}...{{/$target.PATH}}`: left as markers, filled in once the document a reference names is known. */
  deferTarget?: boolean;
}

/** `{{#EXPR}}text{{/EXPR}}`: the text only when EXPR fills in something. */
const SECTION = /\{\{#\s*([^}]+?)\s*\}\}([\s\S]*?)\{\{\/\s*\1\s*\}\}/g;
const PLACEHOLDER = /\{\{\s*([^}]+?)\s*\}\}/g;

/**
 * Fills `{{path}}`, `{{$value}}`, `{{$field}}`, `{{$match}}`, `{{$detail}}`, `{{$near_miss}}`,
 * `{{$target.PATH}}` and `{{$options.NAME}}` in a message, keeping `{{#EXPR}}...{{/EXPR}}` only when EXPR is not empty.
 */
export function renderMessage(template: string, cursor: Cursor, ctx: EvalContext, extras: MessageExtras = {}): string {
  const fill = (expr: string): string => {
    if (expr === '$value') return short(textOf(cursor.value));
    if (expr === '$field') return fieldOf(cursor.path);
    if (expr === '$match') return extras.match ?? '';
    if (expr === '$detail') return extras.detail ?? '';
    if (expr === '$near_miss') return extras.nearMiss ?? '';
    if (expr.startsWith(TARGET)) return extras.deferTarget ? `${OPEN}target:${expr.slice(TARGET.length)}${CLOSE}` : '';
    if (expr.startsWith('$options.')) return formatOption(ctx.options[expr.slice(9)]);
    try {
      return short(textOf(resolve(ctx, cursor, parsePath(expr)).value));
    } catch {
      return '';
    }
  };
  const sectioned = template.includes('{{#')
    ? template.replace(SECTION, (_, expr: string, text: string) =>
        expr.startsWith(TARGET) && extras.deferTarget ? `${OPEN}if:${expr.slice(TARGET.length)}${CLOSE}${text}${OPEN}fi${CLOSE}` : fill(expr) === '' ? '' : text,
      )
    : template;
  const parts = partsOf(sectioned);
  let filled = parts[0];
  for (let i = 1; i < parts.length; i += 2) filled += fill(parts[i]) + parts[i + 1];
  return collapseSpaces(filled).trim();
}

/**
 * A template split at its placeholders, as PLACEHOLDER finds them: text, expression, text, ...
 * (always text first and last). Split once per template: a rule's few templates render in
 * every finding.
 */
function partsOf(template: string): readonly string[] {
  let parts = templateParts.get(template);
  if (parts === undefined) {
    const split: string[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      split.push(template.slice(last, m.index), m[1]);
      last = m.index + m[0].length;
    }
    split.push(template.slice(last));
    parts = split;
    // Templates come from rules, a few per rule; the bound only keeps odd inputs from growing it for ever.
    if (templateParts.size >= TEMPLATES_KEPT) templateParts.clear();
    templateParts.set(template, parts);
  }
  return parts;
}

const TEMPLATES_KEPT = 2000;
const templateParts = new Map<string, readonly string[]>();

const TARGET = '$target.';
/** Marker brackets (private-use characters, never in a message) around what is filled in once the named document is known. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const TARGET_SECTION = /\uE000if:([^\uE001]*)\uE001([\s\S]*?)\uE000fi\uE001/g;
const TARGET_VALUE = /\uE000target:([^\uE001]*)\uE001/g;

/** A message rendered with `deferTarget`, with what the document a reference names shows (by PATH) filled in. */
export function fillTarget(message: string, shown: Readonly<Record<string, string>> | undefined): string {
  if (!message.includes(OPEN)) return message;
  return message
    .replace(TARGET_SECTION, (_, path: string, text: string) => (shown?.[path] ? text : ''))
    .replace(TARGET_VALUE, (_, path: string) => shown?.[path] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The name of the field a node is, or is an item of: `owner`, `advocates`. */
function fieldOf(path: readonly PathSegment[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'value';
}

/**
 * For a finding about a field that is missing: the text of a Markdown heading that nearly
 * names the section that would have filled it ("Customer evidance"), read as prose instead.
 */
export function nearMissHeading(doc: ParsedDocument, path: readonly PathSegment[]): string | undefined {
  if (doc.facts.headings.length === 0 || doc.map.get(path)) return undefined;
  const field = path.join('.');
  return doc.facts.headings.find((h) => h.near_miss?.field === field)?.text;
}

function formatOption(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : textOf(v);
}

function short(text: string): string {
  const oneLine = collapseSpaces(text).trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
