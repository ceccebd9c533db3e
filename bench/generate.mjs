// Deterministic generator of decision records in the Standpoint format: both forms,
// realistic sizes (2–8 KB by default) and prose, and a fraction that violates rules.
// Usage: node bench/generate.mjs N OUT_DIR [--bytes TARGET] [--violations 0.2]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Small, fast, seedable PRNG (mulberry32), so every run writes byte-identical files. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = ['Dana Reyes', 'Priya Shah', 'Mo Khan', 'Sam Lee', 'Lee Wong', 'Ana Ruiz', 'Tom Berg', 'Ines Costa', 'Kofi Mensah', 'Yuki Sato'];
const KINDS = ['launch-plan', 'budget-change', 'pricing-change', 'policy-change', 'org-change', 'sales-plan', 'incentive-plan', 'campaign'];
const SOURCES = ['support-tickets', 'customer-interview', 'survey', 'usage-data', 'frontline-staff', 'complaints', 'reviews'];
const WORDS = (
  'customers returning order delivery refund basket support agent wait time contact reason checkout payment ' +
  'subscription renewal price plan store staff training queue callback tracking parcel courier address account ' +
  'onboarding billing invoice discount loyalty member complaint review rating journey channel mobile app email'
).split(' ');

function sentence(r, n = 8 + Math.floor(r() * 12)) {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const day = (r, year = 2026) => `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;

/** Lists of items, in model form; `bad` plants one violation somewhere. */
function model(i, r, bytes, bad) {
  const kind = KINDS[i % KINDS.length];
  const owner = pick(r, PEOPLE);
  const evidence = [];
  const promises = [];
  const functions = [];
  const actions = [];
  let size = 900;
  while (size < bytes) {
    evidence.push({ source: pick(r, SOURCES), summary: sentence(r), date: day(r) });
    promises.push({
      id: `P-${i}-${promises.length}`,
      promise: sentence(r),
      owner: pick(r, PEOPLE),
      measure: `percentage of customers who ${sentence(r, 6).toLowerCase()}`,
      target: '">= 90%"',
      review: day(r, 2027),
    });
    functions.push({ function: pick(r, ['Customer Support', 'Finance', 'Logistics', 'Stores', 'Billing']), customer_effect: sentence(r), owner: pick(r, PEOPLE) });
    actions.push({ action: sentence(r), owner: pick(r, PEOPLE), due: day(r, 2027) });
    size += 900;
  }
  const m = {
    decision: kind,
    id: recordId(i),
    title: sentence(r, 6).replace(/\.$/, ''),
    status: pick(r, ['draft', 'proposed', 'approved']),
    date: '2026-11-01',
    owner,
    approvers: [pick(r, PEOPLE)],
    customer_impact: 'direct',
    standpoint: { advocates: [pick(r, PEOPLE)], evidence },
    promises,
    functions,
    metrics: [
      { name: 'Percentage of customers who reorder within 30 days', kind: 'customer', unit: 'percent-of-customers', target: 40 },
      { name: 'Percentage of customers who contact support about an order', kind: 'customer', unit: 'percent-of-customers', target: 5 },
    ],
    actions,
    prose: Array.from({ length: 2 + Math.floor(bytes / 2000) }, () => sentence(r, 25)),
    lifecycle: lifecycle(i, r),
  };
  if (m.lifecycle.status) m.status = m.lifecycle.status;
  if (bad) {
    const which = Math.floor(r() * 4);
    if (which === 0) m.promises[0].promise = `We aim to ${m.promises[0].promise.toLowerCase()}`;
    if (which === 1) m.promises[0].owner = 'everyone';
    if (which === 2) m.standpoint.evidence = [{ source: 'market-research', summary: sentence(r), date: '2026-05-01' }];
    if (which === 3) m.functions[0].customer_effect = 'none';
  }
  return m;
}

const recordId = (i) => `REC-${String(i).padStart(6, '0')}`;

/**
 * The lifecycle fields of record `i`: every 10th record replaces the one before it (which is
 * superseded and names it back), every 7th relies on an earlier record, approved records have
 * a review date, some past with an outcome. A few links are broken, as in real logs.
 */
function lifecycle(i, r) {
  const out = { lines: [] };
  if (i % 10 === 9) {
    out.status = 'superseded';
    out.lines.push(`superseded_by: ${recordId(i + 1)}`);
  }
  if (i % 10 === 0 && i > 0) out.lines.push(`supersedes: [${recordId(i - 1)}]`);
  if (i % 7 === 3 && i > 20) out.lines.push(`depends_on: [${recordId(i - 20 + Math.floor(r() * 10))}]`);
  if (i % 3 === 0) {
    out.lines.push(`review_by: ${day(r, 2026)}`);
    if (r() < 0.5) out.lines.push(`outcome: {result: kept, date: 2026-12-01, summary: ${sentence(r, 10).replace(/[:,]/g, '')}}`);
  }
  if (i % 97 === 5) out.lines.push(`supersedes: [REC-${String(900000 + i)}]`);
  return out;
}

function yamlItems(key, items, indent = '') {
  const out = [`${indent}${key}:`];
  for (const item of items) {
    Object.entries(item).forEach(([k, v], j) => out.push(`${indent}  ${j === 0 ? '- ' : '  '}${k}: ${v}`));
  }
  return out;
}

function toYaml(m) {
  return [
    `decision: ${m.decision}`,
    `id: ${m.id}`,
    `title: ${m.title}`,
    `status: ${m.status}`,
    `date: ${m.date}`,
    `owner: ${m.owner}`,
    `approvers: [${m.approvers.join(', ')}]`,
    `customer_impact: ${m.customer_impact}`,
    ...m.lifecycle.lines,
    `customer_impact_rationale: >-`,
    ...m.prose.map((p) => `  ${p}`),
    'customer_standpoint:',
    `  advocates: [${m.standpoint.advocates.join(', ')}]`,
    ...yamlItems('evidence', m.standpoint.evidence, '  '),
    ...yamlItems('promises', m.promises),
    ...yamlItems('functions', m.functions),
    ...yamlItems('metrics', m.metrics),
    ...yamlItems('actions', m.actions),
    '',
  ].join('\n');
}

function mdItems(heading, items, principal) {
  const out = [`## ${heading}`, ''];
  for (const item of items) {
    out.push(`- ${item[principal]}`);
    for (const [k, v] of Object.entries(item)) if (k !== principal) out.push(`  - ${k}: ${v}`);
  }
  out.push('');
  return out;
}

