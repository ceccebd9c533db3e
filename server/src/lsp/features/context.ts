import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../workspace.js';

/** An open document a feature answers for. */
export interface FeatureContext {
  file: string;
  document: TextDocument;
  workspace: Workspace;
  /** The client applies snippet edits (LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`): placeholders become tab stops. */
  snippets: boolean;
  /** The client runs the extension's own commands (rule documentation preview, reveal). */
  clientCommands: boolean;
}
