import type { OperatorTable } from '../language.js';

declare module '../language.js' {
  interface OperatorArgs {
    person: { roles?: unknown[] | OptionRef };
    promise: true;
    registry: 'people' | 'promises';
  }
}

/** Operators that look the value up in the people registry or the promise register. */
export const REGISTRY_OPERATORS = {
  person: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        roles: { $ref: '#/definitions/staticList', description: 'The person holds one of these roles (a list, or {$option: NAME}).' },
      },
      description: 'The value names a person in the people registry (by id or exact name), holding one of roles when given.',
    },
    compile(arg, c) {
      c.registry('people');
      const roles = c.option(arg.roles, 'roles');
      const placeholders = c.placeholders();
      return (v, _t, _c, ctx) => {
        // A registry may hold a stand-in entry ("TBD"); it still names nobody.
        if (placeholders?.(ctx).matches(v)) return false;
        const person = typeof v === 'string' ? ctx.registries.people?.find(v) : undefined;
        if (!person) return false;
        const wanted = roles(ctx);
        if (!Array.isArray(wanted) || wanted.length === 0) return true;
        return wanted.some((r) => person.roles.includes(String(r).toLowerCase()));
      };
    },
  },
  promise: {
    schema: { const: true, description: 'true: the value is the id of a promise in the promise register.' },
    compile(_arg, c) {
      c.registry('promises');
      return (v, _t, _c, ctx) => typeof v === 'string' && ctx.registries.promises?.find(v) !== undefined;
    },
  },
  registry: {
    schema: { enum: ['people', 'promises'], description: 'That registry (people or promises) is configured; ignores path.' },
    compile(arg, c) {
      c.registry(arg);
      return (_v, _t, _c, ctx) => (arg === 'people' ? ctx.registries.people : ctx.registries.promises) !== undefined;
    },
  },
} satisfies Partial<OperatorTable>;
