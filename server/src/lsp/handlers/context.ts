import type { Connection } from 'vscode-languageserver';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NOTIFICATIONS, SETTING_DEFAULTS, type Settings } from '../../protocol.js';
import { uriToPath } from '../convert.js';
import { DiagnosticPublisher } from '../publisher.js';
import { LintScheduler } from '../scheduler.js';
import { Workspace, type WorkspaceSettings } from '../workspace.js';
import { BackgroundIndex } from './indexing.js';

/**
 * What every handler shares: the connection, the open documents, the current settings and
 * the workspace (made on first use, once initialisation has said how).
 */
export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly publisher: DiagnosticPublisher;
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

  /** After `shutdown`: no more linting, indexing or analysing. */
  shutdown(): void {
    this.isShutDown = true;
    this.index.stop();
    this.scheduler.dispose();
    this.workspace?.dispose();
  }

  /** Lints now and publishes what changed (indexing the rest of the workspace meanwhile). */
  lint(): void {
    if (this.isShutDown) return;
    this.safely('lint', () => {
      this.index.start();
      if (!this.settings.enable) {
        this.publisher.publish({ findings: new Map(), problems: new Map() }, new Set(), new Map());
        return;
      }
      const results = this.ws().results();
      const open = this.openFiles();
      this.publisher.publish(results, open, this.versions(), this.uris());
      void this.connection.sendNotification(NOTIFICATIONS.status, DiagnosticPublisher.count(results, open, this.publisher.scope));
    });
  }

  private openFiles(): Set<string> {
    return new Set(
      this.documents
        .all()
        .map((d) => uriToPath(d.uri))
        .filter((f): f is string => Boolean(f)),
    );
  }

  private versions(): Map<string, number> {
    return new Map(this.documents.all().map((d) => [uriToPath(d.uri) ?? '', d.version]));
  }

  /** The URI each open document was opened with: diagnostics go back under exactly that string. */
  private uris(): Map<string, string> {
    return new Map(this.documents.all().map((d) => [uriToPath(d.uri) ?? '', d.uri]));
  }
}

export function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
