import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DiagnosticPullMode, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  COMMANDS,
  EDITOR_COMMANDS,
  KINDS,
  NOTIFICATIONS,
  REQUESTS,
  SETTING_DEFAULTS,
  SETTINGS_SECTION,
  settingName,
  type ExplainParams,
  type InitializationOptions,
  type RuleSummary,
  type Settings,
  type StatusParams,
  type TemplateParams,
} from '../../server/src/protocol.js';
import { StatusItem } from './status.js';

let client: LanguageClient | undefined;
let status: StatusItem | undefined;

/** The scheme of rule pages the extension has no file for (a team's own rules): rendered by the server. */
const RULE_PAGE_SCHEME = 'standpoint-rule';

/** Settings the server reads at start (and again through workspace/configuration). */
function initializationOptions(): InitializationOptions {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const read = <K extends keyof Settings>(key: K): Settings[K] => config.get(key, SETTING_DEFAULTS[key]);
  return {
    trusted: vscode.workspace.isTrusted,
    enable: read('enable'),
    run: read('run'),
    configPath: read('configPath'),
    debounceMs: read('debounceMs'),
    clientCommands: true,
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
      // A new record from the template is checked before it is saved (the server checks untitled documents that read as records).
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,md}'), vscode.workspace.createFileSystemWatcher('**/.standpoint.{yaml,yml}')],
    },
    // Diagnostics are pulled: open documents as they change, and every record through the workspace pull.
    diagnosticPullOptions: {
      onChange: true,
      onSave: true,
      filter: (_document, mode) => mode === DiagnosticPullMode.onType && vscode.workspace.getConfiguration(SETTINGS_SECTION).get('run') === 'onSave',
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
      // A finding's hover links its rule page to the offline preview: that one command may run from a hover.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (content instanceof vscode.MarkdownString) content.isTrusted = { enabledCommands: [EDITOR_COMMANDS.showRuleDocumentation] };
        }
        return hover;
      },
    },
  };
  // The id is the settings section too: the client library reads `standpoint.trace.server`.
  return new LanguageClient(SETTINGS_SECTION, 'Standpoint', serverOptions, clientOptions);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onNotification(NOTIFICATIONS.status, (s: StatusParams) => status?.update(s));
  await client.start();
}

/** A rule's page as a rendered preview: the page shipped with the extension, or for a team's rule, the server's rendering. */
async function showRuleDocumentation(context: vscode.ExtensionContext, ruleId: string): Promise<void> {
  const shipped = context.asAbsolutePath(path.join('docs', 'rules', `${ruleId}.md`));
  const uri = /^[a-z0-9-]+$/.test(ruleId) && fs.existsSync(shipped) ? vscode.Uri.file(shipped) : vscode.Uri.from({ scheme: RULE_PAGE_SCHEME, path: `/${ruleId}.md` });
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** "Explain rule": a pick of the rules that apply here, then the rule's page. */
async function explainRule(context: vscode.ExtensionContext, ruleId?: string): Promise<void> {
  let id = ruleId;
  if (!id) {
    const rules = client ? await client.sendRequest<RuleSummary[]>(REQUESTS.rules) : [];
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.title, detail: `${r.severity} · ${r.principle}` })),
      { placeHolder: 'Rule to explain', matchOnDescription: true },
    );
    id = picked?.label;
  }
  if (id) await showRuleDocumentation(context, id);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined; status: () => StatusItem | undefined }> {
  status = new StatusItem();
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RULE_PAGE_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const rule = path.posix.basename(uri.path, '.md');
        const markdown = client ? await client.sendRequest<string | null>(REQUESTS.explain, { rule } satisfies ExplainParams) : null;
        return markdown ?? `# ${rule}\n\nStandpoint has no rule "${rule}".\n`;
      },
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      if (client && client.state === State.Running) await client.stop();
      await start(context);
    }),
    vscode.commands.registerCommand(COMMANDS.explainRule, (ruleId?: string) => explainRule(context, ruleId)),
    vscode.commands.registerCommand(EDITOR_COMMANDS.showRuleDocumentation, (ruleId?: string) => explainRule(context, ruleId)),
    vscode.commands.registerCommand(EDITOR_COMMANDS.showConfigProblem, () => status?.showProblem()),
    vscode.commands.registerCommand(EDITOR_COMMANDS.reveal, (uri: string, range: { start: { line: number; character: number } }) => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
      if (!editor) return;
      const at = new vscode.Position(range.start.line, range.start.character);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
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
  return { client: () => client, status: () => status };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
