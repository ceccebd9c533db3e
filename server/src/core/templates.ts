import type { Kind } from '../protocol.js';
import { FILL_IN } from './rules/placeholders.js';

/**
 * Record templates for `standpoint new` and the editor's "New decision record", one per
 * kind (SPEC §1.2). Every value a person must supply is placeholder text (FILL_IN), so a
 * fresh record fails `check` with findings that say what to fill in.
 */

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

const F = FILL_IN;

/** The kind-specific block, as YAML lines. */
const KIND_BLOCK: Record<Kind, string[]> = {
  'launch-plan': [
    'launch:',
    `  target_date: ${F.date}`,
    `  driver: ${F.driver}`,
    '  readiness:',
    `    - item: ${F.readinessItem}`,
    '      status: open            # done | open | at-risk',
    `      owner: ${F.owner}`,
  ],
  'budget-change': [
    'budget:',
    `  function: ${F.budgetFunction}`,
    `  change: ${F.budgetChange}`,
    `  amount: ${F.number}`,
    `  currency: ${F.currency}`,
    `  touchpoint: ${F.trueOrFalse}  # true where customers meet the business`,
    '  reinvestment:',
    '    - area: technology        # technology | training | policy | process | staffing',
    `      description: ${F.reinvestment}`,
    `      amount: ${F.number}`,
  ],
  'pricing-change': [],
  'policy-change': [],
  'org-change': [],
  'sales-plan': [
    'targets:',
    `  - name: ${F.targetName}`,
    '    unit: customers',
    `    value: ${F.number}`,
    `    customers: {acquire: ${F.number}, retain: ${F.number}, develop: ${F.number}}`,
  ],
  'incentive-plan': [
    'incentives:',
    `  population: ${F.population}`,
    '  measures:',
    `    - name: ${F.metric}`,
    '      kind: customer',
    `      weight: ${F.number}`,
    `    - name: ${F.financialMeasure}`,
    '      kind: financial',
    `      weight: ${F.number}`,
  ],
  campaign: ['audience:', `  segments: [${F.segment}]`, '  exclude_open_service_issues: true', `  personalisation: ${F.personalisation}`],
};

function header(kind: Kind, id: string, date: string): string[] {
  return [
    `decision: ${kind}`,
    `id: ${id}`,
    `title: ${F.title}`,
    'status: draft',
    `date: ${date}`,
    `owner: ${F.owner}`,
    'approvers: []',
    'customer_impact: direct      # direct | indirect | none',
  ];
}

function fieldsYaml(promiseId: string): string[] {
  return [
    'customer_standpoint:',
    `  summary: ${F.standpoint}`,
    `  advocates: [${F.advocate}]`,
    '  evidence:',
    `    - source: ${F.evidenceSource}  # support-tickets, customer-interview, survey, frontline-staff, usage-data, ...`,
    `      summary: ${F.evidenceSummary}`,
    `      date: ${F.date}`,
    '  concerns: []',
    'promises:',
    `  - id: ${promiseId}`,
    `    promise: ${F.promise}`,
    `    owner: ${F.owner}`,
    `    measure: ${F.measure}`,
    `    target: ${F.target}`,
    `    baseline: ${F.baseline}`,
    `    review: ${F.date}`,
    'functions:',
    `  - function: ${F.function}`,
    `    customer_effect: ${F.customerEffect}`,
    `    owner: ${F.owner}`,
    'metrics:',
    `  - name: ${F.metric}`,
    '    kind: customer',
    '    unit: percent-of-customers',
    `    target: ${F.target}`,
    'actions:',
    `  - action: ${F.action}`,
    `    owner: ${F.owner}`,
    `    due: ${F.date}`,
  ];
}

function bodyMarkdown(promiseId: string): string[] {
  return [
    '## Customer impact',
    '',
    F.rationale,
    '',
    '## Customer standpoint',
    '',
    F.standpoint,
    '',
    '## Advocates',
    '',
    `- ${F.advocate}`,
    '',
    '## Customer evidence',
    '',
    `- ${F.evidenceSummary}`,
    `  - source: ${F.evidenceSource}`,
    `  - date: ${F.date}`,
    '',
    '## Promises',
    '',
    `- ${F.promise}`,
    `  - id: ${promiseId}`,
    `  - owner: ${F.owner}`,
    `  - measure: ${F.measure}`,
    `  - target: ${F.target}`,
    `  - baseline: ${F.baseline}`,
    `  - review: ${F.date}`,
    '',
    '## Functions affected',
    '',
    `- ${F.function}`,
    `  - customer_effect: ${F.customerEffect}`,
    `  - owner: ${F.owner}`,
    '',
    '## Metrics',
    '',
    `- ${F.metric}`,
    '  - kind: customer',
    '  - unit: percent-of-customers',
    `  - target: ${F.target}`,
    '',
    '## Actions',
    '',
    `- ${F.action}`,
    `  - owner: ${F.owner}`,
    `  - due: ${F.date}`,
    '',
  ];
}

/** The ids a new record takes: the record's own and its first promise's. */
export interface NewIds {
  record: string;
  promise: string;
}

/**
 * The next free ids for a new record of `kind` written in `year`, given the text of every
 * record and register in the workspace: one past the highest number in use, so a new record
 * never takes an id that a record, a promise or another new record already has.
 */
export function nextIds(kind: Kind, year: string, texts: Iterable<string>): NewIds {
  const recordId = new RegExp(`(?<![\\w-])${PREFIX[kind]}-${year}-(\\d+)(?![\\w-])`, 'g');
  const promiseId = /(?<![\w-])P-(\d+)(?![\w-])/g;
  let record = 0;
  let promise = 0;
  for (const text of texts) {
    for (const m of text.matchAll(recordId)) record = Math.max(record, Number(m[1]));
    for (const m of text.matchAll(promiseId)) promise = Math.max(promise, Number(m[1]));
  }
  return { record: `${PREFIX[kind]}-${year}-${String(record + 1).padStart(3, '0')}`, promise: `P-${promise + 1}` };
}

export function recordTemplate(kind: Kind, form: 'yaml' | 'markdown', date: string, ids: NewIds = nextIds(kind, date.slice(0, 4), [])): string {
  const lines =
    form === 'yaml'
      ? [...header(kind, ids.record, date), ...fieldsYaml(ids.promise), ...KIND_BLOCK[kind], '']
      : ['---', ...header(kind, ids.record, date), ...KIND_BLOCK[kind], '---', `# ${F.title}`, '', ...bodyMarkdown(ids.promise)];
  return lines.join('\n');
}
