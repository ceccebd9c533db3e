import path from 'node:path';
import type { RawFinding } from '../checks/context.js';
import { renderMessage } from '../checks/context.js';
import type { RuleCatalog, RuleSetting } from '../config/settings.js';
import type { ParsedDocument } from '../model/document.js';
import { givenNodes, type EvalContext } from '../rules/predicates.js';
import type { Registries } from '../rules/registries.js';
import { textOf } from '../rules/values.js';
import { evalContextFor, ruleApplies, severityFor } from './evaluate.js';

export interface UniqueInput {
  doc: ParsedDocument;
  catalog: RuleCatalog;
  settings: Map<string, RuleSetting>;
  registries: Registries;
}

interface Occurrence {
  doc: ParsedDocument;
  raw: Omit<RawFinding, 'message'>;
  value: string;
  cursor: { value: unknown; path: (string | number)[] };
  ctx: EvalContext;
  check: number;
}

/**
 * `unique` checks across every document of the run: each occurrence of a value used
 * more than once is a finding that names the other places.
 */
export function runUniqueChecks(inputs: UniqueInput[], today: string, root: string): Map<ParsedDocument, RawFinding[]> {
  const groups = new Map<string, Occurrence[]>();
  for (const { doc, catalog, settings, registries } of inputs) {
    if (doc.syntax.length > 0) continue;
    for (const [id, setting] of settings) {
      const rule = catalog.get(id);
      if (!rule || !rule.checks.some((c) => c.kind === 'unique')) continue;
      const ctx = evalContextFor(doc, setting, registries, today);
      if (!ruleApplies(rule, doc, ctx)) continue;
      const severity = severityFor(rule, setting, ctx);
      rule.checks.forEach((check, i) => {
        if (check.kind !== 'unique') return;
        for (const cursor of givenNodes(check.given, ctx)) {
          const value = textOf(cursor.value).trim();
          if (value === '') continue;
          const key = `${rule.id}\u0000${i}\u0000${value}`;
          const at = doc.map.locate(cursor.path);
          const list = groups.get(key) ?? [];
          list.push({ doc, value, cursor, ctx, check: i, raw: { rule, severity, span: at.span, path: cursor.path } });
          groups.set(key, list);
        }
      });
    }
  }
  const out = new Map<ParsedDocument, RawFinding[]>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    for (const occ of list) {
      const others = list.filter((o) => o !== occ).map((o) => {
        const where = path.relative(root, o.doc.file) || path.basename(o.doc.file);
        return `${where}:${o.doc.lines.position(o.raw.span.start).line}`;
      });
      const check = occ.raw.rule.checks[occ.check];
      const message = renderMessage(check.message ?? occ.raw.rule.message, occ.cursor, occ.ctx, { detail: `also used in ${others.join(', ')}` });
      const findings = out.get(occ.doc) ?? [];
      findings.push({ ...occ.raw, message, related: [...new Set(list.filter((o) => o !== occ).map((o) => o.doc.file))] });
      out.set(occ.doc, findings);
    }
  }
  return out;
}
