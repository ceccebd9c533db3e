import { relativePath } from './relative-path.js';
import type { Finding } from '../../core/index.js';
import type { Report } from './types.js';

/** The stable JSON contract of SPEC §4: one object per finding, in output order. */
export function json(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * Text handed to the writer at a time: large enough that writes stay few, small enough that
 * the rows of one piece are gone before the young generation is next collected (pieces of a
 * megabyte outlived it, and a 400 MB report went through the old generation).
 */
export const CHUNK_CHARS = 1 << 16;

/**
 * The same text as `json`, in pieces: a run over a hundred thousand records reports about
 * 400 MB of JSON, close to the longest string V8 can hold, so it is written as it is made.
 * Each row is laid out as JSON.stringify(rows, null, 2) lays it out.
 */
export function* jsonChunks(report: Report): Generator<string> {
  if (report.findings.length === 0) {
    yield '[]\n';
    return;
  }
  let chunk = '[\n';
  for (let i = 0; i < report.findings.length; i++) {
    chunk += `${i > 0 ? ',\n' : ''}${rowText(report.findings[i], report.cwd)}`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]\n`;
}

/**
 * One finding as the JSON contract has it, laid out as JSON.stringify(rows, null, 2) lays a row
 * out: written field by field, which takes a third less time than stringifying a row object
 * and indenting it (a cached run spent a fifth of its time there). Strings are quoted by JSON.stringify.
 */
function rowText(f: Finding, cwd: string): string {
  const q = JSON.stringify;
  return `  {
    "file": ${q(relativePath(cwd, f.file))},
    "rule": ${q(f.rule)},
    "severity": ${q(f.severity)},
    "message": ${q(f.message)},
    "line": ${f.line},
    "column": ${f.column},
    "endLine": ${f.endLine},
    "endColumn": ${f.endColumn},
    "principle": ${q(f.principle)},
    "docsUrl": ${q(f.docsUrl)}
  }`;
}
