// Integration tests that run INSIDE a real VS Code extension host (code-server's, through
// test/e2e/extension-host.mjs). They drive the extension only through the public `vscode` API,
// the way a user's editor does, and compare what the editor shows with the CLI's output.
//
// The workspace is a throwaway copy of samples/ (the runner passes it as the folder to open);
// STANDPOINT_TODAY=2026-11-20 is set in the environment, which the language server inherits.
// Every wait is event-driven (onDidChangeDiagnostics) and bounded; nothing sleeps.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';

const EXTENSION_ID = 'standpoint.standpoint';
const TODAY = '2026-11-20';
const SOURCE = 'standpoint';
const WAIT_MS = Number(process.env.STANDPOINT_E2E_WAIT_MS || 30000);

interface CliFinding {
  file: string;
  rule: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (the runner opens a copy of samples/)');
  return folder.uri.fsPath;
}

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return String(typeof c === 'object' && c !== null ? c.value : (c ?? ''));
}

function ours(uri?: vscode.Uri): vscode.Diagnostic[] {
  return (uri ? vscode.languages.getDiagnostics(uri) : vscode.languages.getDiagnostics().flatMap(([, ds]) => ds)).filter((d) => d.source === SOURCE);
}

/** `file|rule|startLine:startChar-endLine:endChar`, all 0-based, for every Standpoint diagnostic. */
function diagnosticKeys(root: string): string[] {
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
function cliKeys(root: string, findings: CliFinding[], cwd: string): string[] {
  return findings.map((f) => `${rel(root, path.resolve(cwd, f.file))}|${f.rule}|${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1}`).sort();
}

/** Runs `standpoint check <root> --format json` with the same Node the extension host runs on. */
function runCli(extensionPath: string, root: string): Promise<CliFinding[]> {
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
function whenDiagnostics<T>(what: string, check: () => T | undefined | null | false, describe: () => string, ms = WAIT_MS): Promise<T> {
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

const summary = (uri: vscode.Uri) => () =>
  `Standpoint diagnostics on ${path.basename(uri.fsPath)}: ${JSON.stringify(ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`))}`;

function hoverText(hovers: vscode.Hover[]): string {
  return (
    hovers
      .flatMap((h) => h.contents)
      // A hover may still carry the older MarkedString form; its text is read the same way.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n')
  );
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function openRecord(root: string, relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, relative)));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Throws away unsaved edits and closes the editor, so later tests see the file as on disk. */
async function revertAndClose(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

function lineStarting(doc: vscode.TextDocument, prefix: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(prefix)) return i;
  assert.fail(`no line starting with ${JSON.stringify(prefix)} in ${doc.uri.fsPath}`);
}

/** Registered by index.ts once mocha's globals exist. */
export function registerExtensionTests(): void {
  describe('Standpoint extension', function () {
    this.timeout(WAIT_MS * 3);
    let extension: vscode.Extension<unknown>;
    let root: string;

    before(() => {
      root = workspaceRoot();
      const found = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(found, `extension ${EXTENSION_ID} is installed in the extension host`);
      extension = found;
    });

    it('activates and starts the language server', async () => {
      await extension.activate();
      assert.equal(extension.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['standpoint.lintWorkspace', 'standpoint.explainRule', 'standpoint.newRecord', 'standpoint.restartServer']) {
        assert.ok(commands.includes(c), `command ${c} is registered`);
      }
      // The server reads "today" from this variable; it inherits the extension host's environment.
      assert.equal(process.env.STANDPOINT_TODAY, TODAY, 'STANDPOINT_TODAY reaches the extension host (and so the server)');
    });

    it('lintWorkspace publishes exactly the CLI findings (file, rule, range)', async () => {
      assert.ok(fs.existsSync(path.join(root, '.standpoint.yaml')), `${root} is a copy of samples/`);
      const findings = await runCli(extension.extensionPath, root);
      const expected = cliKeys(root, findings, root);
      assert.ok(expected.length > 0, 'the CLI reports findings for the samples');
      await vscode.commands.executeCommand('standpoint.lintWorkspace');
      const equal = () => JSON.stringify(diagnosticKeys(root)) === JSON.stringify(expected);
      await whenDiagnostics('the Standpoint diagnostics to equal the CLI findings', equal, () => {
        const got = diagnosticKeys(root);
        return `missing: ${JSON.stringify(expected.filter((k) => !got.includes(k)))}; unexpected: ${JSON.stringify(got.filter((k) => !expected.includes(k)))}`;
      }).catch(() => undefined);
      assert.deepEqual(diagnosticKeys(root), expected);
    });

    it('re-checks an unsaved edit: a hedged promise gets promise-hedged', async () => {
      const doc = await openRecord(root, 'decisions/lp-2026-014-one-click-reorder.yaml');
      try {
        assert.deepEqual(ours(doc.uri).map(codeOf), [], 'the record starts clean');
        const line = lineStarting(doc, '    promise: Reorders placed by 8pm arrive');
        const at = doc.lineAt(line).text.indexOf('arrive');
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(line, at), 'ideally ');
        assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
        assert.ok(doc.isDirty, 'the edit is unsaved');
        const hedged = await whenDiagnostics('promise-hedged', () => ours(doc.uri).find((d) => codeOf(d) === 'promise-hedged'), summary(doc.uri));
        assert.equal(hedged.severity, vscode.DiagnosticSeverity.Warning);
        assert.equal(doc.getText(hedged.range), 'ideally', 'the diagnostic covers the hedging word in the unsaved buffer');
      } finally {
        await revertAndClose(doc);
      }
    });

    it('quick fix "Add `owner` to fill in" inserts a placeholder owner that does not satisfy the rule', async () => {
      const file = path.join(root, 'decisions', 'quickfix.yaml');
      fs.writeFileSync(
        file,
        [
          'decision: launch-plan',
          'id: LP-2026-099',
          'title: Quick-fix check',
          'status: draft',
          'date: 2026-11-01',
          'owner: Dana Reyes',
          'customer_impact: none',
          'promises:',
          '  - id: P-99',
          '    promise: Reorders placed by 8pm arrive the next day',
          '    measure: percentage of customers whose reorder arrived the next day',
          '    target: ">= 95%"',
          '    review: 2027-02-01',
          '',
        ].join('\n'),
      );
      const doc = await openRecord(root, 'decisions/quickfix.yaml');
      try {
        const missing = await whenDiagnostics('promise-owner-required', () => ours(doc.uri).find((d) => codeOf(d) === 'promise-owner-required'), summary(doc.uri));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, missing.range);
        const titles = (actions ?? []).map((a) => a.title);
        const fix = (actions ?? []).find((a) => a.title === 'Add `owner` to fill in');
        assert.ok(fix, `an "Add \`owner\` to fill in" quick fix is offered; got ${JSON.stringify(titles)}`);
        assert.ok(
          titles.some((t) => t.startsWith('Waive promise-owner-required here')),
          `a waiver is offered too; got ${JSON.stringify(titles)}`,
        );
        assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.ok(fix.edit, 'the fix carries a workspace edit');
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
        // The skeleton asks for the owner; it never copies the record's owner in.
        assert.match(
          doc.getText(),
          / {2}- id: P-99\n {4}owner: Name of the one accountable person\n/,
          'placeholder owner inserted into the promise, indented like its siblings',
        );
        await whenDiagnostics(
          'placeholder-text on the inserted owner, promise-owner-required still there',
          () => ours(doc.uri).some((d) => codeOf(d) === 'placeholder-text') && ours(doc.uri).some((d) => codeOf(d) === 'promise-owner-required'),
          summary(doc.uri),
        );
      } finally {
        await revertAndClose(doc);
      }
    });

    it('hover on a diagnostic shows the rule id and its rationale', async () => {
      const doc = await openRecord(root, 'decisions/ca-2026-019-black-friday-early-access.yaml');
      try {
        const rule = 'campaign-excludes-open-issues';
        const diagnostic = await whenDiagnostics(rule, () => ours(doc.uri).find((d) => codeOf(d) === rule), summary(doc.uri));
        const inside = diagnostic.range.start.translate(0, 1);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, inside);
        const text = hoverText(hovers ?? []);
        const ruleFile = parseYaml(fs.readFileSync(path.join(extension.extensionPath, 'rules', rule, 'rule.yaml'), 'utf8')) as { docs: { rationale: string } };
        assert.ok(text.includes(rule), `hover names ${rule}: ${text.slice(0, 300)}`);
        assert.ok(squash(text).includes(squash(ruleFile.docs.rationale)), `hover contains the rule's rationale: ${text.slice(0, 600)}`);
      } finally {
        await revertAndClose(doc);
      }
    });

    it('completion offers record fields at top level and people after `owner: `', async () => {
      const people = (parseYaml(fs.readFileSync(path.join(root, 'people.yaml'), 'utf8')) as { people: { id: string; name?: string }[] }).people;
      const doc = await openRecord(root, 'decisions/bc-2026-011-delivery-status-messages.yaml');
      try {
        const statusLine = lineStarting(doc, 'status: ');
        const blank = new vscode.WorkspaceEdit();
        blank.insert(doc.uri, new vscode.Position(statusLine + 1, 0), '\n');
        assert.ok(await vscode.workspace.applyEdit(blank));
        const top = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(statusLine + 1, 0));
        const topLabels = top.items.map(labelOf);
        assert.ok(topLabels.includes('customer_impact'), `customer_impact offered at top level; got ${JSON.stringify(topLabels.slice(0, 40))}`);

        const ownerLine = lineStarting(doc, 'owner: ');
        const clear = new vscode.WorkspaceEdit();
        clear.replace(doc.uri, new vscode.Range(ownerLine, 'owner: '.length, ownerLine, doc.lineAt(ownerLine).text.length), '');
        assert.ok(await vscode.workspace.applyEdit(clear));
        assert.equal(doc.lineAt(ownerLine).text, 'owner: ');
        const after = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(ownerLine, 'owner: '.length),
        );
        const afterLabels = after.items.map(labelOf);
        const names = people.map((p) => p.name ?? p.id);
        assert.ok(
          afterLabels.some((l) => names.includes(l)),
          `a person from people.yaml offered after "owner: "; got ${JSON.stringify(afterLabels.slice(0, 40))}`,
        );
        assert.ok(afterLabels.includes('Lee Wong'), "the record's own owner is among them");
      } finally {
        await revertAndClose(doc);
      }
    });

    it('restartServer starts a new server, and lintWorkspace works again', async () => {
      // The language client registers `standpoint.lintWorkspace` from the server's capabilities;
      // after a restart it must be registered again, exactly once.
      await vscode.commands.executeCommand('standpoint.restartServer');
      const findings = await runCli(extension.extensionPath, root); // the workspace now also holds quickfix.yaml
      const expected = cliKeys(root, findings, root);
      await vscode.commands.executeCommand('standpoint.lintWorkspace');
      await whenDiagnostics(
        'the diagnostics after a restart to equal the CLI findings',
        () => JSON.stringify(diagnosticKeys(root)) === JSON.stringify(expected),
        () => JSON.stringify(diagnosticKeys(root)),
      ).catch(() => undefined);
      assert.deepEqual(diagnosticKeys(root), expected);
    });
  });
}
