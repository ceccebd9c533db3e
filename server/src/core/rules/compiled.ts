import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Host } from '../host.js';
import { phraseTable, usePhraseTable, type PhraseTable } from '../text/phrases.js';
import type { Rule, RuleDefinition } from './definition.js';
import { ruleFacts } from './facts.js';
import type { EvalContext } from './language.js';

/**
 * Built-in rules validated once at build time, so a run does not parse and validate every rule
 * file; and their phrase lists under the default options, made into matchers, so a run does not
 * read every entry again (a run with other options reads those lists itself).
 */
interface CompiledRules {
  hash: string;
  rules: Array<RuleDefinition & { file: string }>;
  phrases?: PhraseTable;
}

/** A digest of every `<dir>/<id>/rule.yaml`: the compiled set is used only while it matches. */
export function ruleSetHash(host: Host, dir: string): string | undefined {
  const names = host.listDir(dir);
  if (!names) return undefined;
  const h = createHash('sha1');
  for (const name of [...names].sort()) {
    const text = host.readFile(path.join(dir, name, 'rule.yaml'));
    if (text !== undefined) h.update(name).update('\u0000').update(text).update('\u0000');
  }
  return h.digest('hex');
}

export function loadCompiledRules(host: Host, file: string, dir: string, docsUrl: (id: string) => string): Rule[] | undefined {
  const text = host.readFile(file);
  if (text === undefined) return undefined;
  let compiled: CompiledRules;
  try {
    compiled = JSON.parse(text) as CompiledRules;
  } catch {
    return undefined;
  }
  if (compiled.hash !== ruleSetHash(host, dir)) return undefined;
  if (compiled.phrases) usePhraseTable(compiled.phrases);
  return compiled.rules.map((r) => ({ ...r, file: path.join(dir, r.file), builtin: true, docsUrl: docsUrl(r.id) }));
}

export function compileRules(host: Host, rules: Rule[], dir: string): string {
  const out: CompiledRules = {
    hash: ruleSetHash(host, dir) ?? '',
    rules: rules.map(({ builtin: _builtin, docsUrl: _docsUrl, ...r }) => ({ ...r, file: path.relative(dir, r.file) })),
    phrases: phraseTable(rules.flatMap(defaultPhraseLists)),
  };
  return JSON.stringify(out);
}

/** The lists each phrase operand of the rule matches together when the rule runs with its default options. */
function defaultPhraseLists(rule: RuleDefinition): Array<ReadonlyArray<readonly unknown[]>> {
  // Phrase operands read nothing of the context but the options.
  const ctx = { options: rule.options?.defaults ?? {} } as EvalContext;
  return ruleFacts(rule).phraseOperands.map((read) => read(ctx));
}
