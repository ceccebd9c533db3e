import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { REPO } from './paths.js';

/**
 * reviewdog's published JSON schema for rdjson (DiagnosticResult), vendored under
 * test/fixtures/rdjson/ (see its README for the source and commit).
 */
export const RDJSON_SCHEMA_FILE = path.join(REPO, 'test', 'fixtures', 'rdjson', 'DiagnosticResult.json');

export interface RdjsonPosition {
  line: number;
  column: number;
}
export interface RdjsonRange {
  start: RdjsonPosition;
  end: RdjsonPosition;
}
export interface RdjsonDiagnostic {
  message: string;
  location: { path: string; range: RdjsonRange };
  severity: 'ERROR' | 'WARNING' | 'INFO';
  code: { value: string; url?: string };
  suggestions?: Array<{ range: RdjsonRange; text: string }>;
  related_locations?: Array<{ message: string; location: { path: string; range: RdjsonRange } }>;
}
export interface RdjsonResult {
  source: { name: string; url?: string };
  diagnostics: RdjsonDiagnostic[];
}

/**
 * Validators for rdjson: `published` is reviewdog's schema as written; `strict` is the same
 * schema with no unknown keys allowed anywhere and message, location, range start and
 * suggestion text required, so that a misspelt key cannot pass unnoticed (the published
 * schema allows any extra key and requires nothing). The file declares JSON Schema draft-04,
 * whose keywords used here mean the same to Ajv's default draft-07.
 */
export function rdjsonValidators(): { published: ValidateFunction; strict: ValidateFunction } {
  const schema = JSON.parse(fs.readFileSync(RDJSON_SCHEMA_FILE, 'utf8')) as { $schema?: string; definitions: Record<string, Record<string, unknown>> };
  delete schema.$schema;
  const strict = structuredClone(schema);
  for (const def of Object.values(strict.definitions)) def.additionalProperties = false;
  const defs = strict.definitions;
  defs.DiagnosticResult.required = ['diagnostics'];
  defs['reviewdog.rdf.Diagnostic'].required = ['message', 'location', 'severity'];
  defs['reviewdog.rdf.Location'].required = ['path', 'range'];
  defs['reviewdog.rdf.Range'].required = ['start', 'end'];
  defs['reviewdog.rdf.Position'].required = ['line', 'column'];
  defs['reviewdog.rdf.Suggestion'].required = ['range', 'text'];
  const ajv = () => new Ajv({ allErrors: true, strict: false });
  return { published: ajv().compile(schema), strict: ajv().compile(strict) };
}

/** Asserts `text` is rdjson that both validators accept, and returns it parsed. */
export function parseRdjson(text: string): RdjsonResult {
  const { published, strict } = rdjsonValidators();
  const data = JSON.parse(text) as unknown;
  if (!published(data)) throw new Error(`rdjson fails reviewdog's schema: ${JSON.stringify(published.errors, null, 2)}`);
  if (!strict(data)) throw new Error(`rdjson has unknown or missing keys: ${JSON.stringify(strict.errors, null, 2)}`);
  return data as RdjsonResult;
}

/** Applies an rdjson suggestion the way reviewdog counts: lines from 1, columns in UTF-8 bytes from 1, end exclusive. */
export function applySuggestion(text: string, range: RdjsonRange, replacement: string): string {
  const buf = Buffer.from(text, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) lineStarts.push(i + 1);
  const offset = (p: RdjsonPosition) => lineStarts[p.line - 1] + p.column - 1;
  return Buffer.concat([buf.subarray(0, offset(range.start)), Buffer.from(replacement, 'utf8'), buf.subarray(offset(range.end))]).toString('utf8');
}
