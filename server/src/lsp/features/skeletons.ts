import { FILL_IN as F, type PathSegment } from '../../core/index.js';

/**
 * What a skeleton fix inserts for a missing field: the field with placeholder text where a
 * person must answer (FILL_IN, which the engine reports until it is replaced), and literal
 * values only where there is one right answer. A skeleton never copies an owner from
 * elsewhere, dates evidence or picks a review date.
 */

/** Text where a person must answer; a tab stop where the client supports snippets. */
interface Slot {
  slot: string;
}

/** A scalar as written: literal text, or a slot. */
type Scalar = string | Slot;
/** A skeleton value: a scalar, a list of scalars or of maps, or a map (written as nested lines). */
export type Value = Scalar | Scalar[] | Array<Record<string, Scalar>> | { map: Record<string, Scalar> };

const slot = (text: string): Slot => ({ slot: text });

const FIELDS: Record<string, () => Value> = {
  owner: () => slot(F.owner),
  status: () => 'draft',
  title: () => slot(F.title),
  id: () => slot(F.recordId),
  customer_impact: () => slot(F.impact),
  customer_impact_rationale: () => slot(F.rationale),
  summary: () => slot(F.standpoint),
  promise: () => slot(F.promise),
  measure: () => slot(F.measure),
  target: () => slot(F.target),
  baseline: () => slot(F.baseline),
  review: () => slot(F.date),
  due: () => slot(F.date),
  mitigation: () => slot(F.mitigation),
  resolution: () => slot(F.resolution),
  customer_effect: () => slot(F.customerEffect),
  personalisation: () => slot(F.personalisation),
  exclude_open_service_issues: () => 'true',
  advocates: () => [slot(F.advocate)],
  approvers: () => [slot(F.approver)],
  evidence: () => [{ source: slot(F.evidenceSource), summary: slot(F.evidenceSummary) }],
  functions: () => [{ function: slot(F.function), customer_effect: slot(F.customerEffect), owner: slot(F.owner) }],
  reinvestment: () => [{ area: slot(F.reinvestmentArea), description: slot(F.reinvestment) }],
  metrics: () => [{ name: slot(F.metric), kind: 'customer', unit: 'percent-of-customers', target: slot(F.target) }],
  targets: () => [{ name: slot(F.targetName), unit: 'customers', value: slot(F.number) }],
  readiness: () => [{ item: slot(F.readinessItem), status: 'open', owner: slot(F.owner) }],
  actions: () => [{ action: slot(F.action), owner: slot(F.owner), due: slot(F.date) }],
  customers: () => `{acquire: ${F.number}, retain: ${F.number}, develop: ${F.number}}`,
  supersedes: () => [slot(F.recordId)],
  superseded_by: () => slot(F.recordId),
  depends_on: () => [slot(F.recordId)],
  review_by: () => slot(F.date),
  outcome: () => ({ map: { result: slot(F.outcomeResult), date: slot(F.date), summary: slot(F.outcomeSummary) } }),
};

/** A promise's outcome reads differently from a decision's. */
const PROMISE_OUTCOME = (): Value => ({ map: { result: slot(F.promiseResult), date: slot(F.date), evidence: slot(F.promiseEvidence) } });

function skeletonValue(field: string): Value {
  return FIELDS[field]?.() ?? '""';
}

/** The skeleton value for the field at a model path (a promise's fields by their own table where they differ). */
export function skeletonValueAt(path: readonly PathSegment[]): Value {
  const field = String(path[path.length - 1]);
  return field === 'outcome' && path[path.length - 3] === 'promises' ? PROMISE_OUTCOME() : skeletonValue(field);
}

/**
 * Lines of inserted text. Slots are kept apart from literal text until the edit is written,
 * as plain text or as a snippet with numbered tab stops.
 */
export type SkeletonLine = Scalar[];

/** YAML lines for `keys` (nested maps), the last one holding `value` (its skeleton value by default); indented by `indent`. */
export function yamlLines(keys: string[], indent: string, value: Value = skeletonValue(keys[keys.length - 1])): SkeletonLine[] {
  const lines: SkeletonLine[] = [];
  keys.forEach((key, depth) => {
    const pad = indent + '  '.repeat(depth);
    if (depth < keys.length - 1) {
      lines.push([`${pad}${key}:`]);
      return;
    }
    if (isMapValue(value)) {
      lines.push([`${pad}${key}:`]);
      for (const [k, v] of Object.entries(value.map)) lines.push([`${pad}  ${k}: `, v]);
    } else if (!Array.isArray(value)) lines.push([`${pad}${key}: `, value]);
    else {
      lines.push([`${pad}${key}:`]);
      for (const item of value) {
        if (isScalar(item)) lines.push([`${pad}  - `, item]);
        else Object.entries(item).forEach(([k, v], i) => lines.push([`${pad}  ${i === 0 ? '- ' : '  '}${k}: `, v]));
      }
    }
  });
  return lines;
}

/** A Markdown section: heading, then the list items with their `key: value` sub-items. */
export function markdownSection(heading: string, field: string, principal: string | undefined): SkeletonLine[] {
  const value = skeletonValue(field);
  const lines: SkeletonLine[] = [[`## ${heading}`], ['']];
  const items = Array.isArray(value) ? value : isMapValue(value) ? [value.map] : [value];
  for (const item of items) {
    if (isScalar(item)) {
      lines.push(['- ', item]);
      continue;
    }
    const entries = Object.entries(item);
    const mainKey = principal && item[principal] !== undefined ? principal : entries[0][0];
    lines.push(['- ', item[mainKey]]);
    for (const [k, v] of entries) if (k !== mainKey) lines.push([`  - ${k}: `, v]);
  }
  return lines;
}

/** A one-line Markdown sub-item `- key: value` for a missing field of a body list item. */
export function markdownSubItem(key: string, indent: string, value: Value = skeletonValue(key)): SkeletonLine {
  if (isMapValue(value)) {
    // A map on one line, as a flow map whose values are quoted (placeholder text may hold commas).
    const line: SkeletonLine = [`${indent}- ${key}: {`];
    Object.entries(value.map).forEach(([k, v], i) => line.push(`${i > 0 ? ', ' : ''}${k}: "`, v, '"'));
    line.push('}');
    return line;
  }
  return [`${indent}- ${key}: `, Array.isArray(value) ? '""' : value];
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || (typeof v === 'object' && v !== null && 'slot' in v);
}

function isMapValue(v: Value): v is { map: Record<string, Scalar> } {
  return typeof v === 'object' && !Array.isArray(v) && 'map' in v;
}

/** Writes lines as plain text (slots as their placeholder text) or as a snippet (slots as tab stops). */
export function renderLines(lines: SkeletonLine[], eol: string, snippet: boolean): string {
  let stop = 0;
  const text = (s: Scalar) => {
    if (typeof s === 'string') return snippet ? escapeSnippet(s) : s;
    return snippet ? `\${${++stop}:${escapeSnippet(s.slot)}}` : s.slot;
  };
  return lines.map((line) => line.map(text).join('')).join(eol) + eol;
}

/** Snippet syntax gives `$`, `}` and `\` meaning: literal text escapes them. */
export function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}
