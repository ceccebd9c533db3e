import type { Connection } from 'vscode-languageserver';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NOTIFICATIONS, SETTING_DEFAULTS, type Settings } from '../../protocol.js';
import { uriToPath } from '../convert.js';
import { DiagnosticStore } from '../diagnostic-store.js';
import { DiagnosticPublisher } from '../publisher.js';
import { LintScheduler } from '../scheduler.js';
import { statusOf } from '../status.js';
import { looksLikeRecord, unsavedPath } from '../unsaved.js';
import { Workspace, type WorkspaceSettings } from '../workspace.js';
import { BackgroundIndex } from './indexing.js';
import type { PullDiagnostics } from './pull-diagnostics.js';

/**
 * What every handler shares: the connection, the open documents, the current settings and
 * the workspace (made on first use, once initialisation has said how).
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly publisher: DiagnosticPublisher;
  /** Every file's diagnostics, for push and pull alike. */
  readonly store = new DiagnosticStore();
  /** Set when the client pulls diagnostics (then nothing is pushed). */
  pull: PullDiagnostics | undefined;
  canRefreshDiagnostics = false;
  /** The client runs the extension's own commands (see InitializationOptions.clientCommands). */
  clientCommands = false;
  readonly scheduler: LintScheduler;
  readonly index: BackgroundIndex;
  settings: Settings = { ...SETTING_DEFAULTS };
  trusted = true;
  today: string | undefined;
  folders: string[] = [];
  canPullConfiguration = false;
  canWatchFolders = false;
  /** The client takes snippet text edits in workspace edits (quick-fix placeholders as tab stops). */
  snippetEdits = false;
  private workspace: Workspace | undefined;
  /** Untitled documents that read as records, and the names they are checked under. */
  private readonly unsavedFiles = new Map<string, string>();
  private lastStatus = '';
  private lastEnabled = true;
  private isShutDown = false;

  constructor(readonly connection: Connection) {
    this.publisher = new DiagnosticPublisher(connection);
    this.scheduler = new LintScheduler(() => this.lint(), this.settings.debounceMs);
    this.index = new BackgroundIndex(this);
  }

  ws(): Workspace {
    // Analyses made on the editor's thread arrive later: they are linted and published like an edit.
    return (this.workspace ??= new Workspace(this.workspaceSettings(), () => this.scheduler.request()));
  }

  /** What the workspace is opened with; an empty config path means discover. */
  workspaceSettings(): WorkspaceSettings {
    return { trusted: this.trusted, today: this.today, configPath: this.settings.configPath || undefined };
  }

  /** Runs `work`, logging a failure instead of throwing: a bad input never stops the server. */
  safely<T>(what: string, work: () => T, fallback?: T): T | undefined {
    try {
      return work();
    } catch (err) {
      this.connection.console.error(`standpoint: ${what} failed: ${describe(err)}`);
      return fallback;
    }
  }

  /** The file a document is checked as: its path, or for an untitled record the name it is checked under. */
  fileOf(uri: string): string | undefined {
    return uriToPath(uri) ?? this.unsavedFiles.get(uri);
  }

  /** An untitled document: the name it is checked under once it reads as a record, else undefined. */
  unsavedFile(uri: string, languageId: string, text: string): string | undefined {
    const known = this.unsavedFiles.get(uri);
    if (known) return known;
    const file = unsavedPath(uri, languageId, this.folders[0]);
    if (!file || !looksLikeRecord(file, text)) return undefined;
    this.unsavedFiles.set(uri, file);
    return file;
  }

  forgetUnsaved(uri: string): void {
    this.unsavedFiles.delete(uri);
  }

  isUnsaved(file: string): boolean {
    for (const f of this.unsavedFiles.values()) if (f === file) return true;
    return false;
  }

  /** Brings the diagnostics up to date with the workspace (computed once per change, however many ask). */
  refresh(): void {
    const changed = this.store.update(this.ws().results());
    this.pull?.changed(changed);
  }

  /** After `shutdown`: no more linting, indexing or analysing. */
  shutdown(): void {
    this.isShutDown = true;
    this.index.stop();
    this.pull?.stop();
    this.scheduler.dispose();
    this.workspace?.dispose();
  }

  /** Lints now and publishes (or lets pulling clients know) what changed, indexing the rest of the workspace meanwhile. */
  lint(): void {
    if (this.isShutDown) return;
    this.safely('lint', () => {
      this.index.start();
      const enabled = this.settings.enable;
      if (enabled !== this.lastEnabled && this.pull && this.canRefreshDiagnostics) void this.connection.languages.diagnostics.refresh();
      this.lastEnabled = enabled;
      if (!enabled) this.publisher.clear();
      else {
        this.refresh();
        if (!this.pull) this.publisher.publish(this.store, this.openFiles(), this.versions(), this.uris());
      }
      this.sendStatus();
    });
  }

  /** The status item's state, sent when it changes. */
  private sendStatus(): void {
    const status = statusOf(this.ws(), this.store, this.settings.enable);
    const json = JSON.stringify(status);
    if (json === this.lastStatus) return;
    this.lastStatus = json;
    void this.connection.sendNotification(NOTIFICATIONS.status, status);
  }

  private openFiles(): Set<string> {
    return new Set(
      this.documents
        .all()
        .map((d) => this.fileOf(d.uri))
        .filter((f): f is string => Boolean(f)),
    );
  }

  private versions(): Map<string, number> {
    return new Map(this.documents.all().map((d) => [this.fileOf(d.uri) ?? '', d.version]));
  }

  /** The URI each open document was opened with: diagnostics go back under exactly that string. */
  private uris(): Map<string, string> {
    return new Map(this.documents.all().map((d) => [this.fileOf(d.uri) ?? '', d.uri]));
  }
}

export function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
