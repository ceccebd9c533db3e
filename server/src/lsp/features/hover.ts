import type { Hover, Position } from 'vscode-languageserver';
import { readDocument, renderRuleMarkdown, textOf, type ParsedDocument } from '../../core/index.js';
import { spanToRange } from '../convert.js';
import type { FeatureContext } from './context.js';
import { isPersonPath, isPromiseRefPath, nodeAt } from './locate.js';
import { isRecordRefPath, recordSummary } from './records.js';
import { isRuleFile } from './rule-lens.js';
import { schemaDescriptionAt } from './schema-help.js';

/** Hover: a finding's rule rationale; a person's or promise's registry entry; the record an id names; a field's schema description. */
export function hover(ctx: FeatureContext, position: Position): Hover | null {
  const { session, project } = ctx.workspace.current;
  const doc = session.document(ctx.file) ?? authoringDocument(ctx);
  const offset = ctx.document.offsetAt(position);
  const parts: string[] = [];
  const findings = ctx.workspace.results().findings.get(ctx.file) ?? [];
  const rules = project.rulesFor(ctx.file).catalog;
  for (const f of findings.filter((x) => offset >= x.span.start && offset <= x.span.end)) {
    const rule = rules.get(f.rule);
    if (rule)
      parts.push(
        `**Standpoint: ${f.rule}** — ${f.message}\n\n${renderRuleMarkdown(rule, { heading: false })}${rule.docsUrl ? `\n[Documentation](${rule.docsUrl})` : ''}`,
      );
  }
  if (doc && doc.syntax.length === 0) {
    const at = nodeAt(doc, offset);
    if (at && !at.onKey) {
      const value = textOf(valueAt(doc.data, at.path));
      const registries = project.registries(project.configFor(ctx.file));
      if (isPromiseRefPath(at.path) && value) {
        const entry = registries.promises?.find(value);
        parts.push(entry ? `**Promise ${entry.id}** (promise register)\n\n${describeEntry(entry.entry)}` : `**${value}** is not in the promise register.`);
      } else if (isRecordRefPath(at.path) && value) {
        parts.push(recordSummary(session, value, project.configFor(ctx.file).root));
      } else if (isPersonPath(at.path) && value && registries.people) {
        const person = registries.people.find(value);
        parts.push(
          person
            ? `**${person.name ?? person.id}**${person.id ? ` (\`${person.id}\`)` : ''}\n\nFunction: ${person.function ?? '—'}\n\nRoles: ${person.roles.join(', ') || '—'}`
            : `**${value}** is not in the people registry.`,
        );
      }
    }
    if (at?.onKey && parts.length === 0) {
      const description = schemaDescriptionAt(project, doc, at.path, isRuleFile(ctx.workspace, ctx.file));
      if (description) parts.push(description);
    }
    if (parts.length > 0 && at) {
      return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range: spanToRange(doc.lines, at.onKey ? at.location.key! : at.location.value) };
    }
  }
  return parts.length > 0 ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function describeEntry(entry: Record<string, unknown>): string {
  return Object.entries(entry)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => `- **${k}**: ${textOf(v)}`)
    .join('\n');
}

/** Config and rule files (and fixtures) are not linted records: read the buffer so their keys get schema hover too. */
function authoringDocument(ctx: FeatureContext): ParsedDocument | undefined {
  const role = ctx.workspace.role(ctx.file);
  return role === 'config' || role === 'rule' ? readDocument(ctx.file, ctx.document.getText()) : undefined;
}
