import path from 'node:path';
import { KINDS, recordTemplate, renderRuleMarkdown, type Kind } from '../../core/index.js';
import type { Workspace } from '../workspace.js';

/** The `standpoint/explain` request: a rule's documentation as Markdown. */
export function explainMarkdown(workspace: Workspace, ruleId: string): string | null {
  const { project, session } = workspace.current;
  const probe = session.files[0] ?? path.join(process.cwd(), 'probe.yaml');
  const rule = project.rulesFor(probe).catalog.get(ruleId);
  return rule ? `${renderRuleMarkdown(rule)}${rule.docsUrl ? `\n[Documentation](${rule.docsUrl})\n` : ''}` : null;
}

/** The `standpoint/template` request: a new record's text. */
export function templateText(kind: string, markdown: boolean, today: string): string | null {
  return (KINDS as readonly string[]).includes(kind) ? recordTemplate(kind as Kind, markdown ? 'markdown' : 'yaml', today) : null;
}
