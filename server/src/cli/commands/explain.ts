import { renderRuleMarkdown, type Rule } from '../../core/index.js';

/** `standpoint explain ID`: the rule's documentation, with its docs link. */
export function explainRule(rule: Rule): string {
  return `${renderRuleMarkdown(rule)}${rule.docsUrl ? `Docs: ${rule.docsUrl}\n` : ''}`;
}
