import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { REPO, SAMPLES_DIR } from './paths.js';

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  source: string;
  message: string;
  codeDescription?: { href: string };
  data?: unknown;
}

export const uri = (file: string): string => pathToFileURL(file).toString();

/** A diagnostic's rule and 1-based range, for comparing editor results with the CLI's. */
export const diagnosticKey = (rule: string, r: Diagnostic['range']): string =>
  `${rule}@${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

/** Applies an editor's text edits (LSP ranges over `\n`-separated lines) to a text. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Diagnostic['range']; newText: string }>): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** A fresh copy of samples/ to open a server on. */
export function copySamples(prefix = 'standpoint-lsp-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(SAMPLES_DIR, dir, { recursive: true });
  return dir;
}

/** A language server started over stdio, driven like an editor would. */
export class LspClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private readonly waiters: Array<() => void> = [];
  readonly stderr: string[] = [];
  exited: Promise<number | null>;

  constructor(env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, [`${REPO}/bin/standpoint.js`, 'lsp', '--stdio'], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(
    root: string,
    options: Record<string, unknown> = {},
    workspaceCapabilities: Record<string, unknown> = {},
    textDocumentCapabilities: Record<string, unknown> = {},
  ): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(root),
      workspaceFolders: [{ uri: uri(root), name: 'ws' }],
      capabilities: {
        workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false }, ...workspaceCapabilities },
        textDocument: textDocumentCapabilities,
      },
      initializationOptions: { today: '2026-11-20', ...options },
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  open(file: string, text: string, version = 1): Promise<void> {
    return this.openUri(uri(file), file.endsWith('.md') ? 'markdown' : 'yaml', text, version);
  }

  /** Opens a document by URI (an untitled one, say) in a language. */
  openUri(documentUri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: documentUri, languageId, version, text } });
  }

  /** Replaces the whole text (an incremental change covering the document). */
  change(file: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version },
      contentChanges: [{ text }],
    });
  }

  watched(file: string, type: 1 | 2 | 3): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file), type }] });
  }

  current(file: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri(file))?.diagnostics;
  }

  /** Waits, on publishDiagnostics events, until `test` holds for the file's diagnostics; bounded. */
  async waitFor(file: string, test: (d: Diagnostic[], version?: number) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.diagnostics.get(uri(file));
      if (got && test(got.diagnostics, got.version)) return got.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for diagnostics on ${file}; last: ${JSON.stringify(got)}\n${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The server's process id (for reading its memory use from /proc). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The code actions offered for one diagnostic, or with none, the document's "fix all" actions. */
  codeActions<T>(file: string, diagnostic?: Diagnostic): Promise<T[]> {
    const zero = { line: 0, character: 0 };
    return this.request<T[]>('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: diagnostic ? diagnostic.range : { start: zero, end: zero },
      context: diagnostic ? { diagnostics: [diagnostic] } : { diagnostics: [], only: ['source.fixAll.standpoint'] },
    });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await Promise.race([this.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') this.process.kill('SIGKILL');
    this.connection.dispose();
    return code === 'timeout' ? null : code;
  }
}
