import type { Rule } from '../../core/rules/definition.js';

/** `standpoint explain ID`: rationale, what triggers it, how to comply, options, examples. */
export function explainRule(rule: Rule): string {
  const out: string[] = [
    `${rule.id} (${rule.severity}) — ${rule.title}`,
    `Principle: ${rule.principle}`,
    '',
    'Why', indent(rule.docs.rationale), '',
    'What triggers it', indent(rule.docs.triggers), '',
    'How to comply', indent(rule.docs.comply), '',
  ];
  if (rule.options) {
    out.push('Options (set in .standpoint.yaml under rules.' + rule.id + '.options)');
    const props = (rule.options.schema.properties ?? {}) as Record<string, { description?: string; type?: string }>;
    for (const [name, value] of Object.entries(rule.options.defaults)) {
      const description = props[name]?.description ? ` — ${props[name].description}` : '';
      out.push(`  ${name}: ${JSON.stringify(value)}${description}`);
    }
    out.push('');
  }
  for (const example of rule.docs.examples ?? []) {
    out.push(`Example (${example.valid ? 'passes' : 'fires'}): ${example.title}`, indent(example.code), '');
  }
  out.push('Waive it (accountable exception):', `  waivers: [{rule: ${rule.id}, reason: "...", owner: "...", expires: YYYY-MM-DD}]`, '');
  if (rule.docsUrl) out.push(`Docs: ${rule.docsUrl}`);
  return `${out.join('\n')}\n`;
}

function indent(text: string): string {
  return text.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
}
