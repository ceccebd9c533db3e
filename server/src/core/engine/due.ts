import type { ParsedDocument } from '../model/document.js';
import { isMap } from '../rules/paths.js';
import { dateOf, textOf } from '../rules/values.js';
import type { PathSegment, Span } from '../types.js';
import { collectWaivers } from './waivers.js';

/** What falls due (SPEC §4 v2 `standpoint due`): a decision's review, a promise's review, a waiver's expiry. */
export type DueKind = 'decision-review' | 'promise-review' | 'waiver-expiry';

export interface DueItem {
  kind: DueKind;
  file: string;
  /** Where the date is written (the waiver comment for an inline waiver), 1-based. */
  line: number;
  column: number;
  date: string;
  /** Days from today to the date: 0 today, negative when overdue. */
  days: number;
  /** Who owns it, as written (empty when nobody does). */
  owner: string;
  /** The record it belongs to (none for the promise register). */
  record?: string;
  /** The record's title, the promise's id and text, or the rule a waiver silences. */
  subject: string;
}

/** Statuses of decisions that are not in force: nothing of theirs is reviewed any more. */
const RETIRED = new Set(['superseded', 'withdrawn', 'rejected']);

/**
 * What in one document falls due on or before `until` (overdue included): the review of an
 * approved decision with no outcome for it, the review of a promise (in the register or in
 * an approved decision) with no outcome for it, and the expiry of every waiver of a record
 * still in force. A review whose outcome is recorded, on or after its date, is done.
 */
export function dueItems(doc: ParsedDocument, today: string, until: string): DueItem[] {
  if (doc.syntax.length > 0 || !isMap(doc.data)) return [];
  const data = doc.data;
  const out: DueItem[] = [];
  const at = (span: Span) => doc.lines.position(span.start);
  const add = (kind: DueKind, value: unknown, path: PathSegment[], owner: unknown, subject: string, record?: string) => {
    const date = dateOf(value);
    if (!date || date > until) return;
    out.push({
      kind,
      file: doc.file,
      ...at(doc.map.locate(path).span),
      date,
      days: daysBetween(today, date),
      owner: textOf(owner).trim(),
      subject,
      ...(record ? { record } : {}),
    });
  };
  const isRecord = doc.role === 'record';
  const status = textOf(data.status).trim().toLowerCase();
  if (isRecord && RETIRED.has(status)) return [];
  const record = isRecord ? textOf(data.id).trim() || undefined : undefined;
  const inForce = !isRecord || status === 'approved';
  if (isRecord && inForce && !reviewed(data.outcome, data.review_by)) {
    add('decision-review', data.review_by, ['review_by'], data.owner, textOf(data.title).trim(), record);
  }
  if (inForce && (isRecord || doc.role === 'promise-register') && Array.isArray(data.promises)) {
    data.promises.forEach((p, i) => {
      if (!isMap(p) || p.ref !== undefined || reviewed(p.outcome, p.review)) return;
      const id = textOf(p.id).trim();
      const text = textOf(p.promise).trim();
      add('promise-review', p.review, ['promises', i, 'review'], p.owner, [id, text && `"${text}"`].filter(Boolean).join(' '), record);
    });
  }
  if (isRecord) {
    for (const w of collectWaivers(doc)) {
      if (!w.expires) continue;
      const date = dateOf(w.expires);
      if (!date || date > until) continue;
      const span = w.line === undefined ? doc.map.locate([...w.model.path, 'expires']).span : w.span;
      out.push({
        kind: 'waiver-expiry',
        file: doc.file,
        ...at(span),
        date,
        days: daysBetween(today, date),
        owner: w.owner ?? '',
        subject: w.rule,
        ...(record ? { record } : {}),
      });
    }
  }
  return out;
}

/** Is there an outcome for the review on `due` (one dated before it belongs to an earlier review)? */
function reviewed(outcome: unknown, due: unknown): boolean {
  if (!isMap(outcome) || Object.keys(outcome).length === 0) return false;
  const when = dateOf(outcome.date);
  const review = dateOf(due);
  return !when || !review || when >= review;
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}
