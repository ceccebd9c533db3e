import * as vscode from 'vscode';
import { EDITOR_COMMANDS, type StatusParams } from '../../server/src/protocol.js';

const USING_TEXT: Record<StatusParams['using'], string> = {
  workspace: 'the workspace settings',
  'last-good': 'last good settings',
  'built-in': 'built-in rules',
};

/**
 * The status item: Standpoint's own state — checking, ok, how many records have errors,
 * a broken configuration (with the file one click away), or off. The editor's problem
 * counts are VS Code's own status item; this one does not repeat them.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('standpoint.status', vscode.StatusBarAlignment.Left, 10);
  private last: StatusParams | undefined;
  /** The broken files a notification was shown for: once per breakage, not once per keystroke. */
  private notified = '';

  constructor() {
    this.item.name = 'Standpoint';
    this.item.text = '$(sync~spin) Standpoint: starting';
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get state(): StatusParams | undefined {
    return this.last;
  }

  update(s: StatusParams): void {
    this.last = s;
    const item = this.item;
    item.backgroundColor = undefined;
    item.command = 'workbench.actions.view.problems';
    if (s.state === 'config-error') {
      const using = USING_TEXT[s.using];
      item.text = `$(error) Standpoint: config error — using ${using}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      item.command = EDITOR_COMMANDS.showConfigProblem;
      item.tooltip = `${s.problems.map((p) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(p.uri))}:${p.line}: ${p.message}`).join('\n')}\n\nChecking goes on with the ${using}. Click to open the problem.`;
      this.notify(s, using);
      return;
    }
    this.notified = '';
    if (s.state === 'off') {
      item.text = '$(circle-slash) Standpoint: off';
      item.tooltip = 'Checking is turned off (standpoint.enable).';
    } else if (s.state === 'checking') {
      item.text = `$(sync~spin) Standpoint: checking ${s.records} of ${s.total} records`;
      item.tooltip = 'Standpoint is checking the decision records of the workspace.';
    } else if (s.recordsWithErrors > 0) {
      item.text = `$(checklist) Standpoint: ${s.recordsWithErrors} of ${s.records} records with errors`;
      item.tooltip = 'Decision records with at least one error finding. Click to see the problems.';
    } else {
      item.text = '$(pass) Standpoint';
      item.tooltip = `${s.records} decision records checked: none has an error.`;
    }
  }

  /** The first problem of a broken configuration, opened at its place. */
  async showProblem(): Promise<void> {
    const problem = this.last?.problems[0];
    if (!problem) return void vscode.commands.executeCommand('workbench.actions.view.problems');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(problem.uri));
    const at = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
  }

  private notify(s: StatusParams, using: string): void {
    const key = [...new Set(s.problems.map((p) => p.uri))].sort().join('\n');
    if (key === this.notified) return;
    this.notified = key;
    const first = s.problems[0];
    const where = first ? `${vscode.workspace.asRelativePath(vscode.Uri.parse(first.uri))}:${first.line}` : 'the configuration';
    void vscode.window
      .showErrorMessage(`Standpoint: ${where} has an error (${first?.message ?? 'see Problems'}). Checking goes on with the ${using}.`, 'Open')
      .then((choice) => (choice === 'Open' ? this.showProblem() : undefined));
  }

  dispose(): void {
    this.item.dispose();
  }
}
