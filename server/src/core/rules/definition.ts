import type { RecordForm } from '../model/document.js';
import type { DocumentRole, Severity } from '../types.js';
import type { Predicate } from './language.js';
import type { RuleWarning } from './path-warnings.js';

/**
 * A check as written: `kind` names an entry of the check-kind registry (core/checks/registry.ts),
 * whose module types and reads the other keys (validated by schemas/rule.schema.json).
 */
export interface CheckDefinition {
  kind: string;
  /** The finding message for this check, instead of the rule's. */
  message?: string;
  /** The severity of this check's findings, in place of the rule's `severity` (configuration and `severity_when` still apply). */
  severity?: Severity;
  readonly [key: string]: unknown;
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
  applies_to?: { documents?: DocumentRole[]; kinds?: string[]; forms?: RecordForm[]; when?: Predicate };
  options?: {
    schema: Record<string, unknown>;
    defaults: Record<string, unknown>;
    /** Former option names, each with the options that replaced it: a config still using one is told what to write. */
    renamed?: Record<string, string[]>;
  };
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
  /** What the loader found suspicious but not wrong: paths that can never match. */
  warnings?: RuleWarning[];
}

/** Which documents a rule reads by default. */
export const DEFAULT_DOCUMENTS: readonly DocumentRole[] = ['record'];
