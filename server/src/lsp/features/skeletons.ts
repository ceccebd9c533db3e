import { addToDate } from '../../core/index.js';

/** Values a quick fix fills in: placeholders that satisfy the rule and read as "fill me in". */
export interface SkeletonContext {
  today: string;
  /** The record's owner, the natural default owner of what it promises. */
  owner?: string;
}

type Value = string | string[] | Array<Record<string, string>>;

const FIELDS: Record<string, (c: SkeletonContext) => Value> = {
  owner: (c) => c.owner ?? 'Name of the one accountable person',
  status: () => 'draft',
  title: () => "What is decided, in customers' words",
  id: () => 'NEW-ID',
  customer_impact: () => 'direct',
  customer_impact_rationale: () => 'How customers are affected, or why they are not, in at least eight words',
  measure: () => 'percentage of customers who ...',
  target: () => '">= 95%"',
  baseline: () => "Today's value of the measure",
  review: (c) => addToDate(c.today, 3, 0),
  due: (c) => addToDate(c.today, 1, 0),
  personalisation: () => 'How the content is chosen from what we know about each customer',
  mitigation: () => 'How the barrier is removed or worked around',
  resolution: () => 'What was changed, or why the concern does not apply',
  customer_effect: () => 'How customers notice the change through this function',
  exclude_open_service_issues: () => 'true',
  advocates: () => ['Name of a customer advocate'],
  approvers: () => ['Name of the chief customer officer'],
  evidence: (c) => [{ source: 'support-tickets', summary: 'What customers told us, in numbers', date: c.today }],
  functions: (c) => [{ function: 'Customer Support', customer_effect: 'How customers notice the change here', owner: c.owner ?? 'Name of the function owner' }],
  reinvestment: () => [{ area: 'technology', description: "What removes the customers' need to call" }],
  readiness: (c) => [{ item: 'What customers depend on at launch', status: 'open', owner: c.owner ?? 'Name of the one accountable person' }],
  targets: () => [{ name: 'Customers buying ...', unit: 'customers', value: '0', customers: '{acquire: 0, retain: 0, develop: 0}' }],
  metrics: () => [{ name: 'Percentage of customers who ...', kind: 'customer', unit: 'percent-of-customers', target: '0' }],
  customers: () => '{acquire: 0, retain: 0, develop: 0}',
};

export function skeletonValue(field: string, c: SkeletonContext): Value {
  return FIELDS[field]?.(c) ?? '""';
}

/** YAML lines for `keys` (nested maps), the last one holding its skeleton value; indented by `indent`. */
export function yamlLines(keys: string[], c: SkeletonContext, indent: string): string[] {
  const lines: string[] = [];
  keys.forEach((key, depth) => {
    const pad = indent + '  '.repeat(depth);
    if (depth < keys.length - 1) {
      lines.push(`${pad}${key}:`);
      return;
    }
    const value = skeletonValue(key, c);
    if (typeof value === 'string') lines.push(`${pad}${key}: ${value}`);
    else {
      lines.push(`${pad}${key}:`);
      for (const item of value) {
        if (typeof item === 'string') lines.push(`${pad}  - ${item}`);
        else Object.entries(item).forEach(([k, v], i) => lines.push(`${pad}  ${i === 0 ? '- ' : '  '}${k}: ${v}`));
      }
    }
  });
  return lines;
}

/** A Markdown section: heading, then the list items with their `key: value` sub-items. */
export function markdownSection(heading: string, field: string, principal: string | undefined, c: SkeletonContext): string[] {
  const value = skeletonValue(field, c);
  const lines = [`## ${heading}`, ''];
  const items = typeof value === 'string' ? [value] : value;
  for (const item of items) {
    if (typeof item === 'string') {
      lines.push(`- ${item}`);
      continue;
    }
    const entries = Object.entries(item);
    const main = principal && item[principal] !== undefined ? item[principal] : entries[0][1];
    lines.push(`- ${main}`);
    for (const [k, v] of entries) if (k !== principal && v !== main) lines.push(`  - ${k}: ${v}`);
  }
  return lines;
}
