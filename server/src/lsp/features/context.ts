import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../workspace.js';

/** An open document a feature answers for. */
export interface FeatureContext {
  file: string;
  document: TextDocument;
  workspace: Workspace;
}
