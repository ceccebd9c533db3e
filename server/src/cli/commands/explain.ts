import type { Command } from 'commander';
import { renderRuleMarkdown, type Rule } from '../../core/index.js';
import type { CliContext } from '../cli-context.js';
import { didYouMean, withHelp } from '../help.js';
import { UsageError } from '../usage-error.js';

/** `standpoint explain ID`: the rule's documentation, with its docs link. */
export function explainRule(rule: Rule): string {
  return `${renderRuleMarkdown(rule)}${rule.docsUrl ? `Docs: ${rule.docsUrl}\n` : ''}`;
}

export function registerExplain(program: Command, ctx: CliContext): void {
  const command = program
    .command('explain')
    .description('explain a rule: why it exists, what triggers it, how to comply')
    .argument('<rule-id>', 'a built-in rule or one from your rule_dirs')
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { config?: string }) => {
      const rules = ctx.catalog(opts.config);
      const rule = rules.find((r) => r.id === id);
      if (!rule)
        throw new UsageError(
          `unknown rule "${id}"${didYouMean(
            id,
            rules.map((r) => r.id),
          )}; standpoint rules lists them all`,
        );
      process.stdout.write(explainRule(rule));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the rule was explained'],
      [2, 'unknown rule id, or a configuration error'],
    ],
    examples: ['standpoint explain promise-hedged', 'standpoint explain my-team-rule --config .standpoint.yaml'],
  });
}
