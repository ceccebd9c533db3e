import type { ParsedDocument, ReadingOptions } from '../model/document.js';
import path from 'node:path';
import { SourceMap } from '../model/source-map.js';
import { LineIndex } from '../text/line-index.js';
import type { DocumentRole } from '../types.js';
import { lazyModule } from '../lazy-module.js';
import { LIMITS } from './limits.js';
import { firstLineSpan, parseYamlRecord } from './yaml-record.js';

// The Markdown record reader loads only when a Markdown file is read (and remark only when a body needs it: markdown-body.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const markdownRecord = lazyModule<typeof import('./markdown-record.js')>('./markdown-record.js', import.meta.url, () => require('./markdown-record.js'));

export function isMarkdownFile(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

/** Reads any document (record or registry) into the shared model; never throws. */
export function parseDocument(file: string, text: string, role: DocumentRole = 'record', options: ReadingOptions = {}): ParsedDocument {
  const doc = readText(file, text, role, options);
  doc.facts.file_name = path.basename(file);
  return doc;
}

function readText(file: string, text: string, role: DocumentRole, options: ReadingOptions): ParsedDocument {
  let refusal = refuse(text);
  if (!refusal) {
    try {
      return isMarkdownFile(file) ? markdownRecord().parseMarkdownRecord(file, text, role, options) : parseYamlRecord(file, text, role);
    } catch (err) {
      // The limits should make this unreachable; if a parser still fails, the file is reported, not the run.
      refusal = { message: `file could not be read: ${err instanceof RangeError ? 'it is nested too deeply' : err instanceof Error ? err.message : String(err)}` };
    }
  }
  const lines = new LineIndex(text.length > LIMITS.maxFileSize ? text.slice(0, 4096) : text);
  const span = refusal.at === undefined ? firstLineSpan(lines) : { start: refusal.at, end: refusal.at + 1 };
  return {
    file,
    text: lines.text,
    form: isMarkdownFile(file) ? 'markdown' : 'yaml',
    lines,
    data: undefined,
    map: new SourceMap(span),
    syntax: [{ span, message: refusal.message }],
    prose: [],
    blockquotes: [],
    comments: [],
    duplicates: [],
    inlineWaivers: [],
    role,
    facts: { headings: [], sections: [], file_name: '' },
  };
}

/** Why a text is not read at all, and where (an offset), or undefined when it is read. */
function refuse(text: string): { message: string; at?: number } | undefined {
  if (text.length > LIMITS.maxFileSize) {
    // Hosts may stop reading a huge file early (see LIMITS.maxReadBytes): past twice the limit, say "or more".
    const size = text.length >= 2 * LIMITS.maxFileSize ? `${(2 * LIMITS.maxFileSize) / 1048576} MB or more` : `${(text.length / 1048576).toFixed(1)} MB`;
    return { message: `file is ${size}; the limit is ${LIMITS.maxFileSize / 1048576} MB (largest file read)` };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { message: 'file is binary (contains NUL bytes), not a text record', at: nul };
  // Hosts decode files as UTF-8 and put U+FFFD where bytes are not UTF-8; editors do the same.
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) return { message: 'file is not valid UTF-8 text (a byte sequence here cannot be decoded): save it as UTF-8', at: bad };
  return undefined;
}
