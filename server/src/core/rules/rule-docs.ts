import type { RecordForm } from '../model/document.js';
import { isWaivable } from '../checks/registry.js';
import type { Rule } from './definition.js';

const FORM_NAMES: Record<RecordForm, string> = { yaml: 'YAML', markdown: 'Markdown' };

/**
 * A rule's documentation as Markdown: the `standpoint explain` text, the editor hover
 * and the generated reference pages all come from here.
 */
export function renderRuleMarkdown(rule: Rule, options: { heading?: boolean } = {}): string {
  const out: string[] = [];
  if (options.heading !== false) out.push(`# ${rule.id}`, '');
  out.push(`**${rule.title}**`, '');
  // Checks that report at their own severity: part of what the rule asks for matters less (or more).
  const others = [...new Set(rule.checks.flatMap((c) => (c.severity && c.severity !== rule.severity ? [c.severity] : [])))];
  const severity = `\`${rule.severity}\`${others.length > 0 ? ` (${others.map((s) => `\`${s}\``).join(', ')} for some findings)` : ''}`;
  out.push(
    `Severity: ${severity} · Principle: *${rule.principle}*${rule.applies_to?.kinds ? ` · Kinds: ${rule.applies_to.kinds.map((k) => `\`${k}\``).join(', ')}` : ''}${
      rule.applies_to?.forms ? ` · Forms: ${rule.applies_to.forms.map((f) => FORM_NAMES[f]).join(', ')} only` : ''
    }`,
    '',
  );
  out.push('## Why', '', rule.docs.rationale.trim(), '');
  out.push('## What triggers it', '', rule.docs.triggers.trim(), '');
  out.push('## How to comply', '', rule.docs.comply.trim(), '');
  if (rule.options) {
    out.push('## Options', '', `Set under \`rules.${rule.id}.options\` in \`.standpoint.yaml\`.`, '', '| option | default | meaning |', '|---|---|---|');
    const props = (rule.options.schema.properties ?? {}) as Record<string, { description?: string }>;
    for (const [name, value] of Object.entries(rule.options.defaults)) {
      out.push(`| \`${name}\` | \`${JSON.stringify(value).replace(/\|/g, '\\|')}\` | ${props[name]?.description ?? ''} |`);
    }
    out.push('');
  }
  for (const example of rule.docs.examples ?? []) {
    out.push(`## Example: ${example.title} (${example.valid ? 'passes' : 'fires'})`, '', `\`\`\`${example.form ?? 'yaml'}`, example.code.trimEnd(), '```', '');
  }
  out.push('## Waiving it', '', ...waiverStory(rule), '');
  return out.join('\n');
}

/**
 * How to waive a rule, told one way everywhere: the inline comment the editor's "Waive ...
 * here" quick fix inserts above the finding, in YAML and in a Markdown body.
 */
function waiverStory(rule: Rule): string[] {
  if (!isWaivable(rule)) return ['This rule cannot be waived: fix what it reports.'];
  return [
    'Only as an accountable exception, with a reason, an owner and an expiry date, written on the line above the finding (the editor\'s "Waive … here" quick fix inserts it for you to fill in):',
    '',
    '```yaml',
    `# standpoint-waive ${rule.id} reason="..." owner="..." expires=YYYY-MM-DD`,
    '```',
    '',
    `In a Markdown body, the same as an HTML comment: \`<!-- standpoint-waive ${rule.id} reason="..." owner="..." expires=YYYY-MM-DD -->\`.`,
  ];
}

/** The one-line waiver the editor's quick fix inserts, as hover help shows it. */
export function waiverLine(ruleId: string, form: 'yaml' | 'markdown'): string {
  const body = `standpoint-waive ${ruleId} reason="..." owner="..." expires=YYYY-MM-DD`;
  return form === 'markdown' ? `<!-- ${body} -->` : `# ${body}`;
}
