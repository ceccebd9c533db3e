import type { Rule } from '../../core/rules/definition.js';
import { renderRuleMarkdown } from '../../core/rules/rule-docs.js';

/** `standpoint explain ID`: the rule's documentation, with its docs link. */
export function explainRule(rule: Rule): string {
  return `${renderRuleMarkdown(rule)}${rule.docsUrl ? `Docs: ${rule.docsUrl}\n` : ''}`;
}
