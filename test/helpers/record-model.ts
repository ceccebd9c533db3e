import fc from 'fast-check';
import { Document, stringify, visit } from 'yaml';

/**
 * A generated decision record as a plain model, and its two written forms (SPEC §1.2 and
 * §1.7): the YAML file, and the Markdown file whose front matter holds the scalar and
 * nested fields while the known sections hold the lists and the rationale. Values come
 * from a vocabulary chosen to trigger rules (hedging, diffused owners, quarter drivers,
 * headline scores…) and to read the same in both forms: no YAML-special words, no
 * Markdown markup, no `key: value` look-alikes in principal texts.
 */

export interface Item {
  [field: string]: string | number | boolean | undefined;
}

export interface RecordModel {
  decision: string;
  id?: string;
  title?: string;
  status?: string;
  date?: string;
  owner?: string;
  approvers?: string[];
  customer_impact?: string;
  customer_impact_rationale?: string;
  advocates?: string[];
  evidence?: Item[];
  concerns?: Item[];
  promises?: Item[];
  functions?: Item[];
  barriers?: Item[];
  metrics?: Item[];
  actions?: Item[];
  launch?: { target_date?: string; driver?: string; readiness?: Item[] };
  budget?: { function?: string; change?: string; amount?: number; touchpoint?: boolean; reinvestment?: Item[] };
  audience?: { exclude_open_service_issues?: boolean };
}

const KINDS = ['launch-plan', 'budget-change', 'pricing-change', 'policy-change', 'org-change', 'sales-plan', 'incentive-plan', 'campaign'];
const PEOPLE = ['Dana Reyes', 'Sam Lee', 'Priya Shah', 'Lee Wong', 'Mo Khan', 'everyone', 'the business', 'TBD', 'Customer Support', 'Sam Lee and Mo Khan', 'Ana Ruiz'];
const WORDS = [
  'refunds',
  'arrive',
  'within',
  'two',
  'days',
  'we',
  'hope',
  'to',
  'strive',
  'customers',
  'who',
  'reorder',
  'percentage',
  'of',
  'support',
  'contacts',
  'fall',
  'not',
  'our',
  'problem',
  'outside',
  'control',
  'quarter',
  'revenue',
  'target',
  'NPS',
  'score',
  'index',
  'units',
  'volume',
  'report',
  'survey',
  'deck',
  'meeting',
  'ship',
  'faster',
  'delivery',
  'address',
  'checked',
  'aim',
  'ideally',
  'none',
  'n/a',
];
const DATES = ['2025-01-15', '2026-03-01', '2026-10-01', '2026-11-20', '2027-02-01', '2027-06-30', '2024-05-05'];
const SOURCES = ['support-tickets', 'customer-interview', 'survey', 'frontline-staff', 'market-research', 'financial-model', 'executive-input'];

const word = fc.constantFrom(...WORDS);
export const text = (min = 1, max = 8): fc.Arbitrary<string> =>
  fc.array(word, { minLength: min, maxLength: max }).map((w) => {
    const s = w.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1);
  });
const person = fc.constantFrom(...PEOPLE);
const date = fc.constantFrom(...DATES);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

