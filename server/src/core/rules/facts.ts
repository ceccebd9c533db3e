import { checkKind } from '../checks/registry.js';
import type { RuleDefinition } from './definition.js';
import { expressionCompiler, type ExpressionFacts } from './predicates.js';

/**
 * What a rule uses — options, paths, patterns, registries — found by compiling every check
 * and predicate it has with a compiler that records each operand where it stands. The one
 * walker of the rule language: it knows no key names, only what the check kinds and
 * operators read through the compiler.
 */
export type RuleFacts = ExpressionFacts;

/** Rules are immutable once loaded: their facts are found once. */
const factsOf = new WeakMap<RuleDefinition, RuleFacts>();

/** The rule's facts. Expects a rule that fits the rule schema; checks of unknown kinds contribute nothing. */
export function ruleFacts(rule: RuleDefinition): RuleFacts {
  let facts = factsOf.get(rule);
  if (!facts) {
    const found: RuleFacts = { options: [], paths: [], sections: [], patterns: [], phrases: [], phraseOperands: [], registries: new Set() };
    rule.checks.forEach((check, i) => checkKind(check.kind)?.compile(check, expressionCompiler(found, ['checks', i])));
    if (rule.applies_to?.when) expressionCompiler(found, ['applies_to']).predicate(rule.applies_to.when, 'when');
    rule.severity_when?.forEach((s, i) => expressionCompiler(found, ['severity_when', i]).predicate(s.when, 'when'));
    facts = found;
    factsOf.set(rule, facts);
  }
  return facts;
}

/** Does the rule consult the people registry or the promise register? */
export function usesRegistries(rule: RuleDefinition): boolean {
  return ruleFacts(rule).registries.size > 0;
}

/** Option names the rule uses as phrase lists (`phrases: {$option: NAME}`). */
export function phraseOptionNames(rule: RuleDefinition): string[] {
  return optionNames(rule, (o) => o.phrases === true);
}

/** Option names the rule uses as regular expressions (`matches`/`patterns: {$option: NAME}`). */
export function regexOptionNames(rule: RuleDefinition): string[] {
  return optionNames(rule, (o) => o.pattern);
}

function optionNames(rule: RuleDefinition, use: (o: RuleFacts['options'][number]) => boolean): string[] {
  return [
    ...new Set(
      ruleFacts(rule)
        .options.filter(use)
        .map((o) => o.name),
    ),
  ];
}
