import type { CompiledPredicate, CompiledTest, OperatorTable } from '../language.js';
import { childCursor } from '../paths.js';
import { isPresent, numberOf } from '../values.js';
import { compareNumbers, compileRange, type RangeArg } from './ordered.js';

declare module '../language.js' {
  interface OperatorArgs {
    count: Pick<RangeArg, 'min' | 'max' | 'eq'> & { where?: Predicate };
    any: Predicate;
    all: Predicate;
    none: Predicate;
  }
}

const itemPredicate = (description: string) => ({ $ref: '#/definitions/predicate', description });

/** Operators on the value as a list of items (a single value is a list of one, a missing one a list of none). */
export const LIST_OPERATORS = {
  count: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        min: { $ref: '#/definitions/bound', description: 'At least this.' },
        max: { $ref: '#/definitions/bound', description: 'At most this.' },
        eq: { $ref: '#/definitions/bound', description: 'Exactly this.' },
        where: itemPredicate('Count only the items that satisfy this predicate (relative to the item).'),
      },
      description: 'The list has this many items (that satisfy where): {min, max, eq, where}; missing counts as 0.',
    },
    compile(arg, c) {
      const where = arg.where ? c.itemPredicate(arg.where, 'where') : undefined;
      const inRange = compileRange(arg, c, numberOf, compareNumbers);
      return (v, target, cursor, ctx) => {
        const items = itemsOf(v);
        let n = items.length;
        if (where) {
          n = 0;
          for (let i = 0; i < items.length; i++) if (where(childCursor(target, i, items[i]), ctx)) n++;
        }
        return inRange(n, cursor, ctx);
      };
    },
  },
  any: {
    schema: itemPredicate('Some item of the list satisfies this predicate (relative to the item); never holds for a missing list.'),
    compile: (arg, c) => quantifier('any', c.itemPredicate(arg)),
  },
  all: {
    schema: itemPredicate('Every item of the list satisfies this predicate (relative to the item); holds for a missing list.'),
    compile: (arg, c) => quantifier('all', c.itemPredicate(arg)),
  },
  none: {
    schema: itemPredicate('No item of the list satisfies this predicate (relative to the item); holds for a missing list.'),
    compile: (arg, c) => quantifier('none', c.itemPredicate(arg)),
  },
} satisfies Partial<OperatorTable>;

function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return isPresent(v) ? [v] : [];
}

function quantifier(op: 'any' | 'all' | 'none', inner: CompiledPredicate): CompiledTest {
  // The first item that decides: a hit for any and none, a miss for all.
  const decides = op === 'all' ? (hit: boolean) => !hit : (hit: boolean) => hit;
  return (v, target, _c, ctx) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (decides(inner(childCursor(target, i, v[i]), ctx))) return op === 'any';
    } else if (isPresent(v) && decides(inner({ value: v, path: target.path }, ctx))) {
      return op === 'any';
    }
    return op !== 'any';
  };
}
