import type { ParsedDocument } from '../model/document.js';
import { SourceMap } from '../model/source-map.js';
import { LineIndex } from '../text/line-index.js';
import type { DocumentRole } from '../types.js';
import { LIMITS } from './limits.js';
import { parseMarkdownRecord } from './markdown-record.js';
import { firstLineSpan, parseYamlRecord } from './yaml-record.js';

export function isMarkdownFile(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

/** Reads any document (record or registry) into the shared model; never throws. */
export function parseDocument(file: string, text: string, role: DocumentRole = 'record'): ParsedDocument {
  const refusal = refuse(text);
  if (refusal) {
    const lines = new LineIndex(text.length > LIMITS.maxFileSize ? text.slice(0, 4096) : text);
    const span = firstLineSpan(lines);
    return {
      file, text: lines.text, form: isMarkdownFile(file) ? 'markdown' : 'yaml', lines, data: undefined,
      map: new SourceMap(span), syntax: [{ span, message: refusal }], prose: [], duplicates: [], inlineWaivers: [], role,
    };
  }
  return isMarkdownFile(file) ? parseMarkdownRecord(file, text, role) : parseYamlRecord(file, text, role);
}

function refuse(text: string): string | undefined {
  if (text.length > LIMITS.maxFileSize) {
    return `file is ${(text.length / 1048576).toFixed(1)} MB; the limit is ${LIMITS.maxFileSize / 1048576} MB`;
  }
  if (text.includes('\u0000')) return 'file is binary (contains NUL bytes), not a text record';
  return undefined;
}
