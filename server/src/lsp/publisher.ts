import type { Connection } from 'vscode-languageserver';
import { pathToUri } from './convert.js';
import { diagnosticsOf, type DiagnosticStore } from './diagnostic-store.js';

/**
 * Push diagnostics (`textDocument/publishDiagnostics`), for clients that do not pull
 * (Neovim, Emacs...): sends a file's diagnostics when they or its document version changed
 * since the last publication, and clears files that no longer have any. With `scope: 'open'`
 * only open documents (and broken config or rule files) are published; after "lint
 * workspace" every record is.
 */
export class DiagnosticPublisher {
  /** What each file was last published as. */
  private readonly sent = new Map<string, { resultId: string; version?: number }>();
  /** URIs as the client spelled them (its encoding of `(`, `+`, `~`... may differ from ours). */
  private readonly uris = new Map<string, string>();
  scope: 'open' | 'workspace' = 'open';

  constructor(private readonly connection: Connection) {}

  publish(store: DiagnosticStore, open: Set<string>, versions: Map<string, number>, clientUris: Map<string, string> = new Map()): void {
    for (const [file, uri] of clientUris) this.uris.set(file, uri);
    const uriOf = (file: string) => this.uris.get(file) ?? pathToUri(file);
    const files = new Set<string>(open);
    for (const [file, entry] of store.files()) {
      if (this.scope === 'workspace' || entry.problems.length > 0) files.add(file);
    }
    for (const file of files) {
      const entry = store.get(file);
      const resultId = entry?.resultId ?? 'none';
      const version = versions.get(file);
      const last = this.sent.get(file);
      // Once per document version, so a client always learns that its latest text was checked.
      if (last && last.resultId === resultId && last.version === version) continue;
      this.sent.set(file, { resultId, version });
      void this.connection.sendDiagnostics({ uri: uriOf(file), version, diagnostics: diagnosticsOf(entry) });
    }
    for (const file of [...this.sent.keys()]) {
      if (files.has(file)) continue;
      this.sent.delete(file);
      void this.connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
      if (!open.has(file)) this.uris.delete(file);
    }
  }

  /** Clears everything published (checking turned off). */
  clear(): void {
    for (const file of [...this.sent.keys()]) {
      void this.connection.sendDiagnostics({ uri: this.uris.get(file) ?? pathToUri(file), diagnostics: [] });
      this.sent.delete(file);
    }
  }
}
