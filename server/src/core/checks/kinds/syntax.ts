import { renderMessage } from '../context.js';
import type { DocumentCheckKind } from '../kind.js';

/** `syntax`: what stopped the document from being read. A waiver cannot silence it: the waiver itself may be unreadable. */
export const syntaxCheck: DocumentCheckKind = {
  name: 'syntax',
  stage: 'document',
  unreadable: true,
  waivable: false,
  schema: { properties: {} },
  compile(check) {
    return (ctx) => {
      for (const problem of ctx.doc.syntax) {
        ctx.emit({
          span: problem.span,
          message: renderMessage(check.message ?? ctx.rule.message, { value: undefined, path: [] }, ctx.eval, { detail: problem.message }),
        });
      }
    };
  },
};
