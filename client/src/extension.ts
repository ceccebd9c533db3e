import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  COMMANDS,
  KINDS,
  NOTIFICATIONS,
  REQUESTS,
  SETTING_DEFAULTS,
  SETTINGS_SECTION,
  settingName,
  type ExplainParams,
  type InitializationOptions,
  type Settings,
  type StatusCounts,
  type TemplateParams,
} from '../../server/src/protocol.js';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

/** Settings the server reads at start (and again through workspace/configuration). */
function initializationOptions(): InitializationOptions {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const read = <K extends keyof Settings>(key: K): Settings[K] => config.get(key, SETTING_DEFAULTS[key]);
  return { trusted: vscode.workspace.isTrusted, enable: read('enable'), run: read('run'), configPath: read('configPath'), debounceMs: read('debounceMs') };
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'markdown' },
    ],
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md}'), vscode.workspace.createFileSystemWatcher('**/.standpoint.{yaml,yml}')],
    },
    initializationOptions: initializationOptions(),
    outputChannelName: 'Standpoint',
    middleware: {
      // The server advertises COMMANDS.lintWorkspace (executeCommandProvider), so the language
      // client registers that VS Code command itself; the extension must not register it too
      // (a second registerCommand throws "command already exists" and activation fails).
      // This adds what the command does on the client side: show the results.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === COMMANDS.lintWorkspace) await vscode.commands.executeCommand('workbench.actions.view.problems');
        return result;
      },
    },
  };
  // The id is the settings section too: the client library reads `standpoint.trace.server`.
  return new LanguageClient(SETTINGS_SECTION, 'Standpoint', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onNotification(NOTIFICATIONS.status, (c: StatusCounts) => {
    if (!status) return;
    const total = c.errors + c.warnings + c.infos;
    status.text = total === 0 ? '$(check) Standpoint' : `$(checklist) Standpoint: ${c.errors} $(error) ${c.warnings} $(warning)`;
    status.tooltip = `${c.errors} errors, ${c.warnings} warnings, ${c.infos} info in checked decision records`;
    status.show();
  });
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined }> {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = 'workbench.actions.view.problems';
  status.text = '$(sync~spin) Standpoint';
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (client && client.state === State.Running) await client.stop();
      await start(context);
    }),
    vscode.commands.registerCommand(COMMANDS.explainRule, async (ruleId?: string) => {
      const id = ruleId ?? (await vscode.window.showInputBox({ prompt: 'Rule id to explain', placeHolder: 'promise-owner-required' }));
      if (!id || !client) return;
      const markdown = await client.sendRequest<string | null>(REQUESTS.explain, { rule: id } satisfies ExplainParams);
      if (!markdown) {
        void vscode.window.showWarningMessage(`Standpoint has no rule "${id}".`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand(COMMANDS.newRecord, async (kindArg?: string, formArg?: 'yaml' | 'markdown') => {
      const kind = kindArg ?? (await vscode.window.showQuickPick(KINDS, { placeHolder: 'Kind of decision' }));
      if (!kind || !client) return;
      const form = formArg ?? ((await vscode.window.showQuickPick(['yaml', 'markdown'], { placeHolder: 'Form' })) as 'yaml' | 'markdown' | undefined);
      if (!form) return;
      const text = await client.sendRequest<string | null>(REQUESTS.template, { kind, markdown: form === 'markdown' } satisfies TemplateParams);
      if (text === null) return;
      const doc = await vscode.workspace.openTextDocument({ language: form === 'markdown' ? 'markdown' : 'yaml', content: text });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand(COMMANDS.restartServer)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(settingName('configPath'))) void vscode.commands.executeCommand(COMMANDS.restartServer);
    }),
  );

  await start(context);
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
