import type { OperatorTable } from '../language.js';

declare module '../language.js' {
  interface OperatorArgs {
    all_of: Predicate[];
    any_of: Predicate[];
    not: Predicate;
  }
}

const predicates = (description: string) => ({ type: 'array', minItems: 1, items: { $ref: '#/definitions/predicate' }, description });

/** Combinations: they look at the node `path` selected (the node under test when there is no path). */
export const LOGIC_OPERATORS = {
  all_of: {
    schema: predicates('Every predicate in the list holds (on the value path selects).'),
    compile(arg, c) {
      const parts = arg.map((p, i) => c.predicate(p, i));
      return (_v, target, _c, ctx) => parts.every((p) => p(target, ctx));
    },
  },
  any_of: {
    schema: predicates('At least one predicate in the list holds (on the value path selects).'),
    compile(arg, c) {
      const parts = arg.map((p, i) => c.predicate(p, i));
      return (_v, target, _c, ctx) => parts.some((p) => p(target, ctx));
    },
  },
  not: {
    schema: { $ref: '#/definitions/predicate', description: 'The predicate does not hold (on the value path selects).' },
    compile(arg, c) {
      const inner = c.predicate(arg);
      return (_v, target, _c, ctx) => !inner(target, ctx);
    },
  },
} satisfies Partial<OperatorTable>;
