import fs from 'node:fs';
import path from 'node:path';
import { RULES_DIR } from './paths.js';

/**
 * The ids of the built-in rules: every folder of rules/ that holds a rule.yaml, in the
 * order `standpoint rules` lists them. Tests derive the catalogue from here, so adding a
 * rule folder (with its fixtures, and `npm run docs`) needs no test edit.
 */
export const BUILTIN_RULE_IDS: readonly string[] = fs
  .readdirSync(RULES_DIR)
  .filter((id) => fs.existsSync(path.join(RULES_DIR, id, 'rule.yaml')))
  .sort((a, b) => a.localeCompare(b));

/** How many built-in rules there are. */
export const BUILTIN_RULE_COUNT = BUILTIN_RULE_IDS.length;
