import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { withHelp } from '../help.js';

export function registerLsp(program: Command, ctx: CliContext): void {
  const command = program
    .command('lsp')
    .description('run the language server (for Neovim, Helix, Emacs and other LSP clients)')
    .option('--stdio', 'talk LSP over stdin/stdout (the only transport; accepted for clients that pass it)')
    .action(async () => {
      const { startServer } = await import('../../lsp/server.js');
      startServer();
      // The server runs until its client ends it.
      ctx.setExitCode(await new Promise<number>(() => undefined));
    });
  withHelp(command, {
    exitCodes: [
      [0, 'the client sent shutdown, then exit'],
      [1, 'the client sent exit without shutdown'],
    ],
    examples: ['standpoint lsp --stdio', "nvim: vim.lsp.start({ name = 'standpoint', cmd = { 'npx', 'standpoint', 'lsp', '--stdio' } })"],
  });
}
