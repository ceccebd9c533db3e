import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { LspFraming } from './framing.js';
import { registerCommands } from './handlers/commands.js';
import { ServerContext } from './handlers/context.js';
import { registerDocumentSync } from './handlers/documents.js';
import { registerFeatures } from './handlers/features.js';
import { registerLifecycle } from './handlers/lifecycle.js';
import { registerRequests } from './handlers/requests.js';
import { registerSettingsHandlers } from './handlers/settings.js';
import { registerWatchedFiles } from './handlers/workspace-events.js';

/** Wires the engine to an LSP connection. Every handler is guarded: a bad input never stops the server. */
export function startServer(connection: Connection = defaultConnection()): void {
  const ctx = new ServerContext(connection);
  registerLifecycle(ctx);
  registerSettingsHandlers(ctx);
  registerDocumentSync(ctx);
  registerWatchedFiles(ctx);
  registerFeatures(ctx);
  registerCommands(ctx);
  registerRequests(ctx);
  ctx.documents.listen(connection);
  connection.listen();
}

/** IPC for VS Code; over stdio, client bytes are re-framed first so a malformed header cannot wedge the server. */
function defaultConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  return createConnection(ProposedFeatures.all, process.stdin.pipe(new LspFraming()), process.stdout);
}