const item = (principal: string, fields: Record<string, fc.Arbitrary<string | number | boolean>>): fc.Arbitrary<Item> =>
  fc
    .record({ [principal]: text(), ...Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, opt(a)])) })
    .map((r): Item => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

const list = (a: fc.Arbitrary<Item>) => opt(fc.array(a, { minLength: 0, maxLength: 4 }));

export const recordModel: fc.Arbitrary<RecordModel> = fc
  .record({
    decision: fc.constantFrom(...KINDS),
    id: opt(fc.integer({ min: 1, max: 999 }).map((n) => `DR-2026-${String(n).padStart(3, '0')}`)),
    title: opt(text()),
    status: opt(fc.constantFrom('draft', 'proposed', 'approved', 'rejected')),
    date: opt(date),
    owner: opt(person),
    approvers: opt(fc.array(person, { maxLength: 2 })),
    customer_impact: opt(fc.constantFrom('direct', 'indirect', 'none')),
    customer_impact_rationale: opt(text(1, 12)),
    advocates: opt(fc.array(person, { maxLength: 2 })),
    evidence: list(item('summary', { source: fc.constantFrom(...SOURCES), date })),
    concerns: list(item('concern', { raised_by: person, resolution: text() })),
    promises: list(item('promise', { owner: person, measure: text(), target: fc.constantFrom('>= 95%', '90%', '2 days'), review: date })),
    functions: list(item('function', { customer_effect: fc.oneof(text(), fc.constantFrom('none', 'n/a', 'no impact')), owner: person, exempt: fc.boolean() })),
    barriers: list(item('barrier', { mitigation: text(), owner: person })),
    metrics: list(
      item('name', {
        kind: fc.constantFrom('customer', 'financial', 'operational'),
        unit: fc.constantFrom('customers', 'percent-of-customers', 'currency', 'units', 'score'),
        target: fc.integer({ min: 0, max: 50000 }),
      }),
    ),
    actions: list(item('action', { owner: person, due: date })),
    launch: opt(
      fc.record({ target_date: opt(date), driver: opt(text()), readiness: list(item('item', { status: fc.constantFrom('done', 'open', 'at-risk'), owner: person })) }),
    ),
    budget: opt(
      fc.record({
        function: opt(fc.constantFrom('Contact Centre', 'Billing', 'Marketing')),
        change: opt(fc.constantFrom('-15%', '+5%', '-250000')),
        amount: opt(fc.integer({ min: 0, max: 900000 })),
        touchpoint: opt(fc.boolean()),
        reinvestment: list(item('description', { area: fc.constantFrom('technology', 'training', 'policy', 'process', 'staffing') })),
      }),
    ),
    audience: opt(fc.record({ exclude_open_service_issues: opt(fc.boolean()) })),
  })
  .map(clean);

/** Drops undefined fields (and nested objects left empty), so both forms write the same fields. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value) as Array<[string, unknown]>) {
      const c = clean(v);
      if (c === undefined) continue;
      if (c !== null && typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[k] = c;
    }
    return out as T;
  }
  return value;
}

/** The model as record data (the YAML form's shape). */
export function toData(model: RecordModel): Record<string, unknown> {
  const { advocates, evidence, concerns, ...rest } = model;
  const standpoint = clean({ advocates, evidence, concerns });
  return clean({
    decision: rest.decision,
    id: rest.id,
    title: rest.title,
    status: rest.status,
    date: rest.date,
    owner: rest.owner,
    approvers: rest.approvers,
    customer_impact: rest.customer_impact,
    customer_impact_rationale: rest.customer_impact_rationale,
    ...(Object.keys(standpoint).length > 0 ? { customer_standpoint: standpoint } : {}),
    promises: rest.promises,
    functions: rest.functions,
    barriers: rest.barriers,
    metrics: rest.metrics,
    actions: rest.actions,
    launch: rest.launch,
    budget: rest.budget,
    audience: rest.audience,
  });
}

export function toYaml(model: RecordModel): string {
  return stringify(toData(model), { lineWidth: 0 });
}

/** The YAML form with nested maps and lists written flow style (`{...}`, `[...]`), as some teams write them. */
export function toFlowYaml(model: RecordModel): string {
  const doc = new Document(toData(model));
  visit(doc, {
    Collection(_key, node, path) {
      // The top level stays a block map; everything nested is written in flow style.
      if (path.length > 1) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** The Markdown form: SPEC §1.7 sections for the lists and the rationale, front matter for the rest. */
export function toMarkdown(model: RecordModel): string {
  const front = clean({
    decision: model.decision,
    id: model.id,
    title: model.title,
    status: model.status,
    date: model.date,
    owner: model.owner,
    approvers: model.approvers,
    customer_impact: model.customer_impact,
    launch: model.launch ? clean({ ...model.launch, readiness: undefined }) : undefined,
    budget: model.budget ? clean({ ...model.budget, reinvestment: undefined }) : undefined,
    audience: model.audience,
  });
  const out = ['---', stringify(front, { lineWidth: 0 }).trimEnd(), '---', `# ${model.title ?? 'Decision'}`, ''];
  if (model.customer_impact_rationale !== undefined) out.push('## Customer impact', '', model.customer_impact_rationale, '');
  const section = (heading: string, items: Item[] | undefined, principal: string) => {
    if (!items) return;
    out.push(`## ${heading}`, '');
    for (const it of items) {
      out.push(`- ${it[principal]}`);
      for (const [k, v] of Object.entries(it)) if (k !== principal) out.push(`  - ${k}: ${stringify(v, { lineWidth: 0 }).trimEnd()}`);
    }
    out.push('');
  };
  if (model.advocates) {
    out.push('## Advocates', '', ...model.advocates.map((a) => `- ${a}`), '');
  }
  section('Customer evidence', model.evidence, 'summary');
  section('Concerns', model.concerns, 'concern');
  section('Promises', model.promises, 'promise');
  section('Functions affected', model.functions, 'function');
  section('Barriers', model.barriers, 'barrier');
  section('Metrics', model.metrics, 'name');
  section('Actions', model.actions, 'action');
  section('Readiness', model.launch?.readiness, 'item');
  section('Reinvestment', model.budget?.reinvestment, 'description');
  return out.join('\n');
}

/** Small edits that keep a text almost valid: a line dropped, doubled, swapped, cut, or a stray character. */
export const nearValid = (source: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      source,
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'truncate', 'tab', 'colon', 'bracket', 'fence', 'quote', 'indent', 'crlf', 'bom', 'hash')), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([text, edits]) => {
      let lines = text.split('\n');
      for (const [n, edit] of edits) {
        const i = lines.length === 0 ? 0 : n % lines.length;
        switch (edit) {
          case 'drop':
            lines.splice(i, 1);
            break;
          case 'double':
            lines.splice(i, 0, lines[i] ?? '');
            break;
          case 'swap':
            if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
            break;
          case 'truncate':
            lines = lines.slice(0, i);
            break;
          case 'tab':
            lines[i] = `\t${lines[i] ?? ''}`;
            break;
          case 'colon':
            lines[i] = `${lines[i] ?? ''}: x: y`;
            break;
          case 'bracket':
            lines[i] = `${lines[i] ?? ''} [`;
            break;
          case 'fence':
            lines.splice(i, 0, '---');
            break;
          case 'quote':
            lines[i] = `"${lines[i] ?? ''}`;
            break;
          case 'indent':
            lines[i] = `   ${lines[i] ?? ''}`;
            break;
          case 'crlf':
            return lines.join('\r\n');
          case 'bom':
            if (!(lines[0] ?? '').startsWith('\uFEFF')) lines[0] = `\uFEFF${lines[0] ?? ''}`;
            break;
          case 'hash':
            lines[i] = `# ${lines[i] ?? ''}`;
            break;
        }
      }
      return lines.join('\n');
    });

/** Anything at all: random Unicode (lone surrogates, NUL and U+FFFD included), YAML and Markdown punctuation soup. */
export const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom(
      '-',
      ':',
      ' ',
      '\n',
      '[',
      ']',
      '{',
      '}',
      '#',
      '*',
      '_',
      '>',
      '|',
      '&',
      '!',
      '\t',
      '"',
      "'",
      '`',
      '<',
      'a',
      '1',
      '?',
      ',',
      '\r',
      '\u0000',
      '\uFFFD',
      '\uD800',
    ),
    maxLength: 400,
  }),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => `---\ndecision: launch-plan\n${s}`),
);
