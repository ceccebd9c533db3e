import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type ClientCapabilities,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver';
import { pathToUri, uriToPath } from '../convert.js';
import { diagnosticsOf, DiagnosticStore, hasDiagnostics } from '../diagnostic-store.js';
import type { ServerContext } from './context.js';

/** Advertised to every client; only clients that say they pull are answered this way (the others get push). */
export const DIAGNOSTIC_CAPABILITY = { identifier: 'standpoint', interFileDependencies: true, workspaceDiagnostics: true } as const;

/** Chooses pull or push from what the client said it supports at initialize. */
export function chooseDiagnosticsModel(ctx: ServerContext, capabilities: ClientCapabilities): void {
  ctx.canRefreshDiagnostics = Boolean(capabilities.workspace?.diagnostics?.refreshSupport);
  if (!capabilities.textDocument?.diagnostic) return;
  ctx.pull = new PullDiagnostics(ctx);
  ctx.pull.register();
}

/**
 * Pull diagnostics (LSP 3.17): `textDocument/diagnostic` for open documents and
 * `workspace/diagnostic` for every record, open or not, with result ids so a document whose
 * diagnostics did not change costs an "unchanged" (or, in a workspace pull, nothing at all).
 * A workspace pull with nothing new waits until a lint changes something, so the client's
 * polling costs no work. Push (publisher.ts) is kept for clients that do not pull.
 */
export class PullDiagnostics {
  /** What each open document was last answered with: its result id, at its version then. */
  private readonly served = new Map<string, { resultId: string; version: number }>();
  /**
   * The result id each file was last answered with, by either pull. A client forgets the
   * result id of a document it closes but keeps showing what it pulled for it, so a later
   * change (or its deletion) must still reach it through the workspace pull.
   */
  private readonly answered = new Map<string, string>();
  /** Workspace pulls waiting for a change. */
  private waiting: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly ctx: ServerContext) {}

  register(): void {
    const { connection } = this.ctx;
    connection.languages.diagnostics.on(
      (params) => this.ctx.safely('document diagnostics', () => this.document(params.textDocument.uri, params.previousResultId)) ?? fullReport([]),
    );
    connection.languages.diagnostics.onWorkspace((params, token) => {
      const previous = new Map<string, string>();
      for (const p of params.previousResultIds) {
        const file = uriToPath(p.uri);
        if (file) previous.set(file, p.value);
      }
      return this.workspace(previous, token);
    });
  }

  /** One document's report: computed from the newest text, "unchanged" when the client already has it. */
  document(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const file = this.ctx.fileOf(uri);
    if (!file || !this.ctx.settings.enable) return fullReport([]);
    this.ctx.refresh();
    const entry = this.ctx.store.get(file);
    const resultId = entry?.resultId ?? DiagnosticStore.EMPTY;
    const version = this.ctx.documents.get(uri)?.version;
    if (version !== undefined) this.served.set(uri, { resultId, version });
    if (!this.ctx.isUnsaved(file)) this.answered.set(file, resultId);
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { ...fullReport(diagnosticsOf(entry)), resultId };
  }

  /** Every file whose diagnostics differ from what the client has; when none does, waits for the next change. */
  async workspace(previous: Map<string, string>, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    for (;;) {
      const items = this.ctx.safely('workspace diagnostics', () => this.changedSince(previous), []) ?? [];
      if (items.length > 0 || token.isCancellationRequested || this.stopped) return { items };
      await new Promise<void>((resolve) => {
        const cancel = token.onCancellationRequested(() => resolve());
        this.waiting.push(() => {
          cancel.dispose();
          resolve();
        });
      });
    }
  }

  private changedSince(previous: Map<string, string>): WorkspaceDocumentDiagnosticReport[] {
    if (!this.ctx.settings.enable) return [];
    this.ctx.refresh();
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const versionOf = (uri: string) => this.ctx.documents.get(uri)?.version ?? null;
    const known = (file: string) => previous.get(file) ?? this.answered.get(file);
    const report = (file: string, resultId: string, diagnostics: Diagnostic[]) => {
      const uri = pathToUri(file);
      items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: versionOf(uri), resultId, items: diagnostics });
      this.answered.set(file, resultId);
    };
    for (const [file, entry] of this.ctx.store.files()) {
      if (this.ctx.isUnsaved(file)) continue;
      const before = known(file);
      if (before === entry.resultId || (before === undefined && !hasDiagnostics(entry))) continue;
      report(file, entry.resultId, diagnosticsOf(entry));
    }
    // Files with diagnostics no more (deleted, or no longer records): the client clears them.
    for (const file of new Set([...previous.keys(), ...this.answered.keys()])) {
      const before = known(file);
      if (this.ctx.store.get(file) || before === undefined || before === DiagnosticStore.EMPTY) continue;
      report(file, DiagnosticStore.EMPTY, []);
    }
    return items;
  }

  /**
   * After a lint: wakes waiting workspace pulls, and asks the client to pull open documents
   * again when one of them changed because of another file (a record it shares an id with,
   * a registry, the config). A document edited since it was last pulled is pulled by the
   * client anyway.
   */
  changed(files: Set<string>): void {
    if (files.size === 0) return;
    for (const wake of this.waiting.splice(0)) wake();
    if (!this.ctx.canRefreshDiagnostics) return;
    for (const doc of this.ctx.documents.all()) {
      const served = this.served.get(doc.uri);
      const file = this.ctx.fileOf(doc.uri);
      if (!served || !file || served.version !== doc.version) continue;
      if (served.resultId !== this.ctx.store.resultIdOf(file)) {
        void this.ctx.connection.languages.diagnostics.refresh();
        return;
      }
    }
  }

  forget(uri: string): void {
    this.served.delete(uri);
  }

  /** At shutdown: waiting workspace pulls answer (with nothing new). */
  stop(): void {
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
  }
}

function fullReport(items: Diagnostic[]): DocumentDiagnosticReport {
  return { kind: DocumentDiagnosticReportKind.Full, items };
}
