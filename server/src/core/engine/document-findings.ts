import type { ParsedDocument } from '../model/document.js';
import { parseDocument } from '../parse/document.js';
import { isMap } from '../rules/paths.js';
import type { DocumentRole, Finding } from '../types.js';

/** Reads a file's text as a document, deciding whether it is a record. */
export function readDocument(file: string, text: string, role?: DocumentRole): ParsedDocument {
  const doc = parseDocument(file, text, role ?? 'record');
  if (!role && doc.syntax.length === 0 && !(isMap(doc.data) && Object.hasOwn(doc.data, 'decision'))) doc.role = 'non-record';
  return doc;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
