import path from 'node:path';
import { KINDS, nextIds, recordTemplate, renderRuleMarkdown, type Kind } from '../../core/index.js';
import type { Workspace } from '../workspace.js';

/** The `standpoint/explain` request: a rule's documentation as Markdown. */
export function explainMarkdown(workspace: Workspace, ruleId: string): string | null {
  const { project, session } = workspace.current;
  const probe = session.files[0] ?? path.join(process.cwd(), 'probe.yaml');
  const rule = project.rulesFor(probe).catalog.get(ruleId);
  return rule ? `${renderRuleMarkdown(rule)}${rule.docsUrl ? `\n[Documentation](${rule.docsUrl})\n` : ''}` : null;
}

/** The `standpoint/template` request: a new record's text, with ids no record or promise of the workspace uses. */
export function templateText(workspace: Workspace, kind: string, markdown: boolean): string | null {
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  const { session } = workspace.current;
  const texts = session.files.map((file) => session.document(file)?.text ?? '');
  const today = workspace.today;
  return recordTemplate(kind as Kind, markdown ? 'markdown' : 'yaml', today, nextIds(kind as Kind, today.slice(0, 4), texts));
}
