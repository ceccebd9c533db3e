import type { Command } from 'commander';
import { renderRuleMarkdown, type Rule } from '../../core/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../usage-error.js';

/** `standpoint explain ID`: the rule's documentation, with its docs link. */
export function explainRule(rule: Rule): string {
  return `${renderRuleMarkdown(rule)}${rule.docsUrl ? `Docs: ${rule.docsUrl}\n` : ''}`;
}

export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('explain a rule: why it exists, what triggers it, how to comply')
    .argument('<rule-id>')
    .option('-c, --config <file>', 'configuration file')
    .action((id: string, opts: { config?: string }) => {
      const rule = ctx.catalog(opts.config).find((r) => r.id === id);
      if (!rule) throw new UsageError(`unknown rule "${id}"; run standpoint rules for the list`);
      process.stdout.write(explainRule(rule));
    });
}
