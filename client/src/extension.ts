import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const KINDS = ['launch-plan', 'budget-change', 'pricing-change', 'policy-change', 'org-change', 'sales-plan', 'incentive-plan', 'campaign'];

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

/** Settings the server reads at start (and again through workspace/configuration). */
function initializationOptions(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('standpoint');
  return {
    trusted: vscode.workspace.isTrusted,
    enable: config.get('enable', true),
    run: config.get('run', 'onType'),
    configPath: config.get('configPath', ''),
    debounceMs: config.get('debounceMs', 0),
  };
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
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md}'),
        vscode.workspace.createFileSystemWatcher('**/.standpoint.{yaml,yml}'),
      ],
    },
    initializationOptions: initializationOptions(),
    outputChannelName: 'Standpoint',
    middleware: {
      // The server advertises `standpoint.lintWorkspace` (executeCommandProvider), so the language
      // client registers that VS Code command itself; the extension must not register it too
      // (a second registerCommand throws "command already exists" and activation fails).
      // This adds what the command does on the client side: show the results.
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === 'standpoint.lintWorkspace') await vscode.commands.executeCommand('workbench.actions.view.problems');
        return result;
      },
    },
  };
  return new LanguageClient('standpoint', 'Standpoint', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onNotification('standpoint/status', (c: { errors: number; warnings: number; infos: number }) => {
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
    vscode.commands.registerCommand('standpoint.restartServer', async () => {
      if (client && client.state === State.Running) await client.stop();
      await start(context);
    }),
    vscode.commands.registerCommand('standpoint.explainRule', async (ruleId?: string) => {
      const id = ruleId ?? await vscode.window.showInputBox({ prompt: 'Rule id to explain', placeHolder: 'promise-owner-required' });
      if (!id || !client) return;
      const markdown = await client.sendRequest<string | null>('standpoint/explain', { rule: id });
      if (!markdown) {
        void vscode.window.showWarningMessage(`Standpoint has no rule "${id}".`);
        return;
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand('standpoint.newRecord', async (kindArg?: string, formArg?: 'yaml' | 'markdown') => {
      const kind = kindArg ?? await vscode.window.showQuickPick(KINDS, { placeHolder: 'Kind of decision' });
      if (!kind || !client) return;
      const form = formArg ?? (await vscode.window.showQuickPick(['yaml', 'markdown'], { placeHolder: 'Form' })) as 'yaml' | 'markdown' | undefined;
      if (!form) return;
      const text = await client.sendRequest<string | null>('standpoint/template', { kind, markdown: form === 'markdown' });
      if (text === null) return;
      const doc = await vscode.workspace.openTextDocument({ language: form === 'markdown' ? 'markdown' : 'yaml', content: text });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.commands.executeCommand('standpoint.restartServer')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('standpoint.configPath')) void vscode.commands.executeCommand('standpoint.restartServer');
    }),
  );

  await start(context);
  return { client: () => client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
