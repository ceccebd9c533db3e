import type { OperatorTable } from '../language.js';
import { DATE_OPERATORS } from './dates.js';
import { LIST_OPERATORS } from './lists.js';
import { LOGIC_OPERATORS } from './logic.js';
import { ORDERED_OPERATORS } from './ordered.js';
import { PHRASE_OPERATORS } from './phrases.js';
import { REGISTRY_OPERATORS } from './registries.js';
import { TEXT_OPERATORS } from './text.js';
import { VALUE_OPERATORS } from './values.js';

/**
 * Every predicate operator, by the key it is written as. Each module declares its operators'
 * argument types, so leaving one out of this table does not compile. The rule schema's
 * predicate (schemas/rule.schema.json) is generated from the order and fragments here.
 */
export const OPERATORS: OperatorTable = {
  ...VALUE_OPERATORS,
  ...TEXT_OPERATORS,
  ...PHRASE_OPERATORS,
  ...ORDERED_OPERATORS,
  ...LIST_OPERATORS,
  ...DATE_OPERATORS,
  ...REGISTRY_OPERATORS,
  ...LOGIC_OPERATORS,
};
