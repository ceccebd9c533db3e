import type { Kind } from '../protocol.js';
import { addToDate } from './rules/values.js';

/** Record skeletons for `standpoint new` and `standpoint init`, one per kind (SPEC §1.2). */

// The kinds are listed where the editor client can read them too, without loading the engine.
export { KINDS, type Kind } from '../protocol.js';

const PREFIX: Record<Kind, string> = {
  'launch-plan': 'LP',
  'budget-change': 'BC',
  'pricing-change': 'PR',
  'policy-change': 'PC',
  'org-change': 'OC',
  'sales-plan': 'SP',
  'incentive-plan': 'IP',
  campaign: 'CA',
};

/** The kind-specific block, as YAML lines. */
const KIND_BLOCK: Record<Kind, string[]> = {
  'launch-plan': [
    'launch:',
    '  target_date: {{in3months}}',
    '  driver: Why this date (what customers need by then)',
    '  readiness:',
    '    - item: What must be ready',
    '      status: open            # done | open | at-risk',
    '      owner: One named person',
  ],
  'budget-change': [
    'budget:',
    '  function: Function whose budget changes',
    '  change: -10%               # signed percentage or amount',
    '  amount: 0',
    '  currency: EUR',
    '  touchpoint: false          # true where customers meet the business',
    '  reinvestment:',
    '    - area: technology        # technology | training | policy | process | staffing',
    "      description: What removes the customers' need to call",
    '      amount: 0',
  ],
  'pricing-change': [],
  'policy-change': [],
  'org-change': [],
  'sales-plan': ['targets:', '  - name: Customers buying the new plan', '    unit: customers', '    value: 0', '    customers: {acquire: 0, retain: 0, develop: 0}'],
  'incentive-plan': [
    'incentives:',
    '  population: Who is rewarded',
    '  measures:',
    '    - name: Percentage of customers whose issue was solved on first contact',
    '      kind: customer',
    '      weight: 0.5',
    '    - name: Revenue',
    '      kind: financial',
    '      weight: 0.5',
  ],
  campaign: ['audience:', '  segments: [Segment]', '  exclude_open_service_issues: true', '  personalisation: How the message is tailored'],
};

function header(kind: Kind, id: string, date: string): string[] {
  return [
    `decision: ${kind}`,
    `id: ${id}`,
    "title: One line, in customers' words",
    'status: draft',
    `date: ${date}`,
    'owner: One named person',
    'approvers: []',
    'customer_impact: direct      # direct | indirect | none',
  ];
}

const FIELDS_YAML = [
  'customer_standpoint:',
  '  advocates: [A customer advocate]',
  '  evidence:',
  '    - source: support-tickets  # customer-interview, survey, frontline-staff, usage-data, ...',
  '      summary: What customers told us, in numbers',
  '      date: {{today}}',
  '  concerns: []',
  'promises:',
  '  - id: P-NEW',
  '    promise: What customers can count on',
  '    owner: One named person',
  '    measure: percentage of customers who ...',
  '    target: ">= 95%"',
  "    baseline: Today's value of the measure",
  '    review: {{in3months}}',
  'functions:',
  '  - function: Customer Support',
  '    customer_effect: How customers notice the change here',
  '    owner: One named person',
  'metrics:',
  '  - name: Percentage of customers who ...',
  '    kind: customer',
  '    unit: percent-of-customers',
  '    target: 0',
  'actions:',
  '  - action: The first concrete change',
  '    owner: One named person',
  '    due: {{in1month}}',
];

const BODY_MARKDOWN = [
  '## Customer impact',
  '',
  'Who is affected and how.',
  '',
  '## Advocates',
  '',
  '- A customer advocate',
  '',
  '## Customer evidence',
  '',
  '- What customers told us, in numbers',
  '  - source: support-tickets',
  '  - date: {{today}}',
  '',
  '## Promises',
  '',
  '- What customers can count on',
  '  - id: P-NEW',
  '  - owner: One named person',
  '  - measure: percentage of customers who ...',
  '  - target: ">= 95%"',
  "  - baseline: Today's value of the measure",
  '  - review: {{in3months}}',
  '',
  '## Functions affected',
  '',
  '- Customer Support',
  '  - customer_effect: How customers notice the change here',
  '  - owner: One named person',
  '',
  '## Metrics',
  '',
  '- Percentage of customers who ...',
  '  - kind: customer',
  '  - unit: percent-of-customers',
  '  - target: 0',
  '',
  '## Actions',
  '',
  '- The first concrete change',
  '  - owner: One named person',
  '  - due: {{in1month}}',
  '',
];

export function recordTemplate(kind: Kind, form: 'yaml' | 'markdown', date: string, sequence = 1): string {
  const id = `${PREFIX[kind]}-${date.slice(0, 4)}-${String(sequence).padStart(3, '0')}`;
  const lines =
    form === 'yaml'
      ? [...header(kind, id, date), ...FIELDS_YAML, ...KIND_BLOCK[kind], '']
      : ['---', ...header(kind, id, date), ...KIND_BLOCK[kind], '---', "# One line, in customers' words", '', ...BODY_MARKDOWN];
  // Dates are real, relative to the day the record is created, so the skeleton is valid as written.
  const dates: Record<string, string> = { today: date, in1month: addToDate(date, 1, 0), in3months: addToDate(date, 3, 0) };
  return lines.join('\n').replace(/\{\{(today|in1month|in3months)\}\}/g, (_, k: string) => dates[k]);
}
