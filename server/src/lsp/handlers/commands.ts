import { COMMANDS } from '../../protocol.js';
import { runTestRuleCommand } from '../features/rule-lens.js';
import type { ServerContext } from './context.js';

/** The commands the server runs (advertised as executeCommandProvider). */
export const SERVER_COMMANDS = [COMMANDS.lintWorkspace, COMMANDS.testRule] as const;

export function registerCommands(ctx: ServerContext): void {
  ctx.connection.onExecuteCommand((params) =>
    ctx.safely('command', () => {
      if (params.command === COMMANDS.lintWorkspace) {
        ctx.publisher.scope = 'workspace';
        ctx.lint();
      }
      if (params.command === COMMANDS.testRule) return runTestRuleCommand(ctx.connection, ctx.ws(), params.arguments ?? []);
      return undefined;
    }),
  );
}
