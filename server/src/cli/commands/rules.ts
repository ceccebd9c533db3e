import type { Command } from 'commander';
import type { Rule } from '../../core/index.js';
import type { CliContext } from '../cli-context.js';
import { choiceOption, withHelp } from '../help.js';

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
  const rows = sorted.map((r) => [r.id, r.severity, r.principle, r.title]);
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => row.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]) : cell)).join('  '));
  return `${lines.join('\n')}\n${sorted.length} rules\n`;
}

export function registerRules(program: Command, ctx: CliContext): void {
  const command = program
    .command('rules')
    .description('list the rules (built-in and from rule_dirs)')
    .addOption(choiceOption('-f, --format <format>', 'output format', ['text', 'json'] as const, 'text'))
    .option('-c, --config <file>', 'configuration file')
    .action((opts: { format: 'text' | 'json'; config?: string }) => {
      process.stdout.write(listRules(ctx.catalog(opts.config), opts.format));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the rules were listed'],
      [2, 'usage or configuration error (e.g. a team rule that does not load)'],
    ],
    examples: ['standpoint rules', 'standpoint rules --format json', 'standpoint explain promise-hedged'],
  });
}
