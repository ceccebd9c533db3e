import {
  CodeActionKind, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments,
  TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError } from '../core/index.js';
import { codeActions } from './features/code-actions.js';
import type { FeatureContext } from './features/context.js';
import { completion } from './features/completion.js';
import { documentSymbols } from './features/symbols.js';
import { hover } from './features/hover.js';
import { definition, references } from './features/navigation.js';
import { ruleCodeLenses, runTestRuleCommand, TEST_RULE_COMMAND } from './features/rule-lens.js';
import { explainMarkdown, templateText } from './features/commands.js';
import { uriToPath } from './convert.js';
import { LspFraming } from './framing.js';
import { DiagnosticPublisher } from './publisher.js';
import { LintScheduler } from './scheduler.js';
import { indexOnWorkers, indexWorkerCount, type WorkerIndex } from './worker-index.js';
import { Workspace } from './workspace.js';

export interface ClientSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  configPath?: string;
  debounceMs: number;
}

const DEFAULTS: ClientSettings = { enable: true, run: 'onType', debounceMs: 0 };

/** Wires the engine to an LSP connection. Every handler is guarded: a bad input never stops the server. */
export function startServer(connection: Connection = defaultConnection()): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ClientSettings = { ...DEFAULTS };
  let trusted = true;
  let today: string | undefined;
  let canPullConfiguration = false;
  let canWatchFolders = false;
  let folders: string[] = [];
  let workspace: Workspace | undefined;
  const publisher = new DiagnosticPublisher(connection);
  const ws = () => (workspace ??= new Workspace({ trusted, today, configPath: settings.configPath }));

  const open = () => new Set(documents.all().map((d) => uriToPath(d.uri)).filter((f): f is string => Boolean(f)));
  const versions = () => new Map(documents.all().map((d) => [uriToPath(d.uri) ?? '', d.version]));
  /** The URI each open document was opened with: diagnostics go back under exactly that string. */
  const uris = () => new Map(documents.all().map((d) => [uriToPath(d.uri) ?? '', d.uri]));

  const lintNow = () => safely('lint', () => {
    indexInBackground();
    if (!settings.enable) {
      publisher.publish({ findings: new Map(), problems: new Map() }, new Set(), new Map());
      return;
    }
    const results = ws().results();
    publisher.publish(results, open(), versions(), uris());
    void connection.sendNotification('standpoint/status', DiagnosticPublisher.count(results, open(), publisher.scope));
  });
  const scheduler = new LintScheduler(lintNow, settings.debounceMs);

  function safely<T>(what: string, work: () => T, fallback?: T): T | undefined {
    try {
      return work();
    } catch (err) {
      connection.console.error(`standpoint: ${what} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as Partial<ClientSettings> & { trusted?: boolean; today?: string };
    trusted = init.trusted !== false;
    today = init.today;
    settings = { ...DEFAULTS, ...pick(init) };
    scheduler.setDelay(settings.debounceMs);
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    canWatchFolders = Boolean(params.capabilities.workspace?.workspaceFolders);
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((f): f is string => Boolean(f));
    if (folders.length === 0 && params.rootUri) folders.push(uriToPath(params.rootUri) ?? '');
    folders = folders.filter(Boolean);
    safely('initialise', () => ws().setFolders(folders));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.standpoint`] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-', '#'] },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        executeCommandProvider: { commands: ['standpoint.lintWorkspace', TEST_RULE_COMMAND] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'standpoint' },
    };
  });

  /**
   * Indexes the workspace on worker threads (or, for small workspaces, in slices between
   * requests here), then re-lints with the whole index.
   */
  let indexingScheduled = false;
  let workersFailed = false;
  let workerIndex: WorkerIndex | undefined;
  let shuttingDown = false;
  const indexInBackground = () => {
    if (indexingScheduled || shuttingDown || ws().indexing === 0) return;
    indexingScheduled = true;
    const started = performance.now();
    let threads = 0;
    const next = () => {
      if (shuttingDown) return;
      if (ws().indexing === 0) {
        indexingScheduled = false;
        void connection.sendNotification('standpoint/indexed', { records: ws().current.session.files.length, ms: Math.round(performance.now() - started), workers: threads });
        lintNow();
        return;
      }
      const workers = workersFailed ? 0 : indexWorkerCount(ws().indexing);
      if (workers === 0) {
        safely('index', () => ws().indexSome(25));
        setImmediate(next);
        return;
      }
      threads = Math.max(threads, workers);
      workerIndex = indexOnWorkers(ws(), workers);
      workerIndex.done.then(next, (err: unknown) => {
        // A broken config is reported by indexing here; anything else means workers cannot be used.
        if (!(err instanceof ConfigError)) {
          workersFailed = true;
          connection.console.error(`standpoint: index on worker threads failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        }
        next();
      });
    };
    setImmediate(next);
  };

  connection.onInitialized(async () => {
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri)).filter((f): f is string => Boolean(f))];
        safely('folders', () => ws().setFolders(folders));
        scheduler.request();
      });
    }
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined);
      await pullSettings();
    }
    lintNow();
    indexInBackground();
  });

  async function pullSettings(): Promise<void> {
    const pulled = await safely('read settings', () => connection.workspace.getConfiguration('standpoint'));
    const next = { ...DEFAULTS, ...pick((await pulled) ?? {}) };
    const reload = next.configPath !== settings.configPath;
    settings = next;
    scheduler.setDelay(settings.debounceMs);
    if (reload) safely('reload', () => ws().updateSettings({ trusted, today, configPath: settings.configPath }));
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (canPullConfiguration) await pullSettings();
    else settings = { ...DEFAULTS, ...pick((change.settings as { standpoint?: object })?.standpoint ?? {}) };
    lintNow();
  });


  const bufferChanged = (uri: string, text: string, lint: boolean) => {
    const file = uriToPath(uri);
    if (!file) return;
    safely('update', () => ws().setBuffer(file, text));
    if (lint) scheduler.request();
  };

  documents.onDidOpen((e) => bufferChanged(e.document.uri, e.document.getText(), true));
  documents.onDidChangeContent((e) => bufferChanged(e.document.uri, e.document.getText(), settings.run === 'onType'));
  documents.onDidSave(() => scheduler.request());
  documents.onDidClose((e) => {
    const file = uriToPath(e.document.uri);
    if (file) safely('close', () => ws().closeBuffer(file));
    scheduler.request();
  });

  connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) {
      const file = uriToPath(change.uri);
      if (file) safely('watch', () => ws().diskChanged(file));
    }
    scheduler.request();
  });

  const docFor = (uri: string) => {
    const file = uriToPath(uri);
    const document = documents.get(uri);
    return file && document ? { file, document, workspace: ws() } : undefined;
  };

  /** A feature on an open document: guarded, and answering `fallback` for documents it does not know. */
  const feature = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, run: (ctx: FeatureContext, params: P) => R) =>
    (params: P): R => safely(name, () => {
      const ctx = docFor(params.textDocument.uri);
      return ctx ? run(ctx, params) : fallback;
    }, fallback) as R;

  connection.onCodeAction(feature('code actions', [], codeActions));
  connection.onHover(feature('hover', null, (ctx, p) => hover(ctx, p.position)));
  connection.onCompletion(feature('completion', [], (ctx, p) => completion(ctx, p.position)));
  connection.onDocumentSymbol(feature('symbols', [], (ctx) => documentSymbols(ctx)));
  connection.onDefinition(feature('definition', null, (ctx, p) => definition(ctx, p.position)));
  connection.onReferences(feature('references', [], (ctx, p) => references(ctx, p.position)));
  connection.onCodeLens(feature('code lens', [], (ctx) => ruleCodeLenses(ctx)));

  connection.onExecuteCommand((params) => safely('command', () => {
    if (params.command === 'standpoint.lintWorkspace') {
      publisher.scope = 'workspace';
      lintNow();
    }
    if (params.command === TEST_RULE_COMMAND) return runTestRuleCommand(connection, ws(), params.arguments ?? []);
    return undefined;
  }));
  connection.onRequest('standpoint/explain', (params: { rule: string }) => safely('explain', () => explainMarkdown(ws(), params.rule), null));
  connection.onRequest('standpoint/template', (params: { kind: string; markdown: boolean }) =>
    safely('template', () => templateText(params.kind, params.markdown, ws().today), null));
  // Diagnostics for benchmarks and bug reports: memory after a collection when --expose-gc is on.
  connection.onRequest('standpoint/memory', () => {
    (globalThis as { gc?: () => void }).gc?.();
    return { ...process.memoryUsage(), records: ws().current.session.files.length };
  });
  connection.onShutdown(() => {
    shuttingDown = true;
    scheduler.dispose();
    workerIndex?.cancel();
  });

  documents.listen(connection);
  connection.listen();
}

/** IPC for VS Code; over stdio, client bytes are re-framed first so a malformed header cannot wedge the server. */
function defaultConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  return createConnection(ProposedFeatures.all, process.stdin.pipe(new LspFraming()), process.stdout);
}

function pick(raw: object): Partial<ClientSettings> {
  const r = raw as Record<string, unknown>;
  const out: Partial<ClientSettings> = {};
  if (typeof r.enable === 'boolean') out.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') out.run = r.run;
  if (typeof r.configPath === 'string' && r.configPath.trim() !== '') out.configPath = r.configPath;
  if (typeof r.debounceMs === 'number') out.debounceMs = r.debounceMs;
  return out;
}
