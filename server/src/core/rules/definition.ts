import type { DocumentRole, Severity } from '../types.js';
import type { Predicate } from './predicates.js';

export type CheckKind = 'assert' | 'find' | 'schema' | 'syntax' | 'unique' | 'waiver';

export interface CheckDefinition {
  kind: CheckKind;
  message?: string;
  given?: string;
  where?: Predicate;
  assert?: Predicate;
  report?: string;
  words?: unknown;
  patterns?: unknown;
  minor_severity?: Severity;
  /** `schema`: paths of fields a team adds to its records, not reported as unknown. */
  known_fields?: unknown;
  state?: 'incomplete' | 'expired' | 'unused';
}

export interface RuleDocs {
  rationale: string;
  triggers: string;
  comply: string;
  examples?: Array<{ title: string; valid: boolean; form?: 'yaml' | 'markdown'; code: string }>;
}

/** A rule as loaded from its YAML file. */
export interface RuleDefinition {
  id: string;
  severity: Severity;
  principle: string;
  title: string;
  message: string;
  applies_to?: { documents?: DocumentRole[]; kinds?: string[]; when?: Predicate };
  options?: { schema: Record<string, unknown>; defaults: Record<string, unknown> };
  severity_when?: Array<{ when: Predicate; severity: Severity }>;
  checks: CheckDefinition[];
  docs: RuleDocs;
}

/** A loaded rule with where it came from. */
export interface Rule extends RuleDefinition {
  /** The rule file. */
  file: string;
  /** True for the rules shipped with Standpoint. */
  builtin: boolean;
  docsUrl: string;
}

/** Which documents a rule reads by default. */
export const DEFAULT_DOCUMENTS: readonly DocumentRole[] = ['record'];
