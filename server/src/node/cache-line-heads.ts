import { decodeSummary, encodeSummary, type OutcomeSummary } from './stored-findings.js';

/*
 * The three kinds of lines of a cache file, by their heads: a document's analysis (a JSON
 * array [file, setup, hash, size, mtimeMs], a tab, the analysis), its outcome of the last
 * workspace stage ("=", a JSON array [file, setup, hash, cross-record key, summary], a tab, the
 * findings), and the last run ("=run", a tab, [key, files]). A line holding a stored report
 * (stored-report.ts) is read only through the index: as a line, it reads as damaged.
 */

/** Starts the line naming the documents of the last whole run and what their setup was. */
const RUN = '=run\t';
const RUN_BYTES = Buffer.from(RUN);
/** Starts a line holding a document's outcome of the last run's workspace stage. */
const OUTCOME = '=';
const OUTCOME_BYTE = 0x3d;
const TAB = 0x09;

/** A line as read: its head, and the stored part after the tab (a view of the file's bytes). */
export type LineHead =
  | { kind: 'run'; key: string; files: string[] }
  | { kind: 'outcome'; file: string; setup: string; hash: string; crossRecord: string; summary: OutcomeSummary; raw: Buffer }
  | { kind: 'entry'; file: string; setup: string; hash: string; size: number; mtimeMs: number; raw: Buffer };

/** What a line of the file is; undefined when it is damaged. */
export function readLineHead(line: Buffer): LineHead | undefined {
  if (line.subarray(0, RUN_BYTES.length).equals(RUN_BYTES)) {
    const value = parseJson(line.toString('utf8', RUN.length));
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || !Array.isArray(value[1])) return undefined;
    const files = value[1] as unknown[];
    return files.every((f) => typeof f === 'string') ? { kind: 'run', key: value[0], files } : undefined;
  }
  const tab = line.indexOf(TAB);
  if (tab < 0) return undefined;
  const outcome = line[0] === OUTCOME_BYTE;
  const head = parseJson(line.toString('utf8', outcome ? 1 : 0, tab));
  const raw = line.subarray(tab + 1);
  if (outcome) {
    if (!Array.isArray(head) || head.length !== 5 || !isStrings(head.slice(0, 4), 4)) return undefined;
    const [file, setup, hash, crossRecord] = head as string[];
    const summary = decodeSummary(head[4]);
    return summary && { kind: 'outcome', file, setup, hash, crossRecord, summary, raw };
  }
  if (!Array.isArray(head) || head.length !== 5 || !isStrings(head.slice(0, 3), 3) || typeof head[3] !== 'number' || typeof head[4] !== 'number') return undefined;
  const [file, setup, hash, size, mtimeMs] = head as [string, string, string, number, number];
  return { kind: 'entry', file, setup, hash, size, mtimeMs, raw };
}

/** The head of an analysis line, tab included; a stamp too recent to trust is written as -1. */
export function entryHead(file: string, setup: string, hash: string, stamp: { size: number; mtimeMs: number } | undefined): string {
  return `${JSON.stringify([file, setup, hash, stamp?.size ?? -1, stamp?.mtimeMs ?? -1])}\t`;
}

/** The head of an outcome line, tab included. */
export function outcomeHead(file: string, setup: string, hash: string, crossRecord: string, summary: OutcomeSummary): string {
  return `${OUTCOME}${JSON.stringify([file, setup, hash, crossRecord, encodeSummary(summary)])}\t`;
}

/** The whole line of the last run. */
export function runText(key: string, files: readonly string[]): string {
  return `${RUN}${JSON.stringify([key, files])}`;
}

/** JSON text as a value; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isStrings(value: unknown, length: number): value is string[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'string');
}
