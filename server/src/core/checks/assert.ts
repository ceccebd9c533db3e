import type { CheckDefinition } from '../rules/definition.js';
import { parsePath } from '../rules/paths.js';
import { givenNodes, test } from '../rules/predicates.js';
import { renderMessage, type CheckContext } from './context.js';

/** `assert`: each selected node that passes `where` must satisfy `assert`. */
export function runAssert(check: CheckDefinition, ctx: CheckContext): void {
  const report = check.report ? parsePath(check.report) : undefined;
  for (const cursor of givenNodes(check.given, ctx.eval)) {
    if (check.where && !test(check.where, cursor, ctx.eval)) continue;
    if (test(check.assert!, cursor, ctx.eval)) continue;
    const target = report
      ? [...(report.absolute ? [] : cursor.path), ...report.steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : 0))]
      : cursor.path;
    const at = ctx.doc.map.locate(target);
    ctx.emit({ span: at.span, path: target, message: renderMessage(check.message ?? ctx.rule.message, cursor, ctx.eval) });
  }
}
