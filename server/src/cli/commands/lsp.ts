import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerLsp(program: Command, ctx: CliContext): void {
  program
    .command('lsp')
    .description('run the language server (for Neovim, Helix, Emacs and other LSP clients)')
    .option('--stdio', 'talk LSP over stdin/stdout', true)
    .action(async () => {
      const { startServer } = await import('../../lsp/server.js');
      startServer();
      // The server runs until its client ends it.
      ctx.setExitCode(await new Promise<number>(() => undefined));
    });
}