function toMarkdown(m) {
  return [
    '---',
    `decision: ${m.decision}`,
    `id: ${m.id}`,
    `title: ${m.title}`,
    `status: ${m.status}`,
    `date: ${m.date}`,
    `owner: ${m.owner}`,
    `approvers: [${m.approvers.join(', ')}]`,
    `customer_impact: ${m.customer_impact}`,
    ...m.lifecycle.lines,
    '---',
    `# ${m.title}`,
    '',
    '## Customer impact',
    '',
    ...m.prose.slice(0, 1),
    '',
    '## Advocates',
    '',
    ...m.standpoint.advocates.map((a) => `- ${a}`),
    '',
    ...mdItems('Customer evidence', m.standpoint.evidence, 'summary'),
    ...mdItems('Promises', m.promises, 'promise'),
    ...mdItems('Functions affected', m.functions, 'function'),
    ...mdItems('Metrics', m.metrics, 'name'),
    ...mdItems('Actions', m.actions, 'action'),
    '## Background',
    '',
    ...m.prose.slice(1).flatMap((p) => [p, '']),
  ].join('\n');
}

/** Record number `i`: the same text on every run. Even numbers are YAML, odd ones Markdown. */
export function generateRecord(i, { bytes, violations = 0.2, seed = 7 } = {}) {
  const r = prng(seed * 1000003 + i);
  const target = bytes ?? 2000 + Math.floor(r() * 6000);
  const m = model(i, r, target, r() < violations);
  const markdown = i % 2 === 1;
  return { name: `${m.id.toLowerCase()}.${markdown ? 'md' : 'yaml'}`, text: markdown ? toMarkdown(m) : toYaml(m), markdown };
}

export const PEOPLE_YAML = `people:\n${PEOPLE.map((p, i) => `  - {id: p${i}, name: ${p}, function: Operations, roles: [${i === 1 ? 'customer-advocate' : i === 2 ? 'chief-customer-officer' : 'staff'}]}`).join('\n')}\n`;

/** Names what the generator writes; a workspace written by another version is written again. */
export const GENERATION = '# bench workspace, generation 2: lifecycle fields';

/** Writes a workspace: .standpoint.yaml, decisions/ with N records. */
export function writeWorkspace(dir, n, options = {}) {
  fs.mkdirSync(path.join(dir, 'decisions'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.standpoint.yaml'), `${GENERATION}\nroot: true\nextends: [recommended]\nfiles: ["decisions/**/*.{yaml,yml,md}"]\n`);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const rec = generateRecord(i, options);
    if (options.only === 'yaml' && rec.markdown) continue;
    if (options.only === 'markdown' && !rec.markdown) continue;
    fs.writeFileSync(path.join(dir, 'decisions', rec.name), rec.text);
    bytes += rec.text.length;
  }
  return bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [n, out] = process.argv.slice(2);
  const bytes = writeWorkspace(out, Number(n));
  console.log(`wrote ${n} records (${(bytes / 1e6).toFixed(1)} MB) to ${out}`);
}
