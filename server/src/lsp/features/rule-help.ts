import { isWaivable, waiverLine, type Finding, type Rule } from '../../core/index.js';
import { EDITOR_COMMANDS } from '../../protocol.js';
import { plainMessage } from '../convert.js';

/** How much of a rule's rationale a hover shows: its first sentence, at most this long. */
const WHY_LENGTH = 200;

/** The rule's rationale in one line: its first sentence. */
export function oneLineWhy(rule: Rule): string {
  const text = rule.docs.rationale.replace(/\s+/g, ' ').trim();
  const end = /[.!?](?=\s|$)/.exec(text);
  const sentence = end ? text.slice(0, end.index + 1) : text;
  return sentence.length <= WHY_LENGTH ? sentence : `${sentence.slice(0, WHY_LENGTH - 1).trimEnd()}…`;
}

/**
 * Where a rule's page opens: in the VS Code extension, the page shipped with it as a rendered
 * preview (offline); for other clients, the documentation link (the same the CLI and SARIF give).
 */
export function ruleDocsTarget(rule: Rule, clientCommands: boolean): string | undefined {
  if (clientCommands) return `command:${EDITOR_COMMANDS.showRuleDocumentation}?${encodeURIComponent(JSON.stringify([rule.id]))}`;
  return rule.docsUrl || undefined;
}

export interface HelpOptions {
  /** The client runs the extension's commands; it also shows the diagnostic's message above the hover itself. */
  clientCommands: boolean;
  form: 'yaml' | 'markdown';
  /** The waiver comment goes in a Markdown body as HTML, in YAML (and front matter) as a `#` comment. */
  inBody: boolean;
}

/**
 * A finding's help, small enough for a hover: the message once (VS Code already shows it
 * above the hover, so there it is left out), the documentation link first, one line of why,
 * and the waiver the quick fix inserts, written as the docs write it.
 */
export function findingHelp(f: Finding, rule: Rule, options: HelpOptions): string {
  const lines: string[] = [];
  if (!options.clientCommands) lines.push(plainMessage(f.message).replace(/\n/g, ' '));
  const target = ruleDocsTarget(rule, options.clientCommands);
  const name = `${rule.id}: ${rule.title}`;
  lines.push(target ? `[${name}](${target}) — rule documentation` : name);
  lines.push(oneLineWhy(rule));
  if (isWaivable(rule)) {
    const waiver = waiverLine(rule.id, options.inBody ? 'markdown' : 'yaml');
    lines.push(`Exception: \`${waiver}\` on the line above, filled in (quick fix "Waive ${rule.id} here").`);
  }
  return lines.join('\n\n');
}
