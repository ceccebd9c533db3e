import path from 'node:path';
import { KINDS, nextIds, recordTemplate, renderRuleMarkdown, type Kind, type RuleCatalog } from '../../core/index.js';
import type { RuleSummary } from '../../protocol.js';
import type { Workspace } from '../workspace.js';

/** The rules that apply in the workspace (built-in and the team's own). */
function catalogOf(workspace: Workspace): RuleCatalog {
  const { project, session } = workspace.current;
  const probe = session.files[0] ?? path.join(process.cwd(), 'probe.yaml');
  return project.rulesFor(probe).catalog;
}

/** The `standpoint/explain` request: a rule's documentation as Markdown. */
export function explainMarkdown(workspace: Workspace, ruleId: string): string | null {
  const rule = catalogOf(workspace).get(ruleId);
  return rule ? `${renderRuleMarkdown(rule)}${rule.docsUrl ? `\n[Documentation](${rule.docsUrl})\n` : ''}` : null;
}

/** The `standpoint/rules` request: every rule, for a picker. */
export function ruleSummaries(workspace: Workspace): RuleSummary[] {
  return [...catalogOf(workspace).values()]
    .map((r) => ({ id: r.id, title: r.title, severity: r.severity, principle: r.principle }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The `standpoint/template` request: a new record's text, with ids no record or promise of the workspace uses. */
export function templateText(workspace: Workspace, kind: string, markdown: boolean): string | null {
  if (!(KINDS as readonly string[]).includes(kind)) return null;
  const { session } = workspace.current;
  const texts = session.files.map((file) => session.document(file)?.text ?? '');
  const today = workspace.today;
  return recordTemplate(kind as Kind, markdown ? 'markdown' : 'yaml', today, nextIds(kind as Kind, today.slice(0, 4), texts));
}
