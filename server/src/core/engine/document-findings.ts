import type { ParsedDocument, ReadingOptions } from '../model/document.js';
import { parseDocument } from '../parse/document.js';
import { isMap } from '../rules/paths.js';
import type { DocumentRole, Finding } from '../types.js';

/** A `decision:` key at the start of a line: how a file that cannot be read still shows it is meant as a record. */
const DECISION_KEY = /^decision[ \t]*:/m;

/**
 * Reads a file's text as a document, deciding whether it is a record: one with a top-level
 * `decision:` key. A file that cannot be read is a record when a line of it starts with
 * `decision:`, so its syntax problems are worded for what it is.
 */
export function readDocument(file: string, text: string, role?: DocumentRole, options?: ReadingOptions): ParsedDocument {
  const doc = parseDocument(file, text, role ?? 'record', options);
  if (role) return doc;
  const record = doc.syntax.length === 0 ? isMap(doc.data) && Object.hasOwn(doc.data, 'decision') : DECISION_KEY.test(doc.text);
  if (!record) doc.role = 'non-record';
  return doc;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
