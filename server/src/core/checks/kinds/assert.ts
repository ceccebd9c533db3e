import type { CheckDefinition } from '../../rules/definition.js';
import type { Predicate } from '../../rules/language.js';
import { givenNodes } from '../../rules/predicates.js';
import type { PathSegment } from '../../types.js';
import { nearMissHeading, renderMessage } from '../context.js';
import { sharedKey, type DocumentCheckKind } from '../kind.js';

interface AssertCheck extends CheckDefinition {
  given?: string;
  where?: Predicate;
  assert: Predicate;
  report?: string;
}

/** `assert`: each selected node that passes `where` must satisfy `assert`. */
export const assertCheck: DocumentCheckKind<AssertCheck> = {
  name: 'assert',
  stage: 'document',
  waivable: true,
  schema: {
    required: ['assert'],
    properties: {
      given: sharedKey('checkGiven'),
      where: sharedKey('checkWhere'),
      assert: { $ref: '#/definitions/predicate', description: 'What must hold for each node; a node for which it does not hold is a finding.' },
      report: {
        $ref: '#/definitions/path',
        description: 'Where the finding points, relative to the given node; a missing node points at its nearest enclosing node.',
      },
    },
  },
  compile(check, c) {
    if (check.given !== undefined) c.path(check.given, 'given', 'given');
    const where = check.where ? c.predicate(check.where, 'where') : undefined;
    const assert = c.predicate(check.assert, 'assert');
    const report = check.report === undefined ? undefined : c.path(check.report, 'report', 'report');
    const reportSteps: PathSegment[] = report ? report.steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : 0)) : [];
    return (ctx) => {
      for (const cursor of givenNodes(check.given, ctx.eval)) {
        if (where && !where(cursor, ctx.eval)) continue;
        if (assert(cursor, ctx.eval)) continue;
        const target = report ? [...(report.absolute ? [] : cursor.path), ...reportSteps] : cursor.path;
        const at = ctx.doc.map.locate(target);
        const message = renderMessage(check.message ?? ctx.rule.message, cursor, ctx.eval, { nearMiss: nearMissHeading(ctx.doc, target) });
        ctx.emit({ span: at.span, path: target, message });
      }
    };
  },
};
