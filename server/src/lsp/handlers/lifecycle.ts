import { CodeActionKind, TextDocumentSyncKind, type InitializeParams, type InitializeResult, type ServerCapabilities } from 'vscode-languageserver';
import { uriToPath } from '../convert.js';
import { SERVER_COMMANDS } from './commands.js';
import type { ServerContext } from './context.js';
import { applyInitializationOptions, readSettings } from './settings.js';
import { watchFolders } from './workspace-events.js';

const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.standpoint`] },
  hoverProvider: true,
  completionProvider: { triggerCharacters: [':', ' ', '-', '#'] },
  documentSymbolProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  executeCommandProvider: { commands: [...SERVER_COMMANDS] },
  codeLensProvider: { resolveProvider: false },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

/** initialize, initialized and shutdown (what may come before and after them is the lifecycle gate's affair). */
export function registerLifecycle(ctx: ServerContext): void {
  ctx.connection.onInitialize((params) => initialize(ctx, params));
  ctx.connection.onInitialized(async () => {
    if (ctx.canWatchFolders) watchFolders(ctx);
    await readSettings(ctx);
    ctx.lint();
    ctx.index.start();
  });
  ctx.connection.onShutdown(() => ctx.shutdown());
}

function initialize(ctx: ServerContext, params: InitializeParams): InitializeResult {
  applyInitializationOptions(ctx, params.initializationOptions);
  ctx.canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
  ctx.canWatchFolders = Boolean(params.capabilities.workspace?.workspaceFolders);
  ctx.snippetEdits = Boolean(params.capabilities.workspace?.workspaceEdit?.snippetEditSupport);
  ctx.folders = workspaceFolders(params);
  ctx.safely('initialise', () => ctx.ws().setFolders(ctx.folders));
  return { capabilities: CAPABILITIES, serverInfo: { name: 'standpoint' } };
}

/** The client's folders, or its root for clients that predate folders. */
function workspaceFolders(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => Boolean(f));
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- older clients send only a root
  if (folders.length === 0 && params.rootUri) folders.push(uriToPath(params.rootUri) ?? '');
  return folders.filter(Boolean);
}
