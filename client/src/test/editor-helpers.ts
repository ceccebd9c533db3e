// What the extension-host tests share: the workspace they run in, Standpoint's diagnostics as
// the editor holds them and as the CLI reports them, bounded waits, and small editor actions.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'standpoint.standpoint';
export const TODAY = '2026-11-20';
const SOURCE = 'standpoint';
export const WAIT_MS = Number(process.env.STANDPOINT_E2E_WAIT_MS || 30000);

interface CliFinding {
  file: string;
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (the runner opens a copy of samples/)');
  return folder.uri.fsPath;
}

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : (c ?? ''));
}

export function ours(uri?: vscode.Uri): vscode.Diagnostic[] {
  return (uri ? vscode.languages.getDiagnostics(uri) : vscode.languages.getDiagnostics().flatMap(([, ds]) => ds)).filter((d) => d.source === SOURCE);
}

/** `file|rule|startLine:startChar-endLine:endChar`, all 0-based, for every Standpoint diagnostic. */
export function diagnosticKeys(root: string): string[] {
  const keys: string[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== SOURCE) continue;
      const r = d.range;
      keys.push(`${rel(root, uri.fsPath)}|${codeOf(d)}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`);
    }
  }
  return keys.sort();
}

/** The CLI's findings for the same folder, as the same keys (CLI positions are 1-based). */
export function cliKeys(root: string, findings: CliFinding[], cwd: string): string[] {
  return findings.map((f) => `${rel(root, path.resolve(cwd, f.file))}|${f.rule}|${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1}`).sort();
}

/** Runs `standpoint check <root> --format json` with the same Node the extension host runs on. */
export function runCli(extensionPath: string, root: string): Promise<CliFinding[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(extensionPath, 'bin', 'standpoint.js'), 'check', root, '--format', 'json'], {
      cwd: root,
      env: { ...process.env, STANDPOINT_TODAY: TODAY, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`standpoint check timed out after ${WAIT_MS} ms`));
    }, WAIT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // 0: clean, 1: findings at the failing severity; anything else is a CLI failure.
      if (code !== 0 && code !== 1) return reject(new Error(`standpoint check exited ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(stdout) as CliFinding[]);
      } catch (e) {
        reject(new Error(`standpoint check printed no JSON (${(e as Error).message}): ${stdout.slice(0, 500)} ${stderr}`));
      }
    });
  });
}

/**
 * Resolves with check()'s first truthy value: checked now, then after every diagnostics change.
 * Rejects after `ms` with `what` and describe()'s picture of the current state.
 */
export function whenDiagnostics<T>(what: string, check: () => T | undefined | null | false, describe: () => string, ms = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      subscription.dispose();
      clearTimeout(timer);
      fn();
    };
    const test = () => {
      try {
        const value = check();
        if (value) settle(() => resolve(value));
      } catch (e) {
        settle(() => reject(e instanceof Error ? e : new Error(String(e))));
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(test);
    const timer = setTimeout(() => settle(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}; ${describe()}`))), ms);
    test();
  });
}

/** For state that raises no event the tests can listen to (the status item's text): checked every 100 ms, bounded. */
export async function until(what: string, check: () => boolean, describe: () => string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const summary = (uri: vscode.Uri) => () =>
  `Standpoint diagnostics on ${path.basename(uri.fsPath)}: ${JSON.stringify(ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`))}`;

export function hoverText(hovers: vscode.Hover[]): string {
  return (
    hovers
      .flatMap((h) => h.contents)
      // A hover may still carry the older MarkedString form; its text is read the same way.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n')
  );
}

export const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export async function openRecord(root: string, relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, relative)));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Throws away unsaved edits and closes the editor, so later tests see the file as on disk. */
export async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export function lineStarting(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i;
  assert.fail(`no line starting with ${JSON.stringify(prefix)} in ${doc.uri.fsPath}`);
}
