import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { LspFraming } from './framing.js';
import { registerCommands } from './handlers/commands.js';
import { ServerContext } from './handlers/context.js';
import { registerDocumentSync } from './handlers/documents.js';
import { registerFeatures } from './handlers/features.js';
import { registerLifecycle } from './handlers/lifecycle.js';
import { registerRequests } from './handlers/requests.js';
import { registerSettingsHandlers } from './handlers/settings.js';
import { registerWatchedFiles } from './handlers/workspace-events.js';
import { LifecycleGate } from './lifecycle-gate.js';

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

/**
 * IPC for VS Code, or stdio for other clients, through the lifecycle gate. Over stdio, client
 * bytes are re-framed first so a malformed header cannot wedge the server, and the end of the
 * input ends the server as the connection would (0 after shutdown, else 1).
 */
function defaultConnection(): Connection {
  const gate = new LifecycleGate();
  const gated = (reader: MessageReader, writer: MessageWriter) => {
    const out = gate.writer(writer);
    return createConnection(ProposedFeatures.all, gate.reader(reader, out), out);
  };
  if (process.argv.includes('--stdio')) {
    const end = () => process.exit(gate.shutDown ? 0 : 1);
    process.stdin.on('end', end).on('close', end);
    return gated(new StreamMessageReader(process.stdin.pipe(new LspFraming())), new StreamMessageWriter(process.stdout));
  }
  if (process.argv.includes('--node-ipc')) return gated(new IPCMessageReader(process), new IPCMessageWriter(process));
  // Other transports the connection knows (--socket, --pipe) are set up by it, without the gate.
  return createConnection(ProposedFeatures.all);
}
