import type { CheckDefinition } from '../../rules/definition.js';
import { givenNodes } from '../../rules/predicates.js';
import { textOf } from '../../rules/values.js';
import { sharedKey, type WorkspaceCheckKind } from '../kind.js';

interface UniqueCheck extends CheckDefinition {
  given: string;
}

/** `unique`: a value selected by `given` may occur once across the workspace. */
export const uniqueCheck: WorkspaceCheckKind<UniqueCheck> = {
  name: 'unique',
  stage: 'workspace',
  waivable: true,
  schema: {
    required: ['given'],
    properties: { given: sharedKey('checkGiven') },
  },
  compile(check, c) {
    c.path(check.given, 'given', 'given');
    return {
      grouped: (ctx, found) => {
        for (const cursor of givenNodes(check.given, ctx.eval)) {
          const value = textOf(cursor.value).trim();
          if (value !== '') found(cursor, value);
        }
      },
    };
  },
};
