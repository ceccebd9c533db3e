import { SHARED_CHECK_KEYS, sharedKey } from '../checks/kind.js';
import { CHECK_KINDS } from '../checks/registry.js';
import { OPERATORS } from './operators/index.js';

type Json = Record<string, unknown>;

/** Where the generated parts come from, for whoever opens the schema file. */
const GENERATED =
  'Generated from the check-kind and predicate-operator registries (server/src/core/checks, server/src/core/rules/operators) by npm run schemas; edit those, not this.';

/**
 * The definitions of schemas/rule.schema.json made from the registries: `check` (one branch
 * per check kind), the keys kinds share, and `predicate` (one property per operator). The
 * rest of the file (rule metadata, paths, ranges, date references...) is written by hand.
 */
export function registryDefinitions(): Json {
  const names = CHECK_KINDS.map((k) => k.name);
  return {
    predicate: {
      $comment: GENERATED,
      type: 'object',
      description: 'A test on the value at path (default the current node). All tests in one map must hold.',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        path: { $ref: '#/definitions/path', description: 'Which value the tests look at, relative to the node under test (default: the node itself).' },
        literal: {
          type: 'boolean',
          description: 'true: placeholder text counts as a value like any other in this predicate and those nested in it (a field where such a value is a real answer).',
        },
        ...Object.fromEntries(Object.entries(OPERATORS).map(([name, op]) => [name, op.schema])),
      },
    },
    check: {
      $comment: GENERATED,
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { enum: names, description: `The check kind: ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}.` },
      },
      allOf: CHECK_KINDS.map(({ name, schema }) => ({
        if: { properties: { kind: { const: name } } },
        then: {
          ...(schema.required ? { required: schema.required } : {}),
          additionalProperties: false,
          ...(schema.anyOf ? { anyOf: schema.anyOf } : {}),
          // `kind: {}` only re-allows the key, described on the check itself.
          properties: { kind: {}, message: sharedKey('checkMessage'), severity: sharedKey('checkSeverity'), ...schema.properties },
        },
      })),
      description: 'One check: kind says what it does; the other keys depend on the kind.',
    },
    ...SHARED_CHECK_KEYS,
  };
}

/**
 * The rule schema as it should read: `committed` (the text of schemas/rule.schema.json)
 * with its registry-made definitions rewritten in place, as the file's text.
 */
export function renderRuleSchema(committed: string): string {
  const schema = JSON.parse(committed) as Json;
  const definitions: Json = { ...(schema.definitions as Json | undefined) };
  for (const [key, value] of Object.entries(registryDefinitions())) definitions[key] = value;
  return `${JSON.stringify({ ...schema, definitions }, null, 2)}\n`;
}
