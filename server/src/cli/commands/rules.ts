import { Option, type Command } from 'commander';
import type { Rule } from '../../core/index.js';
import type { CliContext } from '../cli-context.js';

/** `standpoint rules`: the catalogue, one line per rule (or JSON). */
export function listRules(rules: Rule[], format: 'text' | 'json'): string {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    return `${JSON.stringify(
      sorted.map((r) => ({ id: r.id, severity: r.severity, principle: r.principle, title: r.title, docsUrl: r.docsUrl, builtin: r.builtin })),
      null,
      2,
    )}\n`;
  }
  const width = Math.max(...sorted.map((r) => r.id.length));
  const lines = sorted.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.principle.padEnd(26)}  ${r.title}`);
  return `${lines.join('\n')}\n${sorted.length} rules\n`;
}

export function registerRules(program: Command, ctx: CliContext): void {
  program
    .command('rules')
    .description('list the rules (built-in and from rule_dirs)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-c, --config <file>', 'configuration file')
    .action((opts: { format: 'text' | 'json'; config?: string }) => {
      process.stdout.write(listRules(ctx.catalog(opts.config), opts.format));
    });
}
