import type { Finding, Project, Severity } from '../../../core/index.js';
import type { History } from './history.js';
import type { Outcome } from './outcome.js';

/* The shape of the scorecard's numbers and rows, as the page and its JSON show them. */

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
  total: number;
}

export interface RecordRow extends SeverityCounts {
  /** Relative to the repository root (the folder the report is written from outside git), forward slashes. */
  file: string;
  id: string;
  title: string;
  kind: string;
  status: string;
  date: string;
  /** As the people registry names them. */
  owner: string;
  reviewBy: string;
  outcome: Outcome;
  impact: string;
  impacting: boolean;
  advocate: boolean;
  customerEvidence: boolean;
  promises: number;
  findings: Array<{ rule: string; principle: string; severity: Severity; message: string; line: number }>;
}

export type WaiverBucket = 'incomplete' | 'expired' | 'within 30 days' | 'in 31–90 days' | 'later';
export const WAIVER_BUCKETS: readonly WaiverBucket[] = ['incomplete', 'expired', 'within 30 days', 'in 31–90 days', 'later'];

/** How many days ahead a review or an expiry counts as falling due. */
export const DUE_WITHIN_DAYS = 30;
export type Due = 'overdue' | 'due soon';

export interface WaiverRow {
  file: string;
  rule: string;
  owner: string;
  reason: string;
  expires: string;
  bucket: WaiverBucket;
}

/** One promise, from the register or written out in a record. */
export interface PromiseRow {
  id: string;
  promise: string;
  owner: string;
  measure: string;
  target: string;
  baseline: string;
  review: string;
  /** The file that defines it: the register, or the record that makes it. */
  file: string;
  /** The id of the record that makes it; empty for the register. */
  record: string;
  /** Ids of the records that reference a register promise. */
  referencedBy: string[];
  outcome: Outcome;
  due?: Due;
}

/** Something a person owns, and when it falls due. */
export interface OwnedItem {
  kind: 'record' | 'promise' | 'waiver';
  label: string;
  file: string;
  /** A record's review_by, a promise's review, a waiver's expiry. */
  date: string;
  due?: Due;
}

export interface OwnerRow {
  key: string;
  /** As the people registry names them, else as written; empty for items with no owner. */
  name: string;
  /** Found in the people registry; undefined where none is configured. */
  registered?: boolean;
  items: OwnedItem[];
}

/** A records month coloured by the state its records had at a point of the history. */
export interface MonthRow {
  key: string;
  records: number;
  withErrors: number;
  withWarningsOnly: number;
  clean: number;
  /** Records the history has no state for: before its first point, or not in the log at that point. */
  unknown: number;
  /** The history point whose state colours the month (its date); empty when coloured by today's state. */
  asOf: string;
}

export interface ReportData {
  today: string;
  version: string;
  totals: SeverityCounts & { records: number; recordsWithErrors: number; cleanRecords: number; activeWaivers: number };
  /** Principle slug → title, for every principle on the page. */
  principles: Record<string, string>;
  byPrinciple: Array<SeverityCounts & { key: string }>;
  byRule: Array<SeverityCounts & { key: string; principle: string }>;
  /** Impacting decisions (customer_impact direct or indirect) and how many have the customer's standpoint in them. */
  standpoint: { impacting: number; withAdvocate: number; withCustomerEvidence: number; withBoth: number };
  promises: { total: number; inRecords: number; inRegister: number; references: number; withOwner: number; withMeasure: number; withReview: number; complete: number };
  promiseList: PromiseRow[];
  owners: OwnerRow[];
  waivers: {
    total: number;
    buckets: Array<{ key: WaiverBucket; count: number }>;
    list: WaiverRow[];
  };
  /** Records per decision month (YYYY-MM), oldest first; undated records are counted in `undated`. */
  months: MonthRow[];
  undated: number;
  history?: History;
  records: RecordRow[];
}

export interface ReportInput {
  project: Project;
  /** Files linted: records and the registries their configs name. */
  files: readonly string[];
  findings: readonly Finding[];
  activeWaivers: number;
  /** Base of the paths shown: the repository root. */
  root: string;
  today: string;
  version: string;
  history?: History;
}
