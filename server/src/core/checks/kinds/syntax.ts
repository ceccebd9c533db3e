import type { CheckDefinition } from '../../rules/definition.js';
import type { DocumentRole } from '../../types.js';
import { renderMessage } from '../context.js';
import type { DocumentCheckKind } from '../kind.js';

interface SyntaxCheck extends CheckDefinition {
  documents?: DocumentRole[];
  per_file?: boolean;
}

/** `syntax`: what stopped the document from being read. A waiver cannot silence it: the waiver itself may be unreadable. */
export const syntaxCheck: DocumentCheckKind<SyntaxCheck> = {
  name: 'syntax',
  stage: 'document',
  unreadable: true,
  waivable: false,
  schema: {
    properties: {
      documents: {
        type: 'array',
        minItems: 1,
        items: { enum: ['record', 'non-record', 'promise-register', 'people-registry'] },
        description:
          'Only documents of these kinds (default: every kind the rule applies to). A file that cannot be read is a record when one of its lines starts with decision:.',
      },
      per_file: {
        type: 'boolean',
        description: 'One finding per file, at the first problem; {{$detail}} says how many more there are (default: one finding per problem).',
      },
    },
  },
  compile(check) {
    const message = check.message;
    return (ctx) => {
      if (check.documents && !check.documents.includes(ctx.doc.role)) return;
      const problems = check.per_file ? ctx.doc.syntax.slice(0, 1) : ctx.doc.syntax;
      const more = ctx.doc.syntax.length - problems.length;
      for (const problem of problems) {
        const detail = more > 0 ? `${problem.message} (and ${more} more problem${more === 1 ? '' : 's'} in this file)` : problem.message;
        ctx.emit({ span: problem.span, message: renderMessage(message ?? ctx.rule.message, { value: undefined, path: [] }, ctx.eval, { detail }) });
      }
    };
  },
};
